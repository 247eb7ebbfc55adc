"""The cached pages that show books, and how a change to a book's figures reaches them (see pagecache)."""

from pagecache.cache import invalidate

from .models import Book

# Pages that list books with their ratings: home, the catalogue, search results.
LISTINGS = "listings"


def book_tag(slug):
    """A book's page and its discussion board."""
    return f"book:{slug}"


def series_tag(slug):
    return f"series:{slug}"


def author_tag(slug):
    return f"author:{slug}"


def book_pages_changed(book_ids, listings=True):
    """What these books show changed: their pages, and with listings their series' and authors' pages
    and the listings, which show each book's rating. One query."""
    books = Book.objects.filter(pk__in=book_ids)
    if not listings:
        invalidate(*(book_tag(slug) for slug in books.values_list("slug", flat=True)))
        return
    tags = {LISTINGS}
    for slug, series_slug, author_slug in books.values_list("slug", "series__slug", "authors__slug"):
        tags |= {book_tag(slug), series_slug and series_tag(series_slug), author_slug and author_tag(author_slug)}
    invalidate(*tags)
