"""Clubs, their members, the books they read and the schedule they read them by."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from books.models import Book, Edition
from core.markdown import render_on_save
from core.zones import ZONE_CHOICES
from discussions.models import Thread
from pagecache.cache import SITE, remember
from pagecache.tags import Shown, TaggedQuerySet, tag
from shelves.progress import Point

# The tag of the directory of clubs.
DIRECTORY = "clubs"


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public: listed, anyone may join"
    CLOSED = "closed", "Closed: listed, members ask to join"
    PRIVATE = "private", "Private: unlisted, by invitation only"


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    ORGANISER = "organiser", "Organiser"
    MEMBER = "member", "Member"


ORGANISING = (Role.OWNER, Role.ORGANISER)


class ClubQuerySet(TaggedQuerySet):
    def listed(self):
        """Clubs anyone may find: public and closed ones. Private clubs never appear in a listing."""
        return self.exclude(visibility=Visibility.PRIVATE)

    def cached_row(self, slug):
        """The club's row (None if none), from the cache until the club changes: what every club
        address reads first, to decide who may see it."""
        found = self.select_related("current_book").filter(slug=slug)
        return remember(f"clubs:club:{slug}", [SITE, tag("club", slug)], found.first)

    def cached_row_by_pk(self, pk):
        """As cached_row, by the club's id (what a thread knows)."""
        return remember(f"clubs:club-pk:{pk}", [SITE, tag("clubid", pk)], self.filter(pk=pk).first)

    def reading(self, book):
        """Public clubs reading book now, the biggest first: what the book's page may list."""
        return self.filter(visibility=Visibility.PUBLIC, current_book=book).order_by("-member_count", "pk")

    def by_activity(self):
        return self.order_by(models.F("last_activity_at").desc(nulls_last=True), "-pk")


class Club(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=110, unique=True)
    description = models.TextField(max_length=5_000, blank=True)
    description_html = models.TextField(blank=True, editable=False)  # made on save
    cover = models.ImageField(upload_to="club-covers/", blank=True)
    time_zone = models.CharField(max_length=60, default="UTC", choices=ZONE_CHOICES)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    member_cap = models.PositiveIntegerField(
        null=True, blank=True, help_text="The most members the club takes; empty for no limit."
    )
    # Kept by clubs.services in the transaction that changes them.
    member_count = models.PositiveIntegerField(default=0, editable=False)
    # The current pick's book, so that the club page carries that book's tag: members' progress in it
    # shows there (and is saved on their shelves, which know nothing of clubs).
    current_book = models.ForeignKey(Book, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClubQuerySet.as_manager()
    # Its pages, the directory (which never lists a private club, but must drop one made private) and
    # the page of the book it reads ("clubs reading it now").
    # clubid: its threads' pages, which know the club's id, not its slug (discussions.access.club_of).
    # Its latest activity alone changes no page: the directory's order by it follows within
    # PAGE_CACHE_SECONDS (as "5 minutes ago" does), so that a post does not re-render all the club's pages.
    page_tags = Shown(
        DIRECTORY,
        club="slug",
        clubid="pk",
        book="current_book__slug",
        site_when_changed=("slug",),
        unshown=("last_activity_at",),
    )

    class Meta:
        indexes = [
            models.Index(fields=["visibility", "-last_activity_at"], name="club_directory"),
            models.Index(fields=["visibility", "-member_count"], name="club_directory_size"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        render_on_save(self, kwargs, source="description", html="description_html")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("clubs:club", args=[self.slug])

    @property
    def is_listed(self):
        return self.visibility != Visibility.PRIVATE

    @property
    def is_full(self):
        return self.member_cap is not None and self.member_count >= self.member_cap

    def readable_by(self, user, role):
        """Whether user (whose role here is role, or None) may read the club's discussions. Private
        and closed clubs: members only (and the site's moderators); public clubs: anyone."""
        if self.visibility == Visibility.PUBLIC or role:
            return True
        return bool(user.is_authenticated and user.is_staff)

    def visible_to(self, user, role):
        """Whether the club exists at all for user: a private club is there only for its members."""
        return self.is_listed or self.readable_by(user, role)


class MembershipQuerySet(TaggedQuerySet):
    def organisers(self):
        return self.filter(role__in=ORGANISING)


class Membership(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="club_memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    hide_progress = models.BooleanField(default=False, help_text="Keep my reading progress from the club.")
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()
    # The club page's members and figures, and who of them shows where they are in the book.
    page_tags = Shown(club="club__slug", club_readers="club__slug")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["club", "user"], name="one_membership"),
            models.UniqueConstraint(fields=["club"], condition=Q(role="owner"), name="one_owner_per_club"),
        ]
        indexes = [
            models.Index(fields=["user", "club"], name="clubs_of_member"),
            # A club's members longest-serving first (the club page, succession): the first few without
            # reading them all.
            models.Index(fields=["club", "joined_at", "id"], name="members_by_seniority"),
        ]

    def __str__(self):
        return f"{self.user} in {self.club} ({self.get_role_display()})"

    @property
    def organises(self):
        return self.role in ORGANISING


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        DECLINED = "declined", "Declined"

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="club_requests")
    message = models.TextField(max_length=1_000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    answer = models.TextField(max_length=1_000, blank=True, help_text="The organisers' note, if they declined.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaggedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["club", "user"], name="one_request")]

    def __str__(self):
        return f"{self.user} asks to join {self.club}"


class Ban(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="bans")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="club_bans")
    banned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaggedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["club", "user"], name="one_ban")]

    def __str__(self):
        return f"{self.user} banned from {self.club}"


