"""A member's own marks on pages (their shelf, their review, what they liked, what they have read)
come from their rows in the cache, and follow every write of theirs at once."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from books.tests.factories import make_book
from discussions import services as discussions
from pagecache import mine
from reviews import services as reviews
from shelves.models import ShelfEntry

pytestmark = pytest.mark.django_db

SESSION_KEYS = "django.contrib.sessions.cache"  # the cached_db session backend's keys


@pytest.fixture
def scene(make_member):
    book = make_book("The Far Shore", slug="the-far-shore")
    ada, reader = make_member("ada"), make_member("reader")
    review = reviews.review_save(book=book, reviewer=ada, rating=4, body="Calm and deep.", is_spoiler=False)
    thread, _ = discussions.thread_create(book=book, starter=ada, title="The dragons", body="Who are they?")
    client = Client()
    client.force_login(reader)
    return {"book": book, "reader": reader, "review": review, "thread": thread, "client": client}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def warm(client, url):
    """Two views: the page and the member's rows are in the cache now."""
    page(client, url)
    return page(client, url)


def test_the_shelf_buttons_follow_shelving(scene):
    client, url = scene["client"], scene["book"].get_absolute_url()
    assert 'value="read" aria-pressed="false"' in warm(client, url)
    client.post(reverse("shelves:shelve", args=[scene["book"].slug]), {"shelf": "read"})
    assert 'value="read" aria-pressed="true"' in page(client, url)
    client.post(reverse("shelves:shelve", args=[scene["book"].slug]), {"shelf": "none"})
    html = page(client, url)
    assert 'value="read" aria-pressed="false"' in html and "Remove from my shelves" not in html


def test_your_review_follows_rating_and_deleting(scene):
    client, book = scene["client"], scene["book"]
    url = book.get_absolute_url()
    assert "You rated it" not in warm(client, url)
    client.post(reverse("reviews:write", args=[book.slug]), {"rating": "5", "body": ""})
    assert "You rated it" in page(client, url)
    mine = scene["reader"].reviews.get()
    client.post(reverse("reviews:delete", args=[mine.pk]))
    assert "You rated it" not in page(client, url)


def test_the_like_button_follows_liking_and_unliking(scene):
    client, review = scene["client"], scene["review"]
    url = scene["book"].get_absolute_url()
    assert 'aria-pressed="false">Like<' in warm(client, url)
    client.post(reverse("reviews:like", args=[review.pk]))
    assert 'aria-pressed="true">Liked<' in page(client, url)
    client.post(reverse("reviews:like", args=[review.pk]))
    assert 'aria-pressed="false">Like<' in page(client, url)


def test_unread_marks_follow_reading_on_the_book_page_and_the_board(scene):
    client, book, thread = scene["client"], scene["book"], scene["thread"]
    board = reverse("discussions:board", args=[book.slug])
    assert "1 new" in warm(client, book.get_absolute_url()) and "1 new" in warm(client, board)
    page(client, thread.get_absolute_url())  # reads the one post
    assert "1 new" not in page(client, book.get_absolute_url()) and "1 new" not in page(client, board)
    discussions.reply_create(thread=thread, author=scene["review"].reviewer, body="Dragons, surely.")
    assert "1 new" in page(client, board)
    page(client, f"{thread.get_absolute_url()}?page=1")  # reads the reply: her visit is updated, not made
    assert "1 new" not in page(client, board)


def test_the_follow_button_follows_following_and_unfollowing(scene):
    client, ada = scene["client"], scene["review"].reviewer
    url, follow = ada.get_absolute_url(), reverse("accounts:follow", args=[ada.username])
    assert '<button type="submit">Follow' in warm(client, url)
    client.post(follow, {"action": "follow"})
    assert '<button type="submit">Unfollow' in page(client, url)
    client.post(follow, {"action": "unfollow"})
    assert '<button type="submit">Follow' in page(client, url)


def test_a_member_opening_a_thread_lands_on_the_first_post_they_have_not_read(scene):
    client, thread = scene["client"], scene["thread"]
    page(client, thread.get_absolute_url())  # reads post 1; the thread's row is cached
    page(client, f"{thread.get_absolute_url()}?page=1")
    discussions.reply_create(thread=thread, author=scene["review"].reviewer, body="Dragons, surely.")
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 302 and response["Location"].endswith("?page=1#post-2")


