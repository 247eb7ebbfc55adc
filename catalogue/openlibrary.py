"""Open Library's data dumps read into the catalogue (manage.py import_openlibrary).

A dump is a gzipped (or plain) text file, one record a line, five tab-separated columns: the type
(/type/author, /type/work, /type/edition), the key (/authors/OL23919A), the revision, the time it was
last changed, and the record as JSON. Authors become authors, works books, editions editions, each
keyed by its Open Library id, which is stored: importing again updates the same rows, and a member's
ISBN or a Goodreads import finds the same edition.

Nothing is written until every line of every file has been read and found well formed: a malformed
line stops the import with its file and line number. The writing is then one transaction, in chunks of
bulk statements: an import is all in, or not at all.
"""

import gzip
import json
import zlib
from dataclasses import dataclass, field
from datetime import date

from books.isbn import isbn13_or_none, isbn_ten
from books.languages import code_from_marc
from books.models import DatePrecision, format_of

TYPES = {"authors": "/type/author", "works": "/type/work", "editions": "/type/edition"}
MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip


class DumpError(ValueError):
    """A line that is not what a dump holds: FILE:LINE: what was expected, and what was found."""


def open_dump(path):
    opened = open(path, "rb")  # noqa: SIM115 closed by the caller's with
    magic = opened.read(2)
    opened.seek(0)
    if magic == b"\x1f\x8b":
        return gzip.open(opened, "rt", encoding="utf-8", newline="\n")
    opened.close()
    return open(path, encoding="utf-8", newline="\n")


def records(path, kind):
    """(line number, key, record) of each line of a dump of kind ("authors", "works", "editions");
    DumpError for the first line that is not a well-formed record of that kind."""
    expected = TYPES[kind]
    with open_dump(path) as lines:
        try:
            for number, line in enumerate(lines, start=1):
                line = line.rstrip("\n")
                if not line.strip():
                    continue
                columns = line.split("\t")
                if len(columns) != 5:
                    raise DumpError(f"{path}:{number}: expected 5 tab-separated columns, found {len(columns)}")
                type_, key, _, _, body = columns
                if type_ != expected:
                    raise DumpError(f"{path}:{number}: expected a record of type {expected}, found {type_[:40]!r}")
                prefix = {"authors": "/authors/OL", "works": "/works/OL", "editions": "/books/OL"}[kind]
                if not key.startswith(prefix) or len(key) > 40:
                    raise DumpError(f"{path}:{number}: expected a key like {prefix}123, found {key[:40]!r}")
                try:
                    record = json.loads(body)
                except json.JSONDecodeError as error:
                    raise DumpError(f"{path}:{number}: expected a JSON record, found {error.msg.lower()}") from None
                if not isinstance(record, dict):
                    raise DumpError(f"{path}:{number}: expected a JSON object, found {type(record).__name__}")
                yield number, key.rsplit("/", 1)[1], record
        except UnicodeDecodeError as error:
            raise DumpError(f"{path}: expected UTF-8 text ({error.reason})") from None
        except (OSError, EOFError, zlib.error) as error:
            raise DumpError(f"{path}: expected a gzipped or plain dump ({error})") from None


def text(value, limit):
    """A string field, or Open Library's {"type": "/type/text", "value": ...}: flattened, cut to limit."""
    if isinstance(value, dict):
        value = value.get("value", "")
    if not isinstance(value, str):
        return ""
    return value.replace("\r\n", "\n").strip()[:limit]


def keys(values, inner=None):
    """The ids of [{"key": "/authors/OL1A"}] (or [{"author": {"key": ...}}] with inner="author")."""
    found = []
    for value in values if isinstance(values, list) else []:
        if inner and isinstance(value, dict):
            value = value.get(inner)
        key = value.get("key") if isinstance(value, dict) else None
        if isinstance(key, str) and key.count("/") == 2:
            found.append(key.rsplit("/", 1)[1])
    return found


def publication(value):
    """(date, precision) for Open Library's free-text dates: "1998", "March 1998", "March 5, 1998",
    "1998-03-05"; (None, "year") when there is no year."""
    words = str(value or "").replace(",", " ").replace("-", " ").replace(".", " ").lower().split()
    year = next((int(w) for w in words if w.isdigit() and len(w) == 4 and 1000 <= int(w) <= 2100), None)
    if year is None:
        return None, DatePrecision.YEAR
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    numbers = [int(w) for w in words if w.isdigit() and len(w) <= 2]
    if month is None and len(numbers) >= 1 and 1 <= numbers[0] <= 12 and str(value).strip()[:4].isdigit():
        month, numbers = numbers[0], numbers[1:]  # 1998-03-05
    day = next((n for n in numbers if 1 <= n <= 31), None) if month else None
    try:
        if month and day:
            return date(year, month, day), DatePrecision.DAY
        if month:
            return date(year, month, 1), DatePrecision.MONTH
    except ValueError:
        pass
    return date(year, 1, 1), DatePrecision.YEAR


@dataclass
class Edition:
    key: str
    work: str
    title: str
    isbn13: str
    isbn10: str
    pages: int | None
    language: str
    format: str
    format_detail: str
    publisher: str
    published: tuple
    authors: list = field(default_factory=list)
    translators: list = field(default_factory=list)


def edition(key, record):
    """The edition a record describes (its first valid ISBN, its first work), or None without a work."""
    works = keys(record.get("works"))
    if not works:
        return None
    isbns = (
        [*record.get("isbn_13", []), *record.get("isbn_10", [])] if isinstance(record.get("isbn_13", []), list) else []
    )
    isbn13 = next((found for found in map(isbn13_or_none, [str(i) for i in isbns]) if found), "")
    pages = record.get("number_of_pages")
    languages = [code_from_marc(code) for code in keys(record.get("languages"))]
    physical = text(record.get("physical_format"), 100)
    contributors = record.get("contributors") or record.get("contributions") or []
    translators = [
        text(person.get("name"), 200)
        for person in contributors
        if isinstance(person, dict) and "translat" in str(person.get("role", "")).lower() and person.get("name")
    ]
    publishers = record.get("publishers") or []
    title = text(record.get("title"), 250)
    subtitle = text(record.get("subtitle"), 45)
    return Edition(
        key=key,
        work=works[0],
        title=f"{title}: {subtitle}" if title and subtitle else title,
        isbn13=isbn13,
        isbn10=isbn_ten(isbn13),
        pages=pages if isinstance(pages, int) and 0 < pages < 100_000 else None,
        language=next((code for code in languages if code), "") or "",
        format=format_of(physical),
        format_detail=physical,
        publisher=text(publishers[0], 200) if isinstance(publishers, list) and publishers else "",
        published=publication(record.get("publish_date")),
        authors=keys(record.get("authors")),
        translators=translators,
    )


@dataclass
class Work:
    key: str
    title: str
    description: str
    first_published: tuple
    authors: list


def work(key, record):
    title = text(record.get("title"), 250)
    subtitle = text(record.get("subtitle"), 45)
    return Work(
        key=key,
        title=(f"{title}: {subtitle}" if title and subtitle else title) or "Untitled",
        description=text(record.get("description"), 10_000),
        first_published=publication(record.get("first_publish_date")),
        authors=keys(record.get("authors"), inner="author"),
    )


@dataclass
class Author:
    key: str
    name: str
    bio: str


def author(key, record):
    return Author(key=key, name=text(record.get("name"), 200) or "Unknown author", bio=text(record.get("bio"), 10_000))
