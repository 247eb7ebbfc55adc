from django.shortcuts import render

from .models import Book


def home(request):
    """The catalogue at a glance: every book with its authors, series and rating."""
    books = Book.objects.for_listing().with_rating_stats().order_by("title")
    return render(request, "books/home.html", {"books": books})
