from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from books.models import Book
from pagecache.tags import Shown, TaggedQuerySet


class Shelf(models.TextChoices):
    WANT_TO_READ = "want_to_read", "Want to read"
    CURRENTLY_READING = "currently_reading", "Currently reading"
    READ = "read", "Read"


class ShelfEntryQuerySet(TaggedQuerySet):
    def for_listing(self):
        return self.select_related("book", "book__series").prefetch_related("book__authors")

    def shelf_counts(self, user):
        """{shelf: number of user's books on it} for every shelf, zeros included (one query)."""
        counts = dict.fromkeys(Shelf.values, 0)
        counts.update(self.filter(user=user).order_by().values_list("shelf").annotate(n=Count("pk")))
        return counts


def readers_on_shelves():
    """Annotations for books: members_currently_reading and members_want_to_read.

    Correlated subqueries, so that no other join (the reviews one) can multiply them."""

    def members_on(shelf):
        counted = (
            ShelfEntry.objects.filter(book=OuterRef("pk"), shelf=shelf)
            .order_by()
            .values("book")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(counted), Value(0))

    return {
        "members_currently_reading": members_on(Shelf.CURRENTLY_READING),
        "members_want_to_read": members_on(Shelf.WANT_TO_READ),
    }


class ShelfEntry(models.Model):
    """A book on one of a member's three shelves; a book is on at most one of them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shelf_entries")
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="shelf_entries")
    shelf = models.CharField(max_length=20, choices=Shelf.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ShelfEntryQuerySet.as_manager()
    # The book page counts who is reading it; the profile counts the books on each shelf.
    page_tags = Shown(book="book__slug", member="user__username")

    class Meta:
        verbose_name_plural = "shelf entries"
        constraints = [
            models.UniqueConstraint(fields=["user", "book"], name="one_shelf_per_book_per_member"),
        ]
        indexes = [
            models.Index(fields=["user", "shelf", "-updated_at"], name="shelf_listing"),
            models.Index(fields=["book", "shelf"], name="shelf_book_counts"),
        ]

    def __str__(self):
        return f"{self.book} on {self.user}'s {self.get_shelf_display()} shelf"
