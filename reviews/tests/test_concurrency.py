"""Many members rating at once, on PostgreSQL with one connection per thread."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from books.models import Book
from books.tests.factories import make_book
from reviews import services
from reviews.models import RatingHistogram, Review

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def run_together(functions):
    """Start every function at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(functions))
    errors, results = [], []

    def run(function):
        try:
            barrier.wait()
            results.append(function())
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(function,)) for function in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_many_members_rating_at_once_all_count(make_member):
    book = make_book()
    RatingHistogram.objects.create(book=book, stars_3=10)
    members = [make_member(f"m{n}") for n in range(12)]
    _, errors = run_together(
        [
            (
                lambda member=member, n=n: services.review_save(
                    book=book, reviewer=member, rating=5 - n % 2, body="", is_spoiler=False
                )
            )
            for n, member in enumerate(members)
        ]
    )
    assert errors == []
    stats = Book.objects.get(pk=book.pk)
    assert (stats.rating_count, stats.ratings_5, stats.ratings_4, stats.ratings_3) == (22, 6, 6, 10)
    assert stats.rating_average == pytest.approx((6 * 5 + 6 * 4 + 10 * 3) / 22)


def test_one_member_submitting_twice_at_once_gets_one_review(make_member):
    book, member = make_book(), make_member()
    results, errors = run_together(
        [
            lambda: services.review_save(book=book, reviewer=member, rating=4, body="", is_spoiler=False)
            for _ in range(2)
        ]
    )
    assert Review.objects.by_members().filter(book=book, reviewer=member).count() == 1
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert "already reviewed" in str(errors[0])
