"""A member's own marks on pages (their shelf, their review, what they liked, what they have read)
come from their rows in the cache, and follow every write of theirs at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import cache as accounts_cache
from books.tests.factories import make_book
from discussions import services as discussions
from reviews import services as reviews
from shelves.models import ShelfEntry

pytestmark = pytest.mark.django_db


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


def test_a_page_from_the_cache_asks_the_database_for_none_of_the_members_rows(scene):
    client, url = scene["client"], scene["book"].get_absolute_url()
    client.post(reverse("shelves:shelve", args=[scene["book"].slug]), {"shelf": "read"})
    warm(client, url)
    with CaptureQueriesContext(connection) as queries:
        page(client, url)
    assert [query["sql"] for query in queries if "django_session" not in query["sql"]] == []


def test_past_the_limit_only_the_rows_a_page_shows_are_read(scene, monkeypatch, make_member):
    monkeypatch.setattr(accounts_cache, "MEMBER_ROWS", 1)
    reader, book = scene["reader"], scene["book"]
    ShelfEntry.objects.create(user=reader, book=make_book("Another", slug="another"), shelf="read")
    ShelfEntry.objects.create(user=reader, book=book, shelf="currently_reading")
    rows = ShelfEntry.objects.filter(user=reader).values_list("book_id", "shelf")
    assert accounts_cache.member_rows(reader, "shelves", rows, book_id__in=[book.pk]) == {book.pk: "currently_reading"}
    html = warm(scene["client"], book.get_absolute_url())
    assert 'value="currently_reading" aria-pressed="true"' in html


def test_without_a_shared_cache_only_the_rows_a_page_shows_are_read(scene, settings):
    settings.PAGE_CACHE_SECONDS = 0
    reader = scene["reader"]
    other = make_book("Another", slug="another")
    ShelfEntry.objects.create(user=reader, book=other, shelf="read")
    rows = ShelfEntry.objects.filter(user=reader).values_list("book_id", "shelf")
    assert accounts_cache.member_rows(reader, "shelves", rows, book_id__in=[scene["book"].pk]) == {}
    assert accounts_cache.member_rows(reader, "shelves", rows, book_id__in=[other.pk]) == {other.pk: "read"}
