"""A stale shared page is rendered by one request at a time; who may be served the previous copy meanwhile."""

import threading
import time

import pytest
from django.core.cache import cache
from django.test import Client

from books.tests.factories import make_book
from clubs import services as clubs
from clubs.models import Visibility
from pagecache.cache import HEADER, LOCK_SUFFIX, WROTE_COOKIE, invalidate, page_key_of
from pagecache.tests.urls import Slow
from reviews import services as reviews

pytestmark = pytest.mark.django_db
SLOW = "/test/slow/"


@pytest.fixture
def slow(settings):
    settings.ROOT_URLCONF = "pagecache.tests.urls"
    Slow.renders, Slow.seconds = 0, 0.0
    assert Client().get(SLOW).content == b"render 1"
    # Long enough that eight threads on a busy two-core machine all ask while the render runs, and
    # a bound that the copy made just now stays within for the whole test.
    Slow.seconds = 1.5
    settings.PAGE_CACHE_STALE_SECONDS = 5
    yield Slow
    Slow.seconds = 0.0


def in_threads(count, request):
    """request() from count threads at once; their answers, and how long each took."""
    answers = [None] * count
    start = threading.Barrier(count)

    def run(at):
        start.wait()
        began = time.monotonic()
        response = request()
        answers[at] = (response[HEADER], response.content.decode(), time.monotonic() - began)

    threads = [threading.Thread(target=run, args=(at,)) for at in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def held_elsewhere(url):
    """As if another request were rendering the page at url now."""
    cache.set(page_key_of(url) + LOCK_SUFFIX, "another request", 5)


def test_many_requests_of_a_stale_page_make_one_render_and_the_rest_get_the_previous_copy(slow):
    invalidate("slow")
    answers = in_threads(8, lambda: Client().get(SLOW))
    assert slow.renders == 2
    assert sorted(how for how, _, _ in answers) == ["miss", *["stale"] * 7]
    assert {body for how, body, _ in answers if how == "stale"} == {"render 1"}
    assert max(took for how, _, took in answers if how == "stale") < slow.seconds  # not made to wait
    assert Client().get(SLOW).content == b"render 2"


def test_a_copy_older_than_the_bound_is_not_served_stale_they_wait_for_the_new_one(slow, settings):
    settings.PAGE_CACHE_STALE_SECONDS = 1.5  # long enough for the 0.2 s render below on a busy machine
    time.sleep(1.55)  # "render 1" was made from data read longer ago than that
    invalidate("slow")
    slow.seconds = 0.2
    answers = in_threads(6, lambda: Client().get(SLOW))
    assert slow.renders == 2
    assert sorted(how for how, _, _ in answers) == ["hit", *["hit"] * 4, "miss"]
    assert {body for _, body, _ in answers} == {"render 2"}


def test_a_render_that_takes_too_long_is_not_waited_for_past_the_bound(slow, settings):
    settings.PAGE_CACHE_STALE_SECONDS = 0.2
    time.sleep(0.25)
    invalidate("slow")
    slow.seconds = 0.0
    held_elsewhere("http://testserver/test/slow/")  # and never finished
    began = time.monotonic()
    response = Client().get(SLOW)
    assert response[HEADER] == "miss" and response.content == b"render 2"
    assert 0.2 <= time.monotonic() - began < 1


def test_the_writer_is_never_served_a_copy_made_before_their_write(slow):
    invalidate("slow")
    rendering = threading.Thread(target=Client().get, args=(SLOW,))
    rendering.start()  # renders "render 2" from versions read before the write below
    lock = page_key_of("http://testserver/test/slow/") + LOCK_SUFFIX
    while cache.get(lock) is None:
        time.sleep(0.005)
    invalidate("slow")  # the write
    writer = Client()
    writer.cookies[WROTE_COOKIE] = f"{time.time():.3f}"
    others = Client().get(SLOW)
    assert others[HEADER] == "stale" and others.content == b"render 1"
    response = writer.get(SLOW)
    rendering.join()
    assert response.content == b"render 3" and slow.renders == 3


def test_a_forged_write_time_counts_as_now(slow, settings):
    writer = Client()
    writer.cookies[WROTE_COOKIE] = f"{time.time() + 3600:.3f}"
    slow.seconds = 0.0
    assert writer.get(SLOW)[HEADER] == "hit"  # a current copy is current whoever asks
    writer.cookies[WROTE_COOKIE] = "not a time"
    assert writer.get(SLOW)[HEADER] == "hit"


def test_the_answer_to_a_write_carries_its_time_and_the_writer_sees_it_at_once(client, make_member):
    book = make_book("The Far Shore", slug="the-far-shore")
    reviews.review_save(book=book, reviewer=make_member("ada"), rating=4, body="Calm.", is_spoiler=False)
    bea = make_member("bea")
    member = Client()
    member.force_login(bea)
    client.get(book.get_absolute_url())  # the page is in the cache
    assert WROTE_COOKIE not in member.get(book.get_absolute_url()).cookies  # reading is not writing
    before = time.time()
    answer = member.post(book.get_absolute_url() + "rate/", {"rating": "2"})
    assert answer.status_code == 302 and float(answer.cookies[WROTE_COOKIE].value) >= before
    held_elsewhere(f"http://testserver{book.get_absolute_url()}")  # a visitor's render, begun before the write
    assert client.get(book.get_absolute_url())[HEADER] == "stale"
    mine = member.get(book.get_absolute_url())
    assert mine[HEADER] == "miss" and "2 ratings" in mine.content.decode()


def test_a_stale_copy_never_skips_the_gate_of_a_page_that_went_private(client, make_member):
    owner = make_member("owner")
    club = clubs.club_create(owner=owner, name="Night readers")
    assert client.get(club.get_absolute_url()).status_code == 200
    assert client.get(club.get_absolute_url())[HEADER] == "hit"
    clubs.club_update(club=club, by=owner, visibility=Visibility.PRIVATE)
    held_elsewhere(f"http://testserver{club.get_absolute_url()}")
    assert client.get(club.get_absolute_url()).status_code == 404


def test_rendered_behind_nobody_waits_and_the_next_copy_follows(slow, settings):
    settings.PAGE_CACHE_RENDER_BEHIND = True
    invalidate("slow")
    answers = in_threads(8, lambda: Client().get(SLOW))
    assert [how for how, _, _ in answers] == ["stale"] * 8
    assert {body for _, body, _ in answers} == {"render 1"}
    assert max(took for _, _, took in answers) < slow.seconds  # the render runs behind the answers
    deadline = time.monotonic() + 5
    while Client().get(SLOW)[HEADER] != "hit" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert Client().get(SLOW).content == b"render 2" and slow.renders == 2
    invalidate("slow")  # a write: the writer renders the page in their request, not behind it
    writer = Client()
    writer.cookies[WROTE_COOKIE] = f"{time.time():.3f}"
    response = writer.get(SLOW)
    assert response[HEADER] == "miss" and response.content == b"render 3"
