"""The Goodreads export parser, line by line on exports shaped like real ones."""

import csv
import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.text import normalise
from moving.goodreads import (
    ExportError,
    clean_isbn,
    isbn_cell,
    parse,
    parse_date,
    review_text,
    split_series,
    write,
)
from moving.tests.exports import HEADER, export, line


def test_a_typical_row():
    rows, problems = parse(
        export(
            line(
                **{
                    "Book Id": "2767052",
                    "Title": "The Betrayal (The Siege, #2)",
                    "Author": "Helen Dunmore",
                    "Author l-f": "Dunmore, Helen",
                    "ISBN": '="0141032235"',
                    "ISBN13": '="9780141032238"',
                    "My Rating": "4",
                    "Number of Pages": "331",
                    "Year Published": "2011",
                    "Original Publication Year": "2010",
                    "Date Read": "2019/03/14",
                    "Date Added": "2019/01/02",
                    "Bookshelves": "favourites, leningrad, read",
                    "Exclusive Shelf": "read",
                    "My Review": "Moving.<br/><br/>Andrei &amp; Anna.",
                    "Spoiler": "true",
                    "Read Count": "2",
                }
            )
        )
    )
    assert problems == []
    (row,) = rows
    assert (row.line, row.goodreads_id, row.title, row.series, row.series_position) == (
        2, "2767052", "The Betrayal", "The Siege", "2",
    )  # fmt: skip
    assert row.authors == ("Helen Dunmore",)
    assert (row.isbn10, row.isbn13, row.rating, row.pages, row.year) == ("0141032235", "9780141032238", 4, 331, 2010)
    assert (row.date_read, row.date_added) == (date(2019, 3, 14), date(2019, 1, 2))
    assert row.shelves == ("favourites", "leningrad") and row.exclusive_shelf == "read"
    assert row.review == "Moving.\n\nAndrei & Anna." and row.spoiler is True and row.read_count == 2


def test_several_authors_and_an_unrated_book():
    authors = {"Additional Authors": "Neil Gaiman, Terry Pratchett", "My Rating": "0"}
    rows, _ = parse(export(line(Title="Good Omens", Author="Terry Pratchett", **authors)))
    assert rows[0].authors == ("Terry Pratchett", "Neil Gaiman") and rows[0].rating is None


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Dune Messiah (Dune Chronicles #2)", ("Dune Messiah", "Dune Chronicles", "2")),
        ("The Wee Free Men (Discworld, #30; Tiffany Aching, #1)", ("The Wee Free Men", "Discworld", "30")),
        ("Novella (Series, #1.5)", ("Novella", "Series", "1.5")),
        ("Persuasion", ("Persuasion", "", "")),
        ("Hello (Goodbye)", ("Hello (Goodbye)", "", "")),
        ("  Spaces   (The Siege,   #1) ", ("Spaces", "The Siege", "1")),
    ],
)
def test_series_suffixes(title, expected):
    assert split_series(title) == expected


def test_quotes_and_commas_inside_titles_and_crlf_and_a_bom():
    data = export(line(Title='He said "Hello, world", then (left)', Author="A. Writer"), newline="\r\n", bom=True)
    rows, problems = parse(data)
    assert problems == [] and rows[0].title == 'He said "Hello, world", then (left)'


def test_a_review_over_several_lines_keeps_the_next_rows_line_number():
    data = export(
        line(Title="One", Author="A", **{"My Review": "First line\nsecond line"}),
        line(Title="Two", Author="B"),
    )
    rows, _ = parse(data)
    assert [row.line for row in rows] == [2, 4]


def test_rows_it_cannot_use_are_reported_with_their_line():
    rows, problems = parse(
        export(
            line(Title="Fine", Author="A"),
            line(Title="", Author="B"),
            line(Title="No shelf", Author="C", **{"Exclusive Shelf": "abandoned"}),
        )
    )
    assert [row.title for row in rows] == ["Fine"]
    assert problems == [(3, "no title"), (4, "unknown shelf “abandoned”")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('="0312429894"', "0312429894"),
        ('=""', ""),
        ("0-14-103223-5", "0141032235"),
        ('="043942089X"', "043942089X"),
        ("12345", ""),
        ("", ""),
    ],
)
def test_isbns(value, expected):
    assert clean_isbn(value) == expected


def test_dates_reviews_and_normalised_names():
    assert parse_date("2019/03/14") == date(2019, 3, 14)
    assert parse_date("2019/02/30") is None and parse_date("") is None
    assert review_text("a<br />b<b>c</b> &lt;3") == "a\nbc <3"
    assert normalise("Les Misérables: A Novel!") == "les miserables a novel"
    assert normalise("Pride & Prejudice") == normalise("pride and prejudice")


def test_an_empty_export_has_no_rows():
    assert parse(export()) == ([], [])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("Title,Author\nA,B\n".encode("utf-16"), "not"),
        (b"name,email\nAda,ada@example.com\n", "not a Goodreads library export"),
        ("Titl\u00e9".encode("latin-1"), "UTF-8"),
    ],
)
def test_what_is_not_an_export_is_refused_at_once(data, message):
    with pytest.raises(ExportError, match=message):
        parse(data)


def test_ten_thousand_rows():
    lines = [line(Title=f"Book {n} (Saga, #{n % 7 + 1})", Author=f"Author {n % 300}",
                  **{"ISBN13": f'="{9780000000000 + n}"', "My Rating": str(n % 6)}) for n in range(10_000)]  # fmt: skip
    rows, problems = parse(export(*lines))
    assert len(rows) == 10_000 and problems == []
    assert rows[-1].line == 10_001 and rows[-1].series_position == str(9_999 % 7 + 1)


def test_what_it_writes_it_reads_back():
    out = write([{"Title": "A, B (S, #1)", "Author": "X", "ISBN13": isbn_cell("9780141032238"), "My Rating": 5,
                  "Exclusive Shelf": "read", "My Review": 'He said "no"'}])  # fmt: skip
    (row,), _ = parse(out.encode())
    assert (row.title, row.series, row.isbn13, row.rating, row.review) == (
        "A, B",
        "S",
        "9780141032238",
        5,
        'He said "no"',
    )


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2_000) | st.text(max_size=2_000).map(lambda text: (HEADER + "\n" + text).encode()))
def test_no_input_makes_it_crash(data):
    try:
        rows, problems = parse(data)
    except ExportError:
        return
    assert all(row.title and row.authors for row in rows)
    assert all(isinstance(number, int) and why for number, why in problems)


@pytest.mark.parametrize("title", ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTabbed"])
def test_a_cell_that_would_be_a_formula_is_written_as_text_and_read_back_as_it_was(title):
    out = write([{"Title": title, "Author": "X", "ISBN13": isbn_cell("9780141032238"), "Exclusive Shelf": "read"}])
    cells = next(csv.DictReader(io.StringIO(out)))
    assert cells["Title"] == "'" + title  # a spreadsheet shows it as text
    assert cells["ISBN13"] == '="9780141032238"'  # Goodreads' own formula for ISBNs stays
    (row,), problems = parse(out.encode())
    assert problems == [] and row.title == title.strip()
