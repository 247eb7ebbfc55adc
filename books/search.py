"""Search: books, authors and series together.

PostgreSQL: full text over books (weighted title, authors and series, description; a GIN index), and
trigram similarity (pg_trgm, GIN indexes) for names and titles typed with a slip: "betrayl" still
finds The Betrayal, and the page asks "Did you mean …?". SQLite, for development: the same page over
icontains, without the typo tolerance.
"""

import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import BooleanField, F, Func, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .isbn import isbn13_or_none, looks_like_isbn
from .models import Author, Book, Series

# English with accents taken away (migration books.0011): "miserables" finds "Misérables".
SEARCH_CONFIG = "bookclub"
EXCERPT_LENGTH = 220
NAMES_SHOWN = 8
# How alike a slip and a word must be (pg_trgm's word similarity, 0 to 1) to be offered as a match.
SIMILAR = 0.45


def uses_full_text_search():
    return connection.vendor == "postgresql"


def search_terms(query):
    """The words of a query, without websearch operators: what to look for and highlight."""
    return [word for word in re.findall(r"\w+", query.casefold()) if word not in {"or", "and", "not"}]


def search_books(query):
    """Books matching the query, best first, with rating stats and authors ready for listing. An ISBN
    finds the book it is an edition of."""
    books = Book.objects.for_listing()
    if looks_like_isbn(query) and isbn13_or_none(query):
        return books.filter(editions__isbn13=isbn13_or_none(query)).order_by("title")
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


def similar_books(query):
    """Books whose title holds a word like what was typed (a slip), most alike first: PostgreSQL."""
    if not uses_full_text_search():
        return Book.objects.none()
    return (
        Book.objects.for_listing()
        .filter(title__trigram_word_similar=query)
        .annotate(similarity=TrigramWordSimilarity(query, "title"))
        .filter(similarity__gte=SIMILAR)
        .order_by("-similarity", "title")
    )


def search_names(model, query):
    """Authors or series whose name matches every word typed, or (PostgreSQL) is like it."""
    terms = search_terms(query)
    if not terms:
        return model.objects.none()
    condition = Q()
    for term in terms:
        condition &= Q(name__icontains=term)
    if uses_full_text_search():
        condition |= Q(name__trigram_word_similar=query)
        return model.objects.filter(condition).order_by(TrigramWordSimilarity(query, "name").desc(), "name")
    return model.objects.filter(condition).order_by("name")


def suggestion(query):
    """A title, author or series name like what was typed, when nothing matched it as typed: the
    "Did you mean" of the search page (PostgreSQL), or None."""
    if not uses_full_text_search() or not query:
        return None
    candidates = []
    for model, field in ((Book, "title"), (Author, "name"), (Series, "name")):
        best = (
            model.objects.filter(**{f"{field}__trigram_word_similar": query})
            .annotate(similarity=TrigramWordSimilarity(query, field))
            .order_by("-similarity")
            .values_list(field, "similarity")
            .first()
        )
        if best and best[1] >= SIMILAR:
            candidates.append(best)
    return max(candidates, key=lambda candidate: candidate[1])[0] if candidates else None


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
    # Only the vectors that differ: a save that changes no searched text changes nothing search finds.
    differs = Func(
        F("search_vector"),
        vector,
        arg_joiner=" IS DISTINCT FROM ",
        template="(%(expressions)s)",
        output_field=BooleanField(),
    )
    books.filter(differs).update(search_vector=vector)


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
        start, end = _word_bounds(book.description, found.start() - EXCERPT_LENGTH // 3, EXCERPT_LENGTH)
        snippet = book.description[start:end]
        excerpt = highlight(("…" if start else "") + snippet + ("…" if end < len(book.description) else ""), terms)
    return {"fields": matched, "excerpt": excerpt}


def _word_bounds(text, start, length):
    """(start, end) of about length characters of text from start, moved out to whole words."""
    start = max(0, start)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space != -1 else 0
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end
