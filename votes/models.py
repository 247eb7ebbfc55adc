"""Choosing a club's next book: a round of nominations, then a ranked vote."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from books.models import Book
from clubs.models import Club, Pick
from pagecache.tags import Shown, TaggedQuerySet


class Method(models.TextChoices):
    IRV = "irv", "Instant runoff"
    SCHULZE = "schulze", "Schulze (Condorcet)"
    BORDA = "borda", "Borda count"


class Round(models.Model):
    class Status(models.TextChoices):
        NOMINATING = "nominating", "Taking nominations"
        VOTING = "voting", "Voting"
        CLOSED = "closed", "Closed"

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(max_length=120, default="What do we read next?")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOMINATING)
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.IRV)
    nominations_per_member = models.PositiveSmallIntegerField(default=2)
    show_running_count = models.BooleanField(
        default=False, help_text="Show the count while the vote is open (else only once it closes)."
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    voting_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Kept by votes.services with each ballot; the count itself is made from the ballots at closing.
    ballot_count = models.PositiveIntegerField(default=0, editable=False)
    winner = models.ForeignKey(
        "Nomination", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    result = models.JSONField(null=True, blank=True, editable=False)  # the published count
    pick = models.ForeignKey(Pick, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False)

    objects = TaggedQuerySet.as_manager()
    page_tags = Shown(club="club__slug", round="pk")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["club"], condition=~Q(status="closed"), name="one_open_round_per_club"),
            models.CheckConstraint(
                condition=Q(nominations_per_member__gte=1, nominations_per_member__lte=10),
                name="nomination_cap_1_to_10",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.club})"

    def get_absolute_url(self):
        return reverse("votes:round", args=[self.club.slug, self.pk])

    @property
    def is_open(self):
        return self.status != self.Status.CLOSED

    @property
    def shows_count(self):
        return self.status == self.Status.CLOSED or (self.status == self.Status.VOTING and self.show_running_count)


class Nomination(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="nominations")
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="+")
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    pitch = models.CharField(max_length=280, blank=True, help_text="Why the club should read it, in a few words.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaggedQuerySet.as_manager()
    page_tags = Shown(round="round_id", club="round__club__slug")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "book"], name="book_nominated_once")]

    def __str__(self):
        return str(self.book)


class Ballot(models.Model):
    """A member's ranking in a round: one per member (they may change it until the round closes).
    Secret: pages show how many voted, never who ranked what."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ballots")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaggedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "voter"], name="one_ballot_per_member")]

    def __str__(self):
        return f"{self.voter}'s ballot in {self.round}"


class Choice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()  # 1 for the first choice

    objects = TaggedQuerySet.as_manager()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "nomination"], name="ranked_once"),
            models.UniqueConstraint(fields=["ballot", "rank"], name="one_choice_per_rank"),
        ]

    def __str__(self):
        return f"{self.rank}: {self.nomination}"
