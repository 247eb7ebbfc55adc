"""Request tests for a book's page (bookclub.views.book_page): facts, figures, reviews, escaping,
pagination and query counts."""

import json
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from books.models import Edition
from books.tests.factories import make_author, make_book, make_series
from reviews.models import RatingHistogram, Review

pytestmark = pytest.mark.django_db


def imported_reviewer(name):
    return User.objects.create(
        username=f"{name.lower()}@goodreads",
        display_name=name,
        is_imported=True,
        is_active=False,
        imported_from="goodreads",
        source_review_count=3,
    )


def add_reviews(book, count, start=date(2020, 1, 1)):
    reviewers = [imported_reviewer(f"Reader{book.pk}x{n}") for n in range(count)]
    Review.objects.bulk_create(
        Review(
            book=book,
            reviewer=reviewer,
            source=Review.Source.COMMUNITY,
            body=f"Review number {n}.",
            reviewed_on=start + timedelta(days=n),
            import_key=f"k-{book.pk}-{n}",
        )
        for n, reviewer in enumerate(reviewers)
    )


# --- The book page with the seed data -----------------------------------------------------


@pytest.fixture
def betrayal(client, seed):
    response = client.get(reverse("book", args=["the-betrayal"]))
    assert response.status_code == 200
    return response.content.decode()


def test_book_page_shows_the_books_facts(betrayal):
    assert '<a href="/series/the-siege/">The Siege #2</a>' in betrayal
    assert "<h1>The Betrayal</h1>" in betrayal
    assert 'by <a href="/authors/helen-dunmore/">Helen Dunmore</a>' in betrayal
    assert "A riveting and emotionally absorbing portrait of post-war Soviet Russia" in betrayal
    assert "330 pages, Hardcover" in betrayal
    assert "First published January 1, 2010" in betrayal
    assert "238 people are currently reading" in betrayal
    assert "2,395 people want to read" in betrayal
    assert 'aria-label="No cover image for The Betrayal"' in betrayal


def test_book_page_ratings_and_histogram(betrayal):
    assert '<span class="average">4.04</span> · 2,834 ratings' in betrayal
    rows = re.findall(
        r'<th scope="row">(\d) stars?</th>.*?class="bar-fill" width="([\d.]+)".*?<td class="bar-count">([^<]+)</td>',
        betrayal,
        re.S,
    )
    assert rows == [
        ("5", "31.3", "886 (31%)"),
        ("4", "46.0", "1,305 (46%)"),
        ("3", "19.0", "539 (19%)"),
        ("2", "3.0", "84 (2%)"),
        ("1", "0.7", "20 (&lt;1%)"),
    ]


def test_book_page_community_reviews(betrayal):
    assert 'Community reviews <span class="count">(28)</span>' in betrayal
    assert betrayal.count('class="review" id="review-') == 28
    assert '<a class="reviewer-name" href="/people/emma@goodreads/">Emma</a>' in betrayal
    assert "1,006 reviews · 1,185 followers" in betrayal
    assert "Author of 1 book</p>" in betrayal and "Author of 29 books</p>" in betrayal
    assert "2,173 reviews</p>" in betrayal  # Anne: reviews but no followers
    assert betrayal.count('<span class="reviewer-name">Anonymous reviewer</span>') == 5
    assert '<time datetime="2017-07-29">July 29, 2017</time>' in betrayal
    # Newest first: Luke (May 31, 2025) before Sara (January 16, 2022).
    assert betrayal.index(">Luke</a>") < betrayal.index(">Sara</a>")


def test_spoiler_review_is_collapsed_without_javascript(betrayal):
    details = re.search(r'<details class="spoiler">(.*?)</details>', betrayal, re.S).group(1)
    assert "<summary>This review contains spoilers. Show it</summary>" in details
    assert "In her latest novel, The Betrayal, Helen Dunmore returns to the Soviet Union" in details
    assert "<script" not in betrayal.split("</head>")[1]  # no JavaScript needed on the page


def test_blog_reviews_and_the_linked_review_shown_once(betrayal):
    assert '<h2 id="blog-heading">Blog reviews</h2>' in betrayal
    assert "THE BETRAYAL by Helen Dunmore" in betrayal
    assert "Paranoia and Empty Promises" in betrayal and "Untitled blog review" in betrayal
    # Steven Z.'s review and the blog post are one text: shown once, both sources named.
    visible = betrayal.split("</head>")[1]
    assert visible.count("brings to mind the works of Alexander Solzhenitsyn") == 1
    blog = Review.objects.get(import_key="blog:the-betrayal:001_846595c33c0a9eba")
    assert f'also published this review on a blog as “THE BETRAYAL by Helen Dunmore”: <a href="#review-{blog.pk}">' in (
        betrayal
    )
    assert "also a community review on Goodreads by Steven Z." in betrayal


def test_about_the_author(betrayal):
    about = betrayal.split('id="about-heading"')[1]
    assert '<a href="/authors/helen-dunmore/">Helen Dunmore</a>' in about
    assert "117 books on Goodreads · 955 followers there" in about
    assert "I was born in December 1952, in Yorkshire" in about


