"""Reading pages: catalogue, series, author and search. Each runs a fixed number of queries.

A book's own page shows reviews, shelves and discussions too: it lives above every app (bookclub.views).
"""

import hashlib

from django.core.paginator import Paginator
from django.db.models import Case, F, Value, When
from django.shortcuts import get_object_or_404, render

from pagecache.cache import SITE, remember, shared_page
from pagecache.tags import tag

from .models import BEST_RATED_ORDER, LISTINGS, SEARCH, Author, Book, Edition, Series
from .pagination import page_by_keys
from .search import (
    NAMES_SHOWN,
    describe_match,
    search_books,
    search_names,
    search_terms,
    similar_books,
    suggestion,
)

BOOKS_PER_PAGE = 24
SERIES_PER_PAGE = 24

CATALOGUE_SORTS = {
    "title": ("Title", ["title"]),
    "rating": ("Average rating", BEST_RATED_ORDER),
    "ratings": ("Number of ratings", [F("rating_count").desc(), "title"]),
}


@shared_page(lambda: [LISTINGS], params=("page", "sort"))
def catalogue(request):
    sort = request.GET.get("sort") if request.GET.get("sort") in CATALOGUE_SORTS else "title"
    ordered = Book.objects.order_by(*CATALOGUE_SORTS[sort][1])
    page = page_by_keys(ordered, Book.objects.for_listing(), BOOKS_PER_PAGE, request.GET.get("page"))
    return render(
        request,
        "books/catalogue.html",
        {"page_obj": page, "books": page.object_list, "sort": sort, "sorts": CATALOGUE_SORTS},
    )


def series_list(request):
    series = Series.objects.for_cards()
    page = page_by_keys(Series.objects.order_by("name"), series, SERIES_PER_PAGE, request.GET.get("page"))
    return render(request, "books/series_list.html", {"page_obj": page, "series_list": page.object_list})


@shared_page(lambda slug: [tag("series", slug)])
def series_detail(request, slug):
    series = get_object_or_404(Series, slug=slug)
    books = list(series.books.prefetch_related("authors").in_reading_order())
    authors = list({author.pk: author for book in books for author in book.authors.all()}.values())
    # Whole numbers up to the last book that no book here has: readers should know they are not missing.
    numbered = {int(book.series_position) for book in books if book.series_position is not None}
    missing = [position for position in range(1, max(numbered, default=0)) if position not in numbered]
    context = {"series": series, "books": books, "authors": authors, "missing": missing}
    return render(request, "books/series_detail.html", context)


@shared_page(lambda slug: [tag("author", slug)])
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    books = list(
        author.books.select_related("series").order_by(
            F("series__name").asc(nulls_last=True), F("series_position").asc(nulls_last=True), "title"
        )
    )
    in_series = [book for book in books if book.series_id]
    standalone = [book for book in books if not book.series_id]
    return render(
        request,
        "books/author_detail.html",
        {"author": author, "books_in_series": in_series, "standalone_books": standalone, "book_count": len(books)},
    )


EDITIONS_PER_PAGE = 50


@shared_page(lambda slug: [tag("book", slug)], params=("page",))
def editions(request, slug):
    """Every edition of a book, the main one first, fifty to a page."""
    book = get_object_or_404(Book, slug=slug)
    main_first = Case(When(pk=book.main_edition_id, then=Value(0)), default=Value(1))
    listed = Edition.objects.filter(book=book).for_listing().order_by(main_first, "-published_on", "pk")
    page = Paginator(listed, EDITIONS_PER_PAGE).get_page(request.GET.get("page"))
    for edition in page.object_list:
        edition.book = book
    context = {"book": book, "page_obj": page, "editions": page.object_list, "edition_count": page.paginator.count}
    return render(request, "books/editions.html", context)


@shared_page(lambda: [LISTINGS], params=("q", "page"))
def search(request):
    """Books, authors and series that match the words typed; on PostgreSQL, what is like them too.

    Which books, authors and series match, in what order, is remembered apart from the page (under the
    tag SEARCH, which only what search reads changes): a new rating makes the page stale for its figures,
    and the page is then put together from the remembered ranking instead of ranking the catalogue again.
    """
    query = request.GET.get("q", "").strip()[:200]
    context = {"query": query, "page_obj": None, "results": [], "authors": [], "series": [], "suggestion": None}
    if query:
        asked_page = request.GET.get("page") or "1"
        fetched = {}

        def find():
            fetched.update(_search(query, asked_page))
            return _ranking(fetched)

        key = "books:search:" + hashlib.sha256(f"{query}\n{asked_page}".encode()).hexdigest()
        found = remember(key, [SITE, SEARCH], find)
        if not fetched:
            fetched = _search_from_ranking(found)
        terms = search_terms(query)
        context.update(
            page_obj=fetched["page"],
            similar=fetched["similar"],
            suggestion=fetched["suggestion"],
            results=[_result(book, terms) for book in fetched["books"]],
            authors=fetched["authors"],
            series=fetched["series"],
        )
    return render(request, "books/search.html", context)


def _search(query, asked_page):
    """What the search page shows for query and its page: books (with their figures), authors, series."""
    page = Paginator(search_books(query), BOOKS_PER_PAGE).get_page(asked_page)
    similar, suggested = False, None
    if not page.paginator.count:
        # Nothing as typed: books whose titles are like it ("betrayl"), and what was probably meant.
        page = Paginator(similar_books(query), BOOKS_PER_PAGE).get_page(asked_page)
        similar = bool(page.paginator.count)
        suggested = suggestion(query)
    first = page.number == 1
    return {
        "page": page,
        "books": list(page.object_list),
        "similar": similar,
        "suggestion": suggested,
        "authors": list(search_names(Author, query)[:NAMES_SHOWN]) if first else [],
        "series": list(search_names(Series, query)[:NAMES_SHOWN]) if first else [],
    }


def _ranking(fetched):
    """The search's answer as ids, to be remembered: figures and names are read fresh each render."""
    return {
        "count": fetched["page"].paginator.count,
        "number": fetched["page"].number,
        "books": [book.pk for book in fetched["books"]],
        "similar": fetched["similar"],
        "suggestion": fetched["suggestion"],
        "authors": [author.pk for author in fetched["authors"]],
        "series": [one.pk for one in fetched["series"]],
    }


def _search_from_ranking(found):
    """_search()'s answer again from a remembered ranking: the rows by id, in the ranking's order."""

    def in_order(queryset, ids):
        rows = queryset.in_bulk(ids) if ids else {}
        return [rows[pk] for pk in ids if pk in rows]

    return {
        # A paginator over the count alone: the page's rows are the ones read here.
        "page": Paginator(range(found["count"]), BOOKS_PER_PAGE).get_page(found["number"]),
        "books": in_order(Book.objects.for_listing(), found["books"]),
        "similar": found["similar"],
        "suggestion": found["suggestion"],
        "authors": in_order(Author.objects.all(), found["authors"]),
        "series": in_order(Series.objects.all(), found["series"]),
    }


def _result(book, terms):
    match = describe_match(book, terms)
    return {
        "book": book,
        "title": book.title,
        "authors": ", ".join(author.name for author in book.authors.all()),
        "series_line": book.series_line,
        "fields": match["fields"],
        "excerpt": match["excerpt"],
    }
