"""Book search: PostgreSQL full text where available, a simple fallback on SQLite; one page for both."""

import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Author, Book, Series

SEARCH_CONFIG = "english"
EXCERPT_LENGTH = 220


def uses_full_text_search():
    return connection.vendor == "postgresql"


def search_terms(query):
    """The words of a query, without websearch operators: what to look for and highlight."""
    return [word for word in re.findall(r"\w+", query.casefold()) if word not in {"or", "and", "not"}]


def search_books(query):
    """Books matching the query, best first, with rating stats and authors ready for listing."""
    books = Book.objects.for_listing()
    if uses_full_text_search():
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            books.filter(search_vector=search_query)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank", "title")
        )
    terms = search_terms(query)
    if not terms:
        return books.none()
    condition = Q()
    for term in terms:
        condition &= (
            Q(title__icontains=term)
            | Q(authors__name__icontains=term)
            | Q(series__name__icontains=term)
            | Q(description__icontains=term)
        )
    # A subquery, so the authors join cannot repeat a book.
    return books.filter(pk__in=Book.objects.filter(condition).values("pk")).order_by("title")


def refresh_search_vectors(book_ids=None):
    """Recompute the stored search vector of these books (all when None), on PostgreSQL."""
    if not uses_full_text_search():
        return
    author_names = (
        Author.objects.filter(books=OuterRef("pk"))
        .order_by()
        .values("books")
        .annotate(names=StringAgg("name", delimiter=" "))
        .values("names")
    )
    series_name = Series.objects.filter(pk=OuterRef("series_id")).values("name")
    vector = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(Subquery(author_names), Value(""), output_field=TextField()), weight="B", config=SEARCH_CONFIG
        )
        + SearchVector(
            Coalesce(Subquery(series_name), Value(""), output_field=TextField()), weight="B", config=SEARCH_CONFIG
        )
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )
    books = Book.objects.all() if book_ids is None else Book.objects.filter(pk__in=book_ids)
    books.update(search_vector=vector)


def _word_pattern(terms):
    # Stems, so "betrayed" also marks "betrayal" as full-text search would match it.
    stems = sorted({term[: max(4, len(term) - 2)] if len(term) > 4 else term for term in terms}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.IGNORECASE)


def highlight(text, terms):
    """Escaped text with the matching words in <mark>."""
    if not terms:
        return escape(text)
    pattern = _word_pattern(terms)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last : match.start()]), "<mark>", escape(match.group(0)), "</mark>"]
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


def describe_match(book, terms):
    """Which fields matched, and an excerpt of the description around the first match."""
    pattern = _word_pattern(terms) if terms else None
    fields = {
        "title": book.title,
        "author": " ".join(author.name for author in book.authors.all()),
        "series": book.series.name if book.series_id else "",
        "description": book.description,
    }
    matched = [name for name, text in fields.items() if pattern and pattern.search(text)]
    excerpt = ""
    if "description" in matched:
        found = pattern.search(book.description)
        start = max(0, found.start() - EXCERPT_LENGTH // 3)
        snippet = book.description[start : start + EXCERPT_LENGTH]
        excerpt = highlight(
            ("…" if start else "") + snippet + ("…" if start + EXCERPT_LENGTH < len(book.description) else ""), terms
        )
    return {"fields": matched, "excerpt": excerpt}
