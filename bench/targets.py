"""The pages the benchmark loads, picked from whatever data set the database holds.

Each is the biggest of its kind (the book with the most reviews, the longest series, the thread with
the most posts), so the figures are for the worst case, not a typical one.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse

BASELINE = "baseline"
BENCH_MEMBER = "bench-reader"


@dataclass
class Page:
    name: str
    path: str
    # Who loads it: a private club's pages exist only for its members (the bench member is one).
    visitors: tuple = ("anonymous", "signed in")


SIGNED_IN = ("signed in",)


def club_pages():
    """The biggest public club's page and its first milestone's thread; the directory; the private
    club the bench member belongs to, and a milestone thread their progress has opened."""
    from clubs.models import Club, Milestone

    hot = Club.objects.filter(visibility="public").order_by("-member_count", "pk").first()
    private = Club.objects.filter(visibility="private").order_by("-member_count", "pk").first()
    if hot is None or private is None:
        return []
    first = Milestone.objects.filter(pick__club=hot, pick__is_current=True, position=1).select_related("thread").get()
    gated = Milestone.objects.filter(pick__club=private, pick__is_current=True, position=2).select_related("thread")
    gated = gated.get()
    return [
        Page("club directory", reverse("clubs:directory")),
        Page(f"club, {hot.member_count:,} members", hot.get_absolute_url()),
        Page(f"milestone thread, {first.thread.post_count} posts", f"{first.thread.get_absolute_url()}?page=1"),
        Page(f"private club, {private.member_count} members", private.get_absolute_url(), SIGNED_IN),
        Page("private milestone thread, opened", f"{gated.thread.get_absolute_url()}?page=1", SIGNED_IN),
        *gathering_pages(hot),
    ]


def gathering_pages(club):
    """The hot club's meeting (an answer from every member) and its closed round's published count."""
    from meetings.models import Meeting
    from votes.models import Round

    meeting = Meeting.objects.filter(club=club).order_by("-yes_count", "pk").first()
    counted = Round.objects.filter(club=club, status=Round.Status.CLOSED).order_by("-ballot_count", "pk").first()
    pages = []
    if meeting is not None:
        answers = meeting.yes_count + meeting.maybe_count + meeting.no_count + meeting.waiting_count
        pages.append(Page(f"meeting, {answers} answers", meeting.get_absolute_url()))
    if counted is not None:
        pages.append(Page(f"vote results, {counted.ballot_count} ballots", counted.get_absolute_url()))
    return pages


def pick_pages():
    from accounts.models import User
    from books.models import Author, Book, Series
    from discussions.models import Thread
    from reviews.models import Review

    reviewed = Review.objects.listed().values("book").annotate(n=Count("pk")).order_by("-n", "book")[0]
    book = Book.objects.get(pk=reviewed["book"])
    review_pages = (reviewed["n"] - 1) // 30 + 1
    series = Series.objects.annotate(n=Count("books")).order_by("-n", "pk")[0]
    author = Author.objects.annotate(n=Count("books")).order_by("-n", "pk")[0]
    board = Book.objects.annotate(n=Count("threads", filter=Q(threads__club__isnull=True))).order_by("-n", "pk")[0]
    thread = Thread.objects.order_by("-post_count", "pk")[0]
    reviewer = (
        User.objects.filter(is_imported=False)
        .annotate(n=Count("reviews", filter=Q(reviews__is_hidden=False)))
        .order_by("-n", "pk")[0]
    )
    last_catalogue_page = (Book.objects.count() - 1) // 24 + 1
    query = " ".join(book.title.split()[2:4])  # two words of a title, as a reader types them
    many = Book.objects.annotate(n=Count("editions")).order_by("-n", "pk")[0]
    return [
        Page(BASELINE, reverse("alive")),
        Page("home", reverse("home")),
        Page("catalogue", reverse("books:catalogue")),
        Page("catalogue by rating", reverse("books:catalogue") + "?sort=rating"),
        Page(
            f"catalogue, last page ({last_catalogue_page})", f"{reverse('books:catalogue')}?page={last_catalogue_page}"
        ),
        Page(f"book, {reviewed['n']:,} reviews, page 1", book.get_absolute_url()),
        Page(f"book, page {min(30, review_pages)}", f"{book.get_absolute_url()}?page={min(30, review_pages)}"),
        Page(f"book, {many.n} editions", many.get_absolute_url()),
        Page(f"editions of a book, {many.n}", reverse("books:editions", args=[many.slug])),
        # The duplicate check of "Add a book" (a member's page, never cached): the title of a book the
        # catalogue has, so that every look-up finds something.
        Page("add a book, duplicate check", f"{reverse('catalogue:add')}?title={quote(book.title)}", SIGNED_IN),
        Page(f"series of {series.n} books", series.get_absolute_url()),
        Page(f"author of {author.n} books", author.get_absolute_url()),
        Page(f"search '{query}'", f"{reverse('books:search')}?q={query.replace(' ', '+')}"),
        Page(f"board, {board.n:,} threads", reverse("discussions:board", args=[board.slug])),
        Page(f"thread, {thread.post_count:,} posts, page 1", f"{thread.get_absolute_url()}?page=1"),
        Page(f"thread, last page ({thread.page_count})", f"{thread.get_absolute_url()}?page={thread.page_count}"),
        Page("profile", reviewer.get_absolute_url()),
        *club_pages(),
    ]


@dataclass
class HotPage:
    """A page read while members write to it (bench/writer.py): what they write, and to which row."""

    name: str
    writes: str  # "rate" or "reply"
    target: str  # the book's slug, or the thread's id

    def path(self):
        """Where readers are: the book's page, or the thread's last page as it stands now."""
        from books.models import Book
        from discussions.models import Thread

        if self.writes == "rate":
            return Book.objects.get(slug=self.target).get_absolute_url()
        thread = Thread.objects.get(pk=self.target)
        return f"{thread.get_absolute_url()}?page={thread.page_count}"


def hot_pages():
    """The book with the most reviews, rated by members; the longest thread of a book's board, replied to."""
    from books.models import Book
    from discussions.models import Thread
    from reviews.models import Review

    reviewed = Review.objects.listed().values("book").annotate(n=Count("pk")).order_by("-n", "book")[0]
    book_slug = Book.objects.values_list("slug", flat=True).get(pk=reviewed["book"])
    thread = Thread.objects.on_boards().order_by("-post_count", "pk")[0]
    return [
        HotPage(f"book, {reviewed['n']:,} reviews, rated", "rate", book_slug),
        HotPage(f"thread's last page, {thread.post_count:,} posts, replied to", "reply", str(thread.pk)),
    ]


