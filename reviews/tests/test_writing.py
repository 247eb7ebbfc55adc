"""Members rating and reviewing: the service, the views, permissions and bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from books.models import Book
from books.tests.factories import make_book
from reviews import services
from reviews.models import RatingHistogram, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def book():
    book = make_book("Dune", slug="dune")
    RatingHistogram.objects.create(book=book, stars_5=2, stars_3=2)
    return book


def stats(book):
    book = Book.objects.get(pk=book.pk)
    return book.rating_count, round(book.rating_average, 2), book.ratings_4


def write(client, book, **data):
    return client.post(reverse("reviews:write", args=[book.slug]), {"body": "", **data})


def test_review_save_renders_markdown_and_updates_the_stats(book, make_member):
    member = make_member()
    assert stats(book) == (4, 4.0, 0)
    review = services.review_save(book=book, reviewer=member, rating=4, body="So *good*.", is_spoiler=False)
    assert review.body_html == "<p>So <em>good</em>.</p>"
    assert stats(book) == (5, 4.0, 1)


def test_review_save_refuses_a_second_review(book, make_member):
    member = make_member()
    services.review_save(book=book, reviewer=member, rating=4, body="", is_spoiler=False)
    with pytest.raises(ValidationError, match="already reviewed this book"):
        services.review_save(book=book, reviewer=member, rating=5, body="Again", is_spoiler=False)
    assert Review.objects.by_members().count() == 1


def test_review_save_refuses_someone_elses_review(book, make_member):
    review = services.review_save(book=book, reviewer=make_member("a"), rating=4, body="", is_spoiler=False)
    with pytest.raises(PermissionDenied):
        services.review_save(book=book, reviewer=make_member("b"), rating=1, body="", is_spoiler=False, review=review)


def test_member_rates_and_reviews_from_the_book_page(client, book, make_member):
    client.force_login(make_member(display_name="Ada"))
    page = client.get(book.get_absolute_url()).content.decode()
    assert 'action="/books/dune/review/"' in page and 'name="rating"' in page
    response = write(client, book, rating="4", body="Loved it.\n\n> the spice", is_spoiler="on")
    assert response.status_code == 302 and response["Location"] == "/books/dune/#your-review"
    page = client.get(book.get_absolute_url()).content.decode()
    assert "Your review is saved." in page
    assert '<span class="average">4.00</span> · 5 ratings' in page
    assert "<blockquote>\n<p>the spice</p>\n</blockquote>" in page
    assert '<details class="spoiler">' in page.split('id="community-reviews"')[1]
    assert "You rated it" in page and "Delete your review" in page


def test_editing_keeps_one_review(client, book, make_member):
    client.force_login(make_member())
    write(client, book, rating="2", body="Meh.")
    write(client, book, rating="5", body="Changed my mind.")
    review = Review.objects.by_members().get()
    assert (review.rating, review.body) == (5, "Changed my mind.")
    assert stats(book) == (5, 4.2, 0)


def test_a_rating_alone_counts_but_is_not_listed(client, book, make_member):
    client.force_login(make_member())
    write(client, book, rating="4")
    page = client.get(book.get_absolute_url()).content.decode()
    assert "5 ratings" in page
    assert "No reviews yet." in page
    assert "A rating alone counts in the average but is not listed" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "Give the book a rating, write a review, or both."),
        ({"rating": "6", "body": "Typed text survives"}, "A rating is from 1 to 5 stars."),
        ({"rating": "0", "body": "Typed text survives"}, "A rating is from 1 to 5 stars."),
        ({"body": "Typed text survives" + "x" * 10_000}, "Keep it to 10,000 characters: this has 10,019."),
    ],
)
def test_bad_input_gets_a_message_and_keeps_the_text(client, book, make_member, data, message):
    client.force_login(make_member())
    response = write(client, book, **data)
    assert response.status_code == 400  # the form again, as every form of the site answers bad input
    html = response.content.decode()
    assert message in html
    if data["body"]:
        assert "Typed text survives" in html
    assert not Review.objects.by_members().exists()


def test_anonymous_is_sent_to_log_in_and_back(client, book):
    url = reverse("reviews:write", args=[book.slug])
    response = client.post(url, {"rating": "5"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    page = client.get(book.get_absolute_url()).content.decode()
    assert 'href="/accounts/login/?next=/books/dune/%23your-review">Log in</a>' in page


def test_unconfirmed_member_cannot_post(client, book, make_member):
    client.force_login(make_member(verified=False))
    assert write(client, book, rating="5").status_code == 403
    assert not Review.objects.exists()


def test_nobody_deletes_someone_elses_review(client, book, make_member):
    review = services.review_save(book=book, reviewer=make_member("author"), rating=3, body="Mine", is_spoiler=False)
    client.force_login(make_member("intruder"))
    url = reverse("reviews:delete", args=[review.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Review.objects.filter(pk=review.pk).exists()
    assert client.post(reverse("reviews:delete", args=[999999])).status_code == 404


def test_imported_reviews_cannot_be_deleted_by_members(client, seed, make_member):
    client.force_login(make_member())
    imported = Review.objects.community().first()
    assert client.post(reverse("reviews:delete", args=[imported.pk])).status_code == 403


def test_author_deletes_their_review_and_the_stats_follow(client, book, make_member):
    client.force_login(make_member())
    write(client, book, rating="1", body="No.")
    review = Review.objects.by_members().get()
    assert client.get(reverse("reviews:delete", args=[review.pk])).status_code == 200
    response = client.post(reverse("reviews:delete", args=[review.pk]))
    assert response["Location"] == book.get_absolute_url()
    assert not Review.objects.by_members().exists()
    assert stats(book) == (4, 4.0, 0)


def test_posting_needs_csrf(book, make_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_member())
    assert write(client, book, rating="5").status_code == 403
    assert not Review.objects.exists()


def test_book_page_for_a_member_runs_constant_queries(client, book, make_member, assert_page_queries):
    member = make_member()
    services.review_save(book=book, reviewer=member, rating=4, body="Fine", is_spoiler=False)
    client.force_login(member)
    # User, book with stats, authors, its first editions and their translators, review count, review
    # page, blog copies, last comments, blog reviews, latest threads, clubs reading it (no series, so no
    # previous/next); then the member's rows, read whole into the cache once (shelves, ratings, books
    # reviewed, likes, reports, unread notifications), and their review.
    with assert_page_queries(19):
        assert client.get(book.get_absolute_url()).status_code == 200
    # From the cache: the page, the member and their rows; their review remains.
    with assert_page_queries(1):
        assert client.get(book.get_absolute_url()).status_code == 200
