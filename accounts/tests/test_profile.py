import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Follow, User
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
    # Person, latest reviews with books, shelf counts, reviews, ratings, followers, following.
    with django_assert_num_queries(7):
        html = client.get(member.get_absolute_url()).content.decode()
    assert html.count("Fine.") == min(size, 20)


def test_follow_and_unfollow(client, make_member):
    ada, bob = make_member("ada"), make_member("bob")
    client.force_login(ada)
    url = reverse("accounts:follow", args=["bob"])
    assert "Follow bob" in client.get(bob.get_absolute_url()).content.decode()
    assert client.post(url, {"action": "follow"})["Location"] == bob.get_absolute_url()
    client.post(url, {"action": "follow"})  # twice is still once
    assert Follow.objects.filter(follower=ada, followed=bob).count() == 1
    html = client.get(bob.get_absolute_url()).content.decode()
    assert "You follow bob." in html and "Unfollow bob" in html
    assert "bob" in client.get(reverse("accounts:following", args=["ada"])).content.decode()
    assert "ada" in client.get(reverse("accounts:followers", args=["bob"])).content.decode()
    client.post(url, {"action": "unfollow"})
    assert not Follow.objects.exists()


def test_cannot_follow_yourself_or_an_imported_reviewer(client, seed, make_member):
    ada = make_member("ada")
    client.force_login(ada)
    client.post(reverse("accounts:follow", args=["ada"]))
    assert "You cannot follow yourself." in client.get(ada.get_absolute_url()).content.decode()
    client.post(reverse("accounts:follow", args=["emma@goodreads"]))
    html = client.get(reverse("profile", args=["emma@goodreads"])).content.decode()
    assert "Emma is an imported reviewer, not a member" in html
    assert not Follow.objects.exists()


def test_following_needs_log_in_post_and_csrf(client, make_member):
    bob = make_member("bob")
    url = reverse("accounts:follow", args=["bob"])
    assert client.post(url)["Location"].startswith(reverse("account_login"))
    client.force_login(make_member("ada"))
    assert client.get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(username="ada"))
    assert strict.post(url).status_code == 403
    assert not Follow.objects.filter(followed=bob).exists()


@pytest.mark.parametrize("fans", [2, 60])
def test_follower_list_paginated_with_constant_queries(client, make_member, django_assert_num_queries, fans):
    star = make_member("star")
    for number in range(fans):
        Follow.objects.create(follower=make_member(f"fan{number:02}"), followed=star)
    with django_assert_num_queries(3):  # person, count, page with the followers
        html = client.get(reverse("accounts:followers", args=["star"])).content.decode()
    assert html.count('class="person"') == min(fans, 50)
