from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from books.isbn import isbn13_or_none
from books.models import Author, Book, Edition, Series
from clubs.models import Club, Membership
from demo.generator import Plan, generate
from discussions.models import Post, Thread
from reviews.models import Review

pytestmark = pytest.mark.django_db
SMALL = {"books": 30, "reviews": 900, "posts": 700, "members": 120}


def seed_demo(**options):
    out, err = StringIO(), StringIO()
    call_command("seed_demo", *[f"--{k}={v}" for k, v in {**SMALL, **options}.items()], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def plan(**overrides):
    return Plan(
        **{**SMALL, "hot_books": 2, "hot_reviews": 100, "hot_thread_posts": 300, "hot_board_threads": 20, **overrides}
    )


def test_counts_labels_and_progress():
    out, err = seed_demo()
    assert out.startswith(
        "authors=6 series=3 books=30 members=120 follows=600 reviews=900 threads=35 posts=700 clubs=6 seconds="
    )
    assert "reviews   [##############################] 900/900" in err.replace("\r", "\n")
    assert (
        Book.objects.count(),
        Review.objects.count(),
        Post.objects.filter(thread__club=None).count(),
        User.objects.count(),
    ) == (
        30,
        900,
        700,
        120,
    )
    assert all(title.startswith("Demo: ") for title in Book.objects.values_list("title", flat=True))
    assert Author.objects.filter(name__startswith="Demo Author").count() == 6
    assert Series.objects.count() == 3


def test_books_have_editions_and_one_has_many():
    generate(plan(many_editions=40), stream=StringIO())
    books = list(Book.objects.order_by("pk").select_related("main_edition"))
    assert all(book.main_edition is not None and book.main_edition.book_id == book.pk for book in books)
    assert books[0].editions.count() == 40
    assert {edition.format for edition in books[0].editions.all()} == {"paperback", "hardcover", "ebook", "audiobook"}
    isbns = list(Edition.objects.values_list("isbn13", flat=True))
    assert len(isbns) == len(set(isbns)) and all(isbn13_or_none(isbn) == isbn for isbn in isbns)
    # An audiobook counts in time, a printed edition in pages.
    assert not Edition.objects.filter(format="audiobook", audio_seconds__isnull=True).exists()
    assert not Edition.objects.exclude(format="audiobook").filter(pages__isnull=True).exists()


def test_hot_items_and_thread_counters():
    generate(plan(), stream=StringIO())
    first_book = Book.objects.order_by("pk").first()
    assert first_book.reviews.count() == 100
    assert Thread.objects.filter(book=first_book).count() >= 20
    biggest = Thread.objects.order_by("-post_count").first()
    assert biggest.post_count >= 300
    for thread in Thread.objects.all():
        numbers = list(thread.posts.order_by("number").values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))
        assert thread.post_count == len(numbers)
        assert thread.last_post_id == (thread.posts.order_by("-number").first().pk if numbers else None)


def test_same_seed_same_data():
    generate(plan(seed=7), stream=StringIO())
    first = list(Book.objects.order_by("slug").values_list("title", "main_edition__pages", "series_position"))
    reviews = list(Review.objects.order_by("book__slug", "reviewer__username").values_list("rating", "body")[:50])
    for model in (Club, Review, Post, Thread, Book, Author, Series, User):
        model.objects.all().delete()
    generate(plan(seed=7), stream=StringIO())
    assert list(Book.objects.order_by("slug").values_list("title", "main_edition__pages", "series_position")) == first
    assert list(Review.objects.order_by("book__slug", "reviewer__username").values_list("rating", "body")[:50]) == (
        reviews
    )


def test_pages_work_over_demo_data(client):
    generate(plan(), stream=StringIO())
    book = Book.objects.order_by("pk").first()
    assert client.get(book.get_absolute_url()).status_code == 200
    assert client.get(book.get_absolute_url(), {"page": 4}).status_code == 200
    assert client.get(f"/books/{book.slug}/discussions/").status_code == 200
    thread = Thread.objects.order_by("-post_count").first()
    assert client.get(thread.get_absolute_url(), {"page": thread.page_count}).status_code == 200
    assert client.get("/books/", {"sort": "rating"}).status_code == 200


def test_refuses_to_seed_the_same_seed_twice_and_bad_sizes():
    seed_demo()
    with pytest.raises(CommandError, match="already there"):
        seed_demo()
    with pytest.raises(CommandError, match="at least 1"):
        seed_demo(books=0, seed=2)


def test_a_long_series_by_one_author_and_series_of_varied_length():
    generate(plan(books=60, long_series_books=12), stream=StringIO())
    series = list(Series.objects.order_by("pk"))
    first = series[0].books.order_by("series_position")
    assert first.count() == 12
    assert {author.pk for book in first for author in book.authors.all()} == {first[0].authors.get().pk}
    integral = [p for p in first.values_list("series_position", flat=True) if p == int(p)]
    assert integral == list(range(1, len(integral) + 1))  # novellas at .5 take no number
    assert len({s.books.count() for s in series[1:]}) > 1


def test_demo_clubs_have_a_hot_public_club_and_a_private_one_on_a_schedule():
    generate(plan(seed=9), stream=StringIO())
    hot, private = Club.objects.order_by("pk")[:2]
    assert hot.visibility == "public" and private.visibility == "private"
    assert hot.member_count == Membership.objects.filter(club=hot).count() == 120  # every member, at this size
    for club in (hot, private):
        pick = club.picks.get(is_current=True)
        threads = [milestone.thread for milestone in pick.milestones.select_related("thread")]
        assert len(threads) == 12 and all(thread.club_id == club.pk for thread in threads)
        assert threads[0].opens_at_chapter is None and threads[1].opens_at_chapter == 3
        assert Membership.objects.filter(club=club, role="owner").count() == 1
