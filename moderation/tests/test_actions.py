"""Moderators acting from the admin queue: hide, restore, mark as spoiler, lock; every public trace follows."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from books.models import Book
from books.tests.factories import make_book
from discussions import services as discussions
from moderation import services
from moderation.models import AuditEntry, Case
from reviews import services as reviews
from reviews.models import RatingHistogram

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(make_member):
    moderator = make_member("mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    assert not moderator.is_superuser
    return moderator


@pytest.fixture
def book():
    book = make_book("Dune", slug="dune")
    RatingHistogram.objects.create(book=book, stars_4=3)
    return book


def act(client, action, *cases, reason=""):
    """An action from the queue: the page asking why, then the action itself."""
    data = {"action": action, "_selected_action": [case.pk for case in cases]}
    asked = client.post(reverse("admin:moderation_case_changelist"), data)
    assert asked.status_code == 200 and 'name="reason"' in asked.content.decode()
    return client.post(reverse("admin:moderation_case_changelist"), {**data, "apply": "1", "reason": reason})


def test_reported_post_hidden_from_the_admin_vanishes_everywhere(client, book, make_member, moderator):
    ada, spammer, reporter = make_member("ada"), make_member("spammer"), make_member("reporter")
    thread, _ = discussions.thread_create(book=book, starter=ada, title="Spice", body="Thoughts?")
    spam = discussions.reply_create(thread=thread, author=spammer, body="BUY PILLS at pills.example")
    discussions.reply_create(thread=thread, author=ada, body="Anyway.")

    client.force_login(reporter)
    client.post(reverse("moderation:report", args=["post", spam.pk]), {"reason": "spam"})
    board = client.get("/books/dune/discussions/").content.decode()
    assert "2 replies" in board

    client.force_login(moderator)
    assert act(client, "hide", Case.objects.get()).status_code == 302

    client.force_login(reporter)
    page = client.get(thread.get_absolute_url() + "?page=1").content.decode()
    assert "BUY PILLS" not in page and "Post hidden by moderators." in page and 'id="post-3"' in page
    assert "1 reply" in client.get("/books/dune/discussions/").content.decode()
    assert (
        "BUY PILLS"
        not in client.get(reverse("discussions:thread_feed", args=[thread.pk, thread.slug])).content.decode()
    )
    client.force_login(spammer)
    own = client.get(thread.get_absolute_url() + "?page=1").content.decode()
    assert "Moderators hid this post: only you can see it." in own and "BUY PILLS" in own

    entry = AuditEntry.objects.get(action="hid")
    assert (entry.moderator, entry.object_id) == (moderator, spam.pk)
    assert Case.objects.get().status == "resolved"

    client.force_login(moderator)
    act(client, "restore", Case.objects.get())
    client.force_login(reporter)
    assert "BUY PILLS" in client.get(thread.get_absolute_url() + "?page=1").content.decode()
    assert "2 replies" in client.get("/books/dune/discussions/").content.decode()
    # One entry an action, not two.
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == ["hid", "restored"]


def test_hidden_review_leaves_the_average_the_list_and_its_author_is_told(client, book, make_member, moderator):
    author = make_member("author")
    review = reviews.review_save(book=book, reviewer=author, rating=1, body="Awful spam review", is_spoiler=False)
    stats = Book.objects.get(pk=book.pk)
    assert (stats.rating_count, stats.ratings_1) == (4, 1)
    client.force_login(make_member("reporter"))
    client.post(reverse("moderation:report", args=["review", review.pk]), {"reason": "spam"})
    client.force_login(moderator)
    act(client, "hide", Case.objects.get())
    stats = Book.objects.get(pk=book.pk)
    assert (stats.rating_count, stats.ratings_1, stats.rating_average) == (3, 0, 4.0)
    page = client.get("/books/dune/").content.decode()
    assert "Awful spam review" not in page and "No reviews yet." in page
    assert "Awful spam review" not in client.get(author.get_absolute_url()).content.decode()
    client.force_login(author)
    assert "Moderators hid your review" in client.get("/books/dune/").content.decode()


def test_mark_as_spoiler_and_lock_thread(client, book, make_member, moderator):
    author = make_member("author")
    review = reviews.review_save(book=book, reviewer=author, rating=4, body="He dies.", is_spoiler=False)
    thread, first = discussions.thread_create(book=book, starter=author, title="T", body="Rude")
    reporter = make_member("reporter")
    services.report_create(item=review, reporter=reporter, reason="spoiler")
    services.report_create(item=first, reporter=reporter, reason="abuse")
    client.force_login(moderator)
    review_case, post_case = Case.objects.get(kind="review"), Case.objects.get(kind="post")
    act(client, "mark_spoiler", review_case, post_case)  # the post is skipped: not a review
    review.refresh_from_db()
    assert review.is_spoiler
    assert Case.objects.get(pk=post_case.pk).status == "open"
    act(client, "lock_thread", post_case)
    thread.refresh_from_db()
    assert thread.is_locked
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {"marked as spoiler", "locked thread"}


def test_hidden_comment_leaves_counts_and_thread(client, book, make_member, moderator):
    review = reviews.review_save(book=book, reviewer=make_member("author"), rating=4, body="Good", is_spoiler=False)
    troll = make_member("troll")
    comment = reviews.comment_create(review=review, author=troll, body="You are an idiot")
    services.item_set_hidden(item=comment, moderator=moderator, hidden=True, reason="abuse")
    page = client.get("/books/dune/").content.decode()
    assert "0 comments" in page and "You are an idiot" not in page
    assert "You are an idiot" not in client.get(review.get_absolute_url()).content.decode()
    client.force_login(troll)
    own = client.get(review.get_absolute_url()).content.decode()
    assert "Moderators hid this comment: only you can see it." in own


def test_members_cannot_use_the_admin_queue(client, make_member):
    client.force_login(make_member("member"))
    assert client.get(reverse("admin:moderation_case_changelist")).status_code == 302


def test_hiding_the_last_post_moves_last_post_and_counts(client, book, make_member, moderator):
    ada, spammer = make_member("ada"), make_member("spammer")
    thread, _ = discussions.thread_create(book=book, starter=ada, title="Spice", body="Hi")
    spam = discussions.reply_create(thread=thread, author=spammer, body="Spam at the end")
    services.item_set_hidden(item=spam, moderator=moderator, hidden=True)
    board = client.get("/books/dune/discussions/").content.decode()
    assert "last post by ada" in board and "spammer" not in board
    assert "1 post ·" in client.get(thread.get_absolute_url() + "?page=1").content.decode()
    services.item_set_hidden(item=spam, moderator=moderator, hidden=False)
    assert "last post by spammer" in client.get("/books/dune/discussions/").content.decode()
