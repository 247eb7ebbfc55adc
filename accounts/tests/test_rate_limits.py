"""How fast a member may post, edit, like and follow: a sliding minute, shared by every process."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import permissions
from books.tests.factories import make_book
from discussions import services as discussions
from reviews import services as reviews
from reviews.models import ReviewComment

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """The limiter's clock, set by the test (seconds since the epoch)."""
    now = {"t": 1_000_000 * 60 + 57.0}  # three seconds before a minute ends
    monkeypatch.setattr(permissions, "_now", lambda: now["t"])
    return now


@pytest.fixture
def member(make_member):
    return make_member("fast")


def test_posts_across_a_minutes_boundary_are_still_counted_together(clock, member, settings):
    """A fixed minute let 12 posts through in 3 s (6 before the boundary, 6 after); a sliding one does not."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post": 6}
    allowed = 0
    for step in range(12):
        clock["t"] += 0.5 if step else 0
        if permissions.too_fast(member, "post") is None:
            allowed += 1
    assert allowed == 6
    clock["t"] += 61  # a quiet minute later: as many again
    assert permissions.too_fast(member, "post") is None


def test_each_kind_has_its_own_limit(clock, member, settings):
    settings.RATE_LIMITS = {"post": 1, "like": 2, "follow": 0}
    assert permissions.too_fast(member, "post") is None
    assert "at most 1 posts or edits a minute" in permissions.too_fast(member, "post")
    assert permissions.too_fast(member, "like") is None and permissions.too_fast(member, "like") is None
    assert "at most 2 likes a minute" in permissions.too_fast(member, "like")
    assert all(permissions.too_fast(member, "follow") is None for _ in range(50))  # 0: no limit


def test_edits_likes_and_follows_are_limited_too(member, make_member, settings):
    settings.RATE_LIMITS = {"post": 1, "like": 1, "follow": 1}
    book, ada = make_book(), make_member("ada")
    _, post = discussions.thread_create(book=book, starter=member, title="Mine", body="First")
    review = reviews.review_save(book=book, reviewer=ada, rating=4, body="Good.", is_spoiler=False)
    client = Client()
    client.force_login(member)
    edit = reverse("discussions:post_edit", args=[post.pk])
    assert client.post(edit, {"body": "Edited once"}).status_code == 302
    response = client.post(edit, {"body": "Edited twice, kept"})
    assert response.status_code == 400 and "Edited twice, kept" in response.content.decode()
    like = reverse("reviews:like", args=[review.pk])
    client.post(like), client.post(like)  # like, then a second toggle refused
    assert review.likes.count() == 1
    follow = reverse("accounts:follow", args=["ada"])
    client.post(follow), client.post(follow, {"action": "unfollow"})
    assert ada.follower_links.count() == 1
    assert "going too fast" in client.get(ada.get_absolute_url()).content.decode()


def test_nobody_is_refused_for_a_cache_that_does_not_answer(member, monkeypatch, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post": 1}

    def unreachable(*args, **kwargs):
        raise ValueError("the cache is unreachable")

    monkeypatch.setattr(permissions.cache, "incr", unreachable)
    assert all(permissions.too_fast(member, "post") is None for _ in range(3))


def test_comments_over_the_limit_keep_their_text(member, make_member, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post": 2}
    review = reviews.review_save(book=make_book(), reviewer=make_member("ada"), rating=4, body="R", is_spoiler=False)
    client = Client()
    client.force_login(member)
    url = reverse("reviews:comment", args=[review.pk])
    assert client.post(url, {"body": "one"}).status_code == 302
    assert client.post(url, {"body": "two"}).status_code == 302
    response = client.post(url, {"body": "three, typed and kept"})
    assert response.status_code == 400 and "three, typed and kept" in response.content.decode()
    assert ReviewComment.objects.count() == 2
