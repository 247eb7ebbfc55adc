from django.contrib.sitemaps import Sitemap

from .models import Author, Book, Series


class SlugSitemap(Sitemap):
    """Every row of a model with a slug-based get_absolute_url, newest edit as lastmod."""

    model = None

    def items(self):
        return self.model.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class BookSitemap(SlugSitemap):
    model = Book
    changefreq = "daily"
    priority = 0.8


class SeriesSitemap(SlugSitemap):
    model = Series
    changefreq = "weekly"
    priority = 0.6


class AuthorSitemap(SlugSitemap):
    model = Author
    changefreq = "weekly"
    priority = 0.6


sitemaps = {"books": BookSitemap, "series": SeriesSitemap, "authors": AuthorSitemap}
