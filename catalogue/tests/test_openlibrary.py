"""manage.py import_openlibrary over small dump files written here in Open Library's format."""

import gzip
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from books.models import Author, Book, Edition
from books.tests.factories import make_author, make_book
from catalogue.openlibrary import publication

pytestmark = pytest.mark.django_db

AUTHORS = [
    ("/authors/OL1A", {"name": "Helen Dunmore", "bio": {"type": "/type/text", "value": "Born in Yorkshire."}}),
    ("/authors/OL2A", {"name": "Victor Hugo"}),
    ("/authors/OL3A", {"name": "Лев Толстой"}),
    ("/authors/OL4A", {"name": "Nobody Wanted"}),
]
WORKS = [
    (
        "/works/OL1W",
        {"title": "The Siege", "authors": [{"author": {"key": "/authors/OL1A"}}], "first_publish_date": "2001"},
    ),
    (
        "/works/OL2W",
        {
            "title": "Les Misérables",
            "authors": [{"author": {"key": "/authors/OL2A"}}],
            "description": {"type": "/type/text", "value": "Paris, 1832."},
            "first_publish_date": "1862",
        },
    ),
    ("/works/OL3W", {"title": "Война и мир", "authors": [{"author": {"key": "/authors/OL3A"}}]}),
    ("/works/OL4W", {"title": "Unwanted", "authors": [{"author": {"key": "/authors/OL4A"}}]}),
]
EDITIONS = [
    (
        "/books/OL1M",
        {
            "title": "The Siege",
            "works": [{"key": "/works/OL1W"}],
            "isbn_13": ["9780141032238"],
            "number_of_pages": 330,
            "physical_format": "Paperback",
            "publishers": ["Penguin"],
            "publish_date": "March 5, 2002",
            "languages": [{"key": "/languages/eng"}],
        },
    ),
    (
        "/books/OL2M",
        {
            "title": "Les Misérables",
            "works": [{"key": "/works/OL2W"}],
            "isbn_10": ["045141943X"],
            "languages": [{"key": "/languages/fre"}],
            "publish_date": "1987",
        },
    ),
    (
        "/books/OL3M",
        {
            "title": "Les Misérables",
            "works": [{"key": "/works/OL2W"}],
            "isbn_13": ["9780140444308"],
            "languages": [{"key": "/languages/eng"}],
            "contributors": [{"role": "Translator", "name": "Norman Denny"}],
        },
    ),
    (
        "/books/OL4M",
        {"title": "Война и мир", "works": [{"key": "/works/OL3W"}], "languages": [{"key": "/languages/rus"}]},
    ),
    ("/books/OL5M", {"title": "Unwanted", "works": [{"key": "/works/OL4W"}], "isbn_13": ["not an isbn"]}),
]


def dump(tmp_path, name, kind, rows, gz=True, extra=""):
    lines = "".join(
        f"/type/{kind}\t{key}\t3\t2024-01-01T00:00:00\t{json.dumps(r, ensure_ascii=False)}\n" for key, r in rows
    )
    path = tmp_path / (name + (".txt.gz" if gz else ".txt"))
    data = (lines + extra).encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return str(path)


@pytest.fixture
def dumps(tmp_path):
    return {
        "authors": dump(tmp_path, "authors", "author", AUTHORS),
        "works": dump(tmp_path, "works", "work", WORKS),
        "editions": dump(tmp_path, "editions", "edition", EDITIONS, gz=False),
    }


def run(**options):
    out, err = StringIO(), StringIO()
    call_command("import_openlibrary", **options, stdout=out, stderr=err)
    return out.getvalue().strip()


