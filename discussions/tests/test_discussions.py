"""Discussion threads: posting, reading, permalinks, unread markers, feeds, moderation, bad input."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from books.tests.factories import make_book
from discussions import services
from discussions.models import Post, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def book():
    return make_book("Dune", slug="dune")


@pytest.fixture
def thread(book, make_member):
    thread, _ = services.thread_create(
        book=book,
        starter=make_member("ada", display_name="Ada"),
        title="The ending",
        body="What did you *think*?",
        spoiler_note="the end",
    )
    return thread


def add_posts(thread, author, count):
    for number in range(count):
        services.reply_create(thread=thread, author=author, body=f"Reply {number}")


def test_start_a_thread(client, book, make_member):
    client.force_login(make_member())
    url = reverse("discussions:thread_new", args=["dune"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Spice & <b>worms</b>", "body": "Discuss.", "spoiler_note": "chapter 12"})
    thread = Thread.objects.get()
    assert response["Location"] == thread.get_absolute_url() == f"/discussions/{thread.pk}/spice-bwormsb/"
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "<h1>Spice &amp; &lt;b&gt;worms&lt;/b&gt;</h1>" in html and "Spoilers up to chapter 12" in html
    assert (thread.post_count, thread.last_post.number) == (1, 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "Kept body"}, "Give the thread a title."),
        ({"title": "Kept title", "body": ""}, "Write something before posting."),
        ({"title": "x" * 151, "body": "Kept body"}, "Keep it to 150 characters: this has 151."),
        ({"title": "Kept title", "body": "y" * 20_001}, "Keep it to 20,000 characters: this has 20,001."),
    ],
)
def test_bad_thread_input_keeps_the_text(client, book, make_member, data, message):
    client.force_login(make_member())
    response = client.post(reverse("discussions:thread_new", args=["dune"]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    for value in data.values():
        assert value[:40] in html
    assert not Thread.objects.exists()


def test_board_lists_threads_pinned_first_then_recent_activity(client, book, make_member):
    bob = make_member("bob")
    old, _ = services.thread_create(book=book, starter=bob, title="Old", body="1")
    services.thread_create(book=book, starter=bob, title="Newer", body="1")
    pinned, _ = services.thread_create(book=book, starter=bob, title="Rules", body="1")
    services.thread_moderate(thread=pinned, moderator=make_member("mod", is_staff=True), pin=True, lock=True)
    services.reply_create(thread=old, author=bob, body="bump")
    html = client.get(reverse("discussions:board", args=["dune"])).content.decode()
    titles = [html.index(f">{title}</a>") for title in ("Rules", "Old", "Newer")]
    assert titles == sorted(titles)
    assert "Pinned</span>" in html and "Locked</span>" in html
    assert "1 reply" in html and "last post by bob" in html


def test_replies_quotes_and_permalinks(client, thread, make_member):
    bob = make_member("bob")
    client.force_login(bob)
    first = thread.posts.get(number=1)
    form = client.get(reverse("discussions:reply", args=[thread.pk, thread.slug]), {"quote": first.pk})
    body = form.context["form"].initial["body"]
    assert body.startswith("> What did you *think*?") and f"(/discussions/posts/{first.pk}/)" in body
    response = client.post(
        reverse("discussions:reply", args=[thread.pk, thread.slug]),
        {"body": body + "It was great.", "quoted": first.pk},
    )
    reply = Post.objects.get(number=2)
    assert response["Location"] == f"{thread.get_absolute_url()}?page=1#post-2"
    assert reply.quoted == first
    html = client.get(thread.get_absolute_url() + "?page=1").content.decode()
    assert "<blockquote>" in html and f'Replying to <a href="/discussions/posts/{first.pk}/">#1 by Ada</a>' in html
    assert client.get(reply.get_absolute_url())["Location"] == f"{thread.get_absolute_url()}?page=1#post-2"


def test_permalinks_survive_new_replies(client, thread, make_member):
    bob = make_member("bob")
    add_posts(thread, bob, 25)
    post_21 = Post.objects.get(number=21)
    assert client.get(post_21.get_absolute_url())["Location"].endswith("?page=2#post-21")
    add_posts(thread, bob, 30)
    assert client.get(post_21.get_absolute_url())["Location"].endswith("?page=2#post-21")


def test_quoting_a_post_from_another_thread_is_refused(client, book, thread, make_member):
    other, _ = services.thread_create(book=book, starter=make_member("bob"), title="Other", body="Elsewhere")
    client.force_login(make_member("cy"))
    response = client.post(
        reverse("discussions:reply", args=[thread.pk, thread.slug]),
        {"body": "Typed reply", "quoted": other.posts.get().pk},
    )
    assert response.status_code == 400
    assert "You can only quote a post from this thread that readers can see." in response.content.decode()
    assert "Typed reply" in response.content.decode()
    assert thread.posts.count() == 1


def test_locked_thread_takes_no_replies_and_says_why(client, thread, make_member):
    services.thread_moderate(thread=thread, moderator=make_member("mod", is_staff=True), lock=True)
    client.force_login(make_member("bob"))
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "This thread is locked: it takes no new replies." in html and "Post reply" not in html
    response = client.post(reverse("discussions:reply", args=[thread.pk, thread.slug]), {"body": "Let me in"})
    assert response.status_code == 400
    assert "This thread is locked" in response.content.decode() and "Let me in" in response.content.decode()
    with pytest.raises(ValidationError):
        services.reply_create(thread=thread, author=thread.starter, body="no")


def test_edit_marks_the_post_and_delete_leaves_a_stub(client, thread, make_member):
    bob = make_member("bob")
    add_posts(thread, bob, 2)
    middle = Post.objects.get(number=2)
    client.force_login(bob)
    client.post(reverse("discussions:post_edit", args=[middle.pk]), {"body": "Edited ||secret||"})
    html = client.get(thread.get_absolute_url() + "?page=1").content.decode()
    assert "edited <time" in html
    assert '<span class="inline-spoiler" tabindex="0" title="Spoiler: click to show">secret</span>' in html
    client.post(reverse("discussions:post_delete", args=[middle.pk]))
    html = client.get(thread.get_absolute_url() + "?page=1").content.decode()
    assert "Post deleted." in html and "secret" not in html
    assert 'id="post-3"' in html  # the numbering after it is unchanged
    assert client.get(middle.get_absolute_url())["Location"].endswith("#post-2")


def test_nobody_edits_or_deletes_someone_elses_post(client, thread, make_member):
    client.force_login(make_member("intruder"))
    post = thread.posts.get()
    for name in ("discussions:post_edit", "discussions:post_delete"):
        assert client.get(reverse(name, args=[post.pk])).status_code == 403
        assert client.post(reverse(name, args=[post.pk]), {"body": "mine now"}).status_code == 403
    post.refresh_from_db()
    assert post.body == "What did you *think*?" and not post.is_deleted


def test_posting_needs_a_confirmed_account_and_csrf(client, thread, make_member):
    reply_url = reverse("discussions:reply", args=[thread.pk, thread.slug])
    assert client.post(reply_url, {"body": "hi"})["Location"].startswith(reverse("account_login"))
    client.force_login(make_member("unconfirmed", verified=False))
    assert client.post(reply_url, {"body": "hi"}).status_code == 403
    assert client.post(reverse("discussions:thread_new", args=["dune"]), {"title": "t", "body": "b"}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_member("bob"))
    assert strict.post(reply_url, {"body": "hi"}).status_code == 403
    assert thread.posts.count() == 1


def test_unread_marker_jump_to_first_unread_and_following(client, thread, make_member):
    ada = thread.starter
    bob = make_member("bob")
    add_posts(thread, bob, 25)  # posts 2..26; Ada read up to #1 when she started it
    client.force_login(ada)
    board = client.get(reverse("discussions:board", args=["dune"])).content.decode()
    assert "25 new</span>" in board
    response = client.get(thread.get_absolute_url())
    assert response["Location"] == f"{thread.get_absolute_url()}?page=1#post-2"
    client.get(thread.get_absolute_url() + "?page=1")
    assert client.get(thread.get_absolute_url())["Location"] == f"{thread.get_absolute_url()}?page=2#post-21"
    client.get(thread.get_absolute_url() + "?page=2")
    assert client.get(thread.get_absolute_url()).status_code == 200  # all read: no jump
    assert "new</span>" not in client.get(reverse("discussions:board", args=["dune"])).content.decode()
    following = client.get(reverse("discussions:following")).content.decode()
    assert ">The ending</a>" in following  # starting a thread follows it
    client.post(reverse("discussions:follow", args=[thread.pk]), {"action": "unfollow"})
    assert ">The ending</a>" not in client.get(reverse("discussions:following")).content.decode()


def test_feeds(client, thread, make_member):
    add_posts(thread, make_member("bob"), 2)
    board = client.get(reverse("discussions:board_feed", args=["dune"]))
    assert board["Content-Type"].startswith("application/atom+xml")
    assert "<title>The ending</title>" in board.content.decode()
    feed = client.get(reverse("discussions:thread_feed", args=[thread.pk, thread.slug])).content.decode()
    assert "<title>#3 by bob</title>" in feed and "Reply 1" in feed


def test_moderators_pin_lock_move_and_members_cannot(client, thread, make_member):
    url = reverse("moderation:thread", args=[thread.pk])
    client.force_login(make_member("bob"))
    assert client.post(url, {"action": "lock"}).status_code == 403
    client.force_login(make_member("mod", is_staff=True))
    client.post(url, {"action": "pin"})
    client.post(url, {"action": "lock"})
    other = make_book("Dune Messiah", slug="dune-messiah")
    client.post(url, {"action": "move", "book": "dune-messiah"})
    thread.refresh_from_db()
    assert (thread.is_pinned, thread.is_locked, thread.book) == (True, True, other)
    client.post(url, {"action": "move", "book": "nowhere"})
    assert "No such book: the thread stays where it is." in client.get(thread.get_absolute_url()).content.decode()


def test_wrong_slug_redirects_and_bad_pages_clamp(client, thread, make_member):
    add_posts(thread, make_member("bob"), 30)
    assert client.get(f"/discussions/{thread.pk}/wrong/")["Location"] == thread.get_absolute_url()
    assert "Page 2 of 2" in client.get(thread.get_absolute_url(), {"page": 99}).content.decode()
    assert "Page 1 of 2" in client.get(thread.get_absolute_url(), {"page": "x"}).content.decode()
    assert client.get("/discussions/999999/x/").status_code == 404


def test_book_page_joins_the_discussion(client, thread):
    html = client.get("/books/dune/").content.decode()
    assert (
        '<h2 id="discussion-heading">Discussions</h2>' in html
        and ">The ending</a>" in html
        and "Spoilers up to the end" in html
    )


def without_csrf_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.mark.parametrize("threads", [3, 200])
def test_board_query_count_is_constant(client, book, make_member, assert_page_queries, threads):
    member = make_member("bob")
    for number in range(threads):
        services.thread_create(book=book, starter=member, title=f"T{number}", body="x")
    client.force_login(member)
    # User, book, count, page of threads; the member's visits fill the unread badges; their notifications.
    with assert_page_queries(6):
        html = client.get(reverse("discussions:board", args=["dune"])).content.decode()
    assert html.count('class="thread-row') == min(threads, 30)
    with assert_page_queries(0):  # from the cache: the member and their visits cached
        again = client.get(reverse("discussions:board", args=["dune"]))
    assert again["X-Cache"] == "hit" and without_csrf_tokens(again.content.decode()) == without_csrf_tokens(html)


@pytest.mark.parametrize(("posts", "page"), [(5, 1), (2000, 1), (2000, 100)])
def test_thread_page_query_count_is_constant(client, book, make_member, django_assert_num_queries, posts, page):
    member = make_member("bob")
    thread, _ = services.thread_create(book=book, starter=member, title="Long", body="x")
    Post.objects.bulk_create(
        Post(thread=thread, number=number, author=member, body="p", body_html=f"<p>post {number}</p>")
        for number in range(2, posts + 1)
    )
    Thread.objects.filter(pk=thread.pk).update(post_count=posts)
    # The thread's row (who may read it: read once, then from the cache), the thread with its book and
    # starter, the page of posts with authors and quotes.
    with django_assert_num_queries(3):
        html = client.get(thread.get_absolute_url(), {"page": page}).content.decode()
    assert html.count('<article class="post') == min(posts, 20)
    assert f"post {min(posts, page * 20)}</p>" in html


def test_reply_over_the_limit_keeps_the_text(client, thread, make_member):
    client.force_login(make_member("bob"))
    body = "Typed reply " + "z" * 20_000
    response = client.post(reverse("discussions:reply", args=[thread.pk, thread.slug]), {"body": body})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep it to 20,000 characters: this has 20,012." in html and "Typed reply zzz" in html
    assert thread.posts.count() == 1


def test_reply_to_a_deleted_thread_is_not_found(client, thread, make_member):
    client.force_login(make_member("bob"))
    url = reverse("discussions:reply", args=[thread.pk, thread.slug])
    thread.delete()
    assert client.post(url, {"body": "Hello?"}).status_code == 404
    assert not Post.objects.exists()


def test_a_member_reads_a_cached_thread_page_with_no_query_but_the_session(
    client, book, make_member, assert_page_queries
):
    starter = make_member("bob")
    thread, _ = services.thread_create(book=book, starter=starter, title="Long", body="x")
    for number in range(30):
        services.reply_create(thread=thread, author=starter, body=f"reply {number}")
    client.get(thread.get_absolute_url(), {"page": 1})  # a visitor fills the cache
    reader = make_member("ann")
    client.force_login(reader)
    client.get(thread.get_absolute_url(), {"page": 1})  # records her reading
    # Her threads read were read again after that write; the thread's row, the page, the member and
    # her visit (where she has read to, the follow button) come from the cache.
    with assert_page_queries(0):
        client.get(thread.get_absolute_url(), {"page": 1})
    with assert_page_queries(0):
        response = client.get(thread.get_absolute_url(), {"page": 1})
    assert response["X-Cache"] == "hit"
    assert "Follow this thread" in response.content.decode()
