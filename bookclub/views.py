"""Project-level pages that put several apps together."""

from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from books.cache import LISTINGS
from books.models import Book, Series
from pagecache.cache import shared_page
from reviews.models import Review

HOME_BOOKS = 8
HOME_SERIES = 6
HOME_REVIEWS = 6


@shared_page(lambda: [LISTINGS])
def home(request):
    """Recently added and top-rated books, series, and the latest reviews."""
    series = (
        Series.objects.annotate(book_count=Count("books"))
        .prefetch_related(Prefetch("books", queryset=Book.objects.in_reading_order()))
        .order_by("-updated_at", "name")[:HOME_SERIES]
    )
    context = {
        "recent_books": Book.objects.for_listing().recently_added()[:HOME_BOOKS],
        "top_books": Book.objects.for_listing().top_rated()[:HOME_BOOKS],
        "series_list": series,
        "latest_reviews": Review.objects.recent().select_related("reviewer", "book")[:HOME_REVIEWS],
    }
    return render(request, "home.html", context)


@require_GET
def health(request):
    """For load balancers and uptime checks: the app answers. Also the benchmark's baseline, a page
    that goes through the whole middleware stack and nothing else."""
    return HttpResponse("ok\n", content_type="text/plain")


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
