from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from books.models import Book, Edition
from pagecache.tags import Shown, TaggedQuerySet

from .progress import Progress


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
    # The edition the member reads (or read): their progress counts in its pages, chapters or time.
    edition = models.ForeignKey(Edition, null=True, blank=True, on_delete=models.SET_NULL, related_name="shelf_entries")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Where the member is now (the history is in ProgressUpdate); kept by shelves.services.
    progress_page = models.PositiveIntegerField(null=True, blank=True)
    progress_pages = models.PositiveIntegerField(null=True, blank=True, help_text="Pages in the member's edition.")
    progress_chapter = models.PositiveIntegerField(null=True, blank=True)
    progress_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    progress_seconds = models.PositiveIntegerField(null=True, blank=True, help_text="Where a listener is, in seconds.")
    progress_duration = models.PositiveIntegerField(
        null=True, blank=True, help_text="The length of the member's audiobook, in seconds."
    )
    progress_mark = models.CharField(max_length=60, blank=True, editable=False)  # made on save: Progress.mark()
    progress_at = models.DateTimeField(null=True, blank=True)
    finished_on = models.DateField("date read", null=True, blank=True)

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

    def save(self, *args, **kwargs):
        self.progress_mark = self.progress.mark() if self.progress else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "progress_mark"}
        super().save(*args, **kwargs)

    @property
    def progress(self):
        """The member's progress in the book (a shelves.progress.Progress), or None if never recorded."""
        values = (
            self.progress_page,
            self.progress_pages,
            self.progress_chapter,
            self.progress_percent,
            self.progress_seconds,
            self.progress_duration,
        )
        if all(value is None for value in (values[0], *values[2:5])):
            return None
        return Progress(*values)


class ShelfTag(models.Model):
    """A member's own label on a book they shelved ("favourites", "book club"): the custom shelves of a
    Goodreads library, kept when it is imported."""

    entry = models.ForeignKey(ShelfEntry, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["entry", "name"], name="tag_a_book_once")]

    def __str__(self):
        return self.name


class ProgressUpdate(models.Model):
    """One update of a member's progress in a book: their reading history."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress_updates")
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="progress_updates")
    edition = models.ForeignKey(Edition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    page = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    chapter = models.PositiveIntegerField(null=True, blank=True)
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds = models.PositiveIntegerField(null=True, blank=True)
    duration = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Shown only to the member, on their own history page (never on a shared page).
    objects = TaggedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "book", "-created_at"], name="progress_history")]

    def __str__(self):
        return f"{self.user} at {self.progress.label()} in {self.book}"

    @property
    def progress(self):
        return Progress(self.page, self.pages, self.chapter, self.percent, self.seconds, self.duration)
