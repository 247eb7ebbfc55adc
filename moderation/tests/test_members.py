"""Suspensions, removing a spammer's content, and spam control."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from books.tests.factories import make_book
from discussions import services as discussions
from discussions.models import Post, Thread
from moderation import services
from moderation.models import AuditEntry, Case
from reviews import services as reviews
from reviews.models import Review, ReviewComment

pytestmark = pytest.mark.django_db
PASSWORD = "a long passphrase"


@pytest.fixture
def moderator(make_member):
    moderator = make_member("mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return moderator


def log_in(client, username):
    return client.post(reverse("account_login"), {"login": username, "password": PASSWORD}, follow=True)


def test_done_when_report_hide_audit_suspend_refuse(client, make_member, moderator):
    """The issue's whole story: report a post, hide it from the admin, suspend its author."""
    book = make_book("Dune", slug="dune")
    ada, spammer = make_member("ada"), make_member("spammer")
    thread, _ = discussions.thread_create(book=book, starter=ada, title="Spice", body="Thoughts?")
    spam = discussions.reply_create(thread=thread, author=spammer, body="Cheap pills here")

    client.force_login(ada)
    client.post(reverse("moderation:report", args=["post", spam.pk]), {"reason": "spam", "note": "bot"})
    client.force_login(moderator)
    changelist = reverse("admin:moderation_case_changelist")
    case = Case.objects.get()
    client.post(changelist, {"action": "hide", "_selected_action": [case.pk], "apply": "1", "reason": "Spam"})
    # Readers see a stub (the moderator sees the text behind it, to restore it if need be).
    assert "Cheap pills" not in Client().get(thread.get_absolute_url() + "?page=1").content.decode()
    assert "0 replies" in client.get("/books/dune/discussions/").content.decode()
    assert (
        "Cheap pills"
        not in client.get(reverse("discussions:thread_feed", args=[thread.pk, thread.slug])).content.decode()
    )
    assert AuditEntry.objects.filter(action="hid", moderator=moderator, object_id=spam.pk).exists()

    form = client.post(changelist, {"action": "suspend_authors", "_selected_action": [case.pk]})
    assert form.status_code == 200 and "Suspend 1 member" in form.content.decode()
    client.post(
        changelist,
        {
            "action": "suspend_authors",
            "_selected_action": [case.pk],
            "apply": "1",
            "reason": "Selling pills",
            "length": "days",
            "days": "7",
        },
    )
    spammer.refresh_from_db()
    assert spammer.is_suspended and spammer.suspension_reason == "Selling pills"
    assert AuditEntry.objects.filter(action="suspended", object_id=spammer.pk).exists()

    client.logout()
    page = log_in(client, "spammer").content.decode()
    assert "_auth_user_id" not in client.session
    assert "Your account is suspended until" in page and "Selling pills" in page


def test_suspended_member_cannot_post_and_content_follows_the_choice(client, make_member, moderator):
    book = make_book()
    member = make_member("member")
    review = reviews.review_save(book=book, reviewer=member, rating=2, body="Kept review", is_spoiler=False)
    services.member_suspend(member=member, moderator=moderator, reason="Rude", until=None)
    assert Review.objects.get(pk=review.pk).is_hidden is False  # kept: the moderator's choice
    client.force_login(member)
    response = client.post(reverse("reviews:write", args=[book.slug]), {"rating": "5"})
    assert response.status_code == 403
    assert "Your account is suspended for good: Rude" in response.content.decode()
    services.member_unsuspend(member=member, moderator=moderator)
    member.refresh_from_db()
    assert not member.is_suspended
    services.member_suspend(
        member=member, moderator=moderator, reason="Again", until=timezone.now() + timedelta(days=1), hide_content=True
    )
    assert Review.objects.get(pk=review.pk).is_hidden is True


def test_a_suspension_ends_by_itself(make_member, moderator):
    member = make_member("member")
    services.member_suspend(
        member=member, moderator=moderator, reason="Cool off", until=timezone.now() - timedelta(seconds=1)
    )
    assert not member.is_suspended


def test_staff_and_imported_reviewers_are_not_suspended_here(make_member, moderator, seed):
    from django.core.exceptions import ValidationError

    from accounts.models import User

    with pytest.raises(ValidationError):
        services.member_suspend(member=make_member("other-mod", is_staff=True), moderator=moderator, reason="x")
    with pytest.raises(ValidationError):
        services.member_suspend(member=User.objects.get(username="emma@goodreads"), moderator=moderator, reason="x")


def test_remove_all_of_a_spammers_content_in_one_go(client, make_member, moderator):
    book = make_book()
    spammer, ada = make_member("spammer"), make_member("ada")
    review = reviews.review_save(book=book, reviewer=spammer, rating=5, body="Spam", is_spoiler=False)
    other = reviews.review_save(book=book, reviewer=ada, rating=4, body="Real", is_spoiler=False)
    reviews.comment_create(review=other, author=spammer, body="Spam comment")
    thread, _ = discussions.thread_create(book=book, starter=ada, title="T", body="Hi")
    for _ in range(3):
        discussions.reply_create(thread=thread, author=spammer, body="Spam post")
    client.force_login(moderator)
    client.post(
        reverse("admin:accounts_user_changelist"), {"action": "remove_content", "_selected_action": [spammer.pk]}
    )
    assert Review.objects.get(pk=review.pk).is_hidden
    assert ReviewComment.objects.get().is_hidden
    assert Post.objects.filter(author=spammer, is_hidden=False).count() == 0
    thread = Thread.objects.get(pk=thread.pk)
    assert (thread.hidden_post_count, thread.reply_count) == (3, 0)
    entry = AuditEntry.objects.get(action="removed all content")
    assert "1 reviews, 1 comments, 3 posts" in entry.reason


def test_posting_rate_limit_keeps_the_text(client, make_member, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post": 2}
    member = make_member("fast")
    review = reviews.review_save(book=make_book(), reviewer=make_member("author"), rating=4, body="R", is_spoiler=False)
    client.force_login(member)
    url = reverse("reviews:comment", args=[review.pk])
    assert client.post(url, {"body": "one"}).status_code == 302
    assert client.post(url, {"body": "two"}).status_code == 302
    response = client.post(url, {"body": "three, typed and kept"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "You are going too fast: at most 2 posts or edits a minute." in html and "three, typed and kept" in html
    assert ReviewComment.objects.count() == 2


def test_sign_up_honeypot(client):
    data = {"username": "robot", "email": "robot@example.com", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(reverse("account_signup"), {**data, "website": "http://spam.example"})
    assert response.status_code == 200 and "Sign-up refused." in response.content.decode()
    from accounts.models import User

    assert not User.objects.filter(username="robot").exists()
    # A robot that leaves the field out is refused too; a person's browser sends it empty.
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200 and "Sign-up refused." in response.content.decode()
    assert not User.objects.filter(username="robot").exists()
    assert client.post(reverse("account_signup"), {**data, "website": ""}).status_code == 302


def test_links_in_member_text_are_nofollow_ugc(client, make_member):
    book = make_book(slug="dune")
    thread, _ = discussions.thread_create(
        book=book, starter=make_member("new"), title="T", body="See [my site](https://example.com)"
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    assert '<a href="https://example.com" rel="nofollow ugc noopener noreferrer">my site</a>' in html