def bench_member_session():
    """A signed-in member's session cookie value (a confirmed member, as allauth leaves them)."""
    from allauth.account.models import EmailAddress

    from accounts.models import Follow, User

    member, created = User.objects.get_or_create(
        username=BENCH_MEMBER, defaults={"email": f"{BENCH_MEMBER}@example.com", "display_name": "Bench Reader"}
    )
    if created:
        member.set_unusable_password()
        member.save()
        EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=True)
        # The busiest reviewers, so the member's home page carries a full feed (the worst case, as elsewhere).
        busiest = (
            User.objects.filter(is_imported=False)
            .exclude(pk=member.pk)
            .annotate(n=Count("reviews"))
            .order_by("-n", "pk")[:20]
        )
        Follow.objects.bulk_create([Follow(follower=member, followed=other) for other in busiest])
    _join_the_private_club(member)
    client = Client()
    client.force_login(member)
    return client.cookies["sessionid"].value


def _join_the_private_club(member):
    """The bench member belongs to the biggest private club and is past its first milestone."""
    from clubs.models import Club, Membership
    from shelves.models import Shelf, ShelfEntry

    club = Club.objects.filter(visibility="private").order_by("-member_count", "pk").first()
    if club is None:
        return
    Membership.objects.get_or_create(club=club, user=member)
    entry, _ = ShelfEntry.objects.get_or_create(
        user=member, book=club.current_book, defaults={"shelf": Shelf.CURRENTLY_READING}
    )
    entry.progress_chapter = 4  # the first milestone ends at chapter 3
    entry.save()
