"""Synthetic, clearly labelled data at any scale: every title, name and text says "Demo".

Deterministic for a given seed; written with bulk_create in batches, one transaction per batch,
so a million rows take minutes, not hours. A few "hot" items get the sizes the benchmark needs:
books with thousands of reviews, a board with many threads, a thread with thousands of posts.
"""

import random
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from stdnum import ean

from accounts.models import Follow, User
from books.models import Author, Book, Edition, Series
from books.search import refresh_search_vectors
from discussions.models import Post, Thread
from pagecache.cache import invalidate_everything
from reviews.models import RatingHistogram, Review
from reviews.ratings import book_ratings_refresh
from shelves.models import ShelfEntry

from .clubs import generate_clubs
from .gatherings import generate_gatherings

BATCH = 5_000
FOLLOWS_EACH = 5
START = datetime(2020, 1, 1, tzinfo=UTC)  # members' join date: fixed, so a seed always gives the same data
WORDS = [
    "amber",
    "lantern",
    "harbour",
    "winter",
    "orchard",
    "silence",
    "river",
    "glass",
    "hollow",
    "ember",
    "meridian",
    "salt",
    "tide",
    "willow",
    "iron",
    "quiet",
    "northern",
    "garden",
    "letter",
    "cartographer",
    "orchard",
    "bell",
    "stone",
    "ashes",
]


@dataclass
class Plan:
    books: int
    reviews: int
    posts: int
    members: int
    seed: int = 1
    hot_books: int = 3  # books that get hot_reviews reviews each
    hot_reviews: int = 1_200
    hot_thread_posts: int = 5_000
    hot_board_threads: int = 1_000
    long_series_books: int = 40  # the first series is this long; the others vary
    many_editions: int = 200  # the first book's editions: a classic in every format and language


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label, total, stream=None):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.stream = stream or sys.stderr

    def add(self, count):
        self.done += count
        filled = int(30 * self.done / self.total)
        self.stream.write(f"\r{self.label:<9} [{'#' * filled}{'.' * (30 - filled)}] {self.done:,}/{self.total:,}")
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def _batches(items, size=BATCH):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(model, rows, label, total, stream):
    progress = Progress(label, total, stream)
    for batch in _batches(rows):
        with transaction.atomic():
            model.objects.bulk_create(batch)
        progress.add(len(batch))


FORMATS = [("paperback", "Paperback"), ("hardcover", "Hardcover"), ("ebook", "Kindle Edition")]
LANGUAGES = ["en", "fr", "de", "es", "it", "ja", "ru", "zh", "pt", "nl"]


def _isbn(number):
    """A valid ISBN-13 of the 979-8 range, one per number: demo editions' numbers never clash."""
    digits = f"9798{number:08d}"
    return digits + ean.calc_check_digit(digits)


def _editions(rng, plan, books, stream):
    """One to three editions a book (a print one, then perhaps an e-book and an audiobook), the first
    book many more; each book's first edition is its main one."""
    first_isbn = Edition.objects.filter(isbn13__startswith="9798").count()
    rows = []
    for n, book in enumerate(books):
        pages, chapters = rng.randint(90, 900), rng.randint(10, 60)
        count = plan.many_editions if n == 0 else 1 + (n % 3 == 0) + (n % 7 == 0)
        for k in range(count):
            kind = "audiobook" if k % 5 == 2 else FORMATS[(n + k) % 3][0]
            detail = "Audible Audio" if kind == "audiobook" else dict(FORMATS)[kind]
            audio = kind == "audiobook"
            rows.append(
                Edition(
                    book_id=book,
                    format=kind,
                    format_detail=detail,
                    isbn13=_isbn(first_isbn + len(rows)),
                    pages=None if audio else pages + k % 7,
                    audio_seconds=pages * 90 if audio else None,
                    chapters=chapters,
                    language=LANGUAGES[k % len(LANGUAGES)] if n == 0 else "en",
                    publisher=f"Demo Press {k % 12}",
                    published_on=date(1960, 1, 1) + timedelta(days=(n * 37 + k * 101) % 23_000),
                    published_precision="year",
                )
            )
    _insert(Edition, rows, "editions", len(rows), stream)
    first = Edition.objects.filter(book=OuterRef("pk")).order_by("pk").values("pk")[:1]
    with transaction.atomic():
        Book.objects.filter(pk__in=books).update(main_edition=Subquery(first))


