from django.conf import settings
from django.db import models

from books.models import Book


class Shelf(models.TextChoices):
    WANT_TO_READ = "want_to_read", "Want to read"
    CURRENTLY_READING = "currently_reading", "Currently reading"
    READ = "read", "Read"


class ShelfEntryQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("book", "book__series").prefetch_related("book__authors")


class ShelfEntry(models.Model):
    """A book on one of a member's three shelves; a book is on at most one of them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shelf_entries")
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="shelf_entries")
    shelf = models.CharField(max_length=20, choices=Shelf.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ShelfEntryQuerySet.as_manager()

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
