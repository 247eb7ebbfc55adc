import pytest
from django.urls import reverse

from accounts.models import User
from books.tests.factories import make_book
from reviews.models import Review

pytestmark = pytest.mark.django_db


def test_imported_reviewer_profile(client, seed):
    response = client.get(reverse("accounts:profile", args=["emma@goodreads"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Emma</h1>" in html
    assert "Imported Goodreads reviewer: this reader is not a Bookclub member" in html
    assert "1,006 reviews · 1,185 followers" in html
    assert '<a href="/books/the-betrayal/#review-' in html
    assert 'Reviews on Bookclub <span class="count">(1)</span>' in html


def test_member_profile_and_spoilers_hidden(client):
    member = User.objects.create_user("reader", display_name="Ada <L>", bio="Reads a lot.")
    Review.objects.create(book=make_book("Dune"), reviewer=member, body="Paul wins.", is_spoiler=True)
    html = client.get(member.get_absolute_url()).content.decode()
    assert "<h1>Ada &lt;L&gt;</h1>" in html and "Member since" in html and "Reads a lot." in html
    assert "This review contains spoilers." in html and "Paul wins." not in html


def test_unknown_profile_is_404(client):
    assert client.get(reverse("accounts:profile", args=["nobody"])).status_code == 404


@pytest.mark.parametrize("reviews", [1, 40])
def test_profile_query_count_is_constant(client, django_assert_num_queries, reviews):
    member = User.objects.create_user("reader")
    for _ in range(reviews):
        Review.objects.create(book=make_book(), reviewer=member, body="Fine.")
    with django_assert_num_queries(3):  # the person, their latest reviews with books, the count
        html = client.get(member.get_absolute_url()).content.decode()
    assert html.count("Fine.") == min(reviews, 20)
