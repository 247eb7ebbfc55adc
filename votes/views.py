"""Rounds of choosing the next book. Who sees them is the club's rule (clubs.access: 404 outside a
private or closed club); who may do what, votes.services."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import require_member_who_can_post
from catalogue.views import book_came_back
from clubs import access
from clubs.models import Club
from clubs.services import require_organiser
from core.forms import form_status, save_or_explain
from pagecache.cache import shared_page
from pagecache.tags import tag

from . import services
from .forms import BallotForm, NominationForm, PickDatesForm, RoundForm
from .models import Ballot, Nomination, Round
from .results import present


def round_tags(slug, pk=None):
    return [tag("club", slug)] + ([tag("round", pk)] if pk is not None else [])


@shared_page(round_tags, params=("page",), gate=access.club_discussions_gate, gate_in_tags=True)
def round_list(request, slug):
    club = get_object_or_404(Club, slug=slug)
    rounds = list(club.rounds.select_related("winner__book").order_by("-opened_at", "-pk")[:50])
    return render(request, "votes/list.html", {"club": club, "rounds": rounds})


@shared_page(round_tags, gate=access.club_discussions_gate, gate_in_tags=True)
def round_page(request, slug, pk):
    club = get_object_or_404(Club, slug=slug)
    round_ = get_object_or_404(Round.objects.select_related("pick"), pk=pk, club=club)
    nominations = list(round_.nominations.select_related("book", "nominated_by"))
    result = round_.result if round_.status == Round.Status.CLOSED else None
    if round_.shows_count and result is None:
        result = services.tally(round_)  # the running count, when the organisers show it
    today = timezone.localdate()
    context = {
        "club": club,
        "round": round_,
        "nominations": nominations,
        "count": present(result, nominations),
        "pick_form": PickDatesForm(initial={"starts_on": today, "ends_on": today + timedelta(days=30)}),
    }
    return render(request, "votes/round.html", context)


def _member_round(request, slug, pk):
    club, role = access.readable_club(request, slug)
    club = Club.objects.select_related("current_book").get(pk=club.pk)
    return club, role, get_object_or_404(Round.objects.select_related("club"), pk=pk, club=club)


@login_required
def round_new(request, slug):
    club, _ = access.visible_club(request, slug)
    club = Club.objects.get(pk=club.pk)
    require_organiser(club, request.user)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        round_ = save_or_explain(form, lambda: services.round_open(club=club, by=request.user, **form.cleaned_data))
        if round_:
            messages.success(request, "The round is open: members are told, and can nominate books.")
            return redirect(round_)
    return render(request, "votes/round_form.html", {"club": club, "form": form}, status=form_status(form))


@login_required
def nominate(request, slug, pk):
    club, role, round_ = _member_round(request, slug, pk)
    if role is None:
        raise PermissionDenied("Only the club's members nominate books.")
    if request.method == "GET":
        require_member_who_can_post(request.user)
    came_back = book_came_back(request)
    form = NominationForm(request.POST or None, initial={"book": came_back.get_absolute_url()} if came_back else None)
    if request.method == "POST" and form.is_valid():
        added = save_or_explain(
            form, lambda: services.nomination_add(round=round_, by=request.user, **form.cleaned_data)
        )
        if added:
            messages.success(request, f"{added.book.title} is nominated.")
            return redirect(round_)
    mine = Nomination.objects.filter(round=round_, nominated_by=request.user).select_related("book")
    context = {"club": club, "round": round_, "form": form, "mine": list(mine), "came_back": came_back}
    return render(request, "votes/nominate.html", context, status=form_status(form))


@login_required
@require_POST
def withdraw(request, slug, pk):
    """Withdraw a nomination (one's own, or any, for organisers) while nominations are open."""
    club, _ = access.readable_club(request, slug)
    nomination = get_object_or_404(Nomination.objects.select_related("round__club", "book"), pk=pk, round__club=club)
    round_ = nomination.round
    try:
        services.nomination_withdraw(nomination=nomination, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, f"{nomination.book.title} is withdrawn.")
    return redirect(round_)


@login_required
def ballot(request, slug, pk):
    """The member's ranking: first choice, second... as many as they like; changed until the close."""
    club, role, round_ = _member_round(request, slug, pk)
    if role is None:
        raise PermissionDenied("Only the club's members vote.")
    nominations = list(round_.nominations.select_related("book"))
    existing = Ballot.objects.filter(round=round_, voter=request.user).first()
    initial = {}
    if existing is not None:
        for choice in existing.choices.all():
            initial[f"rank_{choice.rank}"] = str(choice.nomination_id)
    form = BallotForm(request.POST or None, nominations=nominations, initial=initial)
    if request.method == "POST" and form.is_valid():
        cast = save_or_explain(
            form,
            lambda: services.ballot_cast(round=round_, voter=request.user, ranking=form.cleaned_data["ranking"]),
        )
        if cast:
            messages.success(request, "Your ballot is saved: you can change it until the vote closes.")
            return redirect(round_)
    context = {"club": club, "round": round_, "form": form, "has_voted": existing is not None}
    return render(request, "votes/ballot.html", context, status=form_status(form))


@login_required
@require_POST
def manage(request, slug, pk, action):
    """The organisers' steps: open the vote, close it, make the winner the club's book."""
    club, _role, round_ = _member_round(request, slug, pk)
    try:
        if action == "vote":
            services.voting_open(round=round_, by=request.user)
            messages.success(request, "The vote is open: members are told.")
        elif action == "close":
            services.round_close(round=round_, by=request.user)
            messages.success(request, "The vote is closed: the count is published below.")
        elif action == "pick":
            form = PickDatesForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Give the dates the club reads it: a start and an end.")
            services.winner_pick(round=round_, by=request.user, **form.cleaned_data)
            messages.success(request, "It is the club's book now.")
            return redirect(club)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(round_)