def _token():
    return secrets.token_urlsafe(24)


def _in_two_weeks():
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """A link that lets people join (any club, private ones too): for one person by username or e-mail,
    or for whoever holds it; it expires, may be limited to a number of uses, and can be revoked."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="invitations")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="club_invitations"
    )
    email = models.EmailField(blank=True)
    expires_at = models.DateTimeField(default=_in_two_weeks)
    max_uses = models.PositiveIntegerField(null=True, blank=True, help_text="Empty for no limit.")
    use_count = models.PositiveIntegerField(default=0, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaggedQuerySet.as_manager()

    def __str__(self):
        return f"Invitation to {self.club}"

    def get_absolute_url(self):
        return reverse("clubs:invitation", args=[self.token])

    def problem(self, now=None):
        """Why the invitation cannot be used now, or None."""
        now = now or timezone.now()
        if self.revoked_at:
            return "This invitation was withdrawn by the club's organisers."
        if self.expires_at <= now:
            return "This invitation has expired: ask the club's organisers for a new one."
        if self.max_uses is not None and self.use_count >= self.max_uses:
            return "This invitation has been used as many times as it allows."
        return None


class PickQuerySet(TaggedQuerySet):
    def history(self):
        return self.filter(is_current=False).select_related("book").order_by("-starts_on", "-pk")


class Pick(models.Model):
    """A book the club reads (or read): the current one, or one of its history."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="picks")
    book = models.ForeignKey(Book, on_delete=models.PROTECT, related_name="club_picks")
    # The edition the schedule's pages are counted in (members read whichever they like).
    edition = models.ForeignKey(Edition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    is_current = models.BooleanField(default=True)
    # Bumped by each save of the schedule: an organiser saving a schedule someone changed since they
    # opened it is told so, instead of overwriting it.
    schedule_version = models.PositiveIntegerField(default=0, editable=False)
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PickQuerySet.as_manager()
    page_tags = Shown(club="club__slug", book="book__slug")  # the club page; the book's "clubs reading it"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["club"], condition=Q(is_current=True), name="one_current_pick"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="pick_ends_after_start"),
        ]
        indexes = [models.Index(fields=["book", "is_current"], name="picks_of_book")]

    def __str__(self):
        return f"{self.club} reads {self.book}"


class Milestone(models.Model):
    """A stretch of the reading schedule: "Week 1" ends at chapter 9 (page 120) on March 7th. Its thread
    opens to a member once they have passed the end of the milestone before it."""

    pick = models.ForeignKey(Pick, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=80)
    chapter = models.PositiveIntegerField(null=True, blank=True)
    page = models.PositiveIntegerField(null=True, blank=True)
    # The length of the club's edition when the schedule was written: the page is a share of it.
    pages = models.PositiveIntegerField(null=True, blank=True)
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    due_on = models.DateField()
    thread = models.OneToOneField(Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestone")

    objects = TaggedQuerySet.as_manager()
    page_tags = Shown(club="pick__club__slug")

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["pick", "position"], name="milestone_position")]

    def __str__(self):
        return f"{self.label} ({self.end.label()})"

    @property
    def end(self):
        return Point(page=self.page, pages=self.pages, chapter=self.chapter, percent=self.percent)
