from datetime import date, timedelta

import pytest

from books.tests.factories import make_book
from clubs import services
from clubs.models import Invitation, Visibility
from discussions import services as discussions
from moderation import services as moderation


class World:
    """Every kind of reader, and one club of each visibility with its pick, schedule and a thread."""


@pytest.fixture
def world(make_member, moderators_group):
    w = World()
    w.book = make_book("The Betrayal", pages=400)
    w.owner = make_member("owner")
    w.organiser = make_member("organiser")
    w.member = make_member("member")
    w.requester = make_member("requester")
    w.invited = make_member("invited")
    w.banned = make_member("banned")
    w.outsider = make_member("outsider")
    w.suspended = make_member("suspended")
    w.moderator = make_member("moderator", is_staff=True)
    w.moderator.groups.add(moderators_group)
    w.clubs = {}
    w.threads = {}
    today = date.today()
    for visibility in Visibility.values:
        club = services.club_create(owner=w.owner, name=f"The {visibility} readers", visibility=visibility)
        for person in (w.organiser, w.member, w.banned, w.suspended):
            invitation = services.invitation_create(club=club, by=w.owner, username=person.username)
            services.invitation_accept(invitation=invitation, user=person)
        services.member_set_role(club=club, by=w.owner, member=w.organiser, role="organiser")
        services.member_remove(club=club, by=w.owner, member=w.banned, ban=True)
        if visibility == Visibility.CLOSED:
            services.club_request(club=club, user=w.requester, message="Let me in")
        services.invitation_create(club=club, by=w.owner, username=w.invited.username)
        pick = services.pick_set(
            club=club, by=w.owner, book=w.book, starts_on=today, ends_on=today + timedelta(days=30)
        )
        services.schedule_save(
            pick=pick,
            by=w.owner,
            version=0,
            milestones=[
                {"label": "Week 1", "chapter": 9, "page": 120, "due_on": today + timedelta(days=7)},
                {"label": "Week 2", "chapter": 20, "page": 250, "due_on": today + timedelta(days=14)},
                {"label": "Week 3", "chapter": 30, "page": 400, "due_on": today + timedelta(days=21)},
            ],
        )
        thread, post = discussions.thread_create(
            book=w.book, club=club, starter=w.member, title=f"Secret talk {visibility}", body=f"SECRET-{visibility}"
        )
        w.clubs[visibility] = club
        w.threads[visibility] = (thread, post)
    moderation.member_suspend(member=w.suspended, moderator=w.moderator, reason="spam")
    return w


READERS = [
    "visitor",
    "outsider",
    "requester",
    "invited",
    "banned",
    "member",
    "organiser",
    "owner",
    "suspended",
    "moderator",
]
MEMBERS = {"member", "organiser", "owner", "suspended"}


def client_for(client, world, who):
    if who != "visitor":
        client.force_login(getattr(world, who))
    return client


__all__ = ["MEMBERS", "READERS", "Invitation", "World", "client_for"]
