"""Notifications: who is told of what, the page and its count, mail by each member's choice, the
one-click unsubscribe, and privacy after leaving a club."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from clubs import services as clubs
from discussions import services as discussions
from notifications import services
from notifications.mail import read_unsubscribe_token, send_digest
from notifications.models import DigestDue, EmailPreference, Frequency, Notification

pytestmark = pytest.mark.django_db


def test_replies_and_quotes_tell_the_author_without_the_posts_words(world):
    thread, first = world.threads["public"]
    discussions.reply_create(thread=thread, author=world.organiser, body="SPOILER-WORDS", quoted=first)
    quote = Notification.objects.get(recipient=world.member)
    assert quote.kind == "quote" and "quoted your post" in quote.text and "SPOILER" not in quote.text
    discussions.reply_create(thread=thread, author=world.owner, body="More words")
    assert Notification.objects.filter(recipient=world.member, kind="reply").count() == 1
    assert not Notification.objects.filter(recipient=world.owner).exclude(kind="invitation").exists()


def test_invitations_and_join_decisions_are_told(world, make_member):
    newcomer = make_member("newcomer")
    clubs.invitation_create(club=world.clubs["private"], by=world.owner, username=newcomer.username)
    assert Notification.objects.get(recipient=newcomer).kind == "invitation"
    request = clubs.club_request(club=world.clubs["closed"], user=newcomer, message="Hello")
    clubs.request_decide(join_request=request, by=world.organiser, approve=False, answer="Full")
    declined = Notification.objects.get(recipient=newcomer, kind="join_decision")
    assert "declined" in declined.text
    assert declined in Notification.objects.seen_by(newcomer)


def test_the_page_lists_marks_read_and_the_header_counts(world, client):
    thread, first = world.threads["public"]
    discussions.reply_create(thread=thread, author=world.organiser, body="Hi", quoted=first)
    client.force_login(world.member)
    page = client.get(reverse("notifications:index")).content.decode()
    assert "quoted your post" in page and '1<span class="visually-hidden"> unread</span>' in page
    notification = Notification.objects.get(recipient=world.member)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response.url == notification.url
    assert "unread</span>" not in client.get(reverse("home")).content.decode()
    client.force_login(world.outsider)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404


def test_a_member_who_leaves_a_private_club_keeps_nothing_of_it(world):
    thread, first = world.threads["private"]
    discussions.reply_create(thread=thread, author=world.organiser, body="Hi", quoted=first)
    assert Notification.objects.seen_by(world.member).filter(club=world.clubs["private"]).exists()
    clubs.club_leave(club=world.clubs["private"], user=world.member)
    assert not Notification.objects.filter(recipient=world.member, club=world.clubs["private"]).exists()


def test_each_mail_goes_once_with_a_one_click_unsubscribe(world, client, django_capture_on_commit_callbacks):
    services.preference_set(user=world.member, club=world.clubs["public"], frequency=Frequency.EACH)
    thread, first = world.threads["public"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        discussions.reply_create(thread=thread, author=world.organiser, body="Hi", quoted=first)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.member.email] and "quoted your post" in message.subject
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert read_unsubscribe_token(token) == (world.member.pk, world.clubs["public"].pk)
    assert client.get(url).status_code == 200  # a page with a button: no change on a mere GET
    assert EmailPreference.objects.get(user=world.member, club=world.clubs["public"]).frequency == "each"
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200  # no session, no CSRF token
    assert EmailPreference.objects.get(user=world.member, club=world.clubs["public"]).frequency == "none"
    assert client.post(url[:-5] + "xxxx/").status_code == 404


def test_a_daily_digest_is_enqueued_once_and_gathers_the_day(world, django_capture_on_commit_callbacks):
    thread, first = world.threads["public"]
    with django_capture_on_commit_callbacks(execute=True):
        discussions.reply_create(thread=thread, author=world.organiser, body="One", quoted=first)
        discussions.reply_create(thread=thread, author=world.owner, body="Two", quoted=first)
    due = DigestDue.objects.get(user=world.member)
    assert due.frequency == "daily"
    assert DBTaskResult.objects.filter(task_path="notifications.tasks.send_digest").count() == 1
    mail.outbox.clear()
    assert send_digest(world.member.pk, "daily") is True
    assert send_digest(world.member.pk, "daily") is False
    assert len(mail.outbox) == 1 and mail.outbox[0].body.count("quoted your post") == 2


def test_digests_go_out_at_eight_in_the_members_zone(world):
    world.member.time_zone = "America/New_York"
    now = datetime(2027, 1, 5, 15, 0, tzinfo=UTC)  # 10:00 in New York, a Tuesday
    daily = services.next_digest_at(world.member, "daily", now)
    weekly = services.next_digest_at(world.member, "weekly", now)
    assert daily.astimezone(UTC) == datetime(2027, 1, 6, 13, 0, tzinfo=UTC)
    assert weekly.astimezone(UTC) == datetime(2027, 1, 11, 13, 0, tzinfo=UTC)
    assert weekly - daily == timedelta(days=5)


def test_the_settings_page_saves_a_choice_per_club(world, client):
    client.force_login(world.member)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert world.clubs["private"].name in page and world.clubs["closed"].name in page
    field = f"club_{world.clubs['private'].pk}"
    data = {"site": "weekly", field: "none", f"club_{world.clubs['public'].pk}": "each",
            f"club_{world.clubs['closed'].pk}": "daily"}  # fmt: skip
    assert client.post(reverse("notifications:settings"), data).status_code == 302
    chosen = dict(EmailPreference.objects.filter(user=world.member).values_list("club", "frequency"))
    assert chosen[None] == "weekly" and chosen[world.clubs["private"].pk] == "none"


@pytest.mark.parametrize("count", [10, 10_000])
def test_the_notification_page_runs_the_same_sql_at_two_sizes(world, client, count, assert_page_queries):
    Notification.objects.bulk_create(
        Notification(recipient=world.member, kind="reply", text=f"Reply {n}", url="/") for n in range(count)
    )
    client.force_login(world.member)
    with assert_page_queries(4):
        page = client.get(reverse("notifications:index") + "?page=2")
    assert page.status_code == 200 and "Reply" in page.content.decode()
