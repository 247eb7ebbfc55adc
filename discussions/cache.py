"""The cached pages that show discussions (see pagecache)."""

from django.db.models import Q

from books.cache import book_tag
from books.models import Book
from pagecache.cache import invalidate


def thread_tag(pk):
    return f"thread:{pk}"


def thread_pages_changed(thread_ids, book_ids=()):
    """These threads' pages, and the pages and boards of their books (and of book_ids), which list
    the latest threads. One query."""
    books = Book.objects.filter(Q(pk__in=book_ids) | Q(threads__in=thread_ids)).distinct()
    invalidate(
        *(thread_tag(pk) for pk in thread_ids), *(book_tag(slug) for slug in books.values_list("slug", flat=True))
    )
