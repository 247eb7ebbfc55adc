"""Importing a Goodreads library: matching, what each row becomes, repeating it, and what it costs."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from books.models import Author, Book, Series
from books.tests.factories import make_book
from moving import services
from moving.models import ImportJob
from moving.tests.exports import book, export, isbn_of, line
from reviews.models import Review
from reviews.services import review_save
from shelves.models import Shelf, ShelfEntry, ShelfTag
from shelves.services import shelf_set


def run(user, data):
    job = services.import_start(user=user, file_name="goodreads_library_export.csv", data=data)
    services.import_run(job_id=job.pk)
    job.refresh_from_db()
    return job


@pytest.fixture
def catalogue(db):
    author = Author.objects.create(name="Gabriel García Márquez", slug="garcia-marquez")
    solitude = make_book("One Hundred Years of Solitude", authors=[author], slug="solitude", isbn13="9780060883287")
    # Known by its ISBN-10 once: the catalogue keeps ISBN-13s, and a row's ISBN-10 finds it.
    cholera = make_book(
        "Love in the Time of Cholera", authors=[author], slug="cholera", isbn13="9780307389732", isbn10="0307389731"
    )
    siege = Series.objects.create(name="The Siege", slug="the-siege")
    dunmore = Author.objects.create(name="Helen Dunmore", slug="helen-dunmore")
    betrayal = Book.objects.create(title="The Betrayal!", slug="the-betrayal", series=siege, series_position=2)
    betrayal.authors.add(dunmore)
    # The same title by someone else: a title alone never matches.
    other = Book.objects.create(title="The Betrayal", slug="the-betrayal-other")
    other.authors.add(Author.objects.create(name="Someone Else", slug="someone-else"))
    return {"solitude": solitude, "cholera": cholera, "betrayal": betrayal, "other": other}


def test_books_are_matched_by_isbn13_then_isbn10_then_title_and_author(make_member, catalogue):
    member = make_member()
    job = run(
        member,
        export(
            line(Title="Cien años de soledad", Author="Nobody", ISBN13='="9780060883287"'),
            line(Title="Cholera", Author="Nobody", ISBN='="0307389731"', ISBN13='=""'),
            line(Title="The Betrayal (The Siege, #2)", Author="HELEN DUNMORE"),
        ),
    )
    assert (job.status, job.matched, job.added, job.skipped) == ("done", 3, 0, 0)
    shelved = set(ShelfEntry.objects.filter(user=member).values_list("book__slug", flat=True))
    assert shelved == {"solitude", "cholera", "the-betrayal"}
    assert Book.objects.count() == 4


def test_a_book_not_found_is_added_for_librarians_to_check(make_member, catalogue):
    member = make_member()
    job = run(
        member,
        export(
            line(
                Title="Dune Messiah (Dune Chronicles, #2.5)",
                Author="Frank Herbert",
                **{"Additional Authors": "Brian Herbert, Kevin J. Anderson"},
                ISBN='="0441172695"',
                ISBN13='="9780441172696"',
                **{"Number of Pages": "331", "Original Publication Year": "1969", "Year Published": "2008"},
            ),
        ),
    )
    assert (job.matched, job.added) == (0, 1)
    added = Book.objects.get(editions__isbn13="9780441172696")
    assert added.title == "Dune Messiah"
    assert added.needs_review
    assert (added.series.name, added.series_position) == ("Dune Chronicles", Decimal("2.5"))
    edition = added.main_edition
    assert (edition.pages, added.first_published, edition.isbn10) == (331, date(1969, 1, 1), "0441172695")
    assert {a.name for a in added.authors.all()} == {"Frank Herbert", "Brian Herbert", "Kevin J. Anderson"}
    assert job.report[0]["book"] == added.slug
    # Found by title the next time, by a member whose export has no ISBN.
    other = make_member("other")
    assert run(other, export(line(Title="dune messiah", Author="Frank Herbert"))).matched == 1


def test_each_row_becomes_a_shelf_a_rating_a_review_a_date_and_tags(make_member, catalogue):
    member = make_member()
    run(
        member,
        export(
            line(
                Title="One Hundred Years of Solitude",
                Author="Gabriel Garcia Marquez",
                **{"My Rating": "5", "Exclusive Shelf": "read", "Date Read": "2019/03/14"},
                **{"My Review": "Macondo.<br/><br/>The end!", "Spoiler": "true"},
                Bookshelves="favourites, latin-america, read",
            ),
            line(
                Title="Love in the Time of Cholera",
                Author="Gabriel García Márquez",
                **{"Exclusive Shelf": "currently-reading"},
            ),
            line(Title="The Betrayal", Author="Helen Dunmore", **{"Exclusive Shelf": "to-read", "My Rating": "0"}),
        ),
    )
    entries = {e.book.slug: e for e in ShelfEntry.objects.filter(user=member).select_related("book")}
    assert entries["solitude"].shelf == Shelf.READ
    assert entries["solitude"].finished_on == date(2019, 3, 14)
    assert entries["solitude"].progress.finished
    assert entries["cholera"].shelf == Shelf.CURRENTLY_READING
    assert entries["the-betrayal"].shelf == Shelf.WANT_TO_READ
    review = Review.objects.get(reviewer=member)
    assert (review.book.slug, review.rating, review.is_spoiler) == ("solitude", 5, True)
    assert review.body == "Macondo.\n\nThe end!"
    assert "<p>The end!</p>" in review.body_html
    assert review.reviewed_on == date(2019, 3, 14)
    assert sorted(ShelfTag.objects.values_list("name", flat=True)) == ["favourites", "latin-america"]
    # An unrated to-read book makes no review; the rating counts in the book's figures.
    catalogue["solitude"].refresh_from_db()
    assert (catalogue["solitude"].rating_count, catalogue["solitude"].rating_average) == (1, 5.0)


def test_importing_again_changes_nothing_twice(make_member, catalogue):
    member = make_member()
    data = export(*(book(n, Bookshelves="mine") for n in range(12)), book(3))
    first = run(member, data)
    assert (first.added, first.skipped) == (12, 1)
    assert first.report[-1]["note"] == "the same book as an earlier row"
    counts = (Book.objects.count(), ShelfEntry.objects.count(), Review.objects.count(), ShelfTag.objects.count())
    second = run(member, data)
    assert (second.matched, second.added, second.unchanged, second.kept) == (0, 0, 12, 0)
    assert (
        Book.objects.count(),
        ShelfEntry.objects.count(),
        Review.objects.count(),
        ShelfTag.objects.count(),
    ) == counts
    rated = Book.objects.get(editions__isbn13=isbn_of(1))
    assert rated.rating_count == 1


def test_a_newer_export_updates_what_the_last_import_wrote_but_never_the_members_own_edits(make_member, catalogue):
    member = make_member()
    run(member, export(book(1), book(2), book(3, **{"Exclusive Shelf": "to-read", "My Rating": "0"})))
    one, two = Book.objects.get(editions__isbn13=isbn_of(1)), Book.objects.get(editions__isbn13=isbn_of(2))
    # Since then, on the site: a new rating of book 2, book 3 moved to currently reading.
    mine = Review.objects.get(reviewer=member, book=two)
    review_save(book=two, reviewer=member, rating=1, body="Changed my mind.", is_spoiler=False, review=mine)
    three = Book.objects.get(editions__isbn13=isbn_of(3))
    shelf_set(user=member, book=three, shelf=Shelf.CURRENTLY_READING)

    newer = export(book(1, **{"My Rating": "4"}), book(2, **{"My Rating": "5"}), book(3), book(4))
    job = run(member, newer)
    assert (job.matched, job.added, job.kept) == (1, 1, 2)
    assert Review.objects.get(reviewer=member, book=one).rating == 4
    assert Review.objects.get(reviewer=member, book=two).body == "Changed my mind."
    assert ShelfEntry.objects.get(user=member, book=three).shelf == Shelf.CURRENTLY_READING
    notes = {row["title"]: row["note"] for row in job.report if row["outcome"] == "kept"}
    assert notes["Imported Book 2"] == "kept your rating and review here"
    assert notes["Imported Book 3"] == "kept the shelf you chose here"
    one.refresh_from_db()
    assert one.rating_average == 4.0


def test_what_a_member_shelved_here_before_importing_is_kept(make_member, catalogue):
    member = make_member()
    shelf_set(user=member, book=catalogue["cholera"], shelf=Shelf.WANT_TO_READ)
    job = run(member, export(line(Title="Cholera", Author="x", ISBN='="0307389731"', **{"Exclusive Shelf": "read"})))
    assert job.kept == 1
    assert ShelfEntry.objects.get(user=member).shelf == Shelf.WANT_TO_READ


def test_unreadable_rows_are_skipped_with_their_line_and_the_rest_imported(make_member, catalogue):
    member = make_member()
    job = run(
        member,
        export(book(1), line(Title="", Author="x"), line(Title="No shelf", Author="x", **{"Exclusive Shelf": "owned"})),
    )
    assert (job.added, job.skipped) == (1, 2)
    assert [(row["line"], row["note"]) for row in job.report if row["outcome"] == "skipped"] == [
        (3, "no title"),
        (4, "unknown shelf “owned”"),
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a CSV file"),
        (b"Name,Email\nA,b\n", "not a Goodreads library export"),
        (b"", "empty"),
        (export(), "holds no books"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_with_nothing_written(make_member, catalogue, data, message):
    member = make_member()
    books = Book.objects.count()
    with pytest.raises(ValidationError, match=message):
        services.import_start(user=member, file_name="x.csv", data=data)
    assert (ImportJob.objects.count(), Book.objects.count()) == (0, books)


def test_one_import_at_a_time(make_member, catalogue):
    member = make_member()
    services.import_start(user=member, file_name="a.csv", data=export(book(1)))
    with pytest.raises(ValidationError, match="still running"):
        services.import_start(user=member, file_name="b.csv", data=export(book(1)))


def test_a_chunk_costs_the_same_queries_whatever_its_size(make_member, catalogue):
    def queries(username, rows):
        member = make_member(username)
        job = services.import_start(user=member, file_name="a.csv", data=export(*rows))
        with CaptureQueriesContext(connection) as captured:
            services.import_run(job_id=job.pk)
        return len(captured)

    # New books and matched ones, every kind of row, at two sizes.
    small = queries("small", [book(n, Bookshelves="a, b", **{"My Review": "Good."}) for n in range(5)])
    # Five of these are the books the first import added: found, not added.
    large = queries("large", [book(n, Bookshelves="a, b", **{"My Review": "Good."}) for n in range(60)])
    # The same statements; SQLite splits a long INSERT into batches (999 parameters each): a few more.
    assert small <= large <= small + 4


def test_the_cached_pages_of_the_books_and_the_member_show_the_import_at_once(client, make_member, catalogue):
    member = make_member()
    book_page, profile = catalogue["solitude"].get_absolute_url(), member.get_absolute_url()
    assert "No ratings yet" in client.get(book_page).content.decode()
    client.get(profile)
    assert client.get(book_page)["X-Cache"].startswith("hit")
    run(
        member,
        export(line(Title="x", Author="y", ISBN13='="9780060883287"', **{"My Rating": "4", "My Review": "Yes."})),
    )
    page = client.get(book_page).content.decode()
    assert "4.00 average from 1 rating" in page and "Yes." in page
    assert "One Hundred Years of Solitude" in client.get(profile).content.decode()
