"""Following members: the buttons, the rules, the lists."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Follow, User

pytestmark = pytest.mark.django_db


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
