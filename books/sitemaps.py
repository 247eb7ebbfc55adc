from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef

from .models import Author, Book, Series


def checked_books():
    """Books a librarian has checked (or that came from a source): what search engines are told of. A
    member's new book waits outside until then, and so do authors and series known only from such."""
    return Book.objects.filter(needs_review=False)


class SlugSitemap(Sitemap):
    """Every listed row of a model with a slug-based get_absolute_url, newest edit as lastmod."""

    model = None

    def listed(self):
        return self.model.objects.filter(Exists(checked_books().filter(**{self.through: OuterRef("pk")})))

    def items(self):
        return self.listed().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class BookSitemap(SlugSitemap):
    model = Book

    def listed(self):
        return checked_books()

    changefreq = "daily"
    priority = 0.8


class SeriesSitemap(SlugSitemap):
    model = Series
    through = "series"
    changefreq = "weekly"
    priority = 0.6


class AuthorSitemap(SlugSitemap):
    model = Author
    through = "authors"
    changefreq = "weekly"
    priority = 0.6


sitemaps = {"books": BookSitemap, "series": SeriesSitemap, "authors": AuthorSitemap}