def _title(rng, number):
    return f"Demo: The {rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {number}"


def generate(plan, stream=None):
    """Write the plan's data; returns counts per model."""
    rng = random.Random(plan.seed)
    prefix = f"demo{plan.seed}"
    author_count, series_count = max(plan.books // 5, 1), max(plan.books // 10, 1)

    _insert(
        Author,
        (
            Author(
                name=f"Demo Author {n}",
                name_key=f"demo author {n}",
                slug=f"{prefix}-author-{n}",
                bio="A made-up author.",
            )
            for n in range(author_count)
        ),
        "authors",
        author_count,
        stream,
    )
    _insert(
        Series,
        (Series(name=f"Demo Series {n}", slug=f"{prefix}-series-{n}") for n in range(series_count)),
        "series",
        series_count,
        stream,
    )
    series = list(Series.objects.filter(slug__startswith=f"{prefix}-series-").order_by("pk"))
    # The first series has long_series_books books; the others vary in length (one book in four is
    # a standalone). Positions run 1, 2, ... with a novella at .5 now and then.
    positions = {}
    book_rows = []
    author_of = []  # index into authors: a series is written by one author
    for n in range(plan.books):
        if n < plan.long_series_books or len(series) == 1:
            index = 0
        elif n % 4:
            index = 1 + rng.randrange(len(series) - 1)
        else:
            index = None
        in_series = series[index] if index is not None else None
        position = None
        if in_series:
            reached = positions.get(index, 0)
            if reached and rng.random() < 0.05:
                position = reached + 0.5  # a novella between two books
            else:
                position = positions[index] = reached + 1
        author_of.append(index if index is not None else n)
        book_rows.append(
            Book(
                title=(title := _title(rng, n)),
                title_key=Book.make_title_key(title),
                slug=f"{prefix}-book-{n}",
                series=in_series,
                series_position=position,
                description=f"Demo description {n}: " + " ".join(rng.choice(WORDS) for _ in range(40)),
                first_published=date(1950, 1, 1) + timedelta(days=rng.randint(0, 26_000)),
                source_currently_reading_count=rng.randint(0, 500),
                source_want_to_read_count=rng.randint(0, 5_000),
            )
        )
    _insert(Book, book_rows, "books", plan.books, stream)
    books = list(Book.objects.filter(slug__startswith=f"{prefix}-book-").order_by("pk").values_list("pk", flat=True))
    _editions(rng, plan, books, stream)
    authors = list(
        Author.objects.filter(slug__startswith=f"{prefix}-author-").order_by("pk").values_list("pk", flat=True)
    )
    Through = Book.authors.through
    _insert(
        Through,
        (Through(book_id=book, author_id=authors[author_of[i] % len(authors)]) for i, book in enumerate(books)),
        "authoring",
        len(books),
        stream,
    )
    _insert(
        RatingHistogram,
        (
            RatingHistogram(
                book_id=book,
                stars_5=rng.randint(0, 900),
                stars_4=rng.randint(0, 900),
                stars_3=rng.randint(0, 400),
                stars_2=rng.randint(0, 100),
                stars_1=rng.randint(0, 50),
            )
            for book in books
        ),
        "histogram",
        len(books),
        stream,
    )

    _insert(
        User,
        (
            User(username=f"{prefix}-member-{n}", display_name=f"Demo Member {n}", password="!", date_joined=START)
            for n in range(plan.members)
        ),
        "members",
        plan.members,
        stream,
    )
    members = list(
        User.objects.filter(username__startswith=f"{prefix}-member-").order_by("pk").values_list("pk", flat=True)
    )
    # Each member follows a few others (their home feeds then have something in them).
    follows = [
        (member, members[(i * 7 + step * 13 + 1) % len(members)])
        for i, member in enumerate(members)
        for step in range(FOLLOWS_EACH)
    ]
    follows = list(dict.fromkeys((a, b) for a, b in follows if a != b))
    _insert(Follow, (Follow(follower_id=a, followed_id=b) for a, b in follows), "follows", len(follows), stream)

    def review_pairs():
        """(book, member) pairs, never twice the same: hot books first, then round robin."""
        made = 0
        for b in range(min(plan.hot_books, len(books))):
            for m in range(min(plan.hot_reviews, len(members))):
                if made == plan.reviews:
                    return
                yield books[b], members[m]
                made += 1
        offset = 0
        while made < plan.reviews:
            for b in range(plan.hot_books, len(books)):
                m = (b + offset) % len(members)
                yield books[b], members[m]
                made += 1
                if made == plan.reviews:
                    return
            offset += 1
            if offset >= len(members):
                return  # every pair is used: no more distinct reviews possible

    counts = {
        "authors": author_count,
        "series": series_count,
        "books": plan.books,
        "members": plan.members,
        "follows": len(follows),
    }
    pairs = list(review_pairs())
    counts["reviews"] = len(pairs)
    _insert(
        Review,
        (
            Review(
                book_id=book,
                reviewer_id=member,
                rating=rng.randint(1, 5),
                body=f"Demo review: {' '.join(rng.choice(WORDS) for _ in range(rng.randint(5, 60)))}.",
                reviewed_on=date(2020, 1, 1) + timedelta(days=rng.randint(0, 2_000)),
            )
            for book, member in pairs
        ),
        "reviews",
        len(pairs),
        stream,
    )
    _insert(
        ShelfEntry,
        (
            ShelfEntry(
                user_id=members[n % len(members)],
                book_id=books[(n * 7) % len(books)],
                shelf=rng.choice(["want_to_read", "currently_reading", "read"]),
            )
            for n in range(min(plan.members, len(books)))
        ),
        "shelves",
        min(plan.members, len(books)),
        stream,
    )

    # Threads: one board with many threads, the rest spread; one thread with many posts.
    thread_count = max(min(plan.posts // 20, plan.hot_board_threads + plan.books), 1)
    _insert(
        Thread,
        (
            Thread(
                book_id=books[0] if n < plan.hot_board_threads else books[n % len(books)],
                starter_id=members[n % len(members)],
                title=f"Demo thread {n}",
            )
            for n in range(thread_count)
        ),
        "threads",
        thread_count,
        stream,
    )
    threads = list(Thread.objects.filter(title__startswith="Demo thread ").order_by("pk").values_list("pk", flat=True))

    def posts():
        numbers = dict.fromkeys(threads, 0)
        for n in range(plan.posts):
            thread = threads[0] if n < plan.hot_thread_posts else threads[n % len(threads)]
            numbers[thread] += 1
            yield Post(
                thread_id=thread,
                number=numbers[thread],
                author_id=members[n % len(members)],
                body=f"Demo post {n}",
                body_html=f"<p>Demo post {n}</p>",
            )

    _insert(Post, posts(), "posts", plan.posts, stream)
    counts.update(threads=thread_count, posts=plan.posts)
    with transaction.atomic():
        last = Post.objects.filter(thread=OuterRef("pk")).order_by("-number")
        highest = Post.objects.filter(thread=OuterRef("pk")).values("thread").annotate(n=Max("number")).values("n")
        Thread.objects.filter(pk__in=threads).update(
            post_count=Coalesce(Subquery(highest), 0),
            last_post=Subquery(last.values("pk")[:1]),
            last_post_at=Subquery(last.values("created_at")[:1]),
        )
        refresh_search_vectors(books)
    book_ratings_refresh(books)
    made = generate_clubs(
        plan,
        prefix,
        books,
        members,
        lambda model, rows, label, total: _insert(model, rows, label, total, stream),
        stream,
    )
    counts["clubs"] = made["clubs"]
    generate_gatherings(prefix, books, lambda model, rows, label, total: _insert(model, rows, label, total, stream))
    invalidate_everything()
    return counts
