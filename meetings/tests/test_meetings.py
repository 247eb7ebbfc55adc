"""Meetings: scheduling in the club's zone, answers and the waiting list, changes that tell people,
repetition, reminders, and who may see what."""

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from clubs import services as clubs
from clubs.tests.conftest import MEMBERS, READERS, client_for
from core.zones import local_instant
from meetings import services
from meetings.models import Meeting, Repeat, Rsvp
from meetings.tasks import create_next_meeting, send_reminders
from notifications.models import Notification

pytestmark = pytest.mark.django_db
LONDON, NEW_YORK = "Europe/London", "America/New_York"


def _meeting(club, by, days=10, hours=2, **fields):
    starts = timezone.now().replace(microsecond=0) + timedelta(days=days)
    fields.setdefault("title", "Week one")
    return services.meeting_schedule(club=club, by=by, starts_at=starts, ends_at=starts + timedelta(hours=hours),
                                     **fields)  # fmt: skip


def test_a_time_the_clocks_skip_is_refused_and_one_they_repeat_is_the_first():
    with pytest.raises(ValidationError, match="does not exist in Europe/London"):
        local_instant(date(2027, 3, 28), time(1, 30), LONDON)
    first = local_instant(date(2027, 10, 31), time(1, 30), LONDON)
    assert first.astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # still summer time


@pytest.mark.parametrize(
    ("zone", "day", "utc_hour"),
    [
        (LONDON, date(2027, 3, 27), 19),  # the day before the clocks go forward: GMT
        (LONDON, date(2027, 3, 29), 18),  # the day after: BST
        (NEW_YORK, date(2027, 3, 13), 0),  # 19:00 EST is midnight UTC
        (NEW_YORK, date(2027, 3, 15), 23),  # 19:00 EDT
    ],
)
def test_a_meeting_across_a_daylight_saving_change_lands_at_the_right_instant(world, client, zone, day, utc_hour):
    club = world.clubs["public"]
    clubs.club_update(club=club, by=world.owner, time_zone=zone)
    club.refresh_from_db()
    client.force_login(world.organiser)
    response = client.post(
        reverse("meetings:new", args=[club.slug]),
        {
            "title": "Spring",
            "starts_on": day.isoformat(),
            "start_time": "19:00",
            "end_time": "21:00",
            "repeat_weeks": 1,
        },
    )
    meeting = Meeting.objects.get(title="Spring")
    assert response.status_code == 302
    assert meeting.starts_at.astimezone(UTC).hour == utc_hour
    ics = Calendar.from_ical(client.get(reverse("meetings:ics", args=[club.slug, meeting.pk])).content)
    event = ics.walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start.tzinfo.key == zone if hasattr(start.tzinfo, "key") else str(start.tzinfo) == zone
    assert start.astimezone(UTC) == meeting.starts_at
    assert start.hour == 19
    assert [tz["TZID"] for tz in ics.walk("VTIMEZONE")] == [zone]


def test_weekly_repetition_keeps_the_wall_clock_time_across_the_change(world):
    club = world.clubs["public"]
    clubs.club_update(club=club, by=world.owner, time_zone=LONDON)
    club.refresh_from_db()
    starts = local_instant(date(2027, 3, 23), time(19), LONDON)  # a Tuesday in GMT
    meeting = services.meeting_schedule(
        club=club, by=world.organiser, title="Weekly", starts_at=starts, ends_at=starts + timedelta(hours=2),
        repeat=Repeat.WEEKS,
    )  # fmt: skip
    following = create_next_meeting.call(meeting.pk) or Meeting.objects.get(previous=meeting)
    local = following.starts_at.astimezone(zoneinfo.ZoneInfo(LONDON))
    assert (local.date(), local.hour) == (date(2027, 3, 30), 19)  # now BST: 18:00 UTC
    assert following.starts_at.astimezone(UTC).hour == 18
    assert following.ends_at - following.starts_at == timedelta(hours=2)
    assert services.meeting_repeat(meeting=meeting) is None  # once only
    services.meeting_cancel(meeting=following, by=world.owner)
    after = services.meeting_repeat(meeting=following)  # a week off does not end the series
    assert after.starts_at.astimezone(zoneinfo.ZoneInfo(LONDON)).date() == date(2027, 4, 6)
    services.meeting_update(meeting=after, by=world.owner, repeat="")
    assert services.meeting_repeat(meeting=after) is None


