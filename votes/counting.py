"""Counting a ranked vote: instant-runoff, Schulze and Borda, as pure functions of the ballots.

A ballot is a sequence of candidates, the most wanted first; it may rank as few as it likes.
candidates lists every candidate in the order they were nominated, which is also the tie-break
order, stated on every results page:

- a tie for the win goes to the candidate nominated first;
- instant-runoff: of the candidates tied for fewest votes, the one with fewer votes in the latest
  earlier round where they differed is eliminated; if they were tied in every round, the one
  nominated last.

Each function returns a plain dict (JSON-ready: candidates as given, which are strings here) with the
winner and every figure of the count, so that the page can publish the whole of it.
"""


def _order(candidates):
    return {candidate: position for position, candidate in enumerate(candidates)}


def instant_runoff(ballots, candidates):
    """Each round, every ballot counts for its highest-ranked candidate still in the race; a candidate
    with more than half of those votes wins; else the one with fewest is eliminated and the next round
    begins. Ballots with no remaining candidate are exhausted and count no more."""
    order = _order(candidates)
    remaining = list(candidates)
    rounds = []
    while remaining:
        tallies = dict.fromkeys(remaining, 0)
        exhausted = 0
        for ballot in ballots:
            top = next((candidate for candidate in ballot if candidate in tallies), None)
            if top is None:
                exhausted += 1
            else:
                tallies[top] += 1
        active = sum(tallies.values())
        leader = min(remaining, key=lambda c: (-tallies[c], order[c]))
        if len(remaining) == 1 or tallies[leader] * 2 > active:
            rounds.append({"tallies": tallies, "exhausted": exhausted, "eliminated": None, "elected": leader})
            return {"method": "irv", "winner": leader, "rounds": rounds}
        fewest = min(tallies.values())
        tied = [candidate for candidate in remaining if tallies[candidate] == fewest]
        loser = _runoff_loser(tied, rounds, order)
        rounds.append(
            {"tallies": tallies, "exhausted": exhausted, "eliminated": loser, "elected": None, "tie": len(tied) > 1}
        )
        remaining.remove(loser)
    return {"method": "irv", "winner": None, "rounds": rounds}


def _runoff_loser(tied, rounds, order):
    """Of the candidates tied for fewest votes, the one to eliminate (see the module's docstring)."""
    for earlier in reversed(rounds):
        fewest = min(earlier["tallies"][candidate] for candidate in tied)
        lowest = [candidate for candidate in tied if earlier["tallies"][candidate] == fewest]
        if len(lowest) < len(tied):
            tied = lowest
            if len(tied) == 1:
                return tied[0]
    return max(tied, key=order.__getitem__)


def _prefers(ballot, candidates):
    """{candidate: rank} of a ballot; unranked candidates come after every ranked one, tied."""
    ranks = {}
    for rank, candidate in enumerate(ballot):
        ranks.setdefault(candidate, rank)
    last = len(ballot)
    return {candidate: ranks.get(candidate, last) for candidate in candidates}


def pairwise(ballots, candidates):
    """{(a, b): how many ballots rank a above b} (a ranked candidate is above an unranked one)."""
    d = {(a, b): 0 for a in candidates for b in candidates if a != b}
    for ballot in ballots:
        rank = _prefers(ballot, candidates)
        for a, b in d:
            if rank[a] < rank[b]:
                d[a, b] += 1
    return d


def schulze(ballots, candidates):
    """The Schulze method: the strength of the strongest path from each candidate to each other,
    through pairwise wins (a path is as strong as its weakest link); the winner beats or ties every
    other on path strength. Elects the Condorcet winner whenever there is one."""
    order = _order(candidates)
    d = pairwise(ballots, candidates)
    p = {(a, b): (d[a, b] if d[a, b] > d[b, a] else 0) for a, b in d}
    for i in candidates:
        for j in candidates:
            if i == j:
                continue
            for k in candidates:
                if k not in (i, j):
                    p[j, k] = max(p[j, k], min(p[j, i], p[i, k]))
    beats = {a: sum(1 for b in candidates if b != a and p[a, b] > p[b, a]) for a in candidates}
    ranking = sorted(candidates, key=lambda c: (-beats[c], order[c]))
    winners = [a for a in candidates if all(p[a, b] >= p[b, a] for b in candidates if b != a)]
    return {
        "method": "schulze",
        "winner": winners[0] if winners else (ranking[0] if ranking else None),
        "tied": winners if len(winners) > 1 else [],
        "pairwise": [[a, b, d[a, b]] for a, b in d],
        "strongest": [[a, b, p[a, b]] for a, b in p],
        "ranking": ranking,
    }


def borda(ballots, candidates):
    """The Borda count: with n candidates, a ballot's first choice scores n - 1 points, its second
    n - 2, and so on; candidates it does not rank score nothing from it."""
    order = _order(candidates)
    n = len(candidates)
    points = dict.fromkeys(candidates, 0)
    for ballot in ballots:
        seen = set()
        for position, candidate in enumerate(ballot):
            if candidate in points and candidate not in seen:
                seen.add(candidate)
                points[candidate] += n - 1 - position
    ranking = sorted(candidates, key=lambda c: (-points[c], order[c]))
    return {"method": "borda", "winner": ranking[0] if ranking else None, "points": points, "ranking": ranking}


METHODS = {"irv": instant_runoff, "schulze": schulze, "borda": borda}


def count(method, ballots, candidates):
    return METHODS[method](ballots, candidates)
