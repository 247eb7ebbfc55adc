"""Meeting pages and calendars. Who may see a meeting is the club's rule (clubs.access: a private or
closed club's meetings are its members' alone, 404 to everyone else); who may change one, the
services'."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import require_member_who_can_post
from clubs import access
from clubs.models import Club, Milestone, Visibility
from clubs.services import membership_of, require_organiser
from core.forms import form_status, save_or_explain
from pagecache.cache import shared_page
from pagecache.tags import tag

from . import calendar, services
from .forms import AnswerForm, CancelForm, MeetingForm
from .models import Answer, CalendarKey, Meeting, Rsvp

SHOWN_PER_ANSWER = 100  # names listed under yes, maybe and waiting; the counts say the rest
FEED_MEETINGS = 200


def meeting_tags(slug, pk=None):
    return [tag("club", slug)] + ([tag("meeting", pk)] if pk is not None else [])


@shared_page(meeting_tags, gate=access.club_discussions_gate, gate_in_tags=True)
def meeting_list(request, slug):
    club = get_object_or_404(Club, slug=slug)
    upcoming = list(club.meetings.upcoming().select_related("milestone")[:50])
    past = list(club.meetings.past()[:50])
    return render(request, "meetings/list.html", {"club": club, "upcoming": upcoming, "past": past})


@shared_page(meeting_tags, gate=access.club_discussions_gate, gate_in_tags=True)
def meeting_page(request, slug, pk):
    club = get_object_or_404(Club, slug=slug)
    meeting = get_object_or_404(Meeting.objects.select_related("milestone", "book"), pk=pk, club=club)
    answers = Rsvp.objects.filter(meeting=meeting).select_related("user")
    context = {
        "club": club,
        "meeting": meeting,
        "coming": list(
            answers.filter(answer=Answer.YES, waiting=False).order_by("answered_at", "pk")[:SHOWN_PER_ANSWER]
        ),
        "maybe": list(answers.filter(answer=Answer.MAYBE).order_by("answered_at", "pk")[:SHOWN_PER_ANSWER]),
        "waiting": list(answers.waiting_list()[:SHOWN_PER_ANSWER]),
        "answer_choices": Answer.choices,
    }
    return render(request, "meetings/meeting.html", context)


def _organised_club(request, slug):
    club, _ = access.visible_club(request, slug)
    club = Club.objects.select_related("current_book").get(pk=club.pk)
    require_organiser(club, request.user)
    return club


def _milestones(club):
    return list(Milestone.objects.filter(pick__club=club, pick__is_current=True).select_related("pick"))


@login_required
def meeting_new(request, slug):
    club = _organised_club(request, slug)
    if request.method == "GET":
        require_member_who_can_post(request.user)
    form = MeetingForm(request.POST or None, club=club, milestones=_milestones(club))
    if request.method == "POST" and form.is_valid():
        meeting = save_or_explain(
            form, lambda: services.meeting_schedule(club=club, by=request.user, **form.meeting_fields())
        )
        if meeting:
            messages.success(request, "The meeting is scheduled: the club's members are told.")
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"club": club, "form": form}, status=form_status(form))


def _organised_meeting(request, slug, pk):
    club = _organised_club(request, slug)
    return club, get_object_or_404(Meeting.objects.select_related("club"), pk=pk, club=club)


@login_required
def meeting_edit(request, slug, pk):
    club, meeting = _organised_meeting(request, slug, pk)
    form = MeetingForm(
        request.POST or None, club=club, milestones=_milestones(club), initial=MeetingForm.initial_for(meeting)
    )
    if request.method == "POST" and form.is_valid():
        saved = save_or_explain(
            form, lambda: services.meeting_update(meeting=meeting, by=request.user, **form.meeting_fields())
        )
        if saved:
            messages.success(request, "The meeting is saved.")
            return redirect(saved)
    context = {"club": club, "form": form, "meeting": meeting}
    return render(request, "meetings/meeting_form.html", context, status=form_status(form))


@login_required
def meeting_cancel(request, slug, pk):
    club, meeting = _organised_meeting(request, slug, pk)
    form = CancelForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_explain(
            form, lambda: services.meeting_cancel(meeting=meeting, by=request.user, **form.cleaned_data)
        )
    ):
        messages.success(request, "The meeting is cancelled: those who were coming are told.")
        return redirect(meeting)
    context = {"club": club, "form": form, "meeting": meeting}
    return render(request, "meetings/cancel.html", context, status=form_status(form))


@login_required
@require_POST
def answer(request, slug, pk):
    club, _ = access.readable_club(request, slug)
    meeting = get_object_or_404(Meeting.objects.select_related("club"), pk=pk, club=club)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Answer yes, maybe or no.")
        return redirect(meeting)
    try:
        rsvp = services.rsvp_answer(meeting=meeting, user=request.user, answer=form.cleaned_data["answer"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    else:
        if rsvp.waiting:
            messages.info(
                request, "The meeting is full: you are on the waiting list, and will be told if a place opens."
            )
        else:
            messages.success(request, f"Your answer is saved: {rsvp.get_answer_display().lower()}.")
    return redirect(meeting)


def _ics(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def meeting_ics(request, slug, pk):
    """One meeting, to add to a calendar: with its place for the club's members."""
    club, role = access.readable_club(request, slug)
    meeting = get_object_or_404(Meeting.objects.select_related("club"), pk=pk, club=club)
    answer = None
    if role:
        answer = Rsvp.objects.filter(meeting=meeting, user=request.user).first()
    content = calendar.calendar(
        [meeting],
        name=f"{club.name}: {meeting.title}",
        with_place=bool(role),
        attendee=request.user if answer else None,
        answers={meeting.pk: answer.partstat} if answer else None,
    )
    return _ics(content, f"meeting-{meeting.pk}.ics")


