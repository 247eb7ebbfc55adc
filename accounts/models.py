from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property

from core.markdown import render_on_save
from core.zones import ZONE_CHOICES
from pagecache.tags import Shown, TaggedQuerySet

# Imported identities get usernames like "emma@goodreads": members can never sign up with
# an "@" in their username (see adapters.py), so the two namespaces cannot collide.
IMPORTED_USERNAME_SEPARATOR = "@"


# The group of members trusted to keep the catalogue (made by a data migration, given in the admin).
LIBRARIANS = "Librarians"


def user_display(user):
    """How allauth names a user in its pages and mails."""
    return user.name


class UserQuerySet(TaggedQuerySet):
    def members(self):
        return self.filter(is_imported=False)

    def imported(self):
        return self.filter(is_imported=True)

    def suspended(self):
        """Suspended now: for good, or until a time still to come."""
        return self.filter(suspended_at__isnull=False).filter(
            Q(suspended_until__isnull=True) | Q(suspended_until__gt=timezone.now())
        )


class BookclubUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A member of the site, or the identity of someone whose review was imported.

    Imported reviewers are users too, so that every review points at one kind of reviewer
    and every reviewer has a profile. They can never log in: a database constraint keeps
    them inactive, without a usable password, and out of staff.
    """

    class Source(models.TextChoices):
        GOODREADS = "goodreads", "Goodreads community review"
        BLOG = "blog", "Blog review"
        # Stands in for a deleted account whose writing its owner chose to keep (moving.services).
        DELETED = "deleted", "A deleted member"

    display_name = models.CharField(
        max_length=150, blank=True, help_text="Name shown on the site; the username when empty."
    )
    bio = models.TextField(blank=True, max_length=1_000)
    bio_html = models.TextField(blank=True, editable=False)  # made from bio on every save (Markdown)
    time_zone = models.CharField(
        max_length=60, blank=True, choices=ZONE_CHOICES, help_text="Meeting times are shown in this zone."
    )

    is_imported = models.BooleanField(
        default=False, help_text="An identity created by the importer; it can never log in."
    )
    imported_from = models.CharField(max_length=20, choices=Source.choices, blank=True)
    is_anonymous_reviewer = models.BooleanField(default=False, help_text="The source gave no name for this reviewer.")
    # The figures the source page shows next to the reviewer's name.
    source_review_count = models.PositiveIntegerField(null=True, blank=True)
    source_follower_count = models.PositiveIntegerField(null=True, blank=True)
    source_book_count = models.PositiveIntegerField(
        null=True, blank=True, help_text='"Author of N books" on the source.'
    )
    # Set by moderators (moderation.services.member_suspend); no end date means for good.
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspended_until = models.DateTimeField(null=True, blank=True, help_text="Empty: suspended for good.")
    suspension_reason = models.CharField(max_length=300, blank=True)
    # Counted up to end every session of the member (a suspension does): see get_session_auth_hash.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = BookclubUserManager()
    # The cached account (accounts.backends) on every save but a log-in's; their profile; and their
    # name and, for imported reviewers, the source's figures, which show beside everything they wrote.
    page_tags = Shown(
        account="pk",
        member="username",
        site_when_changed=(
            "username",
            "display_name",
            "is_anonymous_reviewer",
            "is_imported",
            "source_review_count",
            "source_follower_count",
            "source_book_count",
        ),
        unshown=("last_login",),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(is_imported=False) | Q(is_active=False, is_staff=False, is_superuser=False),
                name="imported_user_cannot_log_in",
                violation_error_message="An imported reviewer can never be active or staff.",
            ),
            models.CheckConstraint(
                condition=Q(is_imported=True) | (Q(imported_from="") & Q(is_anonymous_reviewer=False)),
                name="only_imported_users_have_a_source",
            ),
            # An imported identity's name has an "@" (members cannot sign up with one): whatever else is
            # changed, such a row stays imported, inactive and without a usable password.
            models.CheckConstraint(
                condition=~Q(username__contains="@")
                | Q(is_imported=True, is_active=False, is_staff=False, is_superuser=False),
                name="imported_names_stay_imported",
                violation_error_message="A name with an @ is an imported reviewer's: it can never log in.",
            ),
            models.CheckConstraint(
                condition=Q(is_imported=False) | Q(password__startswith="!"),
                name="imported_users_have_no_password",
                violation_error_message="An imported reviewer can never have a password.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        if self.is_anonymous_reviewer:
            return "Anonymous reviewer"
        if self.is_stand_in:
            return "A deleted member"
        return self.display_name or self.username

    @property
    def is_stand_in(self):
        return self.imported_from == self.Source.DELETED

    @property
    def has_profile(self):
        """Whether a page gathers what this person wrote: not for those the source left unnamed, nor for
        a deleted account's kept writing."""
        return not (self.is_anonymous_reviewer or self.is_stand_in)

    def get_absolute_url(self):
        return reverse("profile", args=[self.username])

    @property
    def is_suspended(self):
        return self.suspended_at is not None and (self.suspended_until is None or self.suspended_until > timezone.now())

    @property
    def suspension_message(self):
        until = f"until {self.suspended_until:%B %-d, %Y %H:%M} UTC" if self.suspended_until else "for good"
        reason = f": {self.suspension_reason}" if self.suspension_reason else "."
        return f"Your account is suspended {until}{reason}"

    def _get_session_auth_hash(self, secret=None):
        """Django signs each session with a hash of the password, so that a new password ends the other
        sessions; the generation joins it once counted up, so that a suspension ends them all too."""
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        key_salt = "accounts.User.get_session_auth_hash"
        value = f"{self.password}|{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    @cached_property
    def is_librarian(self):
        """Trusted to keep the catalogue (the Librarians group, given in the admin; superusers too).
        Read once per copy of the member: the cached member (accounts.backends) carries it, and a change
        of their groups drops that copy."""
        if not self.is_active or self.is_imported:
            return False
        if "in_librarians" in self.__dict__:  # read with the member (accounts.backends)
            return self.is_superuser or self.in_librarians
        return self.is_superuser or self.groups.filter(name=LIBRARIANS).exists()

    def has_verified_email(self):
        """Members post only once they have confirmed an address (allauth's EmailAddress)."""
        return not self.is_imported and self.emailaddress_set.filter(verified=True).exists()

    @property
    def initials(self):
        if self.is_anonymous_reviewer:
            return "?"
        words = [w for w in self.name.replace("-", " ").split() if w[:1].isalnum()]
        return "".join(w[0] for w in words[:2]).upper() or self.username[:1].upper()

    def save(self, *args, **kwargs):
        if self.is_imported:
            self.set_unusable_password()
        render_on_save(self, kwargs, source="bio", html="bio_html")
        super().save(*args, **kwargs)


class Follow(models.Model):
    """follower follows followed: both members."""

    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following_links")
    followed = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follower_links")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaggedQuerySet.as_manager()
    page_tags = Shown(member=("follower__username", "followed__username"))  # both profiles count it

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="follow_once"),
            models.CheckConstraint(condition=~Q(follower=models.F("followed")), name="no_self_follow"),
        ]
        indexes = [models.Index(fields=["followed", "-created_at"], name="followers_newest")]

    def __str__(self):
        return f"{self.follower} follows {self.followed}"
