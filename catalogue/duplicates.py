"""The books a new one may duplicate, shown before anything is saved ("Is it one of these?"): the same
ISBN, the same title (as matching reads it) with an author in common, and on PostgreSQL titles that
look alike (pg_trgm, on its GIN index). A fixed number of queries, whatever the catalogue's size."""

from django.contrib.postgres.search import TrigramDistance
from django.db import connection

from books.models import Book, Edition
from core.text import normalise

SHOWN = 6
# How alike two titles must be (pg_trgm's similarity, 0 to 1) to ask whether they are one book.
ALIKE = 0.45


def likely_duplicates(*, title="", author_names=(), isbn13="", exclude=None):
    """Books the catalogue has that may be this one, the likeliest first (each with .why)."""
    found = {}

    def add(books, why):
        for book in books:
            if book.pk != exclude and book.pk not in found and len(found) < SHOWN:
                book.why = why
                found[book.pk] = book

    listing = Book.objects.select_related("main_edition").prefetch_related("authors")
    if isbn13:
        add(listing.filter(editions__isbn13=isbn13), "has an edition with this ISBN")
    key = Book.make_title_key(title)
    wanted = [normalise(name) for name in author_names if name]
    if key and wanted:
        add(
            listing.filter(title_key=key, authors__name_key__in=wanted).distinct().order_by("pk")[:SHOWN],
            "has the same title and author",
        )
    if key and connection.vendor == "postgresql":
        # The nearest titles, by walking the GiST trigram index (books.0012): a few milliseconds at any
        # size; then only those alike enough.
        nearest = listing.annotate(distance=TrigramDistance("title", title)).order_by("distance")[:SHOWN]
        add([book for book in nearest if book.distance <= 1 - ALIKE], "has a title like it")
    elif key:
        add(listing.filter(title_key=key).order_by("pk")[:SHOWN], "has the same title")
    return list(found.values())


def edition_with_isbn(isbn13):
    return Edition.objects.filter(isbn13=isbn13).select_related("book").first() if isbn13 else None
