"""A member's home feed: what the people they follow did, newest first, page by page by keys."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services as accounts
from books.tests.factories import make_book
from discussions import services as discussions
from discussions.models import Thread
from moderation import services as moderation
from reviews import services as reviews
from reviews.models import Review
from shelves.services import shelf_set

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def feed_lines(html):
    return [
        " ".join(re.sub(r"<[^>]+>", "", line).split())
        for line in re.findall(r'<li class="feed-item">(.*?)</li>', html, re.S)
    ]


@pytest.fixture
def reader(make_member):
    reader = make_member("reader")
    ada, bea, stranger = make_member("ada"), make_member("bea"), make_member("stranger")
    accounts.follow(follower=reader, followed=ada)
    accounts.follow(follower=reader, followed=bea)
    dune, emma = make_book("Dune", slug="dune"), make_book("Emma", slug="emma")
    reviews.review_save(book=dune, reviewer=ada, rating=5, body="Spice and sand.", is_spoiler=False)
    reviews.review_save(book=emma, reviewer=bea, rating=3, body="", is_spoiler=False)
    shelf_set(user=bea, book=dune, shelf="read")
    shelf_set(user=bea, book=emma, shelf="want_to_read")  # not news
    discussions.thread_create(book=dune, starter=ada, title="Who is Paul?", body="Thoughts?")
    reviews.review_save(book=emma, reviewer=stranger, rating=1, body="Not for me.", is_spoiler=False)
    return reader


def test_a_member_sees_what_the_people_they_follow_did_newest_first(reader):
    html = signed_in(reader).get(reverse("home")).content.decode()
    assert "From the people you follow" in html
    lines = feed_lines(html)
    assert [line.split(" · ")[0] for line in lines] == [
        "ada started Who is Paul? about Dune",
        "bea read Dune",
        "bea rated Emma ★★★☆☆",
        "ada reviewed Dune ★★★★★",
    ]
    feed = html.split('class="home-feed"')[1].split("</section>")[0]
    assert "Spice and sand." in feed and "Not for me." not in feed  # only the people they follow
    visitor = Client().get(reverse("home")).content.decode()
    assert "From the people you follow" not in visitor and "feed-item" not in visitor


def test_hidden_reviews_leave_the_feed_and_a_new_follow_shows_at_once(reader, make_member):
    client = signed_in(reader)
    client.get(reverse("home"))  # the feed is kept in the cache now
    moderation.item_set_hidden(
        item=Review.objects.get(body="Spice and sand."), moderator=make_member("mod", is_staff=True), hidden=True
    )
    assert "Spice and sand." not in client.get(reverse("feed")).content.decode()
    accounts.follow(follower=reader, followed=type(reader).objects.get(username="stranger"))
    home = client.get(reverse("home")).content.decode()
    assert "Not for me." in home.split('class="home-feed"')[1].split("</section>")[0]


def test_older_activities_come_page_after_page_without_gaps_or_repeats(make_member):
    reader, ada = make_member("reader"), make_member("ada")
    accounts.follow(follower=reader, followed=ada)
    book = make_book("Dune", slug="dune")
    for number in range(25):
        discussions.thread_create(book=book, starter=ada, title=f"Thread {number:02}", body="x")
    # Some at the very same instant: the cursor orders them by kind and row.
    Thread.objects.filter(title__in=["Thread 10", "Thread 11", "Thread 12"]).update(created_at=timezone.now())
    client = signed_in(reader)
    first = client.get(reverse("feed")).content.decode()
    older = re.search(r'href="(/feed/\?before=[^"]+)">Older</a>', first).group(1)
    second = client.get(older.replace("&amp;", "&")).content.decode()
    titles = [re.search(r"Thread \d\d", line).group(0) for line in feed_lines(first) + feed_lines(second)]
    assert len(titles) == 25 and len(set(titles)) == 25
    assert "Older" not in second


def test_a_bad_cursor_is_the_first_page(reader):
    assert signed_in(reader).get(reverse("feed"), {"before": "not a cursor"}).status_code == 200
    assert signed_in(reader).get(reverse("feed"), {"before": "2020-01-01~9~\x00"}).status_code == 200


@pytest.mark.parametrize("people", [2, 40])
def test_the_feed_runs_the_same_queries_whatever_its_size(make_member, assert_page_queries, people):
    reader = make_member("reader")
    book = make_book("Dune", slug="dune")
    for number in range(people):
        friend = make_member(f"friend{number}")
        accounts.follow(follower=reader, followed=friend)
        reviews.review_save(book=book, reviewer=friend, rating=4, body="Good.", is_spoiler=False)
        shelf_set(user=friend, book=book, shelf="read")
        discussions.thread_create(book=book, starter=friend, title=f"T{number}", body="x")
    client = signed_in(reader)
    # The member, the page of activities, then its reviews, shelvings and threads; their unread notifications.
    with assert_page_queries(6):
        html = client.get(reverse("feed")).content.decode()
    assert len(feed_lines(html)) == min(3 * people, 20)