def test_monthly_repetition_is_on_the_same_weekday_of_the_month(world):
    club = world.clubs["public"]
    starts = datetime(2027, 1, 12, 18, tzinfo=UTC)  # the second Tuesday of January
    meeting = services.meeting_schedule(
        club=club, by=world.owner, title="Monthly", starts_at=starts, ends_at=starts + timedelta(hours=1),
        repeat=Repeat.MONTHLY,
    )  # fmt: skip
    assert services.next_start(meeting).date() == date(2027, 2, 9)  # the second Tuesday of February


def test_answers_fill_places_then_a_waiting_list_that_moves_up(world, make_member):
    club = world.clubs["public"]
    meeting = _meeting(club, world.owner, capacity=1)
    first = services.rsvp_answer(meeting=meeting, user=world.member, answer="yes")
    second = services.rsvp_answer(meeting=meeting, user=world.organiser, answer="yes")
    assert (first.waiting, second.waiting) == (False, True)
    meeting.refresh_from_db()
    assert (meeting.yes_count, meeting.waiting_count) == (1, 1)
    services.rsvp_answer(meeting=meeting, user=world.member, answer="no")
    assert Rsvp.objects.get(meeting=meeting, user=world.organiser).waiting is False
    assert Notification.objects.filter(recipient=world.organiser, kind="waitlist").exists()
    meeting.refresh_from_db()
    assert (meeting.yes_count, meeting.no_count, meeting.waiting_count) == (1, 1, 0)


def test_capacity_below_the_yes_count_is_refused(world):
    club = world.clubs["public"]
    meeting = _meeting(club, world.owner)
    services.rsvp_answer(meeting=meeting, user=world.member, answer="yes")
    services.rsvp_answer(meeting=meeting, user=world.organiser, answer="yes")
    with pytest.raises(ValidationError, match="2 people already said yes"):
        services.meeting_update(meeting=meeting, by=world.owner, capacity=1)


def test_moving_and_cancelling_tell_those_coming_and_bump_the_sequence(world):
    club = world.clubs["private"]
    meeting = _meeting(club, world.owner)
    services.rsvp_answer(meeting=meeting, user=world.member, answer="maybe")
    services.rsvp_answer(meeting=meeting, user=world.organiser, answer="no")
    services.meeting_update(meeting=meeting, by=world.owner, starts_at=meeting.starts_at + timedelta(hours=1),
                            ends_at=meeting.ends_at + timedelta(hours=1))  # fmt: skip
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert Notification.objects.filter(recipient=world.member, kind="meeting_changed").count() == 1
    assert not Notification.objects.filter(recipient=world.organiser, kind="meeting_changed").exists()
    services.meeting_cancel(meeting=meeting, by=world.owner, note="Snow")
    meeting.refresh_from_db()
    assert meeting.sequence == 2 and meeting.is_cancelled
    assert Notification.objects.filter(recipient=world.member, kind="meeting_changed").count() == 2
    with pytest.raises(ValidationError, match="cancelled"):
        services.rsvp_answer(meeting=meeting, user=world.member, answer="yes")


def test_only_organisers_schedule_and_only_members_answer(world):
    club = world.clubs["public"]
    with pytest.raises(PermissionDenied):
        _meeting(club, world.member)
    meeting = _meeting(club, world.organiser)
    with pytest.raises(PermissionDenied):
        services.rsvp_answer(meeting=meeting, user=world.outsider, answer="yes")
    with pytest.raises(PermissionDenied):
        services.rsvp_answer(meeting=meeting, user=world.banned, answer="yes")
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(meeting=meeting, by=world.member)


