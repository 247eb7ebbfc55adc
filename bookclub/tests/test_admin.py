"""Every model is in the admin; its list and edit pages load at a constant number of queries."""

import pytest
from django.urls import reverse

from accounts.models import Follow, User
from books.models import Book
from books.tests.factories import make_book, make_series
from discussions.services import reply_create, thread_create
from reviews.models import RatingHistogram, Review, ReviewComment, ReviewLike
from shelves.models import ShelfEntry

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "accounts_user",
    "accounts_follow",
    "books_author",
    "books_series",
    "books_book",
    "reviews_review",
    "reviews_ratinghistogram",
    "reviews_reviewcomment",
    "reviews_reviewlike",
    "shelves_shelfentry",
    "discussions_thread",
    "discussions_post",
]


@pytest.fixture
def admin_client(client):
    admin = User.objects.create_superuser("boss", "boss@example.com", "a long passphrase")
    client.force_login(admin)
    return client


def add_rows(count, make_member):
    series = make_series()
    for number in range(count):
        book = make_book(series=series, position=number + 1)
        RatingHistogram.objects.create(book=book, stars_3=number)
        reader = make_member(f"reader{number}-{book.pk}")
        review = Review.objects.create(book=book, reviewer=reader, rating=3, body="Fine.")
        other = make_member(f"other{number}-{book.pk}")
        ReviewLike.objects.create(review=review, user=other)
        ReviewComment.objects.create(review=review, author=other, body="Yes.", body_html="<p>Yes.</p>")
        ShelfEntry.objects.create(user=reader, book=book, shelf="read")
        Follow.objects.create(follower=other, followed=reader)
        thread, _ = thread_create(book=book, starter=reader, title=f"Thread {number}", body="First")
        reply_create(thread=thread, author=other, body="Reply")


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_changelists_with_the_seed(admin_client, seed, changelist):
    response = admin_client.get(reverse(f"admin:{changelist}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_changelist_queries_do_not_grow_with_rows(admin_client, django_assert_max_num_queries, changelist, make_member):
    url = reverse(f"admin:{changelist}_changelist")
    add_rows(2, make_member)
    with django_assert_max_num_queries(12) as small:
        assert admin_client.get(url).status_code == 200
    add_rows(40, make_member)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert admin_client.get(url).status_code == 200


def test_search_and_filters(admin_client, seed):
    url = reverse("admin:reviews_review_changelist")
    response = admin_client.get(url, {"q": "Lubyanka"})
    assert response.status_code == 200
    # Steven Z.'s review, its blog copy, and the untitled blog review that mentions the prison too.
    assert sorted(r.import_key for r in response.context["cl"].result_list) == [
        "blog:the-betrayal:001_846595c33c0a9eba",
        "blog:the-betrayal:002_946dfb85b11ef5b3",
        "goodreads:the-betrayal:steven-z@goodreads",
    ]
    response = admin_client.get(url, {"source__exact": "blog"})
    assert response.context["cl"].result_count == 3
    response = admin_client.get(
        reverse("admin:accounts_user_changelist"), {"kind": "imported", "is_anonymous_reviewer__exact": "1"}
    )
    assert response.context["cl"].result_count == 5


def test_change_pages(admin_client, seed):
    book = Book.objects.get()
    for url in [
        reverse("admin:books_book_change", args=[book.pk]),
        reverse("admin:books_series_change", args=[book.series_id]),
        reverse("admin:books_author_change", args=[book.authors.get().pk]),
        reverse("admin:reviews_review_change", args=[Review.objects.first().pk]),
        reverse("admin:accounts_user_change", args=[User.objects.get(username="emma@goodreads").pk]),
    ]:
        assert admin_client.get(url).status_code == 200, url
    html = admin_client.get(reverse("admin:books_book_changelist")).content.decode()
    assert "Helen Dunmore" in html


def test_the_admin_needs_staff(client, seed):
    response = client.get(reverse("admin:books_book_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def bulk_rows(count, start):
    """count rows in every moderated table, quickly: members, books, reviews, comments, likes,
    shelves, follows, threads, posts, reported items with reports."""
    from django.contrib.contenttypes.models import ContentType

    from discussions.models import Post, Thread
    from moderation.models import Case, Report

    members = User.objects.bulk_create(User(username=f"bulk{start + n}") for n in range(count))
    books = Book.objects.bulk_create(Book(title=f"Bulk {start + n}", slug=f"bulk-{start + n}") for n in range(count))
    reviews = Review.objects.bulk_create(
        Review(book=book, reviewer=member, rating=4, body="Bulk") for book, member in zip(books, members, strict=True)
    )
    ReviewComment.objects.bulk_create(
        ReviewComment(review=review, author=member, body="c", body_html="<p>c</p>")
        for review, member in zip(reviews, members, strict=True)
    )
    ReviewLike.objects.bulk_create(ReviewLike(review=review, user=members[0]) for review in reviews)
    ShelfEntry.objects.bulk_create(ShelfEntry(user=member, book=books[0], shelf="read") for member in members)
    Follow.objects.bulk_create(Follow(follower=members[0], followed=member) for member in members[1:])
    threads = Thread.objects.bulk_create(
        Thread(book=book, starter=member, title="t", post_count=1) for book, member in zip(books, members, strict=True)
    )
    posts = Post.objects.bulk_create(
        Post(thread=thread, number=1, author=thread.starter, body="p", body_html="<p>p</p>") for thread in threads
    )
    post_type = ContentType.objects.get_for_model(Post)
    cases = Case.objects.bulk_create(
        Case(
            kind="post",
            content_type=post_type,
            object_id=post.pk,
            item_author=post.author,
            item_text="p",
            item_url="/",
            report_count=1,
        )
        for post in posts
    )
    Report.objects.bulk_create(Report(case=case, reporter=members[0], reason="spam") for case in cases)


def test_every_changelist_runs_the_same_queries_at_5_and_500_rows(admin_client, django_assert_max_num_queries):
    changelists = [*CHANGELISTS, "moderation_case", "moderation_auditentry"]
    bulk_rows(5, 0)
    small = {}
    for name in changelists:
        with django_assert_max_num_queries(15) as captured:
            assert admin_client.get(reverse(f"admin:{name}_changelist"), follow=True).status_code == 200
        small[name] = len(captured.captured_queries)
    bulk_rows(495, 5)
    for name in changelists:
        with django_assert_max_num_queries(small[name], info=name):
            assert admin_client.get(reverse(f"admin:{name}_changelist"), follow=True).status_code == 200
