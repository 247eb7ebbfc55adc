import pytest
from django.db import IntegrityError, transaction

from accounts.models import User
from books.tests.factories import make_book
from reviews.models import RatingHistogram, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return User.objects.create_user(username="reader", password="x" * 12)


@pytest.mark.parametrize("rating", [0, 6])
def test_rating_outside_one_to_five_is_refused_by_the_database(member, rating):
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(book=make_book(), reviewer=member, rating=rating)


def test_one_review_per_member_per_book(member):
    book = make_book()
    Review.objects.create(book=book, reviewer=member, rating=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(book=book, reviewer=member, rating=4)
    Review.objects.create(book=make_book(), reviewer=member, rating=4)  # another book is fine


def test_an_imported_review_needs_an_import_key():
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(book=make_book(), source=Review.Source.BLOG, body="Text")


def test_paragraphs_and_string(member):
    review = Review.objects.create(book=make_book("Dune"), reviewer=member, body="One.\n\n\nTwo\nlines.\n\n")
    assert review.paragraphs == ["One.", "Two\nlines."]
    assert str(review) == "Dune by reader"


def test_newest_first_and_source_filters(member):
    book = make_book()
    older = Review.objects.create(book=book, reviewer=member, rating=2, reviewed_on="2020-01-01")
    blog = Review.objects.create(book=book, source=Review.Source.BLOG, import_key="b", reviewed_on="2021-01-01")
    assert list(Review.objects.newest_first()) == [blog, older]
    assert list(Review.objects.by_members()) == [older]
    assert list(Review.objects.blog()) == [blog]


def test_histogram_counts_and_total():
    histogram = RatingHistogram.objects.create(book=make_book(), stars_5=3, stars_1=2)
    assert histogram.counts == {5: 3, 4: 0, 3: 0, 2: 0, 1: 2}
    assert histogram.total == 5
    assert RatingHistogram.objects.get_by_natural_key(histogram.book.slug) == histogram
