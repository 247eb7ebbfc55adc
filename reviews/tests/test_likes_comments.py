import pytest
from django.test import Client
from django.urls import reverse

from books.tests.factories import make_book
from reviews import services
from reviews.models import Review, ReviewComment, ReviewLike

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(make_member):
    return services.review_save(
        book=make_book("Dune", slug="dune"), reviewer=make_member("author"), rating=4, body="Spice.", is_spoiler=False
    )


def like(client, review, **data):
    return client.post(reverse("reviews:like", args=[review.pk]), data)


def comment(client, review, body):
    return client.post(reverse("reviews:comment", args=[review.pk]), {"body": body})


def test_like_toggles_and_counts(client, review, make_member):
    client.force_login(make_member("fan"))
    response = like(client, review)
    assert response["Location"] == f"/books/dune/#review-{review.pk}"
    html = client.get("/books/dune/").content.decode()
    assert 'aria-pressed="true">Liked' in html and "1 like</span>" in html
    like(client, review)
    assert not ReviewLike.objects.exists()
    assert "0 likes</span>" in client.get("/books/dune/").content.decode()


def test_no_liking_your_own_review(client, review):
    client.force_login(review.reviewer)
    like(client, review)
    assert not ReviewLike.objects.exists()
    assert "You cannot like your own review." in client.get("/books/dune/").content.decode()


def test_like_keeps_a_safe_next(client, review, make_member):
    client.force_login(make_member("fan"))
    assert like(client, review, next="/books/dune/?page=2#x")["Location"] == "/books/dune/?page=2#x"
    assert like(client, review, next="https://evil.example/")["Location"] == f"/books/dune/#review-{review.pk}"


def test_imported_reviews_can_be_liked_and_commented(client, seed, make_member):
    client.force_login(make_member("fan"))
    imported = Review.objects.community().first()
    like(client, imported)
    comment(client, imported, "Agreed.")
    assert (ReviewLike.objects.get().review, ReviewComment.objects.get().review) == (imported, imported)


def test_comments_thread_under_the_review_and_its_own_page(client, review, make_member):
    client.force_login(make_member("fan"))
    response = comment(client, review, "First *thoughts*.")
    first = ReviewComment.objects.get()
    assert response["Location"] == f"/reviews/{review.pk}/?page=1#comment-{first.pk}"
    for number in range(4):
        comment(client, review, f"Reply {number}")
    book_page = client.get("/books/dune/").content.decode()
    assert "5 comments" in book_page and "All 5 comments" in book_page
    assert "Reply 3" in book_page and "First <em>thoughts</em>." not in book_page  # the last three only
    thread = client.get(review.get_absolute_url()).content.decode()
    assert thread.index("First <em>thoughts</em>.") < thread.index("Reply 3")
    assert "Comments (5)" in thread


def test_long_threads_are_paginated_and_a_new_comment_lands_on_the_last_page(client, review, make_member):
    member = make_member("fan")
    for number in range(50):
        ReviewComment.objects.create(review=review, author=member, body=f"c{number}", body_html=f"<p>c{number}</p>")
    client.force_login(member)
    response = comment(client, review, "The fifty-first")
    assert "?page=2#comment-" in response["Location"]
    assert "The fifty-first" in client.get(response["Location"].split("#")[0]).content.decode()


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "Write something before posting."), ("x" * 2001, "Keep it to 2,000 characters: this has 2,001.")],
)
def test_bad_comment_keeps_the_text(client, review, make_member, body, message):
    client.force_login(make_member("fan"))
    response = comment(client, review, body)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert body[:50] in html
    assert not ReviewComment.objects.exists()


def test_comment_text_is_sanitised(client, review, make_member):
    client.force_login(make_member("fan"))
    comment(client, review, "<script>alert(1)</script> [x](javascript:alert(1))")
    html = client.get(review.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    # No link to it: the text is shown as it was typed.
    assert 'href="javascript' not in html and "[x](javascript:alert(1))" in html


def test_likes_and_comments_need_log_in_confirmation_and_csrf(client, review, make_member):
    assert like(client, review)["Location"].startswith(reverse("account_login"))
    assert comment(client, review, "hi")["Location"].startswith(reverse("account_login"))
    client.force_login(make_member("unconfirmed", verified=False))
    response = like(client, review)  # a button: back to the page, told why
    assert response.status_code == 302
    assert "Confirm your e-mail address before posting." in client.get(response["Location"]).content.decode()
    assert comment(client, review, "hi").status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_member("fan"))
    assert strict.post(reverse("reviews:like", args=[review.pk])).status_code == 403
    assert strict.post(reverse("reviews:comment", args=[review.pk]), {"body": "hi"}).status_code == 403
    assert client.get(reverse("reviews:like", args=[review.pk])).status_code == 405
    assert not ReviewLike.objects.exists() and not ReviewComment.objects.exists()


def test_rating_only_reviews_have_no_page(client, make_member):
    rating = services.review_save(book=make_book(), reviewer=make_member(), rating=3, body="", is_spoiler=False)
    assert client.get(reverse("reviews:detail", args=[rating.pk])).status_code == 404


@pytest.mark.parametrize("size", [1, 60])
def test_review_page_query_count_is_constant(client, review, make_member, django_assert_num_queries, size):
    fans = [make_member(f"fan{n}") for n in range(size)]
    for fan in fans:
        ReviewLike.objects.create(review=review, user=fan)
        ReviewComment.objects.create(review=review, author=fan, body="Yes", body_html="<p>Yes</p>")
    # Review with reviewer, book and counts; blog copies; comment count; comment page.
    with django_assert_num_queries(4):
        assert client.get(review.get_absolute_url()).status_code == 200
