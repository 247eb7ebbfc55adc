"""Adding a book: ISBN first, duplicates before anything is saved, the way back to the club's form."""

import threading
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from stdnum import ean

from books.models import Book, Edition
from books.tests.factories import make_author, make_book
from catalogue import services

pytestmark = pytest.mark.django_db
ADD = reverse("catalogue:add")


def details(**values):
    return {"step": "save", "title": "The Siege", "authors": "Helen Dunmore", **values}


def picture(kind="PNG", size=(20, 30)):
    out = BytesIO()
    Image.new("RGB", size, "teal").save(out, kind)
    return SimpleUploadedFile(f"cover.{kind.lower()}", out.getvalue(), content_type=f"image/{kind.lower()}")


@pytest.fixture
def ada(client, make_member):
    member = make_member("ada", display_name="Ada")
    client.force_login(member)
    return member


def test_a_visitor_is_asked_to_log_in_and_an_unconfirmed_member_is_refused(client, make_member):
    assert client.get(ADD)["Location"].startswith(reverse("account_login"))
    client.force_login(make_member("new", verified=False))
    assert client.get(ADD).status_code == 403


def test_an_isbn_the_catalogue_has_goes_straight_to_its_book(client, ada):
    book = make_book("The Betrayal", isbn13="9780141032238")
    response = client.post(ADD, {"step": "find", "isbn": "0-14-103223-5"})
    assert response.status_code == 302 and response["Location"] == book.get_absolute_url()


