"""Books' stored rating figures: the source's histogram plus members' visible ratings.

Listings show an average beside every book and the catalogue sorts by it; aggregating a million
reviews on each request is what makes such pages slow. So the figures are stored on the book
(Book.ratings_5 ... Book.rating_average) and recomputed from scratch here, for each book a write
touches, in that write's transaction. Recomputing rather than adding and subtracting means a figure
can never drift, whatever path wrote the review (services, the admin, loaddata, moderation).
"""

from django.db import transaction
from django.db.models import Count

from books.models import STARS, Book

from .models import RatingHistogram, Review

FIELDS = [*(f"ratings_{star}" for star in STARS), "rating_count", "rating_average"]
CHUNK = 2_000


def book_ratings_refresh(book_ids):
    """Recompute the stored rating figures of these books (all of them when book_ids is None)."""
    if book_ids is None:
        book_ids = Book.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=CHUNK)
    ids = sorted(set(book_ids))
    for start in range(0, len(ids), CHUNK):
        _refresh(ids[start : start + CHUNK])


@transaction.atomic
def _refresh(ids):
    # Lock the books first, in one order, so that two members rating one book at once are counted one
    # after the other: the second count starts once the first transaction has committed. NO KEY, so
    # the lock does not wait for transactions that merely insert reviews pointing at the book.
    locked = list(Book.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk").values_list("pk"))
    counts = {pk: dict.fromkeys(STARS, 0) for (pk,) in locked}
    star_fields = [f"stars_{star}" for star in STARS]
    for row in RatingHistogram.objects.filter(book_id__in=counts).values("book_id", *star_fields):
        for star in STARS:
            counts[row["book_id"]][star] += row[f"stars_{star}"]
    member_ratings = (
        Review.objects.by_members()
        .visible()
        .filter(book_id__in=counts, rating__isnull=False)
        .values("book_id", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in member_ratings:
        counts[row["book_id"]][row["rating"]] += row["n"]
    books = []
    for pk, per_star in counts.items():
        total = sum(per_star.values())
        book = Book(pk=pk, rating_count=total)
        book.rating_average = sum(star * n for star, n in per_star.items()) / total if total else None
        for star, n in per_star.items():
            setattr(book, f"ratings_{star}", n)
        books.append(book)
    Book.objects.bulk_update(books, FIELDS, batch_size=500)
