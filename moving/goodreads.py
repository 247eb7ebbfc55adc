"""The CSV that Goodreads' "Export Library" writes, read into plain rows: a pure module, no database.

What real exports hold, and what becomes of it here:
- ISBNs written as Excel formulas, `="0312429894"` or `=""`: the digits (an X too), or nothing;
- a series in the title, `The Betrayal (The Siege, #2)`, `Dune (Dune Chronicles #1.5)`: the title,
  the series and its position (a decimal kept as written);
- several authors: Author, then Additional Authors (comma-separated);
- My Rating 0 for unrated; dates as 2019/03/14; reviews with <br/> line breaks and HTML entities;
- UTF-8 with a byte-order mark, Windows line endings, quotes and commas inside quoted fields.

parse() returns the rows it could read and, for each one it could not, its line number and why. It
raises ExportError at once for what is not such an export (not text, not CSV, missing columns).
"""

import csv
import html
import io
import re
from dataclasses import dataclass
from datetime import date

COLUMNS = (
    "Book Id",
    "Title",
    "Author",
    "Author l-f",
    "Additional Authors",
    "ISBN",
    "ISBN13",
    "My Rating",
    "Average Rating",
    "Publisher",
    "Binding",
    "Number of Pages",
    "Year Published",
    "Original Publication Year",
    "Date Read",
    "Date Added",
    "Bookshelves",
    "Bookshelves with positions",
    "Exclusive Shelf",
    "My Review",
    "Spoiler",
    "Private Notes",
    "Read Count",
    "Owned Copies",
)
# Without these a row means nothing; the others may be missing from older exports.
REQUIRED = ("Title", "Author", "ISBN", "ISBN13", "My Rating", "Exclusive Shelf")
SHELVES = ("read", "currently-reading", "to-read")
MAX_ROWS = 50_000

_SERIES = re.compile(r"^(?P<title>.+?)\s*\((?P<series>[^()]*?),?\s*#(?P<position>\d+(?:\.\d+)?)[^()]*\)\s*$")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


class ExportError(ValueError):
    """The file is not a Goodreads library export: nothing of it is used."""


@dataclass(frozen=True)
class Row:
    line: int  # where the row starts in the file, for the report
    goodreads_id: str
    title: str  # without the series suffix
    series: str
    series_position: str
    authors: tuple
    isbn10: str
    isbn13: str
    rating: int | None  # 1-5; None when unrated (Goodreads writes 0)
    pages: int | None
    year: int | None
    exclusive_shelf: str  # read, currently-reading or to-read
    shelves: tuple = ()  # the member's own shelves (tags), besides the exclusive one
    date_read: date | None = None
    date_added: date | None = None
    review: str = ""
    spoiler: bool = False
    read_count: int = 0
    binding: str = ""  # the member's edition's format, as Goodreads names it ("Kindle Edition")
    publisher: str = ""
    year_published: int | None = None  # their edition's year (year is the book's first publication)


def clean_isbn(value):
    """The ISBN in `="0312429894"`, `0312429894` or `=""`: its digits (and a final X), else ""."""
    text = (value or "").strip()
    if text.startswith("="):
        text = text[1:]
    text = text.strip().strip('"').replace("-", "").replace(" ", "").upper()
    return text if re.fullmatch(r"\d{9}[\dX]|\d{13}", text) else ""


def split_series(title):
    """("The Betrayal", "The Siege", "2") from "The Betrayal (The Siege, #2)"; the title alone otherwise."""
    title = " ".join((title or "").split())
    found = _SERIES.match(title)
    if not found or not found["series"].strip():
        return title, "", ""
    return found["title"].strip(), found["series"].strip().rstrip(","), found["position"]


def parse_date(value):
    """2019/03/14 (or 2019-03-14) as a date; None when empty or impossible."""
    found = re.fullmatch(r"\s*(\d{4})[/-](\d{1,2})[/-](\d{1,2})\s*", value or "")
    if not found:
        return None
    try:
        return date(*map(int, found.groups()))
    except ValueError:
        return None


def review_text(value):
    """A review's text: <br/> as line breaks, other tags dropped, entities decoded."""
    text = _BREAK.sub("\n", value or "")
    return html.unescape(_TAG.sub("", text)).replace("\r\n", "\n").strip()


