"""Each page of a thread keeps its posts apart from the rest of it: a reply makes again the posts of the
last page only; every write to a post shows at once on the page it is on."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from books.tests.factories import make_book
from discussions import services
from discussions.models import POSTS_PER_PAGE, Post
from moderation import services as moderation
from pagecache.cache import HEADER, _version_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(make_member):
    ada, bea = make_member("ada"), make_member("bea")
    thread, _ = services.thread_create(book=make_book("Tides"), starter=ada, title="Chapter one", body="Post one.")
    for number in range(2, POSTS_PER_PAGE + 3):  # page 1 full, two posts on page 2
        services.reply_create(thread=thread, author=bea if number % 2 else ada, body=f"Post {number}.")
    thread.refresh_from_db()
    return thread


def page_version(thread, number):
    return cache.get(_version_key(f"thread_page:{thread.pk}:{number}"))


def get(client, thread, number):
    """The page as a visitor gets it, and whether its posts were read from the database for it."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{thread.get_absolute_url()}?page={number}")
    read = any('FROM "discussions_post"' in query["sql"] for query in captured)
    return response, read


def test_a_reply_makes_again_the_posts_of_the_last_page_only(client, thread, make_member):
    assert get(client, thread, 1)[1] and get(client, thread, 2)[1]
    first, last = page_version(thread, 1), page_version(thread, 2)
    services.reply_create(thread=thread, author=make_member("cy"), body="A new reply.")
    assert page_version(thread, 1) == first and page_version(thread, 2) != last
    page_one, read = get(client, thread, 1)
    html = page_one.content.decode()
    assert page_one[HEADER] == "miss" and f"{POSTS_PER_PAGE + 3} posts" in html  # the figures are fresh
    assert not read and "Post 2." in html  # its posts came from the cache
    page_two, read = get(client, thread, 2)
    assert read and "A new reply." in page_two.content.decode()


def test_each_write_to_a_post_shows_at_once_on_its_page(client, thread, make_member, moderators_group):
    moderator = make_member("mod", is_staff=True)
    moderator.groups.add(moderators_group)
    get(client, thread, 1)
    second = Post.objects.get(thread=thread, number=2)
    services.post_edit(post=second, user=second.author, body="Post two, said better.")
    assert "Post two, said better." in get(client, thread, 1)[0].content.decode()
    third = Post.objects.get(thread=thread, number=3)
    moderation.item_set_hidden(item=third, moderator=moderator, hidden=True, reason="rude")
    html = get(client, thread, 1)[0].content.decode()
    assert "Post 3." not in html and "Post hidden by moderators." in html
    fourth = Post.objects.get(thread=thread, number=4)
    services.post_delete(post=fourth, user=fourth.author)
    assert "Post 4." not in get(client, thread, 1)[0].content.decode()
