"""Scheduling meetings, answering them, and the work that follows: who is told, the waiting list, the
next meeting of a repeating one, and the reminder the day before."""

from datetime import datetime, timedelta

from dateutil import rrule
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.permissions import require_member_who_can_post
from clubs.services import membership_of, require_organiser
from core.tasks import enqueue_at
from core.zones import format_in, zone
from notifications.models import Kind
from notifications.services import notify

from .models import Answer, Meeting, Repeat, Rsvp

REMIND_BEFORE = timedelta(hours=24)
EDITABLE = (
    "title",
    "starts_at",
    "ends_at",
    "place",
    "video_url",
    "milestone",
    "agenda",
    "capacity",
    "repeat",
    "repeat_weeks",
)


def _check(meeting):
    if meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": "The meeting must end after it starts."})
    if meeting.milestone_id and meeting.milestone.pick.club_id != meeting.club_id:
        raise ValidationError({"milestone": "Choose a milestone of this club's schedule."})
    meeting.full_clean()


def _members(club):
    return [membership.user for membership in club.memberships.select_related("user")]


def _answered(meeting):
    """Those who said yes (waiting or not) or maybe: who is told when the meeting moves."""
    return [rsvp.user for rsvp in meeting.answers.filter(answer__in=(Answer.YES, Answer.MAYBE)).select_related("user")]


def _follow_up(meeting):
    """After the transaction: the reminder the day before, and (repeating) the next meeting at the end."""
    from .tasks import create_next_meeting, send_reminders

    starts, pk = meeting.starts_at.isoformat(), meeting.pk
    if meeting.starts_at - REMIND_BEFORE > timezone.now():
        transaction.on_commit(lambda: enqueue_at(send_reminders, meeting.starts_at - REMIND_BEFORE, pk, starts))
    if meeting.repeat:
        transaction.on_commit(lambda: enqueue_at(create_next_meeting, meeting.ends_at, pk))


@transaction.atomic
def meeting_schedule(*, club, by, title, starts_at, ends_at, place="", video_url="", milestone=None, agenda="",
                     capacity=None, repeat=Repeat.NONE, repeat_weeks=1, previous=None):  # fmt: skip
    require_member_who_can_post(by)
    require_organiser(club, by)
    return _create(
        club=club, by=by, title=title, starts_at=starts_at, ends_at=ends_at, place=place, video_url=video_url,
        milestone=milestone, agenda=agenda, capacity=capacity, repeat=repeat, repeat_weeks=repeat_weeks,
        previous=previous,
    )  # fmt: skip


def _create(*, club, by, milestone, repeat_weeks, **fields):
    meeting = Meeting(
        club=club,
        time_zone=club.time_zone,
        milestone=milestone,
        book=club.current_book if milestone is None else milestone.pick.book,
        repeat_weeks=repeat_weeks or 1,
        created_by=by,
        **fields,
    )
    _check(meeting)
    meeting.save()
    notify(
        recipients=_members(club),
        kind=Kind.MEETING,
        text=f"{club.name} meets: {meeting.title}, {meeting.when()}",
        url=meeting.get_absolute_url(),
        club=club,
        actor=by,
    )
    _follow_up(meeting)
    return meeting


def _locked(meeting):
    return Meeting.objects.select_for_update().select_related("club").get(pk=meeting.pk)


@transaction.atomic
def meeting_update(*, meeting, by, **fields):
    """Change a meeting; a new time (or place) tells everyone who said yes or maybe, and calendars."""
    meeting = _locked(meeting)
    require_organiser(meeting.club, by)
    if meeting.is_cancelled:
        raise ValidationError("This meeting was cancelled: schedule a new one.")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    capacity = fields.get("capacity", meeting.capacity)
    if capacity is not None and capacity < meeting.yes_count:
        raise ValidationError(
            {"capacity": f"{meeting.yes_count} people already said yes: the capacity cannot be below that."}
        )
    moved = any(name in fields and fields[name] != getattr(meeting, name) for name in ("starts_at", "ends_at"))
    relocated = any(name in fields and fields[name] != getattr(meeting, name) for name in ("place", "video_url"))
    for name, value in fields.items():
        setattr(meeting, name, value)
    if moved or relocated:
        meeting.sequence += 1
    _check(meeting)
    meeting.save()
    _fill_places(meeting)
    if moved or relocated:
        what = f"moved to {meeting.when()}" if moved else "has a new place"
        notify(
            recipients=_answered(meeting),
            kind=Kind.MEETING_CHANGED,
            text=f"{meeting.club.name}: {meeting.title} {what}",
            url=meeting.get_absolute_url(),
            club=meeting.club,
            actor=by,
        )
    if moved:
        _follow_up(meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting, by, note=""):
    meeting = _locked(meeting)
    require_organiser(meeting.club, by)
    if meeting.is_cancelled:
        return meeting
    meeting.status, meeting.cancel_note, meeting.sequence = Meeting.Status.CANCELLED, note, meeting.sequence + 1
    meeting.full_clean()
    meeting.save()
    notify(
        recipients=_answered(meeting),
        kind=Kind.MEETING_CHANGED,
        text=f"{meeting.club.name}: {meeting.title} on {meeting.when()} is cancelled",
        url=meeting.get_absolute_url(),
        club=meeting.club,
        actor=by,
    )
    return meeting


