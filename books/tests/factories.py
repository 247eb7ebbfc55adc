"""Small builders for tests: real rows, sensible defaults, unique slugs."""

import itertools
from decimal import Decimal

from books.models import Author, Book, Edition, Series

_counter = itertools.count(1)
# What make_book passes to the book's first edition rather than to the book.
EDITION_FIELDS = {
    "pages",
    "format",
    "format_detail",
    "isbn13",
    "isbn10",
    "chapters",
    "audio_seconds",
    "language",
    "publisher",
}


def make_author(name=None, **fields):
    number = next(_counter)
    name = name or f"Author {number}"
    return Author.objects.create(name=name, slug=fields.pop("slug", f"author-{number}"), **fields)


def make_series(name=None, **fields):
    number = next(_counter)
    return Series.objects.create(name=name or f"Series {number}", slug=fields.pop("slug", f"series-{number}"), **fields)


def make_book(title=None, authors=(), series=None, position=None, **fields):
    """A book with its first edition (the main one), which takes the edition's fields: pages, format..."""
    number = next(_counter)
    edition_fields = {name: fields.pop(name) for name in list(fields) if name in EDITION_FIELDS}
    book = Book.objects.create(
        title=title or f"Book {number}",
        slug=fields.pop("slug", f"book-{number}"),
        series=series,
        series_position=Decimal(str(position)) if position is not None else None,
        **fields,
    )
    book.authors.set(authors or [make_author()])
    edition = Edition.objects.create(book=book, **edition_fields)
    Book.objects.filter(pk=book.pk).update(main_edition=edition)
    book.main_edition = edition
    return book


def make_edition(book, **fields):
    return Edition.objects.create(book=book, **fields)
