import pytest
from django.test import Client
from django.urls import reverse

from books.models import Book
from books.tests.factories import make_book
from shelves.models import ShelfEntry, readers_on_shelves
from shelves.services import shelf_set

pytestmark = pytest.mark.django_db


def shelve(client, book, shelf, **extra):
    return client.post(reverse("shelves:shelve", args=[book.slug]), {"shelf": shelf, **extra})


def test_one_shelf_per_book_and_counts(make_member):
    member, book = make_member(), make_book()
    shelf_set(user=member, book=book, shelf="want_to_read")
    shelf_set(user=member, book=book, shelf="read")
    assert list(ShelfEntry.objects.values_list("shelf", flat=True)) == ["read"]
    assert ShelfEntry.objects.shelf_counts(member) == {"want_to_read": 0, "currently_reading": 0, "read": 1}
    shelf_set(user=member, book=book, shelf=None)
    assert not ShelfEntry.objects.exists()
    with pytest.raises(ValueError):
        shelf_set(user=member, book=book, shelf="favourites")


def test_book_page_counts_are_the_sources_plus_members(client, seed, make_member):
    book = Book.objects.get(slug="the-betrayal")
    for name, shelf in [("a", "read"), ("b", "currently_reading"), ("c", "want_to_read"), ("d", "want_to_read")]:
        shelf_set(user=make_member(name), book=book, shelf=shelf)
    html = client.get(book.get_absolute_url()).content.decode()
    assert "239 people are currently reading" in html
    assert "2,397 people want to read" in html
    counted = Book.objects.annotate(**readers_on_shelves()).get(pk=book.pk)
    assert (counted.members_currently_reading, counted.members_want_to_read) == (1, 2)


def test_member_shelves_a_book_from_its_page(client, seed, make_member):
    member = make_member()
    client.force_login(member)
    book = Book.objects.get(slug="the-betrayal")
    response = shelve(client, book, "read")
    assert response["Location"] == book.get_absolute_url() + "#shelf"  # back to the shelf buttons
    html = client.get(book.get_absolute_url()).content.decode()
    assert "The Betrayal is on your read shelf." in html
    assert 'value="read" aria-pressed="true"' in html
    shelve(client, book, "none")
    assert not ShelfEntry.objects.exists()


def test_bad_shelf_and_unsafe_next(client, make_member):
    client.force_login(make_member())
    book = make_book()
    response = shelve(client, book, "favourites", next="https://evil.example/")
    assert response["Location"] == book.get_absolute_url() + "#shelf"  # back to the shelf buttons
    assert "Choose want to read" in client.get(book.get_absolute_url()).content.decode()
    assert not ShelfEntry.objects.exists()


def test_shelving_needs_log_in_confirmation_post_and_csrf(client, make_member):
    book = make_book()
    url = reverse("shelves:shelve", args=[book.slug])
    assert client.post(url, {"shelf": "read"})["Location"].startswith(reverse("account_login"))
    client.force_login(make_member("unconfirmed", verified=False))
    assert client.post(url, {"shelf": "read"}).status_code == 403
    client.force_login(make_member())
    assert client.get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_member("other"))
    assert strict.post(url, {"shelf": "read"}).status_code == 403
    assert not ShelfEntry.objects.exists()


def test_shelves_page_by_shelf_paginated(client, make_member):
    member = make_member(display_name="Ada")
    for number in range(35):
        shelf_set(user=member, book=make_book(f"Read {number:02}"), shelf="read")
    shelf_set(user=member, book=make_book("Next up"), shelf="want_to_read")
    url = reverse("shelves:shelves", args=[member.username])
    html = client.get(url).content.decode()
    assert "Read (35)" in html and "Want to read (1)" in html and "Currently reading (0)" in html
    assert html.count('class="book-card"') == 30 and "Page 1 of 2" in html
    assert client.get(url, {"page": 2}).content.decode().count('class="book-card"') == 5
    html = client.get(url, {"shelf": "want_to_read"}).content.decode()
    assert "Next up" in html and "Read 00" not in html
    assert client.get(reverse("shelves:shelves", args=["nobody"])).status_code == 404


@pytest.mark.parametrize("books", [2, 40])
def test_shelves_page_query_count_is_constant(client, make_member, django_assert_num_queries, books):
    member = make_member()
    for _ in range(books):
        shelf_set(user=member, book=make_book(), shelf="read")
    # person, their tags, count, page with books and series, authors, shelf counts
    with django_assert_num_queries(6):
        client.get(reverse("shelves:shelves", args=[member.username]))


def test_a_members_tags_list_the_books_they_label_across_shelves(client, make_member):
    from shelves.models import ShelfTag

    member = make_member()
    read, wanted, other = make_book(), make_book(), make_book()
    for book, shelf in ((read, "read"), (wanted, "want_to_read"), (other, "read")):
        shelf_set(user=member, book=book, shelf=shelf)
    for book in (read, wanted):
        ShelfTag.objects.create(entry=member.shelf_entries.get(book=book), name="favourites")
    url = reverse("shelves:shelves", args=[member.username])
    page = client.get(url, {"tag": "favourites"}).content.decode()
    assert "Tagged “favourites”" in page
    assert read.title in page and wanted.title in page and other.title not in page
    # A tag the member does not use shows their read shelf.
    assert other.title in client.get(url, {"tag": "nope"}).content.decode()
