"""Reading pages: catalogue, series, author and search. Each runs a fixed number of queries.

A book's own page shows reviews, shelves and discussions too: it lives above every app (bookclub.views).
"""

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch
from django.shortcuts import get_object_or_404, render

from pagecache.cache import shared_page
from pagecache.tags import tag

from .models import BEST_RATED_ORDER, LISTINGS, Author, Book, Series
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
    series = Series.objects.annotate(book_count=Count("books")).prefetch_related(
        Prefetch("books", queryset=Book.objects.in_reading_order().prefetch_related("authors"))
    )
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


@shared_page(lambda: [LISTINGS], params=("q", "page"))
def search(request):
    """Books, authors and series that match the words typed; on PostgreSQL, what is like them too."""
    query = request.GET.get("q", "").strip()[:200]
    context = {"query": query, "page_obj": None, "results": [], "authors": [], "series": [], "suggestion": None}
    if query:
        books = search_books(query)
        page = Paginator(books, BOOKS_PER_PAGE).get_page(request.GET.get("page"))
        similar = False
        if not page.paginator.count:
            # Nothing as typed: books whose titles are like it ("betrayl"), and what was probably meant.
            page = Paginator(similar_books(query), BOOKS_PER_PAGE).get_page(request.GET.get("page"))
            similar = bool(page.paginator.count)
            context["suggestion"] = suggestion(query)
        terms = search_terms(query)
        context.update(
            page_obj=page,
            similar=similar,
            results=[_result(book, terms) for book in page.object_list],
            authors=list(search_names(Author, query)[:NAMES_SHOWN]) if page.number == 1 else [],
            series=list(search_names(Series, query)[:NAMES_SHOWN]) if page.number == 1 else [],
        )
    return render(request, "books/search.html", context)


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
