"""The counting functions against published examples and the edge cases."""

import pytest

from votes.counting import borda, count, instant_runoff, pairwise, schulze

MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE = "Memphis", "Nashville", "Chattanooga", "Knoxville"
CITIES = [MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE]
# Wikipedia's "Tennessee capital" example: 100 voters, each ranking by distance from their city.
TENNESSEE = (
    [(MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE)] * 42
    + [(NASHVILLE, CHATTANOOGA, KNOXVILLE, MEMPHIS)] * 26
    + [(CHATTANOOGA, KNOXVILLE, NASHVILLE, MEMPHIS)] * 15
    + [(KNOXVILLE, CHATTANOOGA, NASHVILLE, MEMPHIS)] * 17
)


def test_instant_runoff_elects_knoxville_in_tennessee():
    result = instant_runoff(TENNESSEE, CITIES)
    assert result["winner"] == KNOXVILLE
    first, second, third = result["rounds"]
    assert first["tallies"] == {MEMPHIS: 42, NASHVILLE: 26, CHATTANOOGA: 15, KNOXVILLE: 17}
    assert first["eliminated"] == CHATTANOOGA
    assert second["tallies"] == {MEMPHIS: 42, NASHVILLE: 26, KNOXVILLE: 32}
    assert second["eliminated"] == NASHVILLE
    assert third["tallies"] == {MEMPHIS: 42, KNOXVILLE: 58}
    assert third["elected"] == KNOXVILLE


def test_schulze_elects_nashville_the_condorcet_winner():
    result = schulze(TENNESSEE, CITIES)
    assert result["winner"] == NASHVILLE
    assert result["ranking"] == [NASHVILLE, CHATTANOOGA, KNOXVILLE, MEMPHIS]
    d = pairwise(TENNESSEE, CITIES)
    assert d[NASHVILLE, MEMPHIS] == 58 and d[MEMPHIS, NASHVILLE] == 42
    assert d[NASHVILLE, CHATTANOOGA] == 68 and d[CHATTANOOGA, KNOXVILLE] == 83


def test_borda_elects_nashville_with_194_points():
    result = borda(TENNESSEE, CITIES)
    assert result["winner"] == NASHVILLE
    assert result["points"] == {MEMPHIS: 126, NASHVILLE: 194, CHATTANOOGA: 173, KNOXVILLE: 107}


def test_schulze_wikipedia_example_elects_e():
    """The 45-voter example of the Schulze method's article: the winner is E, the order E > A > C > B > D."""
    ballots = (
        [("A", "C", "B", "E", "D")] * 5
        + [("A", "D", "E", "C", "B")] * 5
        + [("B", "E", "D", "A", "C")] * 8
        + [("C", "A", "B", "E", "D")] * 3
        + [("C", "A", "E", "B", "D")] * 7
        + [("C", "B", "A", "D", "E")] * 2
        + [("D", "C", "E", "B", "A")] * 7
        + [("E", "B", "A", "D", "C")] * 8
    )
    result = schulze(ballots, ["A", "B", "C", "D", "E"])
    assert result["winner"] == "E"
    assert result["ranking"] == ["E", "A", "C", "B", "D"]
    strongest = {(a, b): n for a, b, n in result["strongest"]}
    assert strongest["E", "D"] == 31 and strongest["A", "B"] == 28 and strongest["C", "A"] == 25


def test_exhausted_ballots_stop_counting():
    ballots = [("a",)] * 3 + [("b",)] * 2 + [("c", "b")] * 2 + [("d",)]
    result = instant_runoff(ballots, ["a", "b", "c", "d"])
    # d goes first; its ballot ranks nobody else and is exhausted; then c's go to b.
    assert result["rounds"][0]["eliminated"] == "d"
    assert result["rounds"][1]["exhausted"] == 1
    assert result["winner"] == "b"
    assert result["rounds"][-1]["tallies"] == {"a": 3, "b": 4}


def test_a_single_candidate_wins_with_or_without_ballots():
    for function in (instant_runoff, schulze, borda):
        assert function([("only",)], ["only"])["winner"] == "only"
        assert function([], ["only"])["winner"] == "only"


def test_no_candidates_elect_nobody():
    for function in (instant_runoff, schulze, borda):
        assert function([], [])["winner"] is None


def test_ties_go_to_the_earlier_nomination():
    ballots = [("a", "b"), ("b", "a")]
    assert instant_runoff(ballots, ["a", "b"])["winner"] == "a"
    assert instant_runoff(ballots, ["b", "a"])["winner"] == "b"
    assert schulze(ballots, ["a", "b"])["winner"] == "a"
    assert schulze(ballots, ["a", "b"])["tied"] == ["a", "b"]
    assert borda(ballots, ["b", "a"])["winner"] == "b"


def test_a_runoff_tie_looks_back_at_earlier_rounds():
    # Round 1: a 4, b 3, c 2, d 2: c and d tie for fewest with no earlier round, so d (nominated later)
    # goes. Round 2: a 4, b 3, c 4 (d's ballots went to c): b goes.
    ballots = [("a",)] * 4 + [("b",)] * 3 + [("c",)] * 2 + [("d", "c")] * 2
    result = instant_runoff(ballots, ["a", "b", "c", "d"])
    assert result["rounds"][0]["eliminated"] == "d" and result["rounds"][0]["tie"] is True
    assert result["rounds"][1]["tallies"] == {"a": 4, "b": 3, "c": 4}
    # Round 3: a 4, c 4 (b's ballots are exhausted), neither has more than half: they tie for fewest,
    # and round 2 tied them too, but in round 1 c had fewer (2 to 4), so c goes and a wins.
    assert result["rounds"][2]["eliminated"] == "c"
    assert result["winner"] == "a"


def test_a_ballot_ranking_a_candidate_twice_counts_it_once():
    assert borda([("a", "a", "b")], ["a", "b", "c"])["points"] == {"a": 2, "b": 0, "c": 0}


@pytest.mark.parametrize("method", ["irv", "schulze", "borda"])
def test_count_is_reproducible(method):
    assert count(method, TENNESSEE, CITIES) == count(method, list(TENNESSEE), list(CITIES))
