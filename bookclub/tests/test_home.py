import pytest
from django.urls import reverse

from accounts.models import User
from books.tests.factories import make_author, make_book, make_series
from reviews.models import RatingHistogram, Review

pytestmark = pytest.mark.django_db


def test_home_shows_the_seed(client, seed):
    html = client.get(reverse("home")).content.decode()
    assert '<a href="/books/the-betrayal/">The Betrayal</a>' in html
    assert '<a href="/authors/helen-dunmore/">Helen Dunmore</a>' in html
    assert '<a href="/series/the-siege/">The Siege #2</a>' in html
    assert '<span class="average">4.04</span> · 2,834 ratings' in html
    assert "Latest reviews" in html and 'reviewed by <a href="/people/luke@goodreads/">Luke</a>' in html


def test_latest_reviews_hide_spoilers(client):
    book = make_book()
    member = User.objects.create_user("reader")
    Review.objects.create(book=book, reviewer=member, body="The butler did it.", is_spoiler=True)
    html = client.get("/").content.decode()
    assert "This review contains spoilers." in html
    assert "The butler did it." not in html


def test_home_with_an_empty_catalogue(client):
    html = client.get(reverse("home")).content.decode()
    assert "The catalogue is empty" in html


def test_home_escapes_titles(client):
    make_book("<script>alert(1)</script>", authors=[make_author("A & B")])
    html = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "A &amp; B" in html


@pytest.mark.parametrize("books", [1, 30])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, books):
    series = make_series()
    for number in range(books):
        book = make_book(series=series, position=number + 1, authors=[make_author(), make_author()])
        RatingHistogram.objects.create(book=book, stars_5=number + 1)
        member = User.objects.create_user(f"m{number}")
        Review.objects.create(book=book, reviewer=member, rating=4, body="Good.")
    # Recent books + authors, top rated + authors, series + their books, reviews with book and reviewer.
    with django_assert_num_queries(7):
        response = client.get("/")
    assert response.status_code == 200
    assert response.content.decode().count('class="book-card"') == 2 * min(books, 8)


def test_a_series_card_names_its_first_five_books_in_reading_order(client):
    long_series, short_series = make_series("Tidewater"), make_series("Marsh")
    for position in (7, 3, 1, 6, 2, 5, 4):  # added out of order: the card follows the positions
        make_book(f"Tidewater {position}", series=long_series, position=position)
    make_book("Marsh 1", series=short_series, position=1)
    for path in ("/", reverse("books:series_list")):
        html = client.get(path).content.decode()
        card = html[html.index(">Tidewater</a>") : html.index("</li>\n", html.index("All 7 books"))]
        titles = [title for title in (f"Tidewater {n}" for n in range(1, 8)) if f">{title}</a>" in card]
        assert titles == [f"Tidewater {n}" for n in range(1, 6)]
        assert card.index("Tidewater 1<") < card.index("Tidewater 2<") < card.index("Tidewater 5<")
        assert "7 books" in card and "All 7 books in reading order" in card
        assert ">Marsh 1</a>" in html and "All 1 books" not in html