def test_authors_works_and_editions_become_the_catalogue_keyed_by_their_ids(dumps):
    said = run(**dumps, with_isbn=True)
    assert said.startswith("authors=2 books=2 editions=3")  # the editions with an ISBN, their works and authors
    siege = Book.objects.get(openlibrary_id="OL1W")
    assert (siege.title, siege.first_published.year, [a.name for a in siege.authors.all()]) == (
        "The Siege",
        2001,
        ["Helen Dunmore"],
    )
    paperback = siege.main_edition
    assert (paperback.isbn13, paperback.pages, paperback.format, paperback.publisher, paperback.language) == (
        "9780141032238",
        330,
        "paperback",
        "Penguin",
        "en",
    )
    assert (paperback.published_on.isoformat(), paperback.published_precision) == ("2002-03-05", "day")
    hugo = Book.objects.get(openlibrary_id="OL2W")
    assert hugo.description == "Paris, 1832." and hugo.editions.count() == 2
    assert Edition.objects.get(openlibrary_id="OL2M").isbn13 == "9780451419439"  # from its ISBN-10
    assert [p.name for p in Edition.objects.get(openlibrary_id="OL3M").translators.all()] == ["Norman Denny"]
    assert Author.objects.get(openlibrary_id="OL1A").bio == "Born in Yorkshire."
    assert not Book.objects.filter(openlibrary_id__in=["OL3W", "OL4W"]).exists()  # no ISBN: filtered out


def test_importing_again_changes_nothing_twice(dumps):
    run(**dumps)
    counts = (Author.objects.count(), Book.objects.count(), Edition.objects.count())
    said = run(**dumps)
    assert said.startswith("authors=0 books=0 editions=0 already_authors=4 already_books=4 already_editions=5")
    assert (Author.objects.count(), Book.objects.count(), Edition.objects.count()) == counts


def test_languages_filter_the_editions_and_what_they_need(dumps):
    run(**dumps, languages="fr,Russian")
    assert set(Edition.objects.values_list("openlibrary_id", flat=True)) == {"OL2M", "OL4M"}
    assert set(Book.objects.values_list("openlibrary_id", flat=True)) == {"OL2W", "OL3W"}
    assert set(Author.objects.values_list("name", flat=True)) == {"Victor Hugo", "Лев Толстой"}
    with pytest.raises(CommandError, match="Unknown language"):
        run(**dumps, languages="Klingonese")


def test_a_members_edition_and_author_are_found_not_added_again(dumps):
    dunmore = make_author("Helen Dunmore")
    mine = make_book("The Siege (mine)", authors=[dunmore], isbn13="9780141032238", pages=320)
    run(**dumps, with_isbn=True)
    edition = mine.main_edition
    edition.refresh_from_db()
    assert edition.openlibrary_id == "OL1M" and edition.pages == 320  # the member's figures stay
    assert Edition.objects.filter(isbn13="9780141032238").count() == 1
    assert Author.objects.get(pk=dunmore.pk).openlibrary_id == "OL1A"
    assert Author.objects.filter(name="Helen Dunmore").count() == 1


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ("/type/edition\t/books/OL9M\t1\n", "editions.txt:6: expected 5 tab-separated columns, found 3"),
        ("/type/edition\t/books/OL9M\t1\t2024\t{not json}\n", "editions.txt:6: expected a JSON record"),
        ("/type/author\t/authors/OL9A\t1\t2024\t{}\n", "editions.txt:6: expected a record of type /type/edition"),
        ("/type/edition\t/works/OL9W\t1\t2024\t{}\n", "editions.txt:6: expected a key like /books/OL123"),
        ('/type/edition\t/books/OL9M\t1\t2024\t["a list"]\n', "editions.txt:6: expected a JSON object"),
    ],
)
def test_a_malformed_line_is_refused_with_its_number_and_nothing_is_written(tmp_path, dumps, extra, says):
    broken = dump(tmp_path, "editions", "edition", EDITIONS, gz=False, extra=extra)
    with pytest.raises(CommandError, match=says):
        run(authors=dumps["authors"], works=dumps["works"], editions=broken)
    assert not (Author.objects.exists() or Book.objects.exists() or Edition.objects.exists())


def test_a_file_that_is_not_a_dump_is_refused(tmp_path):
    path = tmp_path / "cover.txt.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    with pytest.raises(CommandError, match="gzipped or plain dump"):
        run(authors=str(path))
    with pytest.raises(CommandError, match="Give at least one"):
        run()


def test_open_librarys_dates_are_read_as_precisely_as_they_are_given():
    assert publication("March 5, 1998") == (publication("1998-03-05")[0], "day")
    assert publication("1998-03-05")[0].isoformat() == "1998-03-05"
    assert publication("Mar 1998")[0].isoformat() == "1998-03-01" and publication("Mar 1998")[1] == "month"
    assert publication("c1998")[1] == "year" and publication("") == (None, "year")
