"""Bad input gets a clear answer, never a 500, and never shows what it should not (audit findings)."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from books.tests.factories import make_book
from discussions import services as discussions
from discussions.models import Post
from moderation import services as moderation
from reviews import services as reviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(make_member):
    book = make_book("Dune", slug="dune")
    ada, bob = make_member("ada"), make_member("bob")
    thread, first = discussions.thread_create(book=book, starter=ada, title="Spice", body="Thoughts?")
    secret = discussions.reply_create(thread=thread, author=bob, body="Hidden SECRET words")
    moderation.item_set_hidden(item=secret, moderator=make_member("mod", is_staff=True), hidden=True)
    review = reviews.review_save(book=book, reviewer=ada, rating=4, body="Fine.", is_spoiler=False)
    client = Client()
    client.force_login(make_member("cy"))
    return {"book": book, "thread": thread, "first": first, "secret": secret, "review": review, "client": client}


def test_a_hidden_post_cannot_be_quoted_into_a_reply_box(scene):
    url = reverse("discussions:reply", args=[scene["thread"].pk, scene["thread"].slug])
    response = scene["client"].get(url, {"quote": scene["secret"].pk})
    assert response.status_code == 200 and "SECRET" not in response.content.decode()
    assert "Thoughts?" in scene["client"].get(url, {"quote": scene["first"].pk}).content.decode()


@pytest.mark.parametrize("quote", ["abc", "1e9", "99999999999999999999999", "-1", "1.5", "\x00"])
def test_quote_ids_that_are_not_post_numbers_are_answered_calmly(scene, quote):
    url = reverse("discussions:reply", args=[scene["thread"].pk, scene["thread"].slug])
    assert scene["client"].get(url, {"quote": quote}).status_code == 200
    response = scene["client"].post(url, {"body": "Typed", "quoted": quote})
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert "Typed" in response.content.decode()


def test_nul_and_control_characters_never_reach_the_database(scene, client):
    assert client.get(reverse("books:search"), {"q": "du\x00ne"}).status_code == 200
    assert client.get("/people/a%00b/").status_code == 400
    assert client.get("/people/a%00b/shelves/").status_code == 400
    url = reverse("discussions:reply", args=[scene["thread"].pk, scene["thread"].slug])
    assert scene["client"].post(url, {"body": "Tab\there,\x00 bell\x07 and vertical\x0btab"}).status_code == 302
    assert Post.objects.order_by("-pk").first().body == "Tab\there, bell and verticaltab"


def test_a_control_character_that_got_in_before_cannot_break_a_feed(scene):
    thread = scene["thread"]
    type(thread).objects.filter(pk=thread.pk).update(title="Spice\x0b and more")
    Post.objects.filter(pk=scene["first"].pk).update(body_html="<p>Thoughts\x0b?</p>")
    feed = Client().get(reverse("discussions:thread_feed", args=[thread.pk, "spice-and-more"]))
    assert feed.status_code == 200 and b"\x0b" not in feed.content
    assert Client().get(reverse("discussions:board_feed", args=["dune"])).status_code == 200


@pytest.mark.parametrize("target", ["account_logout", "https://evil.example/", "//evil.example/x", "books:catalogue"])
def test_next_goes_only_to_a_path_on_this_site(scene, target):
    book, review = scene["book"], scene["review"]
    response = scene["client"].post(reverse("shelves:shelve", args=[book.slug]), {"shelf": "read", "next": target})
    assert response.status_code == 302 and response["Location"] == book.get_absolute_url() + "#shelf"
    response = scene["client"].post(reverse("reviews:like", args=[review.pk]), {"next": target})
    assert response["Location"] == f"{book.get_absolute_url()}#{review.anchor}"
    assert "_auth_user_id" in scene["client"].session  # still signed in


def test_spoilers_stay_out_of_structured_data_and_feeds(scene, make_member):
    book = scene["book"]
    reviews.review_save(book=book, reviewer=make_member("dee"), rating=2, body="The END: Paul WINS.", is_spoiler=True)
    reviews.review_save(
        book=book, reviewer=make_member("eli"), rating=3, body="Good, though ||Jessica DIES||.", is_spoiler=False
    )
    html = Client().get(book.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    text = json.dumps(data)
    assert "WINS" not in text and "DIES" not in text and "Good, though [spoiler]." in text
    discussions.reply_create(thread=scene["thread"], author=make_member("fay"), body="So ||Leto FALLS|| then.")
    feed = Client().get(reverse("discussions:thread_feed", args=[scene["thread"].pk, scene["thread"].slug]))
    assert b"FALLS" not in feed.content and b"[spoiler]" in feed.content
