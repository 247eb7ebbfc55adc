"""A moderator's day: the queue, the member list, the suspend form, and acting where they read."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from books.tests.factories import make_book
from discussions import services as discussions
from moderation.models import AuditEntry, Case
from moderation.services import report_create
from reviews import services as reviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(make_member):
    moderator = make_member("mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return moderator


@pytest.fixture
def desk(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def reported(make_member):
    book = make_book("Dune", slug="dune")
    review = reviews.review_save(
        book=book,
        reviewer=make_member("spammer"),
        rating=1,
        body="**Buy** [pills](https://pills.example)",
        is_spoiler=False,
    )
    report_create(item=review, reporter=make_member("eve"), reason="spam", note="A bot, surely")
    return review


def test_the_queue_opens_on_open_items_each_a_link_to_its_case_and_to_the_site(desk, reported):
    response = desk.get(reverse("admin:moderation_case_changelist"), follow=True)
    html = response.content.decode()
    case = Case.objects.get()
    row = html.split('id="result_list"')[1]
    assert response.redirect_chain[-1][0].endswith("?status__exact=open")
    assert not re.search(r"<a [^>]*>[^<]*<a ", row)  # no link in a link
    assert f'href="{reverse("admin:moderation_case_change", args=[case.pk])}' in row
    assert ">Buy pills</a>" in row  # as readers read it, not the Markdown typed
    assert f'href="/books/dune/#review-{reported.pk}">View it on the site</a>' in row
    page = desk.get(reverse("admin:moderation_case_change", args=[case.pk])).content.decode()
    assert "A bot, surely" in page and "<strong>Buy</strong>" in page


def test_a_queue_action_asks_why_and_writes_one_entry(desk, reported, moderator):
    case = Case.objects.get()
    data = {"action": "hide", "_selected_action": [case.pk]}
    asked = desk.post(reverse("admin:moderation_case_changelist"), data).content.decode()
    assert "Hide the reported items" in asked and "Cancel" in asked
    desk.post(reverse("admin:moderation_case_changelist"), {**data, "apply": "1", "reason": "Pills again"})
    entries = list(AuditEntry.objects.values_list("action", "reason", "moderator"))
    assert entries == [("hid", "Pills again", moderator.pk)]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reason": "", "length": "good"}, "Say why: the member is shown the reason"),
        ({"reason": "Spam", "length": "days", "days": ""}, "Say for how many days, or choose"),
        ({"reason": "Spam"}, "Choose how long: a number of days, or for good."),
    ],
)
def test_the_suspend_form_says_what_is_missing(desk, reported, fields, message):
    data = {"action": "suspend_selected", "_selected_action": [reported.reviewer.pk], "apply": "1", **fields}
    response = desk.post(reverse("admin:accounts_user_changelist"), data)
    html = response.content.decode()
    assert response.status_code == 200 and message in html and "Cancel" in html
    reported.reviewer.refresh_from_db()
    assert not reported.reviewer.is_suspended


def test_the_member_list_shows_members_first_with_who_is_suspended(desk, reported, seed):
    html = desk.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "spammer" in html and "emma@goodreads" not in html  # members, unless asked for the imported
    assert "column-suspended" in html
    assert (
        "emma@goodreads" in desk.get(reverse("admin:accounts_user_changelist"), {"kind": "imported"}).content.decode()
    )
    discussions.thread_create(book=reported.book, starter=reported.reviewer, title="Hello", body="Spam")
    posts = desk.get(reverse("admin:discussions_post_changelist")).content.decode()
    assert "column-is_hidden" in posts
    index = desk.get(reverse("admin:index")).content.decode()
    assert "Bookclub moderation desk" in index and "Django administration" not in index
    assert reported.get_rating_display() == "1 star"


def test_staff_hide_and_restore_where_they_read_and_see_the_text_behind_the_stub(desk, make_member, moderator):
    book = make_book("Dune", slug="dune")
    thread, _ = discussions.thread_create(book=book, starter=make_member("ada"), title="Spice", body="Thoughts?")
    spam = discussions.reply_create(thread=thread, author=make_member("spammer"), body="CHEAP PILLS")
    page = thread.get_absolute_url() + "?page=1"
    html = desk.get(page).content.decode()
    hide = reverse("moderation:visibility", args=["post", spam.pk])
    assert f'action="{hide}"' in html
    assert f'action="{hide}"' not in Client().get(page).content.decode()  # nobody else gets the button
    member = Client()
    member.force_login(make_member("bea"))
    assert member.post(hide, {"action": "hide"}).status_code == 403
    desk.post(hide, {"action": "hide", "next": page})
    assert "CHEAP PILLS" not in member.get(page).content.decode()
    staff_view = desk.get(page).content.decode()
    assert "CHEAP PILLS" in staff_view and "You see this as a moderator" in staff_view
    desk.post(hide, {"action": "restore", "next": page})
    assert "CHEAP PILLS" in member.get(page).content.decode()
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == ["hid", "restored"]


def test_staff_move_a_thread_by_choosing_the_book_by_title(desk, make_member, moderator):
    dune, messiah = make_book("Dune", slug="dune"), make_book("Dune Messiah", slug="dune-messiah")
    thread, _ = discussions.thread_create(book=dune, starter=make_member("ada"), title="Paul", body="Later on?")
    found = desk.get(reverse("moderation:thread_move", args=[thread.pk]), {"q": "Messiah"}).content.decode()
    assert f'value="{messiah.pk}"' in found and "Dune Messiah" in found
    desk.post(reverse("moderation:thread", args=[thread.pk]), {"action": "move", "book": str(messiah.pk)})
    thread.refresh_from_db()
    assert thread.book == messiah
    assert AuditEntry.objects.get().action.startswith("moved thread from Dune")
