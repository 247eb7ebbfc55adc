"""What members are told: notifications on the site, and the mail that carries them (each one, or in a
daily or weekly digest, per club, as the member chooses)."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from clubs.models import Club, Membership, Visibility
from pagecache.cache import invalidate
from pagecache.mine import KINDS
from pagecache.tags import TaggedQuerySet


class Kind(models.TextChoices):
    REPLY = "reply", "A reply in your thread"
    QUOTE = "quote", "A quote of your post"
    INVITATION = "invitation", "An invitation to a club"
    JOIN_DECISION = "join_decision", "An answer to your request to join"
    MEETING = "meeting", "A new meeting"
    MEETING_CHANGED = "meeting_changed", "A meeting moved or cancelled"
    WAITLIST = "waitlist", "A place at a meeting"
    REMINDER = "reminder", "A meeting tomorrow"
    ROUND = "round", "Choosing the next book"
    PICK = "pick", "The club's next book"


class Frequency(models.TextChoices):
    EACH = "each", "Each one, as it happens"
    DAILY = "daily", "A daily digest"
    WEEKLY = "weekly", "A weekly digest"
    NONE = "none", "No e-mail"


# What a member gets until they choose: one mail a day at most, never a flood.
DEFAULT_FREQUENCY = Frequency.DAILY


class NotificationQuerySet(TaggedQuerySet):
    def seen_by(self, user):
        """user's notifications that they may still see: those of a club that is not public only while
        they belong to it (an invitation or an answer to a request, about a club they are not in, always)."""
        member = Membership.objects.filter(club=OuterRef("club"), user=user)
        return self.filter(recipient=user).filter(
            Q(club__isnull=True)
            | Q(club__visibility=Visibility.PUBLIC)
            | Q(kind__in=(Kind.INVITATION, Kind.JOIN_DECISION))
            | Exists(member)
        )

    def unread(self):
        return self.filter(read_at__isnull=True)

    def bulk_create(self, objs, *args, **kwargs):
        # New rows show nowhere but in their recipients' counts: drop those alone, not every page
        # (TaggedQuerySet's bulk_create is for imports, and makes every page stale).
        created = models.QuerySet.bulk_create(self, objs, *args, **kwargs)
        kind = KINDS["notifications"]
        invalidate(*{kind.tags(row.recipient_id)[1] for row in created})
        return created


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    club = models.ForeignKey(Club, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Plain text, escaped where shown; never a post's words (they could spoil), only who did what where.
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Sent by mail, alone or in a digest (or passed over: the member wanted none).
    mailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notifications_of_member"),
            models.Index(fields=["recipient", "mailed_at"], name="notifications_to_mail"),
        ]

    def __str__(self):
        return self.text


class EmailPreference(models.Model):
    """How often a member wants mail about one club (club empty: about everything outside clubs)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences")
    club = models.ForeignKey(Club, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=DEFAULT_FREQUENCY)

    objects = TaggedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "club"], name="one_preference_per_club"),
            models.UniqueConstraint(fields=["user"], condition=Q(club__isnull=True), name="one_site_preference"),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()} ({self.club or 'outside clubs'})"


class Delivery(models.Model):
    """One mail, sent once: a task that runs twice (a retry, two workers) finds it sent and stops."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaggedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "deliveries"

    def __str__(self):
        return self.key


class DigestDue(models.Model):
    """The next digest a member is due, so that its task is enqueued once, not once per notification."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    due_at = models.DateTimeField()

    objects = TaggedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "frequency"], name="one_digest_due")]

    def __str__(self):
        return f"{self.user}'s {self.frequency} digest at {self.due_at}"
