"""A club's meetings and who comes to them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from books.models import Book
from clubs.models import Club, Milestone
from core.markdown import render_on_save
from core.zones import ZONE_CHOICES, format_in
from pagecache.tags import Shown, TaggedQuerySet


class Repeat(models.TextChoices):
    NONE = "", "Does not repeat"
    WEEKS = "weeks", "Every week, or every few weeks"
    MONTHLY = "monthly", "Every month, on the same weekday (the second Tuesday, say)"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    MAYBE = "maybe", "Maybe"
    NO = "no", "No"


class MeetingQuerySet(TaggedQuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lte=now or timezone.now()).order_by("-starts_at", "-pk")


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=120)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # The zone it was set in (the club's): a calendar keeps it at that wall-clock time across a change
    # of daylight-saving time, and a repetition lands at the same local time.
    time_zone = models.CharField(max_length=60, choices=ZONE_CHOICES, default="UTC")
    place = models.CharField(max_length=200, blank=True, help_text="Shown to the club's members only.")
    video_url = models.URLField(blank=True, help_text="A video-call link, shown to the club's members only.")
    milestone = models.ForeignKey(Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    book = models.ForeignKey(Book, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    agenda = models.TextField(max_length=5_000, blank=True, help_text="What to talk about: questions, in Markdown.")
    agenda_html = models.TextField(blank=True, editable=False)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="The most people who can come; others wait for a place. Empty: no limit."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancel_note = models.CharField(max_length=300, blank=True)
    # RFC 5545's SEQUENCE: bumped when the time moves or the meeting is cancelled, so calendars update.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    repeat = models.CharField(max_length=10, choices=Repeat.choices, blank=True, default=Repeat.NONE)
    repeat_weeks = models.PositiveSmallIntegerField(default=1, help_text="For a weekly repetition: every N weeks.")
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_meeting", editable=False
    )
    # Kept by meetings.services in the transaction of each answer.
    yes_count = models.PositiveIntegerField(default=0, editable=False)
    maybe_count = models.PositiveIntegerField(default=0, editable=False)
    no_count = models.PositiveIntegerField(default=0, editable=False)
    waiting_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()
    # Its page, and the club page's list of what comes next.
    page_tags = Shown(club="club__slug", meeting="pk")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(condition=Q(repeat_weeks__gte=1, repeat_weeks__lte=8), name="repeat_weeks_1_to_8"),
        ]
        indexes = [models.Index(fields=["club", "starts_at"], name="meetings_of_club")]

    def __str__(self):
        return f"{self.title} ({self.club})"

    def save(self, *args, **kwargs):
        render_on_save(self, kwargs, source="agenda", html="agenda_html")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:meeting", args=[self.club.slug, self.pk])

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def has_ended(self):
        return self.ends_at <= timezone.now()

    @property
    def is_full(self):
        return self.capacity is not None and self.yes_count >= self.capacity

    def when(self):
        """ "Tue 3 Mar 2026, 19:30 GMT" in the meeting's own zone: for mails and notifications."""
        return format_in(self.starts_at, self.time_zone)


class RsvpQuerySet(TaggedQuerySet):
    def coming(self):
        """Those who said yes and have a place, then those who said maybe."""
        return self.filter(Q(answer=Answer.YES, waiting=False) | Q(answer=Answer.MAYBE))

    def waiting_list(self):
        return self.filter(answer=Answer.YES, waiting=True).order_by("answered_at", "pk")


class Rsvp(models.Model):
    """A member's answer to a meeting. A yes past the capacity waits for a place, first come first served."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_answers")
    answer = models.CharField(max_length=5, choices=Answer.choices)
    waiting = models.BooleanField(default=False)
    # When the member last said yes (their place on the waiting list), or answered at all.
    answered_at = models.DateTimeField(default=timezone.now)

    objects = RsvpQuerySet.as_manager()
    page_tags = Shown(meeting="meeting_id")  # who comes, on the meeting's page

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_answer_per_member"),
            models.CheckConstraint(condition=Q(waiting=False) | Q(answer="yes"), name="only_a_yes_waits"),
        ]
        indexes = [models.Index(fields=["meeting", "answer", "waiting", "answered_at"], name="answers_of_meeting")]

    def __str__(self):
        return f"{self.user}: {self.answer} to {self.meeting}"

    @property
    def partstat(self):
        """RFC 5545's participation status for this answer."""
        return {"yes": "ACCEPTED", "maybe": "TENTATIVE", "no": "DECLINED"}[self.answer]


class CalendarKey(models.Model):
    """The secret in a member's calendar addresses: their own feed, and the feeds of their private clubs.
    A new one (on request) stops the old addresses."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_key")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    objects = TaggedQuerySet.as_manager()

    def __str__(self):
        return f"{self.user}'s calendar key"