def test_book_page_head_conventions(betrayal):
    assert "<title>The Betrayal by Helen Dunmore | Bookclub</title>" in betrayal
    assert '<meta name="description" content="A riveting and emotionally absorbing portrait' in betrayal
    assert '<link rel="canonical" href="http://testserver/books/the-betrayal/">' in betrayal
    assert '<meta property="og:type" content="book">' in betrayal
    assert '<meta property="og:title" content="The Betrayal">' in betrayal
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', betrayal, re.S).group(1))
    assert data["@type"] == "Book" and data["name"] == "The Betrayal"
    assert data["author"][0]["name"] == "Helen Dunmore"
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "4.04",
        "ratingCount": 2834,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert len(data["review"]) == 28 and data["review"][0]["@type"] == "Review"
    assert data["isPartOf"]["name"] == "The Siege" and data["position"] == "2"


def test_structured_data_cannot_close_its_script(client):
    book = make_book("</script><script>alert(1)</script>", description="<b>& more</b>")
    html = client.get(book.get_absolute_url()).content.decode()
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "\\u003C/script\\u003E" in ld
    assert json.loads(ld)["name"] == "</script><script>alert(1)</script>"


def test_review_text_is_escaped(client):
    book = make_book()
    reviewer = imported_reviewer("<img src=x onerror=alert(1)>")
    Review.objects.create(
        book=book,
        reviewer=reviewer,
        source="community",
        import_key="x",
        body="<script>alert('x')</script>\n\nSecond & last",
    )
    html = client.get(book.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<p>Second &amp; last</p>" in html


def test_previous_and_next_in_series(client):
    series = make_series("Saga")
    first, middle, last = (make_book(f"Part {n}", series=series, position=n) for n in ("1", "1.5", "10"))
    html = client.get(middle.get_absolute_url()).content.decode()
    assert f'<a href="{first.get_absolute_url()}" rel="prev">← #1: Part 1</a>' in html
    assert f'<a href="{last.get_absolute_url()}" rel="next">#10: Part 10 →</a>' in html
    html = client.get(first.get_absolute_url()).content.decode()
    assert 'rel="prev"' not in html.split("series-nav")[1].split("</nav>")[0]


def test_unknown_book_is_a_real_404(client):
    response = client.get(reverse("book", args=["no-such-book"]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'href="/books/"' in response.content.decode()


def test_reviews_thirty_to_a_page_and_bad_pages(client):
    book = make_book()
    add_reviews(book, 65)
    url = book.get_absolute_url()
    html = client.get(url).content.decode()
    assert html.count('class="review" id="review-') == 30
    assert "Review number 64." in html and "Page 1 of 3" in html
    html = client.get(url, {"page": 3}).content.decode()
    assert html.count('class="review" id="review-') == 5 and "Review number 0." in html
    assert "Page 3 of 3" in client.get(url, {"page": 999}).content.decode()
    assert "Page 1 of 3" in client.get(url, {"page": "abc"}).content.decode()
    assert "Page 3 of 3" in client.get(url, {"page": "-1"}).content.decode()  # below 1: Django gives the last


def test_oldest_first(client):
    book = make_book()
    add_reviews(book, 3)
    html = client.get(book.get_absolute_url(), {"sort": "oldest"}).content.decode()
    assert html.index("Review number 0.") < html.index("Review number 2.")
    html = client.get(book.get_absolute_url(), {"sort": "bogus"}).content.decode()
    assert html.index("Review number 2.") < html.index("Review number 0.")


@pytest.mark.parametrize("reviews", [1, 300])
def test_book_page_query_count_is_constant(client, django_assert_num_queries, reviews):
    series = make_series()
    make_book(series=series, position=1)
    book = make_book(series=series, position=2, authors=[make_author(), make_author()])
    make_book(series=series, position=3)
    RatingHistogram.objects.create(book=book, stars_4=10)
    add_reviews(book, reviews)
    Review.objects.create(book=book, source="blog", import_key="blog", body="A blog review.")
    # Book with stats and shelf counts, authors, its first editions and their translators, previous,
    # next, review count, review page (with likes and comment counts), blog copies, last comments, blog
    # reviews, latest threads, clubs reading it.
    with django_assert_num_queries(13):
        response = client.get(book.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="review" id="review-') == min(reviews, 30)


@pytest.mark.parametrize("editions", [2, 200])
def test_the_book_page_and_its_editions_run_the_same_sql_at_2_and_200_editions(client, editions):
    translator = make_author("Anthea Bell")
    book = make_book("Asterix", pages=48)
    for n in range(editions - 1):
        edition = Edition.objects.create(book=book, format="paperback", pages=48 + n, language="fr")
        if n % 10 == 0:
            edition.translators.add(translator)
    counts = []
    for address in (book.get_absolute_url(), reverse("books:editions", args=[book.slug])):
        with CaptureQueriesContext(connection) as captured:
            html = client.get(address).content.decode()
        counts.append(len(captured))
        assert "Anthea Bell" in html
    # The book (with its count of editions), its authors, its first five editions and their translators,
    # its reviews' count, blog reviews, threads and clubs; the editions page: the book, the count, a page
    # of editions and their translators. The same at both sizes.
    assert counts == [8, 4]
    page = client.get(book.get_absolute_url()).content.decode()
    assert page.count('class="edition"') == min(editions, 5)
    assert (f"All {editions} editions" in page) is (editions > 5)
