"""Rounds: nominating, ranking, closing, the published count, the winner as the club's book."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from books.tests.factories import make_book
from clubs.models import Membership
from clubs.tests.conftest import MEMBERS, READERS, client_for
from notifications.models import Notification
from votes import services
from votes.models import Ballot, Round

pytestmark = pytest.mark.django_db


def _round(world, visibility="public", books=("Alpha", "Beta", "Gamma", "Delta"), method="irv"):
    club = world.clubs[visibility]
    round_ = services.round_open(club=club, by=world.owner, method=method, nominations_per_member=2)
    nominators = [world.owner, world.owner, world.organiser, world.organiser, world.member, world.member]
    nominations = [
        services.nomination_add(round=round_, by=nominators[n], book=make_book(title), pitch=f"Read {title}")
        for n, title in enumerate(books)
    ]
    return club, round_, nominations


def test_a_round_goes_from_nominations_to_a_published_count_to_the_clubs_book(world, client):
    club, round_, (a, b, c, d) = _round(world)
    services.voting_open(round=round_, by=world.organiser)
    services.ballot_cast(round=round_, voter=world.owner, ranking=[a.pk, b.pk])
    services.ballot_cast(round=round_, voter=world.organiser, ranking=[b.pk, c.pk])
    services.ballot_cast(round=round_, voter=world.member, ranking=[c.pk, b.pk])
    services.ballot_cast(round=round_, voter=world.member, ranking=[d.pk, b.pk])  # changed before the close
    url = reverse("votes:round", args=[club.slug, round_.pk])
    client.force_login(world.member)
    assert "The count is published when the vote closes." in client.get(url).content.decode()
    closed = services.round_close(round=round_, by=world.owner)
    assert closed.winner_id == b.pk and closed.ballot_count == 3
    assert closed.result == services.tally(closed)  # reproducible from the stored ballots
    page = client.get(url).content.decode()
    assert "Votes in each round" in page and "Exhausted ballots" in page and "Chosen: <strong>Beta</strong>" in page
    assert "Ties:" in page
    services.winner_pick(round=closed, by=world.owner, starts_on=date.today(), ends_on=date.today() + timedelta(30))
    club.refresh_from_db()
    assert club.current_book_id == b.book_id
    assert Notification.objects.filter(recipient=world.member, kind="pick").exists()


@pytest.mark.parametrize(("method", "table"), [("schulze", "Strongest paths"), ("borda", "Points")])
def test_other_methods_publish_their_tables(world, client, method, table):
    club, round_, (a, b, _c, _d) = _round(world, method=method)
    services.voting_open(round=round_, by=world.owner)
    services.ballot_cast(round=round_, voter=world.member, ranking=[a.pk, b.pk])
    services.round_close(round=round_, by=world.owner)
    page = client.get(reverse("votes:round", args=[club.slug, round_.pk])).content.decode()
    assert table in page and "Chosen: <strong>Alpha</strong>" in page


def test_nominations_are_capped_and_refuse_books_the_club_has_read(world):
    club, round_, _ = _round(world, books=("One",))
    two = make_book("Two")
    services.nomination_add(round=round_, by=world.owner, book=two)
    with pytest.raises(ValidationError, match="2 books at most"):
        services.nomination_add(round=round_, by=world.owner, book=make_book("Three"))
    with pytest.raises(ValidationError, match="is reading"):
        services.nomination_add(round=round_, by=world.member, book=world.book)
    from clubs import services as clubs

    clubs.pick_set(club=club, by=world.owner, book=make_book("Next"), starts_on=date(2026, 3, 1),
                   ends_on=date(2026, 4, 1), reread=True)  # fmt: skip
    with pytest.raises(ValidationError, match="read The Betrayal in"):
        services.nomination_add(round=round_, by=world.member, book=world.book)
    with pytest.raises(ValidationError, match="nominated already"):
        services.nomination_add(round=round_, by=world.member, book=two)


def test_ballots_refuse_duplicates_and_come_only_while_voting(world):
    _club, round_, (a, b, _c, _d) = _round(world)
    with pytest.raises(ValidationError, match="Voting is not open"):
        services.ballot_cast(round=round_, voter=world.member, ranking=[a.pk])
    services.voting_open(round=round_, by=world.owner)
    with pytest.raises(ValidationError, match="ranked Alpha twice"):
        services.ballot_cast(round=round_, voter=world.member, ranking=[a.pk, b.pk, a.pk])
    with pytest.raises(PermissionDenied):
        services.ballot_cast(round=round_, voter=world.outsider, ranking=[a.pk])
    services.round_close(round=round_, by=world.owner)
    with pytest.raises(ValidationError, match="closed"):
        services.ballot_cast(round=round_, voter=world.member, ranking=[a.pk])


def test_one_ballot_per_member_is_a_database_rule(world):
    _club, round_, _ = _round(world)
    Ballot.objects.create(round=round_, voter=world.member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(round=round_, voter=world.member)


def test_one_open_round_per_club(world):
    club, *_ = _round(world)
    with pytest.raises(ValidationError, match="round open already"):
        services.round_open(club=club, by=world.owner)


def test_the_ballot_form_keeps_the_choices_when_a_book_is_ranked_twice(world, client):
    club, round_, (a, b, _c, _d) = _round(world)
    services.voting_open(round=round_, by=world.owner)
    client.force_login(world.member)
    url = reverse("votes:ballot", args=[club.slug, round_.pk])
    response = client.post(url, {"rank_1": a.pk, "rank_2": b.pk, "rank_3": a.pk})
    body = response.content.decode()
    assert response.status_code == 400 and "You ranked Alpha twice" in body
    assert f'<option value="{b.pk}" selected>' in body
    assert not Ballot.objects.exists()
    assert client.post(url, {"rank_1": b.pk, "rank_2": a.pk}).status_code == 302
    assert list(Ballot.objects.get().choices.values_list("nomination", flat=True)) == [b.pk, a.pk]
    assert "selected>Beta" in client.get(url).content.decode()


@pytest.mark.parametrize("visibility", ["public", "closed", "private"])
def test_who_sees_a_round(world, visibility):
    club, round_, (a, _b, _c, _d) = _round(world, visibility)
    services.voting_open(round=round_, by=world.owner)
    services.ballot_cast(round=round_, voter=world.member, ranking=[a.pk])
    organisers_tried = []
    for who in READERS:
        client = client_for(Client(), world, who)
        sees = visibility == "public" or who in MEMBERS | {"moderator"}
        for url in (reverse("votes:round", args=[club.slug, round_.pk]), reverse("votes:list", args=[club.slug])):
            assert client.get(url).status_code == (200 if sees else 404), (who, url)
        ballot = client.get(reverse("votes:ballot", args=[club.slug, round_.pk]))
        if who == "visitor":
            assert ballot.status_code == 302
        elif not sees:
            assert ballot.status_code == 404, who
        else:
            assert ballot.status_code == (200 if who in MEMBERS else 403), who
        if who in ("owner", "organiser"):
            organisers_tried.append(who)
            continue  # they would close it: tried last, below
        closing = client.post(reverse("votes:close", args=[club.slug, round_.pk]))
        round_.refresh_from_db()
        assert round_.is_open, who
        assert closing.status_code in (302, 403, 404), who
    closing = client_for(Client(), world, "organiser").post(reverse("votes:close", args=[club.slug, round_.pk]))
    round_.refresh_from_db()
    assert closing.status_code == 302 and not round_.is_open
    assert organisers_tried == ["organiser", "owner"]


def _grow_round(world, nominations, ballots):
    from accounts.models import User
    from books.models import Book
    from votes.models import Choice, Nomination

    club = world.clubs["public"]
    round_ = services.round_open(club=club, by=world.owner)
    books = Book.objects.bulk_create(Book(title=f"Book {n}", slug=f"book-{n}") for n in range(nominations))
    made = Nomination.objects.bulk_create(Nomination(round=round_, book=book) for book in books)
    services.voting_open(round=round_, by=world.owner)
    voters = User.objects.bulk_create(User(username=f"voter{n}", email=f"v{n}@example.com") for n in range(ballots))
    Membership.objects.bulk_create(Membership(club=club, user=user) for user in voters)
    cast = Ballot.objects.bulk_create(Ballot(round=round_, voter=user) for user in voters)
    Choice.objects.bulk_create(
        Choice(ballot=ballot, nomination=made[(n + k) % nominations], rank=k + 1)
        for n, ballot in enumerate(cast)
        for k in range(min(3, nominations))
    )
    Round.objects.filter(pk=round_.pk).update(ballot_count=ballots)
    return club, services.round_close(round=round_, by=world.owner)


@pytest.mark.parametrize(("nominations", "ballots"), [(3, 500), (60, 500)])
def test_the_results_page_runs_the_same_sql_at_two_sizes(world, client, nominations, ballots, assert_page_queries,
                                                          settings):  # fmt: skip
    club, round_ = _grow_round(world, nominations, ballots)
    settings.PAGE_CACHE_SECONDS = 0
    client.force_login(world.member)
    with assert_page_queries(9):
        assert client.get(reverse("votes:round", args=[club.slug, round_.pk])).status_code == 200
