"""Rounds of nominations and ranked votes; the count is made by votes.counting from the stored ballots."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.permissions import require_member_who_can_post
from clubs import services as clubs
from notifications.models import Kind
from notifications.services import notify

from . import counting
from .models import Ballot, Choice, Method, Nomination, Round


def _members(club):
    return [membership.user for membership in club.memberships.select_related("user")]


def _locked(round_):
    return Round.objects.select_for_update().select_related("club").get(pk=round_.pk)


def _tell_members(round_, text, by=None, kind=Kind.ROUND):
    notify(recipients=_members(round_.club), kind=kind, text=text, url=round_.get_absolute_url(), club=round_.club,
           actor=by)  # fmt: skip


@transaction.atomic
def round_open(*, club, by, title="What do we read next?", method=Method.IRV, nominations_per_member=2,
               show_running_count=False):  # fmt: skip
    require_member_who_can_post(by)
    clubs.require_organiser(club, by)
    if Round.objects.filter(club=club).exclude(status=Round.Status.CLOSED).exists():
        raise ValidationError("The club has a round open already: close it first.")
    round_ = Round(
        club=club,
        title=title,
        method=method,
        nominations_per_member=nominations_per_member,
        show_running_count=show_running_count,
        opened_by=by,
    )
    round_.full_clean()
    round_.save()
    _tell_members(round_, f"{club.name} is choosing its next book: nominate one", by)
    return round_


def _require_member(round_, user):
    if clubs.membership_of(round_.club, user) is None:
        raise PermissionDenied("Only the club's members take part.")
    require_member_who_can_post(user)


@transaction.atomic
def nomination_add(*, round, by, book, pitch=""):
    round_ = _locked(round)
    _require_member(round_, by)
    if round_.status != Round.Status.NOMINATING:
        raise ValidationError("Nominations are closed.")
    earlier = clubs.read_before(round_.club, book)
    if earlier is None and round_.club.current_book_id == book.pk:
        raise ValidationError(f"The club is reading {book.title} now.")
    if earlier is not None:
        raise ValidationError(
            f"The club read {book.title} in {earlier.starts_on:%B %Y}: nominate a book it has not read."
        )
    already = Nomination.objects.filter(round=round_, book=book).select_related("nominated_by").first()
    if already is not None:
        who = already.nominated_by.name if already.nominated_by else "someone"
        raise ValidationError(f"{book.title} is nominated already (by {who}).")
    mine = Nomination.objects.filter(round=round_, nominated_by=by).count()
    if mine >= round_.nominations_per_member:
        cap = round_.nominations_per_member
        raise ValidationError(f"Each member nominates {cap} book{'s' if cap != 1 else ''} at most: you have.")
    nomination = Nomination(round=round_, book=book, nominated_by=by, pitch=pitch)
    nomination.full_clean()
    nomination.save()
    return nomination


@transaction.atomic
def nomination_withdraw(*, nomination, by):
    round_ = _locked(nomination.round)
    if round_.status != Round.Status.NOMINATING:
        raise ValidationError("Nominations are closed: the vote has begun.")
    if nomination.nominated_by_id != by.pk:
        clubs.require_organiser(round_.club, by)
    nomination.delete()


@transaction.atomic
def voting_open(*, round, by):
    round_ = _locked(round)
    clubs.require_organiser(round_.club, by)
    if round_.status != Round.Status.NOMINATING:
        raise ValidationError("The vote is open already.")
    if not round_.nominations.exists():
        raise ValidationError("Nobody has nominated a book yet.")
    round_.status, round_.voting_at = Round.Status.VOTING, timezone.now()
    round_.save()
    _tell_members(round_, f"{round_.club.name}: the vote on the next book is open", by)
    return round_


@transaction.atomic
def ballot_cast(*, round, voter, ranking):
    """Save voter's ranking (nomination ids, first choice first), replacing their earlier ballot."""
    round_ = _locked(round)  # one ballot per member, even when two of their submissions race
    _require_member(round_, voter)
    if round_.status != Round.Status.VOTING:
        raise ValidationError("Voting is not open." if round_.is_open else "The vote is closed.")
    nominations = {n.pk: n for n in round_.nominations.select_related("book")}
    seen = set()
    for pk in ranking:
        if pk not in nominations:
            raise ValidationError("That book is not nominated in this round.")
        if pk in seen:
            raise ValidationError(f"You ranked {nominations[pk].book.title} twice: rank each book once.")
        seen.add(pk)
    if not ranking:
        raise ValidationError("Rank at least one book.")
    ballot, created = Ballot.objects.get_or_create(round=round_, voter=voter)
    if not created:
        ballot.choices.all().delete()
        ballot.save(update_fields=["updated_at"])
    Choice.objects.bulk_create(
        Choice(ballot=ballot, nomination_id=pk, rank=rank) for rank, pk in enumerate(ranking, start=1)
    )
    if created:
        round_.ballot_count = Ballot.objects.filter(round=round_).count()
        Round.objects.filter(pk=round_.pk).update(ballot_count=round_.ballot_count)
    return ballot


def stored_ballots(round_):
    """Every ballot of the round, as rankings of nomination ids (as text): what the count is made from."""
    rankings = {}
    rows = (
        Choice.objects.filter(ballot__round=round_)
        .order_by("ballot_id", "rank")
        .values_list("ballot_id", "nomination_id")
    )
    for ballot_id, nomination_id in rows:
        rankings.setdefault(ballot_id, []).append(str(nomination_id))
    return list(rankings.values())


def tally(round_):
    """The count of the round's ballots by its method: reproducible from the stored ballots alone."""
    candidates = [str(pk) for pk in round_.nominations.order_by("created_at", "pk").values_list("pk", flat=True)]
    return counting.count(round_.method, stored_ballots(round_), candidates)


@transaction.atomic
def round_close(*, round, by):
    round_ = _locked(round)
    clubs.require_organiser(round_.club, by)
    if round_.status != Round.Status.VOTING:
        raise ValidationError("Only an open vote can be closed.")
    result = tally(round_)
    round_.status, round_.closed_at, round_.result = Round.Status.CLOSED, timezone.now(), result
    round_.winner_id = int(result["winner"]) if result["winner"] else None
    round_.save()
    winner = Nomination.objects.select_related("book").filter(pk=round_.winner_id).first()
    text = f"{round_.club.name} chose: {winner.book.title}" if winner else f"{round_.club.name}'s vote is closed"
    _tell_members(round_, text, by)
    return round_


@transaction.atomic
def winner_pick(*, round, by, starts_on, ends_on):
    """Make the winner the club's current book (one click, on the results page)."""
    round_ = _locked(round)
    clubs.require_organiser(round_.club, by)
    if round_.status != Round.Status.CLOSED or round_.winner_id is None:
        raise ValidationError("The vote has no winner yet.")
    if round_.pick_id is not None:
        raise ValidationError("The winner is the club's pick already.")
    winner = Nomination.objects.select_related("book").get(pk=round_.winner_id)
    pick = clubs.pick_set(club=round_.club, by=by, book=winner.book, starts_on=starts_on, ends_on=ends_on)
    Round.objects.filter(pk=round_.pk).update(pick=pick)
    _tell_members(round_, f"{round_.club.name} reads {winner.book.title} next, from {starts_on:%B %-d}", by, Kind.PICK)
    return pick


def ballots_recount(*, round_ids):
    """Count the rounds' ballots again after some went without a vote being cast (an account deleted)."""
    for round_id in set(round_ids):
        Round.objects.filter(pk=round_id).update(ballot_count=Ballot.objects.filter(round_id=round_id).count())