def test_reminders_are_enqueued_for_the_day_before_and_go_out_once(world, django_capture_on_commit_callbacks):
    club = world.clubs["private"]
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _meeting(club, world.owner, days=3, place="The Crown, upstairs")
    services.rsvp_answer(meeting=meeting, user=world.member, answer="yes")
    services.rsvp_answer(meeting=meeting, user=world.organiser, answer="maybe")
    services.rsvp_answer(meeting=meeting, user=world.owner, answer="no")
    queued = DBTaskResult.objects.get(task_path="meetings.tasks.send_reminders")
    assert queued.run_after == meeting.starts_at - timedelta(hours=24)
    mail.outbox.clear()
    args = queued.args_kwargs["args"]
    assert send_reminders.call(*args) == 2
    assert send_reminders.call(*args) == 0  # a second run (a retry, a second worker) sends nothing
    assert sorted(message.to[0] for message in mail.outbox) == [world.member.email, world.organiser.email]
    assert all("The Crown, upstairs" in message.body for message in mail.outbox)
    assert all(
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for message in mail.outbox
    )
    assert Notification.objects.filter(kind="reminder").count() == 2


def test_a_reminder_for_a_moved_or_cancelled_meeting_sends_nothing(world, django_capture_on_commit_callbacks):
    club = world.clubs["public"]
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _meeting(club, world.owner, days=3)
    services.rsvp_answer(meeting=meeting, user=world.member, answer="yes")
    old = meeting.starts_at.isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(meeting=meeting, by=world.owner, starts_at=meeting.starts_at + timedelta(days=1),
                                ends_at=meeting.ends_at + timedelta(days=1))  # fmt: skip
    mail.outbox.clear()
    assert send_reminders.call(meeting.pk, old) == 0
    assert DBTaskResult.objects.filter(task_path="meetings.tasks.send_reminders").count() == 2
    services.meeting_cancel(meeting=meeting, by=world.owner)
    meeting.refresh_from_db()
    assert send_reminders.call(meeting.pk, meeting.starts_at.isoformat()) == 0
    assert mail.outbox == []


