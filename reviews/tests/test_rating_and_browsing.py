"""Rating with the stars of a book's page, and browsing its reviews: most liked first, by stars."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from books.tests.factories import make_book
from reviews import services
from reviews.models import Review, ReviewLike

pytestmark = pytest.mark.django_db


@pytest.fixture
def book():
    return make_book("Dune", slug="dune")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def rate(client, book, rating):
    return client.post(reverse("reviews:rate", args=[book.slug]), {"rating": rating})


def test_one_click_on_a_star_rates_the_book_and_comes_back_to_the_stars(book, make_member):
    ada = make_member("ada")
    client = signed_in(ada)
    page = client.get(book.get_absolute_url()).content.decode()
    assert 'id="rate-4"' in page and "data-submit-on-click" in page and "Rate this book" in page
    response = rate(client, book, "4")
    assert response["Location"] == book.get_absolute_url() + "#rate"
    page = client.get(response["Location"]).content.decode()
    assert "You rated Dune 4 stars." in page
    assert re.search(r'id="rate-4" checked', page) and "1 rating" in page
    rate(client, book, "2")
    assert Review.objects.get(reviewer=ada).rating == 2
    services.review_save(book=book, reviewer=ada, rating=2, body="Long.", review=Review.objects.get(), is_spoiler=False)
    rate(client, book, "")  # the rating goes, the review stays
    assert (Review.objects.get(reviewer=ada).rating, Review.objects.get(reviewer=ada).body) == (None, "Long.")
    services.review_save(book=book, reviewer=ada, rating=3, body="", review=Review.objects.get(), is_spoiler=False)
    rate(client, book, "")  # a rating alone, taken away: nothing left
    assert not Review.objects.exists()


def test_the_stars_refuse_what_is_not_a_rating_and_visitors_are_asked_to_log_in(book, make_member, client):
    assert "Log in</a> to rate this book." in client.get(book.get_absolute_url()).content.decode()
    assert rate(client, book, "4")["Location"].startswith(reverse("account_login"))
    member = signed_in(make_member("ada"))
    response = rate(member, book, "9")
    assert "A rating is from 1 to 5 stars." in member.get(response["Location"]).content.decode()
    assert not Review.objects.exists()
    unconfirmed = signed_in(make_member("new", verified=False))
    response = rate(unconfirmed, book, "5")
    assert "Confirm your e-mail address" in unconfirmed.get(response["Location"]).content.decode()
    assert not Review.objects.exists()


def reviewers_in_order(html):
    return re.findall(r'<h3 class="visually-hidden" id="review-\d+-by">Review by (\w+)</h3>', html)


def test_reviews_sort_by_most_liked_and_filter_by_stars(book, make_member):
    ada, bea, cy = make_member("ada"), make_member("bea"), make_member("cy")
    for member, rating in ((ada, 5), (bea, 3), (cy, 5)):
        services.review_save(book=book, reviewer=member, rating=rating, body=f"By {member.username}.", is_spoiler=False)
    fans = [make_member(f"fan{n}") for n in range(3)]
    for fan in fans:
        services.like_toggle(review=Review.objects.get(reviewer=bea), user=fan)
    services.like_toggle(review=Review.objects.get(reviewer=ada), user=fans[0])
    services.like_toggle(review=Review.objects.get(reviewer=ada), user=fans[0])  # taken back
    services.like_toggle(review=Review.objects.get(reviewer=cy), user=fans[1])
    assert dict(Review.objects.values_list("reviewer__username", "like_count")) == {"ada": 0, "bea": 3, "cy": 1}
    assert ReviewLike.objects.count() == 4
    liked = Client().get(book.get_absolute_url(), {"sort": "liked"}).content.decode()
    assert reviewers_in_order(liked) == ["bea", "cy", "ada"]
    five = Client().get(book.get_absolute_url(), {"stars": "5"}).content.decode()
    assert sorted(reviewers_in_order(five)) == ["ada", "cy"]
    assert 'aria-label="Rated 5 out of 5"' in five  # each reviewer's rating beside their review
    none = Client().get(book.get_absolute_url(), {"stars": "1"}).content.decode()
    assert "No reviews with 1 star yet." in none


@pytest.mark.parametrize("reviews", [2, 60])
def test_sorting_and_filtering_keep_the_queries_constant(book, make_member, assert_page_queries, reviews, settings):
    settings.PAGE_CACHE_SECONDS = 0
    for number in range(reviews):
        services.review_save(
            book=book, reviewer=make_member(f"r{number}"), rating=number % 5 + 1, body="Fine.", is_spoiler=False
        )
    # Book, authors, editions and their translators, count, page of reviews, their copies and comments,
    # blog, threads, clubs reading it.
    with assert_page_queries(11):
        html = Client().get(book.get_absolute_url(), {"sort": "liked", "stars": "1"}).content.decode()
    assert html.count('class="review" id=') == min(-(-reviews // 5), 30)
