"""Members joining and organisers scheduling at the same moment, each on their own PostgreSQL
connection."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from books.tests.factories import make_book
from clubs import services
from clubs.models import Club, Membership, Role
from reviews.tests.test_concurrency import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_a_member_cap_holds_when_many_join_at_once(make_member):
    club = services.club_create(owner=make_member("host"), name="Small room", member_cap=5)
    joiners = [make_member(f"j{n}") for n in range(12)]
    results, errors = run_together(
        [(lambda person=person: services.club_join(club=club, user=person)) for person in joiners]
    )
    assert len(results) == 4 and len(errors) == 8
    assert all(isinstance(error, ValidationError) and "full" in str(error) for error in errors)
    assert Membership.objects.filter(club=club).count() == 5 == Club.objects.get(pk=club.pk).member_count


def test_two_organisers_saving_the_schedule_at_once_lose_nothing_silently(make_member):
    owner, organiser = make_member("owner"), make_member("organiser")
    club = services.club_create(owner=owner, name="Planners")
    services.club_join(club=club, user=organiser)
    services.member_set_role(club=club, by=owner, member=organiser, role=Role.ORGANISER)
    today = date.today()
    pick = services.pick_set(club=club, by=owner, book=make_book("Plans"), starts_on=today, ends_on=today)

    def schedule(by, chapter):
        milestones = [{"label": f"By {by.username}", "chapter": chapter, "due_on": today + timedelta(days=7)}]
        return lambda: services.schedule_save(pick=pick, by=by, version=0, milestones=milestones)

    results, errors = run_together([schedule(owner, 5), schedule(organiser, 8)])
    assert len(results) == 1 and len(errors) == 1
    assert errors[0].code == "stale"
    saved = pick.milestones.get()
    assert saved.label in ("By owner", "By organiser") and pick.milestones.count() == 1
