"""Pages that put several apps together: home, a book's page, a reader's profile.

They sit here, above every app, so that books and accounts never need to know the apps built on them.
Each is a shared page (pagecache): rendered as an anonymous visitor sees it, each visitor's own part
filled in holes.
"""

import sys

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import F
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from accounts.models import User
from books.models import LISTINGS, STARS, Book, Edition, Series
from clubs.models import Club
from pagecache.cache import SITE, remember, shared_page
from pagecache.holes import nonce
from pagecache.tags import tag
from reviews.models import Review
from shelves.models import Shelf, ShelfEntry, readers_on_shelves

from .feed import parse_cursor
from .holes import feed_context
from .structured_data import book_structured_data, review_item

HOME_BOOKS = 8
HOME_SERIES = 6
HOME_REVIEWS = 6
REVIEWS_PER_PAGE = 30
LATEST_THREADS = 3
PROFILE_REVIEWS = 20
REVIEW_SORTS = {"newest": "Newest first", "oldest": "Oldest first", "liked": "Most liked"}
STAR_FILTERS = [(None, "All"), *((stars, f"{stars} star{'s' if stars > 1 else ''}") for stars in STARS)]


@shared_page(lambda: [LISTINGS])
def home(request):
    """Recently added and top-rated books, series, and the latest reviews."""
    series = Series.objects.for_cards().order_by("-updated_at", "name")[:HOME_SERIES]
    context = {
        "recent_books": Book.objects.for_listing().recently_added()[:HOME_BOOKS],
        "top_books": Book.objects.for_listing().top_rated()[:HOME_BOOKS],
        "series_list": series,
        "latest_reviews": Review.objects.recent().select_related("reviewer", "book")[:HOME_REVIEWS],
    }
    return render(request, "home.html", context)


CLUBS_READING = 5
PROFILE_READING = 6
# The editions the book page lists; the rest are on its editions page.
EDITIONS_SHOWN = 5


@shared_page(lambda slug: [tag("book", slug)], params=("page", "sort", "stars"))
def book_page(request, slug):
    """A book: its facts and figures, members' shelves, reviews page by page, blog reviews, the
    latest threads and the authors."""
    book = get_object_or_404(
        Book.objects.select_related("series", "main_edition", "added_by")
        .prefetch_related("authors")
        .annotate(**readers_on_shelves(), edition_count=Edition.objects.counted_for_book()),
        slug=slug,
    )
    editions = list(Edition.objects.first_for_page(book, EDITIONS_SHOWN))
    previous_book, next_book = book.series_neighbours()
    review_list = remember(
        f"bookclub:reviews:{book.pk}:{request.get_host()}{request.get_full_path()}|{book.source_review_count}|{nonce()}",
        [SITE, tag("reviews", book.slug)],
        lambda: _review_list(request, book),
    )
    canonical = request.build_absolute_uri(book.get_absolute_url())
    return render(
        request,
        "book.html",
        {
            "book": book,
            "authors": list(book.authors.all()),
            "main_edition": book.main_edition,
            "editions": editions,
            "previous_book": previous_book,
            "next_book": next_book,
            "rating_rows": book.rating_rows(),
            "currently_reading": book.source_currently_reading_count + book.members_currently_reading,
            "want_to_read": book.source_want_to_read_count + book.members_want_to_read,
            "review_list": review_list,
            "blog_reviews": list(
                Review.objects.filter(book=book).blog().select_related("reviewer", "same_as__reviewer").order_by("pk")
            ),
            "threads": list(book.threads.on_boards().for_board()[:LATEST_THREADS]),
            "clubs_reading": list(Club.objects.reading(book)[:CLUBS_READING]),
            "canonical_url": canonical,
            "structured_data": book_structured_data(
                book, review_list["structured"], canonical, request, editions=editions
            ),
        },
    )


def _review_list(request, book):
    """One page of the book's reviews, as HTML and as structured data: kept under the book's `reviews`
    tag, which a rating alone does not touch (reviews.models.Review.page_tags)."""
    sort = request.GET.get("sort") if request.GET.get("sort") in REVIEW_SORTS else "newest"
    stars = next((stars for stars, _ in STAR_FILTERS if str(stars) == request.GET.get("stars")), None)
    reviews = Review.objects.filter(book=book).listed().for_display()
    if stars:
        reviews = reviews.rated(stars)
    reviews = {"newest": reviews.newest_first, "oldest": reviews.oldest_first, "liked": reviews.most_liked}[sort]()
    review_page = Paginator(reviews, REVIEWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "book": book,
        "page_obj": review_page,
        "reviews": review_page.object_list,
        "review_sort": sort,
        "review_sorts": REVIEW_SORTS,
        "review_stars": stars,
        "star_filters": STAR_FILTERS,
    }
    return {
        "html": mark_safe(render_to_string("reviews/_community_reviews.html", context, request=request)),
        "structured": [review_item(review) for review in review_page.object_list],
    }


@shared_page(lambda username: [tag("member", username)])
def profile(request, username):
    """A reader's page: who they are, their figures and their latest reviews (imported reviewers too)."""
    person = get_object_or_404(User.objects.exclude(imported_from=User.Source.DELETED), username=username)
    reviews = Review.objects.filter(reviewer=person)
    by_shelf = ShelfEntry.objects.shelf_counts(person)
    context = {
        "person": person,
        "reviews": reviews.listed().select_related("book").newest_first()[:PROFILE_REVIEWS],
        "review_count": reviews.listed().count(),
        "rating_count": reviews.by_members().visible().filter(rating__isnull=False).count(),
        "follower_count": person.follower_links.count(),
        "following_count": person.following_links.count(),
        "shelves": [(value, label, by_shelf[value]) for value, label in Shelf.choices],
        "reading": list(
            ShelfEntry.objects.filter(user=person, shelf=Shelf.CURRENTLY_READING)
            .select_related("book")
            .order_by(F("progress_at").desc(nulls_last=True), "-updated_at")[:PROFILE_READING]
        ),
    }
    return render(request, "profile.html", context)


@login_required
def feed(request):
    """The member's feed, page after page (the first is on the home page)."""
    before = parse_cursor(request.GET.get("before"))
    return render(request, "feed.html", feed_context(request.user, before=before))


@require_GET
def alive(request):
    """The process answers: for a supervisor that restarts stuck workers. Also the benchmark's
    baseline, a page that goes through the whole middleware stack and nothing else."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def health(request):
    """Ready to serve, for load balancers: 200 while the database answers (the cache only speeds
    pages up, so without it the site is degraded, not down), 503 otherwise; each part named."""
    parts = {"database": _database_answers(), "cache": _cache_answers()}
    body = "".join(f"{name}: {'ok' if ok else 'down'}\n" for name, ok in parts.items())
    return HttpResponse(body, content_type="text/plain", status=200 if parts["database"] else 503)


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def _cache_answers():
    ping = getattr(cache, "ping", None)  # the Redis backend's (pagecache.backends); local memory always is
    return ping() if ping else True


def server_error(request):
    """An error page that cannot fail itself: no database, no holes. A database that cannot be
    reached is a 503, said so, with a hint to come back (the site recovers by itself)."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
    return render(request, "500.html", status=500)


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: the site's icon is an SVG."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('django.contrib.sitemaps.views.sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
