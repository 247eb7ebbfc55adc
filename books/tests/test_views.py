import pytest
from django.urls import reverse

from reviews.models import RatingHistogram

from .factories import make_author, make_book, make_series

pytestmark = pytest.mark.django_db


def test_home_shows_the_seed_book(client, seed):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The Betrayal" in html
    assert "Helen Dunmore" in html
    assert "The Siege #2" in html
    assert "4.04 average · 2,834 ratings" in html
    assert reverse("admin:index") in html


def test_home_with_an_empty_catalogue(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "The catalogue is empty" in response.content.decode()


def test_home_escapes_titles(client):
    make_book("<script>alert(1)</script>", authors=[make_author("A & B")])
    html = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "A &amp; B" in html


@pytest.mark.parametrize("books", [1, 30])
def test_home_query_count_does_not_grow_with_the_catalogue(client, django_assert_num_queries, books):
    series = make_series()
    for number in range(books):
        book = make_book(series=series, position=number + 1, authors=[make_author(), make_author()])
        RatingHistogram.objects.create(book=book, stars_5=number)
    # The books with their rating stats, and their authors prefetched.
    with django_assert_num_queries(2):
        response = client.get("/")
    assert response.status_code == 200
    assert response.content.decode().count('class="book-summary"') == books


def test_stylesheet_is_served_by_whitenoise_with_a_hashed_name(client, seed):
    html = client.get("/").content.decode()
    import re

    href = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert href, "the page links the hashed stylesheet"
    response = client.get(href.group(1), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
