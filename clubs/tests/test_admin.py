"""Clubs in the moderation desk: moderators see them and act on a reported club, but cannot give
themselves (or anyone) a role; constant queries on the lists."""

import pytest
from django.urls import reverse

from clubs import services
from clubs.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(make_member, moderators_group):
    person = make_member("deskmod", is_staff=True)
    person.groups.add(moderators_group)
    return person


def test_moderators_read_clubs_and_memberships_but_change_no_role(client, world, moderator):
    club = world.clubs["private"]
    client.force_login(moderator)
    assert client.get(reverse("admin:clubs_club_changelist")).status_code == 200
    assert client.get(reverse("admin:clubs_club_change", args=[club.pk])).status_code == 200
    membership = Membership.objects.get(club=club, user=world.member)
    assert client.get(reverse("admin:clubs_membership_change", args=[membership.pk])).status_code == 200
    assert client.get(reverse("admin:clubs_membership_add")).status_code == 403
    client.post(
        reverse("admin:clubs_membership_change", args=[membership.pk]),
        {"user": moderator.pk, "club": club.pk, "role": "owner"},
    )
    assert not Membership.objects.filter(club=club, user=moderator).exists()
    assert Membership.objects.get(pk=membership.pk).role == "member"


@pytest.mark.parametrize("model", ["club", "membership", "pick", "invitation", "joinrequest", "ban"])
def test_the_club_lists_run_the_same_sql_at_two_sizes(
    client, world, moderator, model, make_member, django_assert_max_num_queries
):
    client.force_login(moderator)
    address = reverse(f"admin:clubs_{model}_changelist")
    with django_assert_max_num_queries(12) as small:
        assert client.get(address).status_code == 200
    for n in range(6):
        club = services.club_create(owner=make_member(f"extra{n}"), name=f"Extra {n}", visibility="closed")
        services.club_request(club=club, user=world.outsider)
        services.invitation_create(club=club, by=club.memberships.get().user)
        services.member_remove(club=club, by=club.memberships.get().user, member=world.banned, ban=True)
    with django_assert_max_num_queries(len(small)):
        assert client.get(address).status_code == 200
