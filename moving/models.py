from django.conf import settings
from django.db import models
from django.urls import reverse

from books.models import Book


class ImportJob(models.Model):
    """One upload of a Goodreads library export, imported in the background, and its report."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_imports")
    file_name = models.CharField(max_length=200)
    # The export as uploaded, until the import has read it: the task runs in another process.
    data = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0, help_text="Rows in the file.")
    done = models.PositiveIntegerField(default=0, help_text="Rows imported so far.")
    matched = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0, help_text="Books added to the catalogue.")
    unchanged = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField(default=0, help_text="Rows where the member's own edits here were kept.")
    skipped = models.PositiveIntegerField(default=0)
    # One entry per row worth reporting: {"line", "title", "outcome", "note", "book"}.
    report = models.JSONField(default=list, blank=True, editable=False)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="imports_of_member")]

    def __str__(self):
        return f"{self.file_name} for {self.user} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("moving:import_detail", args=[self.pk])

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self):
        return int(100 * self.done / self.total) if self.total else (100 if self.finished else 0)


class ImportedBook(models.Model):
    """A book of a member's library as their last import left it: what a later import may update, and
    what it must not (anything the member changed here after this moment)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="+")
    goodreads_id = models.CharField(max_length=20, blank=True)
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "book"], name="import_a_book_once_per_member")]

    def __str__(self):
        return f"{self.book} in {self.user}'s imported library"
