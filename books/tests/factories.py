"""Small builders for tests: real rows, sensible defaults, unique slugs."""

import itertools
from decimal import Decimal

from books.models import Author, Book, Series

_counter = itertools.count(1)


def make_author(name=None, **fields):
    number = next(_counter)
    name = name or f"Author {number}"
    return Author.objects.create(name=name, slug=fields.pop("slug", f"author-{number}"), **fields)


def make_series(name=None, **fields):
    number = next(_counter)
    return Series.objects.create(name=name or f"Series {number}", slug=fields.pop("slug", f"series-{number}"), **fields)


def make_book(title=None, authors=(), series=None, position=None, **fields):
    number = next(_counter)
    book = Book.objects.create(
        title=title or f"Book {number}",
        slug=fields.pop("slug", f"book-{number}"),
        series=series,
        series_position=Decimal(str(position)) if position is not None else None,
        **fields,
    )
    book.authors.set(authors or [make_author()])
    return book
