"""Meetings as iCalendar (RFC 5545), with the icalendar package: what calendar programs subscribe to."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress

from core.zones import zone

PRODID = "-//Bookclub//Club meetings//EN"


def uid(meeting):
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "bookclub"
    return f"meeting-{meeting.pk}@{host}"


def event(meeting, *, with_place, attendee=None, answer=None):
    """One meeting as a VEVENT. with_place: the place and video link (members only). attendee and
    answer: the member whose calendar it is, and their PARTSTAT."""
    tz = zone(meeting.time_zone)
    item = Event()
    item.add("uid", uid(meeting))
    item.add("dtstamp", meeting.updated_at)
    item.add("last-modified", meeting.updated_at)
    item.add("created", meeting.created_at)
    item.add("sequence", meeting.sequence)
    item.add("dtstart", meeting.starts_at.astimezone(tz))
    item.add("dtend", meeting.ends_at.astimezone(tz))
    item.add("summary", f"{meeting.club.name}: {meeting.title}")
    item.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    url = settings.SITE_URL + reverse("meetings:meeting", args=[meeting.club.slug, meeting.pk])
    item.add("url", url)
    description = meeting.agenda.strip()
    if with_place and meeting.video_url:
        description = f"Video call: {meeting.video_url}\n\n{description}"
    item.add("description", f"{description}\n\n{url}".strip())
    if with_place and (meeting.place or meeting.video_url):
        item.add("location", meeting.place or meeting.video_url)
    if attendee is not None and answer is not None:
        address = vCalAddress(f"mailto:{attendee.email}" if attendee.email else f"urn:bookclub:{attendee.username}")
        address.params["cn"] = attendee.name
        address.params["partstat"] = answer
        address.params["role"] = "REQ-PARTICIPANT"
        item.add("attendee", address, encode=0)
    return item


def calendar(meetings, *, name, with_place, attendee=None, answers=None):
    """The iCalendar text of meetings (select_related club), with the zones' definitions."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    answers = answers or {}
    for meeting in meetings:
        cal.add_component(event(meeting, with_place=with_place, attendee=attendee, answer=answers.get(meeting.pk)))
    cal.add_missing_timezones()
    return cal.to_ical()
