"""Club rules, as the services enforce them for the views and the admin alike."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from books.tests.factories import make_book
from clubs import services
from clubs.models import Club, Invitation, JoinRequest, Membership, Role, Visibility

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def people(make_member):
    return [make_member(f"reader{i}") for i in range(5)]


def _club(owner, **fields):
    return services.club_create(owner=owner, name="Night readers", **fields)


def test_joining_a_public_club_and_never_twice(people):
    club = _club(people[0])
    services.club_join(club=club, user=people[1])
    with pytest.raises(ValidationError, match="already a member"):
        services.club_join(club=club, user=people[1])
    assert Club.objects.get(pk=club.pk).member_count == 2


def test_a_full_club_refuses_the_next_member(people):
    club = _club(people[0], member_cap=2)
    services.club_join(club=club, user=people[1])
    with pytest.raises(ValidationError, match="full"):
        services.club_join(club=club, user=people[2])
    assert Membership.objects.filter(club=club).count() == 2


def test_closed_clubs_take_requests_and_organisers_answer_them(people):
    owner, asker = people[0], people[1]
    club = _club(owner, visibility=Visibility.CLOSED)
    with pytest.raises(ValidationError, match="ask to join"):
        services.club_join(club=club, user=asker)
    request = services.club_request(club=club, user=asker, message="Hello")
    with pytest.raises(PermissionDenied):
        services.request_decide(join_request=request, by=people[2], approve=True)
    services.request_decide(join_request=request, by=owner, approve=False, answer="Full for now")
    assert JoinRequest.objects.get(pk=request.pk).answer == "Full for now"
    again = services.club_request(club=club, user=asker)
    services.request_decide(join_request=again, by=owner, approve=True)
    assert Membership.objects.filter(club=club, user=asker).exists()
    assert not JoinRequest.objects.filter(club=club, user=asker).exists()


def test_private_clubs_take_invitations_only(people):
    owner = people[0]
    club = _club(owner, visibility=Visibility.PRIVATE)
    with pytest.raises(ValidationError, match="invitation only"):
        services.club_join(club=club, user=people[1])
    link = services.invitation_create(club=club, by=owner, max_uses=1)
    services.invitation_accept(invitation=link, user=people[1])
    with pytest.raises(ValidationError, match="used as many times"):
        services.invitation_accept(invitation=link, user=people[2])


def test_expired_revoked_and_someone_elses_invitations_are_refused(people):
    owner = people[0]
    club = _club(owner, visibility=Visibility.PRIVATE)
    expired = services.invitation_create(club=club, by=owner)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="expired"):
        services.invitation_accept(invitation=expired, user=people[1])
    revoked = services.invitation_create(club=club, by=owner)
    services.invitation_revoke(invitation=revoked, by=owner)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.invitation_accept(invitation=revoked, user=people[1])
    personal = services.invitation_create(club=club, by=owner, username=people[2].username)
    with pytest.raises(ValidationError, match="another member"):
        services.invitation_accept(invitation=personal, user=people[1])
    with pytest.raises(PermissionDenied):
        services.invitation_create(club=club, by=people[3])
    assert not Membership.objects.filter(club=club, user=people[1]).exists()


def test_the_owner_leaves_only_by_naming_a_successor(people):
    owner, other = people[0], people[1]
    club = _club(owner)
    services.club_join(club=club, user=other)
    with pytest.raises(ValidationError):
        services.club_leave(club=club, user=owner)
    services.club_leave(club=club, user=owner, successor=other)
    assert Membership.objects.get(club=club, user=other).role == Role.OWNER
    assert not Membership.objects.filter(club=club, user=owner).exists()


def test_the_last_member_leaving_takes_the_club_with_them(people):
    club = _club(people[0])
    services.club_leave(club=club, user=people[0])
    assert not Club.objects.filter(pk=club.pk).exists()


def test_a_suspended_owner_hands_over_to_the_longest_serving_organiser(people, moderators_group, make_member):
    from moderation import services as moderation

    owner, member, organiser = people[0], people[1], people[2]
    club = _club(owner)
    services.club_join(club=club, user=member)
    services.club_join(club=club, user=organiser)
    services.member_set_role(club=club, by=owner, member=organiser, role=Role.ORGANISER)
    moderator = make_member("mod", is_staff=True)
    moderator.groups.add(moderators_group)
    moderation.member_suspend(member=owner, moderator=moderator, reason="spam")
    roles = dict(Membership.objects.filter(club=club).values_list("user__username", "role"))
    assert roles == {owner.username: "member", member.username: "member", organiser.username: "owner"}


def test_a_deleted_owners_club_passes_to_the_longest_serving_member(people):
    owner, first, second = people[0], people[1], people[2]
    club = _club(owner)
    services.club_join(club=club, user=first)
    services.club_join(club=club, user=second)
    owner.delete()
    assert Membership.objects.get(club=club, role=Role.OWNER).user == first


def test_organisers_remove_members_only_the_owner_removes_organisers(people):
    owner, organiser, other_organiser, member = people[:4]
    club = _club(owner)
    for person in (organiser, other_organiser, member):
        services.club_join(club=club, user=person)
    services.member_set_role(club=club, by=owner, member=organiser, role=Role.ORGANISER)
    services.member_set_role(club=club, by=owner, member=other_organiser, role=Role.ORGANISER)
    with pytest.raises(PermissionDenied):
        services.member_set_role(club=club, by=organiser, member=member, role=Role.ORGANISER)
    with pytest.raises(PermissionDenied):
        services.member_remove(club=club, by=organiser, member=other_organiser)
    with pytest.raises(PermissionDenied):
        services.member_remove(club=club, by=organiser, member=owner)
    services.member_remove(club=club, by=organiser, member=member, ban=True)
    with pytest.raises(ValidationError, match="removed you"):
        services.club_join(club=club, user=member)
    assert Club.objects.get(pk=club.pk).member_count == 3


def test_picking_a_book_again_needs_a_clear_yes(people):
    owner = people[0]
    club = _club(owner)
    book, other = make_book("The Siege"), make_book("Another")
    services.pick_set(club=club, by=owner, book=book, starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 31))
    services.pick_set(club=club, by=owner, book=other, starts_on=TODAY, ends_on=TODAY)
    with pytest.raises(ValidationError, match="read this in March 2025"):
        services.pick_set(club=club, by=owner, book=book, starts_on=TODAY, ends_on=TODAY)
    services.pick_set(club=club, by=owner, book=book, starts_on=TODAY, ends_on=TODAY, reread=True)
    assert club.picks.filter(is_current=True).get().book == book
    assert Club.objects.get(pk=club.pk).current_book == book


def _schedule(*ends, start=1):
    return [
        {"label": f"Week {n}", "chapter": chapter, "due_on": TODAY + timedelta(days=7 * n)}
        for n, chapter in enumerate(ends, start=start)
    ]


def test_a_schedule_out_of_order_or_in_the_past_is_refused_whole(people):
    owner = people[0]
    club = _club(owner)
    pick = services.pick_set(club=club, by=owner, book=make_book("Long", pages=300), starts_on=TODAY, ends_on=TODAY)
    with pytest.raises(ValidationError, match="further into the book"):
        services.schedule_save(pick=pick, by=owner, version=0, milestones=_schedule(9, 5))
    past = _schedule(9)
    past[0]["due_on"] = TODAY - timedelta(days=1)
    with pytest.raises(ValidationError, match="in the past"):
        services.schedule_save(pick=pick, by=owner, version=0, milestones=past)
    with pytest.raises(ValidationError, match="past the last page of the club's edition"):
        services.schedule_save(
            pick=pick, by=owner, version=0, milestones=[{"label": "All", "page": 900, "due_on": TODAY}]
        )
    assert not pick.milestones.exists()


def test_two_organisers_saving_the_schedule_at_once_are_not_lost_silently(people):
    owner, organiser = people[0], people[1]
    club = _club(owner)
    services.club_join(club=club, user=organiser)
    services.member_set_role(club=club, by=owner, member=organiser, role=Role.ORGANISER)
    pick = services.pick_set(club=club, by=owner, book=make_book("Shared"), starts_on=TODAY, ends_on=TODAY)
    services.schedule_save(pick=pick, by=owner, version=0, milestones=_schedule(5, 10))
    with pytest.raises(ValidationError, match="Another organiser changed the schedule") as refused:
        services.schedule_save(pick=pick, by=organiser, version=0, milestones=_schedule(3))
    assert refused.value.code == "stale"
    assert list(pick.milestones.values_list("chapter", flat=True)) == [5, 10]


def test_each_milestone_thread_opens_at_the_end_of_the_one_before(people):
    owner = people[0]
    club = _club(owner)
    pick = services.pick_set(club=club, by=owner, book=make_book("Gated"), starts_on=TODAY, ends_on=TODAY)
    first, second, third = services.schedule_save(pick=pick, by=owner, version=0, milestones=_schedule(9, 20, 30))
    assert not first.thread.opens_at
    assert second.thread.opens_at_chapter == 9 and third.thread.opens_at_chapter == 20
    assert {first.thread.club_id, second.thread.club_id} == {club.pk}
    # Saving again keeps the threads (and their posts), moving where they open.
    again = services.schedule_save(pick=pick, by=owner, version=1, milestones=_schedule(12, 20, 30))
    assert [m.thread_id for m in again] == [first.thread_id, second.thread_id, third.thread_id]
    second.thread.refresh_from_db()
    assert second.thread.opens_at_chapter == 12


def test_an_invitation_by_email_is_sent_with_its_link(client, people, mailoutbox, django_capture_on_commit_callbacks):
    from django.urls import reverse

    owner = people[0]
    club = _club(owner, visibility=Visibility.PRIVATE)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        with_mail = client.post(
            reverse("clubs:invitations", args=[club.slug]), {"email": "friend@example.com", "days": "7"}
        )
    assert with_mail.status_code == 302
    invitation = Invitation.objects.get(email="friend@example.com")
    assert invitation.max_uses == 1
    [mail] = mailoutbox
    assert mail.to == ["friend@example.com"] and invitation.get_absolute_url() in mail.body
    refused = client.post(reverse("clubs:invitations", args=[club.slug]), {"username": "nobody-here", "days": "7"})
    assert refused.status_code == 400 and "No member is called nobody-here" in refused.content.decode()
    assert 'value="nobody-here"' in refused.content.decode()