def _recount(meeting):
    counts = meeting.answers.aggregate(
        yes=Count("pk", filter=Q(answer=Answer.YES, waiting=False)),
        maybe=Count("pk", filter=Q(answer=Answer.MAYBE)),
        no=Count("pk", filter=Q(answer=Answer.NO)),
        waiting=Count("pk", filter=Q(answer=Answer.YES, waiting=True)),
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        yes_count=counts["yes"], maybe_count=counts["maybe"], no_count=counts["no"], waiting_count=counts["waiting"]
    )
    meeting.yes_count, meeting.maybe_count = counts["yes"], counts["maybe"]
    meeting.no_count, meeting.waiting_count = counts["no"], counts["waiting"]


def _fill_places(meeting):
    """Give free places to the waiting list, first come first served, and tell those who get one."""
    _recount(meeting)
    free = None if meeting.capacity is None else meeting.capacity - meeting.yes_count
    waiting = meeting.answers.waiting_list().select_related("user")
    promoted = list(waiting if free is None else waiting[: max(free, 0)])
    if not promoted:
        return
    Rsvp.objects.filter(pk__in=[rsvp.pk for rsvp in promoted]).update(waiting=False)
    _recount(meeting)
    notify(
        recipients=[rsvp.user for rsvp in promoted],
        kind=Kind.WAITLIST,
        text=f"A place opened: you are coming to {meeting.title}, {meeting.when()}",
        url=meeting.get_absolute_url(),
        club=meeting.club,
    )


def meeting_answers_refresh(*, meeting_ids):
    """Count the meetings' answers again after answers went without a word (an account deleted): an
    upcoming meeting's freed places go to its waiting list."""
    now = timezone.now()
    for meeting in Meeting.objects.filter(pk__in=set(meeting_ids)).select_related("club"):
        if meeting.starts_at > now and meeting.status != Meeting.Status.CANCELLED:
            _fill_places(meeting)
        else:
            _recount(meeting)


@transaction.atomic
def rsvp_answer(*, meeting, user, answer):
    """Say yes, maybe or no (again, to change it). A yes when the meeting is full joins the waiting
    list; a yes that becomes a maybe or a no gives its place to the first who waits."""
    if answer not in Answer.values:
        raise ValidationError("Answer yes, maybe or no.")
    meeting = _locked(meeting)
    if membership_of(meeting.club, user) is None:
        raise PermissionDenied("Only the club's members answer its meetings.")
    if user.is_suspended:
        raise PermissionDenied(user.suspension_message)
    if meeting.is_cancelled:
        raise ValidationError("This meeting was cancelled.")
    if meeting.has_ended:
        raise ValidationError("This meeting is over.")
    rsvp = Rsvp.objects.filter(meeting=meeting, user=user).first()
    if rsvp is not None and rsvp.answer == answer:
        return rsvp
    now = timezone.now()
    if rsvp is None:
        rsvp = Rsvp(meeting=meeting, user=user)
    was_yes = rsvp.answer == Answer.YES
    rsvp.answer = answer
    if answer == Answer.YES:
        rsvp.answered_at = now  # a new yes queues from now
        rsvp.waiting = meeting.is_full
    else:
        rsvp.waiting = False
    rsvp.save()
    if was_yes or answer == Answer.YES:
        _fill_places(meeting)
    else:
        _recount(meeting)
    rsvp.meeting = meeting
    return rsvp


def next_start(meeting):
    """When the meeting after meeting begins: the same wall-clock time in its zone, a week (or N) on,
    or on the same weekday of the next month (the second Tuesday; the last one if it was a fifth)."""
    tz = zone(meeting.time_zone)
    local = meeting.starts_at.astimezone(tz).replace(tzinfo=None)
    if meeting.repeat == Repeat.WEEKS:
        following = local + timedelta(weeks=meeting.repeat_weeks)
    else:
        nth = (local.day - 1) // 7 + 1
        weekday = rrule.weekday(local.weekday())(nth if nth < 5 else -1)
        following = rrule.rrule(rrule.MONTHLY, byweekday=weekday, dtstart=local, count=2)[1]
    return datetime.combine(following.date(), following.time(), tzinfo=tz)


@transaction.atomic
def meeting_repeat(*, meeting):
    """The next meeting of a repeating one (once: its row points back at this one), even after a
    cancelled one: a week off is not the end of the club's Tuesdays."""
    meeting = _locked(meeting)
    # A cancelled occurrence does not end the series (organisers stop it by changing "Repeats").
    if not meeting.repeat or Meeting.objects.filter(previous=meeting).exists():
        return None
    tz = zone(meeting.time_zone)
    length = meeting.ends_at.astimezone(tz).replace(tzinfo=None) - meeting.starts_at.astimezone(tz).replace(tzinfo=None)
    starts = next_start(meeting)
    return _create(
        club=meeting.club,
        by=meeting.created_by,
        title=meeting.title,
        starts_at=starts,
        ends_at=starts + length,  # the same wall-clock length, whatever the clocks did
        place=meeting.place,
        video_url=meeting.video_url,
        milestone=None,
        agenda=meeting.agenda,
        capacity=meeting.capacity,
        repeat=meeting.repeat,
        repeat_weeks=meeting.repeat_weeks,
        previous=meeting,
    )


def reminder_recipients(meeting):
    return [
        rsvp.user
        for rsvp in meeting.answers.coming().select_related("user").order_by("pk")
        if rsvp.user.is_active and not rsvp.user.is_suspended
    ]


def reminder_text(meeting, user):
    when = format_in(meeting.starts_at, user.time_zone or meeting.time_zone)
    return f"Tomorrow: {meeting.title} with {meeting.club.name}, {when}"
