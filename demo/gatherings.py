"""Demo meetings and votes for the hot public club: a meeting with an answer from each of its members,
and a closed round of nominations and ranked ballots, counted as organisers would count it."""

from datetime import timedelta

from django.utils import timezone

from clubs.models import Club, Membership, Role
from meetings.models import Answer, Meeting, Rsvp
from votes import services as votes
from votes.models import Ballot, Choice, Nomination, Round

NOMINATIONS = 20
RANKED = 3  # books on each ballot
CAPACITY = 300


def generate_gatherings(prefix, books, insert):
    """Returns their counts. Does nothing if the hot club has them already (seed_demo_clubs reruns)."""
    club = Club.objects.filter(slug=f"{prefix}-club-0").first()
    if club is None or Meeting.objects.filter(club=club).exists():
        return {}
    members = list(Membership.objects.filter(club=club).order_by("pk").values_list("user_id", flat=True))
    owner = Membership.objects.get(club=club, role=Role.OWNER).user_id
    starts = (timezone.now() + timedelta(days=7)).replace(hour=19, minute=0, second=0, microsecond=0)
    meeting = Meeting.objects.create(
        club=club,
        title="Demo meeting: the first three weeks",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone=club.time_zone,
        place="The demo library, room 2",
        agenda="1. What surprised you?\n2. Who do you trust so far?",
        capacity=CAPACITY,
        created_by_id=owner,
    )
    answers = [Answer.YES, Answer.YES, Answer.MAYBE, Answer.NO]

    def rsvps():
        yes = 0
        for n, user in enumerate(members):
            answer = answers[n % len(answers)]
            waiting = answer == Answer.YES and yes >= CAPACITY
            yes += answer == Answer.YES and not waiting
            yield Rsvp(meeting=meeting, user_id=user, answer=answer, waiting=waiting)

    insert(Rsvp, rsvps(), "meeting answers", len(members))
    counted = {answer: Rsvp.objects.filter(meeting=meeting, answer=answer, waiting=False).count() for answer in answers}
    Meeting.objects.filter(pk=meeting.pk).update(
        yes_count=counted[Answer.YES],
        maybe_count=counted[Answer.MAYBE],
        no_count=counted[Answer.NO],
        waiting_count=Rsvp.objects.filter(meeting=meeting, waiting=True).count(),
    )
    round_ = Round.objects.create(
        club=club, title="Demo vote: what next?", status=Round.Status.VOTING, opened_by_id=owner
    )
    candidates = [book for book in books if book != club.current_book_id][:NOMINATIONS]
    insert(
        Nomination,
        (
            Nomination(round=round_, book_id=book, nominated_by_id=members[n % len(members)], pitch=f"Demo pitch {n}")
            for n, book in enumerate(candidates)
        ),
        "nominations",
        len(candidates),
    )
    nominations = list(Nomination.objects.filter(round=round_).order_by("pk").values_list("pk", flat=True))
    insert(Ballot, (Ballot(round=round_, voter_id=user) for user in members), "ballots", len(members))
    ballots = list(Ballot.objects.filter(round=round_).order_by("pk").values_list("pk", flat=True))
    insert(
        Choice,
        (
            Choice(
                ballot_id=ballot, nomination_id=nominations[(n * 7 + k * (n % 5 + 1)) % len(nominations)], rank=k + 1
            )
            for n, ballot in enumerate(ballots)
            for k in range(RANKED)
        ),
        "ballot choices",
        len(ballots) * RANKED,
    )
    # Ranked twice on a ballot? Not here: the offsets above differ for k = 0, 1, 2 while n % 5 + 1 < 20.
    result = votes.tally(round_)
    Round.objects.filter(pk=round_.pk).update(
        status=Round.Status.CLOSED,
        closed_at=timezone.now(),
        ballot_count=len(ballots),
        result=result,
        winner_id=int(result["winner"]),
    )
    return {"meetings": 1, "rounds": 1}
