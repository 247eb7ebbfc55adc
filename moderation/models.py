from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from pagecache.tags import TaggedQuerySet


class Reason(models.TextChoices):
    SPAM = "spam", "Spam"
    ABUSE = "abuse", "Abuse or harassment"
    SPOILER = "spoiler", "Untagged spoiler"
    OFF_TOPIC = "off_topic", "Off-topic"
    OTHER = "other", "Other"


class Case(models.Model):
    """Everything reported about one item: a review, a comment, a discussion post or a member.

    The item is referred to generically and described by a snapshot, so the case and its reports
    stay whatever happens to the item.
    """

    class Kind(models.TextChoices):
        REVIEW = "review", "Review"
        COMMENT = "comment", "Comment"
        POST = "post", "Discussion post"
        MEMBER = "member", "Member"
        CLUB = "club", "Club"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    item_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who wrote the item (the member, for a reported member).",
    )
    item_text = models.TextField(blank=True, help_text="What the item said when first reported.")
    item_url = models.CharField(max_length=300, blank=True, help_text="Where the item stands on the site.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    report_count = models.PositiveIntegerField(default=0)
    last_reported_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=200, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "reported item"
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_case_per_item")]
        indexes = [models.Index(fields=["status", "-report_count", "-last_reported_at"], name="moderation_queue")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.item_text[:60] or self.item_url}"


class Report(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reports_made"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    # Shown on no shared page: a member's own rows ("You reported this", bookclub/mine.py).
    objects = TaggedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "reporter"], name="report_an_item_once")]

    def __str__(self):
        return f"{self.get_reason_display()} by {self.reporter}"


class AuditEntry(models.Model):
    """One moderation action: who did what to which item, when and why. Never edited or deleted."""

    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=40)
    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.SET_NULL)
    object_id = models.PositiveBigIntegerField(null=True)
    object_repr = models.CharField(max_length=300)
    reason = models.TextField(blank=True, max_length=1_000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.moderator} {self.action} {self.object_repr}"
