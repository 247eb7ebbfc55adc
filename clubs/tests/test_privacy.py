"""Who sees what of a club, for every kind of reader and every visibility: a private club does not
exist for anyone outside it (404, never 403), anywhere, cached copies included."""

import pytest
from django.test import Client
from django.urls import reverse

from clubs.tests.conftest import MEMBERS, READERS, client_for

pytestmark = pytest.mark.django_db

# Who reads a club's discussions: its members (suspended ones too, should a session survive: they
# may read, not write) and the site's moderators; everyone, in a public club.
READS = {
    "public": set(READERS),
    "closed": {"member", "organiser", "owner", "suspended", "moderator"},
    "private": {"member", "organiser", "owner", "suspended", "moderator"},
}
SEES_PAGE = {"public": set(READERS), "closed": set(READERS), "private": READS["private"]}
NOBODY = {"public": set(), "closed": set(), "private": set()}
SIGNED_IN_ONLY = {"members", "reply form"}  # a visitor is asked to log in first, whatever the club


def _addresses(world, visibility):
    club = world.clubs[visibility]
    thread, post = world.threads[visibility]
    return {
        "club page": (reverse("clubs:club", args=[club.slug]), SEES_PAGE),
        "club board": (reverse("clubs:board", args=[club.slug]), READS),
        "thread": (thread.get_absolute_url(), READS),
        "post permalink": (post.get_absolute_url(), READS),
        "members": (reverse("clubs:members", args=[club.slug]), READS),
        "reply form": (reverse("discussions:reply", args=[thread.pk, thread.slug]), READS),
        "thread feed": (reverse("discussions:thread_feed", args=[thread.pk, thread.slug]), NOBODY),
    }


def _expected(name, who, visibility, allowed):
    if who == "visitor" and name in SIGNED_IN_ONLY:
        return 302
    if who not in allowed[visibility]:
        return 404
    if name == "reply form" and who not in ("member", "organiser", "owner"):
        return 403  # may read, not write: a suspended member, the site's moderators, a public club's readers
    return 200


@pytest.mark.parametrize("visibility", ["public", "closed", "private"])
def test_each_reader_sees_exactly_what_the_club_allows(world, visibility):
    for who in READERS:
        client = client_for(Client(), world, who)
        for name, (address, allowed) in _addresses(world, visibility).items():
            response = client.get(address, follow=name == "post permalink")
            expected = _expected(name, who, visibility, allowed)
            assert response.status_code == expected, (who, name, response.status_code, expected)
            if expected != 200:
                assert f"SECRET-{visibility}".encode() not in response.content, (who, name)


def test_private_and_closed_posts_appear_in_no_listing(world):
    for who in READERS:
        _no_listing_shows_them(client_for(Client(), world, who), world, who)


def _no_listing_shows_them(client, world, who):
    for address in [
        reverse("discussions:index"),
        reverse("clubs:directory"),
        reverse("clubs:directory") + "?q=private",
        reverse("home"),
        "/sitemap.xml",
        reverse("books:search") + "?q=Secret",
        reverse("discussions:board", args=[world.book.slug]),
        reverse("discussions:board_feed", args=[world.book.slug]),
        world.book.get_absolute_url(),
        world.member.get_absolute_url(),
    ]:
        page = client.get(address).content.decode()
        assert "SECRET-private" not in page and "Secret talk private" not in page, address
        assert "Secret talk closed" not in page, address
        assert "The private readers" not in page, address


def test_the_directory_lists_public_and_closed_clubs_only(client, world):
    page = client.get(reverse("clubs:directory")).content.decode()
    assert "The public readers" in page and "The closed readers" in page
    assert "The private readers" not in page


def test_a_members_cached_view_of_a_private_club_reaches_nobody_else(client, world, django_user_model):
    club = world.clubs["private"]
    address = reverse("clubs:club", args=[club.slug])
    thread, _ = world.threads["private"]
    client.force_login(world.member)
    first = client.get(address)
    again = client.get(address)
    assert first["X-Cache"] == "miss" and again["X-Cache"] == "hit"
    assert "Secret talk private" in again.content.decode()
    thread_page = client.get(thread.get_absolute_url())
    assert "SECRET-private" in thread_page.content.decode()
    for who in ("outsider", "invited", "banned", "requester"):
        client.force_login(getattr(world, who))
        assert client.get(address).status_code == 404, who
        assert client.get(thread.get_absolute_url()).status_code == 404, who
    client.logout()
    assert client.get(address).status_code == 404
    assert client.get(thread.get_absolute_url()).status_code == 404


def test_a_closed_clubs_page_shows_its_discussions_to_members_only(client, world):
    club = world.clubs["closed"]
    address = reverse("clubs:club", args=[club.slug])
    client.force_login(world.member)
    assert "Secret talk closed" in client.get(address).content.decode()
    client.force_login(world.outsider)
    page = client.get(address).content.decode()
    assert "Secret talk closed" not in page and "for its members" in page


def test_a_member_who_leaves_a_private_club_loses_it_everywhere(client, world):
    from clubs import services
    from discussions.services import thread_follow

    club = world.clubs["private"]
    thread, _ = world.threads["private"]
    thread_follow(thread=thread, user=world.member, follow=True)
    client.force_login(world.member)
    assert "Secret talk private" in client.get(reverse("discussions:following")).content.decode()
    assert client.get(thread.get_absolute_url()).status_code == 200
    services.club_leave(club=club, user=world.member)
    assert "Secret talk private" not in client.get(reverse("discussions:following")).content.decode()
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert client.get(reverse("clubs:club", args=[club.slug])).status_code == 404


def test_members_are_what_the_matrix_calls_members(world):
    from clubs.models import Membership

    for visibility, club in world.clubs.items():
        names = set(Membership.objects.filter(club=club).values_list("user__username", flat=True))
        assert names == MEMBERS - {"suspended"} | {"suspended"}, visibility


def test_the_book_page_lists_public_clubs_reading_it_and_no_others(client, world):
    page = client.get(world.book.get_absolute_url()).content.decode()
    assert "The public readers" in page
    assert "The closed readers" not in page and "The private readers" not in page
    from clubs import services

    services.club_update(club=world.clubs["public"], by=world.owner, visibility="private")
    assert "The public readers" not in client.get(world.book.get_absolute_url()).content.decode()


def test_a_visitors_cached_copy_goes_the_moment_a_club_turns_private(client, world):
    from clubs import services

    club = world.clubs["public"]
    thread, _ = world.threads["public"]
    addresses = [club.get_absolute_url(), reverse("clubs:board", args=[club.slug]), thread.get_absolute_url()]
    for address in addresses:
        client.get(address)
        again = client.get(address)
        assert again.status_code == 200 and again["X-Cache"] == "hit", address  # served without the gate
    services.club_update(club=club, by=world.owner, visibility="private")
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 404 and b"SECRET-public" not in response.content, address