def test_a_failed_send_is_retried_later_and_sends_once(world, monkeypatch):
    from django.core.mail import EmailMessage

    club = world.clubs["public"]
    meeting = _meeting(club, world.owner, days=3)
    services.rsvp_answer(meeting=meeting, user=world.member, answer="yes")
    real_send = EmailMessage.send

    def refuse(self, *args, **kwargs):
        raise OSError("the mail server is down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    starts = meeting.starts_at.isoformat()
    send_reminders.call(meeting.pk, starts)
    retry = DBTaskResult.objects.filter(task_path="meetings.tasks.send_reminders").order_by("-enqueued_at").first()
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    monkeypatch.setattr(EmailMessage, "send", real_send)
    mail.outbox.clear()
    assert send_reminders.call(meeting.pk, starts, attempt=2) == 1
    assert send_reminders.call(meeting.pk, starts, attempt=3) == 0
    assert len(mail.outbox) == 1


# --- Who sees what ---------------------------------------------------------------------------------

SEES_MEETINGS = {
    "public": set(READERS),
    "closed": MEMBERS | {"moderator"},
    "private": MEMBERS | {"moderator"},
}


def _reader(world, who):
    """A fresh client for one kind of reader (each visibility's matrix walks all of them on one world)."""
    return client_for(Client(), world, who)


@pytest.mark.parametrize("visibility", ["public", "closed", "private"])
def test_who_sees_a_meeting_and_its_place(world, visibility):
    club = world.clubs[visibility]
    meeting = _meeting(club, world.owner, place="SECRET-PLACE", video_url="https://video.example/secret-room")
    for who in READERS:
        client = _reader(world, who)
        for url in (
            reverse("meetings:meeting", args=[club.slug, meeting.pk]),
            reverse("meetings:list", args=[club.slug]),
            reverse("meetings:ics", args=[club.slug, meeting.pk]),
        ):
            response = client.get(url)
            if who in SEES_MEETINGS[visibility]:
                assert response.status_code == 200, (who, url)
                body = response.content.decode()
                shows_place = who in MEMBERS and not url.endswith("/meetings/")  # the list names no places
                assert ("SECRET-PLACE" in body) == shows_place, (who, url)
                assert ("secret-room" in body) == shows_place, (who, url)
            else:
                assert response.status_code == 404, (who, url)
        feed = client.get(reverse("meetings:club_feed", args=[club.slug]))
        assert feed.status_code == (200 if visibility == "public" else 404), who
        assert b"SECRET-PLACE" not in feed.content


def test_secret_calendar_addresses_work_for_members_and_can_be_changed(world, client):
    club = world.clubs["private"]
    meeting = _meeting(club, world.owner, place="SECRET-PLACE")
    services.rsvp_answer(meeting=meeting, user=world.member, answer="maybe")
    client.force_login(world.member)
    assert client.get(reverse("meetings:calendars")).status_code == 200
    token = world.member.calendar_key.token
    club_feed = client.get(reverse("meetings:member_club_feed", args=[token, club.slug]))
    parsed = Calendar.from_ical(club_feed.content)
    assert "SECRET-PLACE" in str(parsed.walk("VEVENT")[0]["LOCATION"])
    own = Calendar.from_ical(client.get(reverse("meetings:member_feed", args=[token])).content)
    attendee = own.walk("VEVENT")[0]["ATTENDEE"]
    assert attendee.params["PARTSTAT"] == "TENTATIVE"
    assert own.walk("VEVENT")[0]["UID"].startswith(f"meeting-{meeting.pk}@")
    # An outsider's key opens nothing of the club; a reset key stops the old addresses.
    client.force_login(world.outsider)
    client.get(reverse("meetings:calendars"))
    outsider_token = world.outsider.calendar_key.token
    assert client.get(reverse("meetings:member_club_feed", args=[outsider_token, club.slug])).status_code == 404
    client.force_login(world.member)
    client.post(reverse("meetings:calendars"))
    assert client.get(reverse("meetings:member_feed", args=[token])).status_code == 404
    # A member who leaves loses the club's feed at once.
    world.member.calendar_key.refresh_from_db()
    new = world.member.calendar_key.token
    clubs.club_leave(club=club, user=world.member)
    assert client.get(reverse("meetings:member_club_feed", args=[new, club.slug])).status_code == 404
    assert b"SECRET-PLACE" not in client.get(reverse("meetings:member_feed", args=[new])).content


def test_a_cancelled_meeting_is_cancelled_in_calendars(world, client):
    club = world.clubs["public"]
    meeting = _meeting(club, world.owner)
    services.meeting_cancel(meeting=meeting, by=world.owner)
    event = Calendar.from_ical(client.get(reverse("meetings:club_feed", args=[club.slug])).content).walk("VEVENT")[0]
    assert (str(event["STATUS"]), event["SEQUENCE"]) == ("CANCELLED", 1)


@pytest.mark.parametrize("who", ["outsider", "member", "banned", "visitor"])
def test_only_organisers_reach_the_meeting_forms(world, client, who):
    club = world.clubs["public"]
    meeting = _meeting(club, world.owner)
    client = client_for(client, world, who)
    for url in (
        reverse("meetings:new", args=[club.slug]),
        reverse("meetings:edit", args=[club.slug, meeting.pk]),
        reverse("meetings:cancel", args=[club.slug, meeting.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403) if who == "visitor" else response.status_code == 403


def test_the_form_keeps_what_was_typed_when_it_refuses(world, client):
    club = world.clubs["public"]
    clubs.club_update(club=club, by=world.owner, time_zone=LONDON)
    client.force_login(world.owner)
    data = {"title": "Gap night", "starts_on": "2027-03-28", "start_time": "01:30", "end_time": "03:00",
            "place": "The library"}  # fmt: skip
    response = client.post(reverse("meetings:new", args=[club.slug]), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "does not exist in Europe/London" in body and 'value="Gap night"' in body and "The library" in body
    data |= {"start_time": "20:00", "end_time": "19:00"}
    response = client.post(reverse("meetings:new", args=[club.slug]), data)
    assert "The meeting must end after it starts." in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_member_answers_on_the_page_and_sees_their_answer(world, client):
    club = world.clubs["private"]
    meeting = _meeting(club, world.owner)
    client.force_login(world.member)
    url = reverse("meetings:meeting", args=[club.slug, meeting.pk])
    assert "Your answer" in client.get(url).content.decode()
    client.post(reverse("meetings:answer", args=[club.slug, meeting.pk]), {"answer": "yes"})
    page = client.get(url).content.decode()
    assert "You are coming." in page and world.member.name in page
    client.force_login(world.organiser)
    assert "You are coming." not in client.get(url).content.decode()


def test_times_show_in_the_readers_zone_with_the_clubs_beside(world, client):
    club = world.clubs["public"]
    clubs.club_update(club=club, by=world.owner, time_zone=LONDON)
    club.refresh_from_db()
    starts = local_instant(date(2027, 6, 1), time(19), LONDON)
    meeting = services.meeting_schedule(club=club, by=world.owner, title="June", starts_at=starts,
                                        ends_at=starts + timedelta(hours=2))  # fmt: skip
    url = reverse("meetings:meeting", args=[club.slug, meeting.pk])
    assert "19:00\N{EN DASH}21:00 BST" in client.get(url).content.decode()
    world.member.time_zone = NEW_YORK
    world.member.save()
    client.force_login(world.member)
    page = client.get(url).content.decode()
    assert "14:00\N{EN DASH}16:00 EDT" in page
    assert "19:00\N{EN DASH}21:00 BST in the club\N{RIGHT SINGLE QUOTATION MARK}s zone" in page


@pytest.mark.parametrize("answers", [5, 500])
def test_the_meeting_page_runs_the_same_sql_at_5_and_500_answers(world, client, make_member, answers,
                                                                   assert_page_queries, settings):  # fmt: skip
    from accounts.models import User
    from clubs.models import Membership

    club = world.clubs["public"]
    meeting = _meeting(club, world.owner)
    people = User.objects.bulk_create(User(username=f"reader{n}", email=f"r{n}@example.com") for n in range(answers))
    Membership.objects.bulk_create(Membership(club=club, user=user) for user in people)
    Rsvp.objects.bulk_create(Rsvp(meeting=meeting, user=user, answer=("yes", "maybe", "no")[n % 3])
                             for n, user in enumerate(people))  # fmt: skip
    settings.PAGE_CACHE_SECONDS = 0  # the render itself
    client.force_login(world.member)
    with assert_page_queries(10):
        assert client.get(reverse("meetings:meeting", args=[club.slug, meeting.pk])).status_code == 200


@pytest.mark.parametrize("visibility", ["public", "closed", "private"])
def test_who_may_answer_a_meeting(world, visibility):
    club = world.clubs[visibility]
    meeting = _meeting(club, world.owner)
    for who in READERS:
        response = _reader(world, who).post(reverse("meetings:answer", args=[club.slug, meeting.pk]), {"answer": "yes"})
        person = getattr(world, who, None)
        answered = person is not None and Rsvp.objects.filter(meeting=meeting, user=person, answer="yes").exists()
        # Members answer (a suspended one is refused); the club's outsiders are told no, or get 404 where
        # the club's meetings are its members' alone.
        assert answered == (who in MEMBERS - {"suspended"}), who
        if who == "visitor":
            assert response.status_code == 302 and "/accounts/login/" in response.url
        elif visibility != "public" and who not in MEMBERS | {"moderator"}:
            assert response.status_code == 404, who
        else:
            assert response.status_code == 302, who