def _club_feed(club, *, with_place, user=None):
    meetings = list(club.meetings.select_related("club").order_by("-starts_at")[:FEED_MEETINGS])
    answers = {}
    if user is not None:
        found = Rsvp.objects.filter(user=user, meeting__in=[m.pk for m in meetings])
        answers = {rsvp.meeting_id: rsvp.partstat for rsvp in found}
    content = calendar.calendar(
        meetings, name=f"{club.name} meetings", with_place=with_place, attendee=user, answers=answers
    )
    return _ics(content, f"{club.slug}.ics")


def club_feed(request, slug):
    """A public club's meetings, for anyone to subscribe to (no places: members use their own address)."""
    club = Club.objects.cached_row(slug)
    if club is None or club.visibility != Visibility.PUBLIC:
        raise Http404("No such calendar.")
    return _club_feed(club, with_place=False)


def _key_owner(token):
    key = CalendarKey.objects.select_related("user").filter(token=token).first()
    if key is None or not key.user.is_active:
        raise Http404("No such calendar.")
    return key.user


def member_club_feed(request, token, slug):
    """A club's meetings at a member's secret address: for private and closed clubs too, with places,
    while they belong to it."""
    user = _key_owner(token)
    club = get_object_or_404(Club, slug=slug)
    if membership_of(club, user) is None:
        raise Http404("No such calendar.")
    return _club_feed(club, with_place=True, user=user)


def member_feed(request, token):
    """Every meeting the member said yes or maybe to (or waits for), in every club they are in."""
    user = _key_owner(token)
    answers = (
        Rsvp.objects.filter(user=user, answer__in=(Answer.YES, Answer.MAYBE), meeting__club__memberships__user=user)
        .select_related("meeting", "meeting__club")
        .order_by("-meeting__starts_at")[:FEED_MEETINGS]
    )
    answers = list(answers)
    content = calendar.calendar(
        [rsvp.meeting for rsvp in answers],
        name="My book club meetings",
        with_place=True,
        attendee=user,
        answers={rsvp.meeting_id: rsvp.partstat for rsvp in answers},
    )
    return _ics(content, "my-meetings.ics")


def _key_of(user):
    key = CalendarKey.objects.filter(user=user).first()
    return key or CalendarKey.objects.create(user=user, token=secrets.token_urlsafe(24))


@login_required
def calendars(request):
    """The member's calendar addresses, and a way to change them if one got out."""
    if request.method == "POST":
        CalendarKey.objects.update_or_create(user=request.user, defaults={"token": secrets.token_urlsafe(24)})
        messages.success(request, "Your calendar addresses are new: the old ones no longer work.")
        return redirect("meetings:calendars")
    key = _key_of(request.user)
    clubs = Club.objects.filter(memberships__user=request.user).order_by("name")
    return render(request, "meetings/calendars.html", {"key": key, "clubs": clubs})
