"""Books' stored rating figures follow every write to reviews and histograms, from any path.

Receivers rather than service calls because the admin and loaddata write reviews and histograms too.
Writes through QuerySet.update() send no signals: they call reviews.ratings themselves. Which cached
pages a write makes stale is declared on the models (page_tags).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from books.models import Book

from .models import RatingHistogram, Review
from .ratings import book_ratings_refresh


@receiver(post_save, sender=Review)
@receiver(post_delete, sender=Review)
def recount_ratings_of_reviewed_book(sender, instance, **kwargs):
    # A review moved to another book in the admin changes the figures of both.
    book_ratings_refresh({instance.book_id, getattr(instance, "loaded_book_id", None)} - {None})


@receiver(post_save, sender=RatingHistogram)
@receiver(post_delete, sender=RatingHistogram)
def recount_ratings_of_histograms_book(sender, instance, **kwargs):
    book_ratings_refresh([instance.book_id])


@receiver(post_save, sender=Book)
def recount_ratings_of_saved_book(sender, instance, update_fields=None, **kwargs):
    """A book saved whole (the admin, loaddata) writes back the figures it was loaded with; recount."""
    if update_fields is None or set(update_fields) & {"rating_count", "rating_average"}:
        book_ratings_refresh([instance.pk])
