"""A reader's profile (bookclub.views.profile): figures, reviews, imported reviewers, query counts."""

import pytest
from django.urls import reverse

from accounts.models import Follow
from books.tests.factories import make_book
from reviews.models import Review
from shelves.services import shelf_set

pytestmark = pytest.mark.django_db


def test_imported_reviewer_profile(client, seed):
    response = client.get(reverse("profile", args=["emma@goodreads"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Emma</h1>" in html
    assert "Imported Goodreads reviewer: this reader is not a Bookclub member" in html
    assert "1,006 reviews · 1,185 followers" in html
    assert '<a href="/books/the-betrayal/#review-' in html
    assert "<strong>1</strong> review</li>" in html
    assert "Follow Emma" not in html


def test_member_profile_stats(client, make_member):
    member = make_member("reader", display_name="Ada <L>", bio="Reads a lot.")
    books = [make_book() for _ in range(3)]
    Review.objects.create(book=books[0], reviewer=member, body="Paul wins.", is_spoiler=True, rating=5)
    Review.objects.create(book=books[1], reviewer=member, rating=3)  # a rating alone
    shelf_set(user=member, book=books[0], shelf="read")
    shelf_set(user=member, book=books[2], shelf="want_to_read")
    Follow.objects.create(follower=make_member("fan"), followed=member)
    html = client.get(member.get_absolute_url()).content.decode()
    assert "<h1>Ada &lt;L&gt;</h1>" in html and "@reader" in html and "Member since" in html
    assert "Reads a lot." in html
    for figure in [
        "<strong>1</strong> review</li>",
        "<strong>2</strong> ratings",
        "<strong>1</strong> follower<",
        "<strong>0</strong> following",
        "<strong>1</strong> read</a>",
        "<strong>1</strong> want to read",
        "<strong>0</strong> currently reading",
    ]:
        assert figure in html, figure
    assert "This review contains spoilers." in html and "Paul wins." not in html


def test_unknown_profile_is_404(client):
    assert client.get(reverse("profile", args=["nobody"])).status_code == 404


@pytest.mark.parametrize("size", [1, 40])
def test_profile_query_count_is_constant(client, make_member, django_assert_num_queries, size):
    member = make_member()
    for number in range(size):
        book = make_book()
        Review.objects.create(book=book, reviewer=member, body="Fine.", rating=4)
        shelf_set(user=member, book=book, shelf="read")
        Follow.objects.create(follower=make_member(f"fan{number}"), followed=member)
    # Person, latest reviews with books, shelf counts, reviews, ratings, followers, following, the
    # books they are reading with their progress.
    with django_assert_num_queries(8):
        html = client.get(member.get_absolute_url()).content.decode()
    assert html.count("Fine.") == min(size, 20)