def test_a_page_from_the_cache_asks_the_database_for_none_of_the_members_rows(scene):
    client, url = scene["client"], scene["book"].get_absolute_url()
    client.post(reverse("shelves:shelve", args=[scene["book"].slug]), {"shelf": "read"})
    warm(client, url)
    with CaptureQueriesContext(connection) as queries:
        page(client, url)
    assert [query["sql"] for query in queries if "django_session" not in query["sql"]] == []


def test_a_members_page_from_the_cache_asks_the_cache_twice(scene, monkeypatch):
    """The member with all their rows, then the page: two round trips whatever the page shows (and
    a third for the session where Redis keeps it, left out here)."""
    client, url = scene["client"], scene["book"].get_absolute_url()
    client.post(reverse("shelves:shelve", args=[scene["book"].slug]), {"shelf": "read"})
    warm(client, url)
    backend, asked = caches["default"], []
    for method in ("get", "get_many", "has_key"):
        monkeypatch.setattr(backend, method, record(asked, method, getattr(backend, method)))
    assert 'value="read" aria-pressed="true"' in page(client, url)
    asked = [(method, keys) for method, keys in asked if not keys[0].startswith(SESSION_KEYS)]
    assert [method for method, _ in asked] == ["get_many", "get_many"]
    page_keys, member_keys = asked[0][1], asked[1][1]
    assert any(key.startswith("pagecache:page:") for key in page_keys)
    assert {key.rsplit(":", 1)[0] for key in member_keys if key.startswith(("accounts:", "pagecache:rows"))} == {
        "accounts:user",
        *(f"pagecache:rows:{kind}" for kind in mine.KINDS),
    }


def record(asked, method, call, depth=[0]):  # noqa: B006 (shared on purpose: calls inside calls)
    """call, noting each call from outside the cache (local memory's get_many calls get for each key)."""

    def recorded(keys, *args, **kwargs):
        if not depth[0]:
            asked.append((method, list(keys) if method == "get_many" else [keys]))
        depth[0] += 1
        try:
            return call(keys, *args, **kwargs)
        finally:
            depth[0] -= 1

    return recorded


def shelves_of(member, book_ids):
    """The member's shelves of these books, as the shelf buttons' hole asks for them."""
    request = RequestFactory().get("/")
    request.user = member
    with CaptureQueriesContext(connection) as queries:
        shelves = mine.of(request).rows("shelves", book_ids)
    return shelves, [query["sql"] for query in queries]


def test_past_the_limit_only_the_rows_a_page_shows_are_read(scene, monkeypatch):
    monkeypatch.setattr(mine, "MEMBER_ROWS", 1)
    reader, book = scene["reader"], scene["book"]
    ShelfEntry.objects.create(user=reader, book=make_book("Another", slug="another"), shelf="read")
    ShelfEntry.objects.create(user=reader, book=book, shelf="currently_reading")
    shelves, queries = shelves_of(reader, [book.pk])  # finds too many to keep, then asks for the one
    assert shelves == {str(book.pk): "currently_reading"}
    assert len(queries) == 2 and '"book_id" IN' in queries[1]
    shelves, queries = shelves_of(reader, [book.pk])  # the cache remembers there are too many
    assert shelves == {str(book.pk): "currently_reading"}
    assert len(queries) == 1 and '"book_id" IN' in queries[0]
    html = warm(scene["client"], book.get_absolute_url())
    assert 'value="currently_reading" aria-pressed="true"' in html


def test_under_the_limit_every_row_is_kept_and_the_next_page_asks_nothing(scene):
    reader, book = scene["reader"], scene["book"]
    other = make_book("Another", slug="another")
    ShelfEntry.objects.create(user=reader, book=other, shelf="read")
    shelves, queries = shelves_of(reader, [book.pk, other.pk])
    assert shelves == {str(other.pk): "read"}
    assert len(queries) == 1 and '"book_id" IN' not in queries[0]  # every row of hers, kept whole
    assert shelves_of(reader, [other.pk]) == ({str(other.pk): "read"}, [])


def test_without_a_shared_cache_only_the_rows_a_page_shows_are_read(scene, settings):
    settings.PAGE_CACHE_SECONDS = 0
    reader = scene["reader"]
    other = make_book("Another", slug="another")
    ShelfEntry.objects.create(user=reader, book=other, shelf="read")
    assert shelves_of(reader, [scene["book"].pk])[0] == {}
    assert shelves_of(reader, [other.pk])[0] == {str(other.pk): "read"}
