"""Who may do what in a club, for every kind of reader and every visibility: join, start a thread,
reply, open the organisers' pages."""

import pytest
from django.test import Client
from django.urls import reverse

from clubs.models import JoinRequest, Membership
from clubs.tests.conftest import READERS, client_for

pytestmark = pytest.mark.django_db

ORGANISE = {"organiser", "owner"}
MEMBERS = {"member", "organiser", "owner"}  # the suspended member may not write


def _expected_join(who, visibility):
    if who == "visitor":
        return 302  # log in first
    if visibility == "private" and who not in MEMBERS | {"suspended"}:
        return 404
    if visibility == "closed" and who not in MEMBERS | {"suspended"}:
        return 400 if who in ("requester", "banned") else 302  # asked already / removed; else a request
    return 302


@pytest.mark.parametrize("visibility", ["public", "closed", "private"])
def test_joining_as_each_reader(world, visibility):
    club = world.clubs[visibility]
    for who in READERS:
        client = client_for(Client(), world, who)
        response = client.post(reverse("clubs:join", args=[club.slug]), {"message": "Hello"})
        assert response.status_code == _expected_join(who, visibility), (who, response.status_code)
        person = getattr(world, who, None)
        if person is None:
            continue
        member = Membership.objects.filter(club=club, user=person).exists()
        if who in ("outsider", "invited", "moderator"):
            assert member == (visibility == "public"), who
            assert JoinRequest.objects.filter(club=club, user=person).exists() == (visibility == "closed"), who
        if who == "banned":
            assert not member


@pytest.mark.parametrize("visibility", ["public", "closed", "private"])
def test_writing_and_organising_as_each_reader(world, visibility):
    club = world.clubs[visibility]
    thread, _ = world.threads[visibility]
    readable = visibility == "public"
    for who in READERS:
        client = client_for(Client(), world, who)
        reply = client.post(reverse("discussions:reply", args=[thread.pk, thread.slug]), {"body": f"A reply by {who}"})
        new_thread = client.get(reverse("clubs:thread_new", args=[club.slug]))
        organise = client.get(reverse("clubs:invitations", args=[club.slug]))
        if who == "visitor":
            assert {reply.status_code, new_thread.status_code, organise.status_code} == {302}
            continue
        sees = readable or who in MEMBERS | {"suspended", "moderator"}
        exists = visibility != "private" or who in MEMBERS | {"suspended", "moderator"}
        assert reply.status_code == (302 if who in MEMBERS else 403 if sees else 404), (who, "reply")
        assert new_thread.status_code == (200 if who in MEMBERS else 403 if exists else 404), (who, "new thread")
        assert organise.status_code == (200 if who in ORGANISE else 403 if exists else 404), (who, "organise")
    assert set(thread.posts.values_list("author__username", flat=True)) == {"member", "organiser", "owner"}
