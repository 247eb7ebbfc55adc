"""What librarians act on beside the books themselves: members' flags, and edits waiting for approval."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from books.models import Author, Book, Edition, Series
from pagecache.tags import TaggedQuerySet


class FlagQuerySet(TaggedQuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class Flag(models.Model):
    """A member's word that something is wrong with a book: a duplicate of another, or wrong facts."""

    class Kind(models.TextChoices):
        DUPLICATE = "duplicate", "It is a duplicate of another book"
        WRONG = "wrong", "Something about it is wrong"

    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    duplicate_of = models.ForeignKey(Book, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(max_length=2_000, blank=True)
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=300, blank=True)

    # Shown to librarians only, on pages of their own (never cached).
    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["resolved_at", "-created_at"], name="open_flags")]
        constraints = [
            # A report answered by a merge keeps its note, without the book it named (merged into it).
            models.CheckConstraint(
                condition=Q(kind="wrong") | Q(duplicate_of__isnull=False) | Q(resolved_at__isnull=False),
                name="a_duplicate_names_its_original",
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=models.F("book")), name="not_a_duplicate_of_itself"),
        ]

    def __str__(self):
        if self.kind == self.Kind.DUPLICATE:
            return f"{self.book} may be a duplicate of {self.duplicate_of}"
        return f"{self.book}: {self.note[:60]}"


class PendingEditQuerySet(TaggedQuerySet):
    def waiting(self):
        return self.filter(status=PendingEdit.Status.WAITING)


class PendingEdit(models.Model):
    """An edit of a book many members have shelved, made by someone who is not a librarian: it waits
    for a librarian's approval (catalogue.services.pending_edit_decide) before it changes the book."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="pending_edits")
    edition = models.ForeignKey(
        Edition,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="When it edits an edition.",
    )
    changes = models.JSONField(help_text="{field: [before, after]} as the editor saw and wanted them.")
    author_names = models.JSONField(
        null=True, blank=True, help_text="[before, after]: the authors (an edition's translators) when they change."
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    objects = PendingEditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="pending_edits_waiting")]

    def __str__(self):
        return f"Edit of {self.book} by {self.proposed_by}"


class Merge(models.Model):
    """One merge, as the kept row's history shows it: what was merged into it, by whom, and what moved."""

    class Kind(models.TextChoices):
        BOOK = "book", "Book"
        AUTHOR = "author", "Author"
        SERIES = "series", "Series"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    book = models.ForeignKey(Book, null=True, blank=True, on_delete=models.CASCADE, related_name="merges")
    author = models.ForeignKey(Author, null=True, blank=True, on_delete=models.CASCADE, related_name="merges")
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.CASCADE, related_name="merges")
    gone_id = models.PositiveBigIntegerField()
    gone_slug = models.CharField(max_length=320)
    gone_name = models.CharField(max_length=300)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    report = models.JSONField(default=dict, help_text="What moved, and what was combined for whom.")

    objects = TaggedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.gone_name} merged into {self.book or self.author or self.series}"
