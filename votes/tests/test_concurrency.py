"""A member's ballots sent at the same moment, each on its own PostgreSQL connection."""

import pytest
from django.db import connection

from books.tests.factories import make_book
from clubs import services as clubs
from reviews.tests.test_concurrency import run_together
from votes import services
from votes.models import Ballot, Choice

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_concurrent_ballots_of_one_member_leave_exactly_one(make_member):
    owner, voter = make_member("owner"), make_member("voter")
    club = clubs.club_create(owner=owner, name="Voters")
    clubs.club_join(club=club, user=voter)
    round_ = services.round_open(club=club, by=owner, nominations_per_member=5)
    nominations = [services.nomination_add(round=round_, by=owner, book=make_book(f"B{n}")) for n in range(4)]
    services.voting_open(round=round_, by=owner)
    rankings = [[n.pk for n in nominations[i:] + nominations[:i]] for i in range(4)] * 2
    results, errors = run_together(
        [
            (lambda ranking=ranking: services.ballot_cast(round=round_, voter=voter, ranking=ranking))
            for ranking in rankings
        ]
    )
    assert errors == [] and len(results) == 8
    ballot = Ballot.objects.get(round=round_, voter=voter)
    ranks = list(Choice.objects.filter(ballot=ballot).values_list("rank", flat=True))
    assert ranks == [1, 2, 3, 4]  # one whole ballot, not a mix of two
    round_.refresh_from_db()
    assert round_.ballot_count == 1
