"""Demo clubs at any scale: one club in five books, each reading a book; a hot public club with
HOT_MEMBERS members and a schedule of MILESTONES milestones, each with its thread, and a private club
like it; members' progress in the hot books. Written with bulk_create, like the rest of demo data."""

from datetime import timedelta

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from clubs.models import Club, Membership, Milestone, Pick, Role, Visibility
from discussions.models import Post, Thread
from shelves.models import Shelf, ShelfEntry

HOT_MEMBERS = 500
PRIVATE_MEMBERS = 50
MILESTONES = 12
CHAPTERS_EACH = 3
POSTS_PER_MILESTONE_THREAD = 200
VISIBILITIES = [Visibility.PUBLIC, Visibility.CLOSED, Visibility.PRIVATE]


def generate_clubs(plan, prefix, books, members, insert, stream):
    """Clubs for the plan; returns their counts. insert: the generator's batched bulk insert."""
    count = max(plan.books // 5, 2)
    today = timezone.localdate()
    now = timezone.now()

    def visibility(n):
        return Visibility.PUBLIC if n == 0 else Visibility.PRIVATE if n == 1 else VISIBILITIES[n % 3]

    def size(n):
        return min(HOT_MEMBERS if n == 0 else PRIVATE_MEMBERS if n == 1 else 3, len(members))

    insert(
        Club,
        (
            Club(
                name=f"Demo Club {n}",
                slug=f"{prefix}-club-{n}",
                description=f"Demo club {n}: we read together.",
                description_html=f"<p>Demo club {n}: we read together.</p>",
                visibility=visibility(n),
                current_book_id=books[n % len(books)],
                member_count=size(n),
                last_activity_at=now - timedelta(minutes=n),
            )
            for n in range(count)
        ),
        "clubs",
        count,
    )
    clubs = list(Club.objects.filter(slug__startswith=f"{prefix}-club-").order_by("pk").values_list("pk", flat=True))

    def memberships():
        for n, club in enumerate(clubs):
            first = n % len(members)
            for k in range(size(n)):
                role = Role.OWNER if k == 0 else Role.ORGANISER if k == 1 else Role.MEMBER
                yield Membership(club_id=club, user_id=members[(first + k) % len(members)], role=role)

    total = sum(size(n) for n in range(count))
    insert(Membership, memberships(), "members", total)
    insert(
        Pick,
        (
            Pick(club_id=club, book_id=books[n % len(books)], starts_on=today, ends_on=today + timedelta(days=90))
            for n, club in enumerate(clubs)
        ),
        "picks",
        count,
    )
    # The hot public club and the private one read on a schedule, a thread per milestone.
    scheduled = clubs[:2]
    picks = dict(Pick.objects.filter(club_id__in=scheduled).values_list("club_id", "pk"))
    owners = dict(Membership.objects.filter(club_id__in=scheduled, role=Role.OWNER).values_list("club_id", "user_id"))
    insert(
        Thread,
        (
            Thread(
                club_id=club,
                book_id=books[n % len(books)],
                starter_id=owners[club],
                title=f"Demo milestone {k + 1}: up to chapter {CHAPTERS_EACH * (k + 1)}",
                opens_at_chapter=CHAPTERS_EACH * k if k else None,
            )
            for n, club in enumerate(scheduled)
            for k in range(MILESTONES)
        ),
        "threads",
        len(scheduled) * MILESTONES,
    )
    threads = list(
        Thread.objects.filter(club_id__in=scheduled, title__startswith="Demo milestone ")
        .order_by("club_id", "pk")
        .values_list("club_id", "pk")
    )
    insert(
        Milestone,
        (
            Milestone(
                pick_id=picks[club],
                position=k % MILESTONES + 1,
                label=f"Week {k % MILESTONES + 1}",
                chapter=CHAPTERS_EACH * (k % MILESTONES + 1),
                due_on=today + timedelta(days=7 * (k % MILESTONES + 1)),
                thread_id=thread,
            )
            for k, (club, thread) in enumerate(threads)
        ),
        "milestones",
        len(threads),
    )

    def posts():
        for club, thread in threads:
            members_here = members[: size(scheduled.index(club))]
            for number in range(1, POSTS_PER_MILESTONE_THREAD + 1):
                yield Post(
                    thread_id=thread,
                    number=number,
                    author_id=members_here[number % len(members_here)],
                    body=f"Demo club post {number}",
                    body_html=f"<p>Demo club post {number}</p>",
                    spoils_to_chapter=number % 40 if number % 5 == 0 else None,
                )

    insert(Post, posts(), "posts", len(threads) * POSTS_PER_MILESTONE_THREAD)
    last = Post.objects.filter(thread=OuterRef("pk")).order_by("-number")
    Thread.objects.filter(pk__in=[pk for _, pk in threads]).update(
        post_count=POSTS_PER_MILESTONE_THREAD,
        last_post=Subquery(last.values("pk")[:1]),
        last_post_at=Subquery(last.values("created_at")[:1]),
    )
    # Where the hot club's members are in its book: spread over the schedule.
    book = books[0]
    taken = set(ShelfEntry.objects.filter(book_id=book).values_list("user_id", flat=True))
    readers = [member for member in members[: size(0)] if member not in taken]
    insert(
        ShelfEntry,
        (
            ShelfEntry(
                user_id=member,
                book_id=book,
                shelf=Shelf.CURRENTLY_READING,
                progress_chapter=n % (CHAPTERS_EACH * MILESTONES),
                progress_mark=f"//{n % (CHAPTERS_EACH * MILESTONES)}/",
                progress_at=now,
            )
            for n, member in enumerate(readers)
        ),
        "progress",
        len(readers),
    )
    counted = Membership.objects.filter(club_id__in=clubs).values("club_id").annotate(n=Count("pk"))
    assert all(row["n"] >= 1 for row in counted)
    return {"clubs": count, "club members": total}
