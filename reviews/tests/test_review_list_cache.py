"""A book's list of reviews is kept apart from its page: a rating alone changes the figures, not the list;
every write that changes the list shows on the page at once."""

import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from books.tests.factories import make_book
from moderation import services as moderation
from pagecache.cache import HEADER, _version_key
from reviews import services
from reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(make_member):
    book = make_book("The Far Shore", slug="the-far-shore")
    services.review_save(book=book, reviewer=make_member("ada"), rating=4, body="Calm and deep.", is_spoiler=False)
    return book


def list_version(book):
    return cache.get(_version_key(f"reviews:{book.slug}"))


def review_queries(client, book):
    """The page as a visitor gets it, and how many queries read the list of reviews for it."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(book.get_absolute_url())
    listing = [query for query in captured if "IN ('member', 'community')" in query["sql"]]
    return response, len(listing)


def test_a_rating_alone_changes_the_figures_and_not_the_list(client, book, make_member):
    assert review_queries(client, book)[1] == 2  # made: counted and read
    before = list_version(book)
    services.rating_save(book=book, member=make_member("bea"), rating=2)
    assert list_version(book) == before
    response, listing = review_queries(client, book)
    html = response.content.decode()
    assert response[HEADER] == "miss" and "2 ratings" in html and "Calm and deep." in html
    assert listing == 0  # the list came from the cache


@pytest.mark.parametrize(
    "write",
    [
        "new review",
        "edited text",
        "new stars on a listed review",
        "hidden",
        "like",
        "comment",
        "deleted",
    ],
)
def test_each_write_that_changes_the_list_shows_at_once(client, book, make_member, write, moderators_group):
    review = Review.objects.get()
    bea = make_member("bea")
    client.get(book.get_absolute_url())
    before = list_version(book)
    expected, gone = None, None
    if write == "new review":
        services.review_save(book=book, reviewer=bea, rating=5, body="Wonderful tides.", is_spoiler=False)
        expected = "Wonderful tides."
    elif write == "edited text":
        services.review_save(
            book=book, reviewer=review.reviewer, rating=4, body="Calm, deep, cold.", is_spoiler=False, review=review
        )
        expected, gone = "Calm, deep, cold.", "Calm and deep."
    elif write == "new stars on a listed review":
        services.review_save(
            book=book, reviewer=review.reviewer, rating=1, body=review.body, is_spoiler=False, review=review
        )
        expected = 'aria-label="Rated 1 out of 5"'
    elif write == "hidden":
        moderator = make_member("mod", is_staff=True)
        moderator.groups.add(moderators_group)
        moderation.item_set_hidden(item=review, moderator=moderator, hidden=True, reason="spam")
        gone = "Calm and deep."
    elif write == "like":
        services.like_toggle(review=review, user=bea)
        expected = "1 like<"
    elif write == "comment":
        services.comment_create(review=review, author=bea, body="So true about the sea.")
        expected = "So true about the sea."
    elif write == "deleted":
        services.review_delete(review=review, user=review.reviewer)
        gone = "Calm and deep."
    assert list_version(book) != before
    html = client.get(book.get_absolute_url()).content.decode()
    assert expected is None or expected in html
    assert gone is None or gone not in html


def test_the_tag_rule_is_the_listing_rule(make_member):
    """Review.in_review_list says in Python what ReviewQuerySet.listed() says in SQL."""
    book = make_book("Rules", slug="rules")
    rows = []
    for number, (hidden, source, body) in enumerate(
        itertools.product([False, True], Review.Source.values, ["", "Some text."])
    ):
        member = source == Review.Source.MEMBER
        rows.append(
            Review.objects.create(
                book=book,
                source=source,
                is_hidden=hidden,
                body=body,
                import_key=None if member else f"rule-{number}",
                reviewer=make_member(f"rule{number}") if member else None,
            )
        )
    listed = set(Review.objects.filter(book=book).listed().values_list("pk", flat=True))
    assert listed  # the rule lets some through, and (below) keeps some out
    for row in rows:
        shown = Review.in_review_list(is_hidden=row.is_hidden, source=row.source, body=row.body, same_as=None)
        assert shown == (row.pk in listed), (row.is_hidden, row.source, row.body)
    assert len(listed) < len(rows)


def test_a_member_sees_the_new_list_after_their_review(book, make_member):
    bea = make_member("bea")
    member = Client()
    member.force_login(bea)
    member.get(book.get_absolute_url())
    member.post(f"{book.get_absolute_url()}review/", {"rating": "5", "body": "The best of the year.", "is_spoiler": ""})
    assert "The best of the year." in member.get(book.get_absolute_url()).content.decode()
