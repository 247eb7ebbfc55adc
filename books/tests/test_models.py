from datetime import date

import pytest
from django.db import IntegrityError, transaction

from accounts.models import User
from books.models import Author, Book, DatePrecision, Series
from reviews.models import RatingHistogram, Review
from reviews.ratings import book_ratings_refresh

from .factories import make_author, make_book, make_series

pytestmark = pytest.mark.django_db


def test_series_positions_sort_naturally_in_the_database():
    series = make_series("Saga")
    for position in ["10", "2", "1.5", "1", "0.5"]:
        make_book(f"Part {position}", series=series, position=position)
    ordered = Book.objects.filter(series=series).order_by("series_position")
    assert [book.series_position_display for book in ordered] == ["0.5", "1", "1.5", "2", "10"]


def test_series_line():
    series = make_series("The Siege")
    assert make_book(series=series, position=2).series_line == "The Siege #2"
    assert make_book(series=series, position="1.5").series_line == "The Siege #1.5"
    assert make_book(series=series).series_line == "The Siege"
    assert make_book().series_line == ""


def test_a_position_needs_a_series():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_book(position=3)


def test_first_published_display_follows_precision():
    book = make_book(first_published=date(2010, 1, 1))
    assert book.first_published_display == "January 1, 2010"
    book.first_published_precision = DatePrecision.MONTH
    assert book.first_published_display == "January 2010"
    book.first_published_precision = DatePrecision.YEAR
    assert book.first_published_display == "2010"
    assert make_book().first_published_display == ""


def test_natural_keys():
    book = make_book(slug="a-slug")
    assert book.natural_key() == ("a-slug",)
    assert Book.objects.get_by_natural_key("a-slug") == book


def member(username):
    return User.objects.create_user(username=username, password="x" * 12)


def test_rating_stats_combine_source_histogram_and_member_ratings():
    book = make_book()
    RatingHistogram.objects.create(book=book, stars_5=886, stars_4=1305, stars_3=539, stars_2=84, stars_1=20)
    Review.objects.create(book=book, reviewer=member("a"), rating=5)
    Review.objects.create(book=book, reviewer=member("b"), rating=1, body="No.")
    Review.objects.create(book=book, reviewer=member("c"), body="Text, no rating.")
    # An imported review's rating is already in the source histogram: it is not counted twice.
    imported = User.objects.create(username="x@goodreads", is_imported=True, is_active=False)
    Review.objects.create(book=book, reviewer=imported, source=Review.Source.COMMUNITY, rating=4, import_key="k")
    stats = Book.objects.get(pk=book.pk)
    assert (stats.ratings_5, stats.ratings_4, stats.ratings_3, stats.ratings_2, stats.ratings_1) == (
        887,
        1305,
        539,
        84,
        21,
    )
    assert stats.rating_count == 2836
    assert stats.rating_average == pytest.approx((886 * 5 + 1305 * 4 + 539 * 3 + 84 * 2 + 20 + 5 + 1) / 2836)


def test_rating_stats_without_a_source_histogram_or_ratings():
    unrated, rated = make_book(), make_book()
    Review.objects.create(book=rated, reviewer=member("a"), rating=4)
    Review.objects.create(book=rated, reviewer=member("b"), rating=3)
    stats = {b.pk: b for b in Book.objects.all()}
    assert (stats[unrated.pk].rating_count, stats[unrated.pk].rating_average) == (0, None)
    assert (stats[rated.pk].rating_count, stats[rated.pk].rating_average) == (2, 3.5)


def test_rating_figures_are_recounted_not_adjusted():
    """Whatever wrote a wrong figure, the next write to the book's ratings recounts it from the rows."""
    book = make_book()
    RatingHistogram.objects.create(book=book, stars_4=2)
    Book.objects.filter(pk=book.pk).update(rating_count=999, ratings_4=0, rating_average=1.0)
    Review.objects.create(book=book, reviewer=member("a"), rating=5)
    book.refresh_from_db()
    assert (book.rating_count, book.ratings_4, book.ratings_5, book.rating_average) == (3, 2, 1, pytest.approx(13 / 3))


def test_refreshing_every_book_and_saving_a_book_whole(django_assert_max_num_queries):
    books = [make_book() for _ in range(5)]
    for book in books:
        RatingHistogram.objects.create(book=book, stars_4=2)
        Review.objects.create(book=book, reviewer=member(f"m{book.pk}"), rating=5)
    Book.objects.update(rating_count=0, rating_average=None)
    # The books' ids, then in a savepoint: lock, histograms, members' ratings, the pages that show the
    # books (pagecache.tags), one update.
    with django_assert_max_num_queries(8):
        book_ratings_refresh(None)
    assert sorted(Book.objects.values_list("rating_count", flat=True)) == [3] * 5
    stale = Book.objects.get(pk=books[0].pk)
    Review.objects.create(book=stale, reviewer=member("late"), rating=1)
    stale.title = "Edited in the admin"
    stale.save()  # writes back the figures it was loaded with, then recounts
    stale.refresh_from_db()
    assert stale.rating_count == 4


def test_moving_a_review_to_another_book_recounts_both():
    first, second = make_book(), make_book()
    review = Review.objects.create(book=first, reviewer=member("a"), rating=2)
    review = Review.objects.get(pk=review.pk)
    review.book = second
    review.save()
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.rating_count, second.rating_count, second.rating_average) == (0, 1, 2.0)


def test_authors_and_series_read_by_name_in_alphabetical_order():
    make_author("Zadie"), make_author("Ann")
    assert [str(author) for author in Author.objects.all()] == ["Ann", "Zadie"]
    make_series("Saga"), make_series("Anthology")
    assert [str(series) for series in Series.objects.all()] == ["Anthology", "Saga"]