def test_a_wrong_isbn_says_so_and_keeps_what_was_typed(client, ada):
    response = client.post(ADD, {"step": "find", "isbn": "978-0-14-103223-9"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "check digit" in html and 'value="978-0-14-103223-9"' in html
    response = client.post(ADD, details(isbn="978014103A238", pages="abc", title="<b>Kept</b>"))
    html = response.content.decode()
    assert response.status_code == 400 and "only digits" in html and "whole number" in html
    assert 'value="&lt;b&gt;Kept&lt;/b&gt;"' in html  # escaped, kept
    assert not Book.objects.exists()


def test_a_new_book_is_usable_at_once_marked_unchecked_and_out_of_the_sitemap(client, ada):
    response = client.post(
        ADD,
        details(
            isbn="9780141032238",
            format="hardcover",
            pages="330",
            chapters="35",
            language="en",
            series="The Siege",
            series_position="1",
            published="2001",
            description="Leningrad, 1941.",
            translators="",
            cover=picture(),
        ),
    )
    book = Book.objects.get()
    assert response.status_code == 302 and response["Location"] == book.get_absolute_url()
    edition = book.main_edition
    assert (edition.isbn13, edition.isbn10, edition.pages, edition.chapters, edition.format) == (
        "9780141032238",
        "0141032235",
        330,
        35,
        "hardcover",
    )
    assert (book.series.name, str(book.series_position), book.added_by, book.needs_review) == (
        "The Siege",
        "1.00",
        ada,
        True,
    )
    assert book.cover and book.cover == edition.cover
    page = client.get(book.get_absolute_url()).content.decode()
    assert "Added by" in page and "not yet checked" in page and "Edit this book" in page
    assert "330 pages, Hardcover" in page and "978-0-14-103223-8" in page
    assert book.get_absolute_url() not in Client().get("/sitemap.xml").content.decode()
    # Usable at once: shelved, rated, progress in its pages.
    assert client.post(reverse("shelves:shelve", args=[book.slug]), {"shelf": "currently_reading"}).status_code == 302
    assert client.post(reverse("shelves:progress", args=[book.slug]), {"page": "165"}).status_code == 302
    assert book.shelf_entries.get().progress.share == 0.5


def test_duplicates_are_shown_before_anything_is_saved_and_confirmed_once(client, ada):
    original = make_book("The Siege", authors=[make_author("Helen Dunmore")], pages=300)
    asked = client.post(ADD, details(pages="320"))
    html = asked.content.decode()
    assert asked.status_code == 200 and "Is it one of these?" in html and original.get_absolute_url() in html
    assert "has the same title and author" in html and 'value="320"' in html  # what was typed is kept
    assert Book.objects.count() == 1
    # Saving again, unchanged: it is a different book.
    confirmed = html.split('name="confirmed" value="')[1].split('"')[0]
    added = client.post(ADD, details(pages="320", confirmed=confirmed))
    assert added.status_code == 302 and Book.objects.count() == 2
    # A confirmation is for what was typed: another author is checked again.
    again = client.post(ADD, details(authors="Ismail Kadare", confirmed=confirmed))
    assert again.status_code == 200 and "Is it one of these?" in again.content.decode()


def test_is_it_one_of_these_adds_an_edition_to_that_book_instead(client, ada):
    original = make_book("The Siege", authors=[make_author("Helen Dunmore")], pages=300)
    asked = client.post(ADD, details(format="audiobook", audio_length="10:05", isbn="9780141032238"))
    assert f'formaction="{reverse("catalogue:edition_add", args=[original.slug])}"' in asked.content.decode()
    # The button posts the same form to the book's "add an edition".
    added = client.post(
        reverse("catalogue:edition_add", args=[original.slug]),
        details(format="audiobook", audio_length="10:05", isbn="9780141032238", next="/clubs/x/pick/"),
    )
    assert added.status_code == 302 and added["Location"] == f"/clubs/x/pick/?book={original.slug}"
    audio = original.editions.get(format="audiobook")
    assert (audio.audio_seconds, audio.isbn13, audio.added_by) == (10 * 3600 + 5 * 60, "9780141032238", ada)
    assert Book.objects.count() == 1


def test_the_way_back_carries_the_new_book_to_the_club_form(client, ada):
    found = client.get(ADD, {"next": "/clubs/readers/pick/"})
    assert 'name="next" value="/clubs/readers/pick/"' in found.content.decode()
    added = client.post(ADD, details(next="/clubs/readers/pick/"))
    book = Book.objects.get()
    assert added["Location"] == f"/clubs/readers/pick/?book={book.slug}"
    # Somewhere else is no way back.
    client.post(ADD, details(title="Another", next="https://evil.example/"))
    assert Book.objects.get(title="Another").get_absolute_url()


def test_a_search_that_finds_nothing_offers_to_add_it(client, ada):
    html = client.get(reverse("books:search"), {"q": "Zzyzx road"}).content.decode()
    assert f"{ADD}?title=Zzyzx%20road" in html
    page = client.get(ADD, {"title": "Zzyzx road"})
    assert page.status_code == 200 and "It is not in the catalogue yet" in page.content.decode()


@pytest.mark.parametrize(
    ("cover", "says"),
    [
        ("text", "valid image"),
        ("too large", "larger than"),
        ("bomb", "valid image"),
        ("huge", "pixels across"),
    ],
)
def test_a_cover_that_is_not_a_picture_too_large_or_a_bomb_is_refused(client, ada, settings, monkeypatch, cover, says):
    upload = {
        "text": lambda: SimpleUploadedFile("cover.png", b"not a picture at all", content_type="image/png"),
        "too large": lambda: picture(size=(200, 300)),
        "bomb": lambda: picture(size=(100, 100)),
        "huge": lambda: picture(size=(7_000, 10)),
    }[cover]()
    if cover == "too large":
        settings.COVER_MAX_BYTES = 100
    if cover == "bomb":
        # A small file that unpacks to more pixels than Pillow agrees to open (here 10,000 > 2 x 1,000).
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)
    response = client.post(ADD, details(cover=upload))
    assert response.status_code == 400 and says in response.content.decode()
    assert 'value="The Siege"' in response.content.decode() and not Book.objects.exists()


def test_an_author_in_another_script_is_found_again_by_name(client, ada):
    client.post(ADD, details(title="Война и мир", authors="Лев Толстой", language="ru", original_language="ru"))
    client.post(ADD, details(title="Анна Каренина", authors="лев толстой"))
    books = Book.objects.order_by("pk")
    assert books[0].authors.get() == books[1].authors.get()
    assert books[0].authors.get().name == "Лев Толстой"
    assert "Война и мир" in client.get(books[0].get_absolute_url()).content.decode()


def test_a_member_adds_at_most_so_many_a_day(client, ada, settings):
    settings.CATALOGUE_ADDITIONS_PER_DAY = 2
    settings.RATE_LIMITS = {"post": 0, "like": 0, "follow": 0}
    for title in ("Leningrad", "Stalingrad"):
        assert client.post(ADD, details(title=title, authors=title)).status_code == 302
    refused = client.post(ADD, details(title="Kursk", authors="Kursk"))
    assert refused.status_code == 403 and "in the past day" in refused.content.decode()
    assert 'value="Kursk"' in refused.content.decode() and Book.objects.count() == 2


def test_a_librarians_book_is_checked_from_the_start(client, librarian):
    client.force_login(librarian)
    client.post(ADD, details())
    assert Book.objects.get().needs_review is False


def test_the_duplicate_check_costs_the_same_queries_whatever_the_catalogue_holds(client, ada):
    book = make_book("The Siege", authors=[make_author("Helen Dunmore")])
    make_book("The Betrayal", isbn13="9780141032238")  # each look-up finds something, at both sizes

    def queries():
        client.get(ADD)  # the member's account, cached from here on (a bulk insert empties the cache)
        with CaptureQueriesContext(connection) as captured:
            response = client.post(ADD, details(isbn="9780141032238"))
        assert response.status_code == 200 and "Is it one of these?" in response.content.decode()
        return len(captured)

    few = queries()
    Edition.objects.bulk_create([Edition(book=book, isbn13=isbn_of(n)) for n in range(1_000)])
    make_book("The Siege", authors=[make_author("Ismail Kadare")])
    assert queries() == few


def isbn_of(n):
    digits = f"979{n:09d}"
    return digits + ean.calc_check_digit(digits)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_members_adding_one_isbn_at_once_make_one_edition(make_member):
    """A constraint, not a check: both pass the look-up, one insert wins, the other is told where it is."""
    members = [make_member(f"m{n}") for n in range(2)]
    book = make_book("The Siege")
    barrier, results = threading.Barrier(2), []

    def add(member):
        try:
            barrier.wait(timeout=10)
            services.edition_add(book=book, by=member, isbn13="9780141032238", isbn10="0141032235", format="ebook")
            results.append("added")
        except ValidationError as error:
            results.append(error.error_dict["isbn"][0].code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=add, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["added", "isbn_taken"]
    assert Edition.objects.filter(isbn13="9780141032238").count() == 1


def test_looking_for_a_title_shows_what_is_like_it_before_the_long_form(client, ada):
    original = make_book("The Siege", authors=[make_author("Helen Dunmore")])
    looked_for = {"step": "find", "title": "The Siege", "author": "Helen Dunmore", "next": "/clubs/x/pick/"}
    found = client.post(ADD, looked_for)
    html = found.content.decode()
    assert "Is it one of these?" in html and original.get_absolute_url() in html
    assert 'name="authors"' not in html  # not the long form yet
    none_of_these = html.split('class="button" href="')[1].split('"')[0].replace("&amp;", "&")
    form = client.get(none_of_these).content.decode()
    assert 'name="title" value="The Siege"' in form and 'name="authors" value="Helen Dunmore"' in form
    assert 'name="next" value="/clubs/x/pick/"' in form
