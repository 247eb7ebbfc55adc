"""Request tests for the catalogue, series, author pages, sitemap: status, content, pagination and
query counts. The book page is the top layer's (bookclub/tests/test_book_page.py)."""

import re

import pytest
from django.urls import reverse

from reviews.models import RatingHistogram

from .factories import make_author, make_book, make_series

pytestmark = pytest.mark.django_db


# --- Catalogue ----------------------------------------------------------------------------


def test_catalogue_sorts(client):
    low, high, many = make_book("Alpha"), make_book("Beta"), make_book("Gamma")
    RatingHistogram.objects.create(book=low, stars_1=5)
    RatingHistogram.objects.create(book=high, stars_5=2)
    RatingHistogram.objects.create(book=many, stars_3=50)
    url = reverse("books:catalogue")

    def titles(**params):
        return re.findall(r'<h3 class="book-title"><a [^>]+>([^<]+)</a>', client.get(url, params).content.decode())

    assert titles() == ["Alpha", "Beta", "Gamma"]
    assert titles(sort="rating") == ["Beta", "Gamma", "Alpha"]
    assert titles(sort="ratings") == ["Gamma", "Alpha", "Beta"]
    assert titles(sort="nonsense") == ["Alpha", "Beta", "Gamma"]


@pytest.mark.parametrize("books", [3, 60])
def test_catalogue_is_paginated_with_constant_queries(client, django_assert_num_queries, books):
    for number in range(books):
        make_book(f"Book {number:03}", series=make_series(), position=1, authors=[make_author()])
    # Count, the page's keys (an index-only scan), the page of books with their series, authors.
    with django_assert_num_queries(4):
        response = client.get(reverse("books:catalogue"), {"page": 99})
    html = response.content.decode()
    assert html.count('class="book-card"') == (books if books < 24 else books - 48)


# --- Series -------------------------------------------------------------------------------


def test_series_page_lists_books_in_reading_order(client, seed):
    series = make_series("Saga")
    for position in ("10", "2", "1.5", "1"):
        book = make_book(f"Part {position}", series=series, position=position)
        RatingHistogram.objects.create(book=book, stars_4=int(float(position) * 10))
    html = client.get(series.get_absolute_url()).content.decode()
    assert re.findall(r'<h3 class="book-title"><a [^>]+>([^<]+)</a>', html) == [
        "Part 1",
        "Part 1.5",
        "Part 2",
        "Part 10",
    ]
    assert re.findall(r'<span class="position"><span class="visually-hidden">Book </span>#([\d.]+)</span>', html) == [
        "1",
        "1.5",
        "2",
        "10",
    ]
    assert "4 books in reading order" in html
    assert '<span class="average">4.00</span> · 15 ratings' in html


def test_seed_series_page(client, seed):
    html = client.get(reverse("books:series_detail", args=["the-siege"])).content.decode()
    assert "<h1>The Siege</h1>" in html
    assert '<a href="/books/the-betrayal/">The Betrayal</a>' in html
    assert "#2" in html and "2,834 ratings" in html


@pytest.mark.parametrize("books", [2, 40])
def test_series_page_query_count_is_constant(client, django_assert_num_queries, books):
    series = make_series()
    for number in range(books):
        make_book(series=series, position=number + 1, authors=[make_author()])
    with django_assert_num_queries(3):  # series, books with stats, authors
        response = client.get(series.get_absolute_url())
    assert response.content.decode().count('class="series-book"') == books


@pytest.mark.parametrize("series_count", [2, 30])
def test_series_index_shows_book_counts_with_constant_queries(client, django_assert_num_queries, series_count):
    for _ in range(series_count):
        series = make_series()
        for position in range(3):
            make_book(series=series, position=position + 1)
    with django_assert_num_queries(4):  # count, the page's keys, series with book counts, their first books
        html = client.get(reverse("books:series_list")).content.decode()
    assert html.count("3 books</p>") == min(series_count, 24)


def test_unknown_series_and_author_are_404(client):
    assert client.get(reverse("books:series_detail", args=["nope"])).status_code == 404
    assert client.get(reverse("books:author_detail", args=["nope"])).status_code == 404


# --- Authors ------------------------------------------------------------------------------


def test_author_page_groups_books_by_series_then_standalone(client):
    author = make_author(
        "Zoë O'Connell", bio="First paragraph.\n\nSecond.", source_book_count=2110, source_follower_count=1_200_000
    )
    saga, other = make_series("Saltmarsh"), make_series("Another Saga")
    make_book("Ten", series=saga, position=10, authors=[author])
    make_book("One", series=saga, position=1, authors=[author])
    make_book("Other One", series=other, position=1, authors=[author])
    make_book("Standalone", authors=[author])
    html = client.get(author.get_absolute_url()).content.decode()
    assert "<h1>Zoë O&#x27;Connell</h1>" in html
    assert "2,110 books on Goodreads · 1,200,000 followers there" in html
    assert "<p>First paragraph.</p><p>Second.</p>" in html
    order = [
        html.index(text)
        for text in (
            ">Another Saga<",
            ">Other One<",
            ">Saltmarsh<",
            ">One<",
            ">Ten<",
            "Outside a series",
            ">Standalone<",
        )
    ]
    assert order == sorted(order)


@pytest.mark.parametrize("books", [1, 25])
def test_author_page_query_count_is_constant(client, django_assert_num_queries, books):
    author = make_author()
    for number in range(books):
        make_book(series=make_series() if number % 2 else None, position=1 if number % 2 else None, authors=[author])
    with django_assert_num_queries(2):  # author, books with stats and series
        assert client.get(author.get_absolute_url()).status_code == 200


def test_seed_author_page(client, seed):
    html = client.get(reverse("books:author_detail", args=["helen-dunmore"])).content.decode()
    assert "117 books on Goodreads · 955 followers there" in html
    assert '<a href="/series/the-siege/">The Siege</a>' in html and ">The Betrayal<" in html


# --- Sitemap and robots.txt ---------------------------------------------------------------


def test_sitemap_and_robots(client, seed):
    sitemap = client.get("/sitemap.xml").content.decode()
    for path in ("/books/the-betrayal/", "/series/the-siege/", "/authors/helen-dunmore/"):
        assert f"<loc>http://testserver{path}</loc>" in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"] == "text/plain"
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()


def test_stylesheet_is_served_by_whitenoise_with_a_hashed_name(client, seed):
    html = client.get("/").content.decode()
    href = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert href, "the page links the hashed stylesheet"
    response = client.get(href.group(1), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