def _number(value, low, high):
    text = (value or "").strip()
    if not re.fullmatch(r"\d{1,9}", text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def decode(data):
    """The file's text: UTF-8 (a BOM allowed); anything else is not an export."""
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    if b"\x00" in data[:4096]:
        raise ExportError("This file is not a CSV file (it holds binary data).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError("This file is not UTF-8 text: export your library from Goodreads again.") from None


def parse(data):
    """(rows, problems) of an export; problems are (line, why) of rows left out."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    try:
        header = next(reader)
    except StopIteration:
        raise ExportError("This file is empty.") from None
    except csv.Error:
        raise ExportError("This file is not a CSV file.") from None
    header = [name.strip() for name in header]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ExportError(
            "This is not a Goodreads library export: it has no "
            + ", ".join(f"“{name}”" for name in missing)
            + " column. Export it from Goodreads (My Books, Import and export, Export Library)."
        )
    at = {name: header.index(name) for name in COLUMNS if name in header}
    rows, problems = [], []
    line = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append((line, f"unreadable CSV ({error})"))
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not any(value.strip() for value in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise ExportError(f"This export has more than {MAX_ROWS:,} books: split it, or ask us.")
        row, why = _row(start, values, at)
        if row is None:
            problems.append((start, why))
        else:
            rows.append(row)
    return rows, problems


def _row(line, values, at):
    def get(name):
        index = at.get(name)
        return unguarded(values[index].strip()) if index is not None and index < len(values) else ""

    title, series, position = split_series(get("Title"))
    if not title:
        return None, "no title"
    author = " ".join(get("Author").split())
    if not author:
        return None, "no author"
    additional = [" ".join(name.split()) for name in get("Additional Authors").split(",")]
    authors = tuple(dict.fromkeys([author, *(name for name in additional if name)]))
    shelf = get("Exclusive Shelf").lower()
    if shelf not in SHELVES:
        return None, f"unknown shelf “{get('Exclusive Shelf')[:40]}”" if shelf else "no shelf"
    rating = _number(get("My Rating"), 0, 5)
    custom = [name.strip() for name in get("Bookshelves").split(",") if name.strip()]
    tags = tuple(dict.fromkeys(name for name in custom if name.lower() not in SHELVES))
    return (
        Row(
            line=line,
            goodreads_id=get("Book Id"),
            title=title,
            series=series,
            series_position=position,
            authors=authors,
            isbn10=clean_isbn(get("ISBN")),
            isbn13=clean_isbn(get("ISBN13")),
            rating=rating or None,
            pages=_number(get("Number of Pages"), 1, 100_000),
            year=_number(get("Original Publication Year"), 1, 3000) or _number(get("Year Published"), 1, 3000),
            exclusive_shelf=shelf,
            shelves=tags,
            date_read=parse_date(get("Date Read")),
            date_added=parse_date(get("Date Added")),
            review=review_text(get("My Review")),
            spoiler=get("Spoiler").lower() in ("true", "1", "yes"),
            read_count=_number(get("Read Count"), 0, 10_000) or 0,
            binding=" ".join(get("Binding").split())[:100],
            publisher=" ".join(get("Publisher").split())[:200],
            year_published=_number(get("Year Published"), 1, 3000),
        ),
        None,
    )


# What a spreadsheet takes for the start of a formula: a cell that begins so is written after a quote,
# which spreadsheets show as text (OWASP's advice on CSV injection); the reader here takes it off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ISBN_CELL = re.compile(r'="[\dX]*"')


def guarded(value):
    """A cell a spreadsheet shows as it is: a title like =HYPERLINK(...) is never a live formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not ISBN_CELL.fullmatch(value):
        return "'" + value
    return value


def unguarded(value):
    return value[1:] if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_STARTS) else value


def write(rows):
    """rows (dicts keyed by COLUMNS) as an export Goodreads, StoryGraph or this site reads back."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: guarded(value) for name, value in row.items()})
    return out.getvalue()


def isbn_cell(isbn):
    """An ISBN as Goodreads writes it, so that spreadsheets keep its leading zeros."""
    return f'="{isbn}"'
