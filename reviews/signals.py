"""Stored rating figures and cached pages follow every write to reviews, from any path.

Receivers rather than service calls because the admin and loaddata write reviews and histograms too.
Writes through QuerySet.update() send no signals: they call reviews.ratings and books.cache themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.cache import member_pages_changed, member_rows_changed
from books.cache import book_pages_changed
from books.models import Book
from pagecache.cache import invalidate_everything

from .models import RatingHistogram, Review, ReviewComment, ReviewLike
from .ratings import book_ratings_refresh


@receiver(post_save, sender=Review)
@receiver(post_delete, sender=Review)
@receiver(post_save, sender=RatingHistogram)
@receiver(post_delete, sender=RatingHistogram)
def ratings_changed(sender, instance, raw=False, **kwargs):
    # A review moved to another book in the admin changes the figures of both.
    book_ids = {instance.book_id, getattr(instance, "loaded_book_id", None)} - {None}
    book_ratings_refresh(book_ids)
    if raw:
        invalidate_everything()  # loaddata: the rows a page shows may not all be there yet
    else:
        book_pages_changed(book_ids)
        if getattr(instance, "reviewer_id", None):
            member_pages_changed([instance.reviewer_id])
    if getattr(instance, "reviewer_id", None):
        member_rows_changed("reviews", [instance.reviewer_id])


@receiver(post_save, sender=Book)
def book_saved(sender, instance, update_fields=None, **kwargs):
    """A book saved whole (the admin, loaddata) writes back the figures it was loaded with; recount."""
    if update_fields is None or set(update_fields) & {"rating_count", "rating_average"}:
        book_ratings_refresh([instance.pk])


@receiver(post_save, sender=ReviewLike)
@receiver(post_delete, sender=ReviewLike)
@receiver(post_save, sender=ReviewComment)
@receiver(post_delete, sender=ReviewComment)
def engagement_changed(sender, instance, raw=False, **kwargs):
    if sender is ReviewLike:
        member_rows_changed("likes", [instance.user_id])
    if raw:
        invalidate_everything()
    else:
        book_pages_changed(Review.objects.filter(pk=instance.review_id).values("book_id"), listings=False)
