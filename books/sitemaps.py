from django.contrib.sitemaps import Sitemap

from .models import Author, Book, Series


class BookSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Book.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, book):
        return book.updated_at


class SeriesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Series.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, series):
        return series.updated_at


class AuthorSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Author.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, author):
        return author.updated_at


sitemaps = {"books": BookSitemap, "series": SeriesSitemap, "authors": AuthorSitemap}
