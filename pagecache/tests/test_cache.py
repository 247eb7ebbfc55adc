"""Shared pages: what is cached, for whom, and what each visitor's holes show."""

import warnings

import pytest
from django.core.cache import cache
from django.core.checks import run_checks
from django.db import models
from django.test import Client
from django.urls import reverse

from books.tests.factories import make_book
from pagecache.cache import HEADER, _version_key, invalidate, recall, remember
from pagecache.errors import PageNotStored
from pagecache.tags import tag
from reviews import services as reviews
from reviews.models import Review, ReviewLike

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(make_member):
    book = make_book("The Far Shore", slug="the-far-shore")
    reviews.review_save(book=book, reviewer=make_member("ada"), rating=4, body="Calm and deep.", is_spoiler=False)
    return book


def signed_in(user):
    member = Client()
    member.force_login(user)
    return member


def test_a_visitor_from_the_cache_runs_no_sql(client, book, django_assert_num_queries):
    assert client.get(book.get_absolute_url())[HEADER] == "miss"
    with django_assert_num_queries(0):
        response = client.get(book.get_absolute_url())
    assert response[HEADER] == "hit"
    assert "Calm and deep." in response.content.decode()


def test_members_share_the_page_and_get_their_own_part(client, book, make_member):
    bea = make_member("bea", display_name="Bea Reader")
    ReviewLike.objects.create(review=Review.objects.get(), user=bea)
    client.get(book.get_absolute_url())
    bea_page = signed_in(bea).get(book.get_absolute_url())
    assert bea_page[HEADER] == "hit"
    html = bea_page.content.decode()
    assert "Bea Reader" in html and "Log out" in html and "Log in" not in html
    assert 'aria-pressed="true">Liked' in html and "Report<span" in html
    assert 'name="csrfmiddlewaretoken"' in html
    ada_html = signed_in(Review.objects.get().reviewer).get(book.get_absolute_url()).content.decode()
    assert "like-button" not in ada_html and "Report<span" not in ada_html  # her own review
    assert "You rated it" in ada_html and "Calm and deep." in ada_html
    visitor_html = client.get(book.get_absolute_url()).content.decode()
    assert (
        "Bea Reader" not in visitor_html
        and "like-button" not in visitor_html
        and "csrfmiddlewaretoken" not in visitor_html
    )
    assert "Log in</a> to shelve this book." in visitor_html


def test_no_marker_reaches_the_browser(client, book, make_member):
    for viewer in (client, signed_in(make_member("bea"))):
        html = viewer.get(book.get_absolute_url()).content.decode()
        assert "<!--hole:" not in html and "<!--choice:" not in html and "<!--option:" not in html


def test_flash_messages_show_once_on_a_cached_page(client, book, make_member):
    client.get(book.get_absolute_url())
    bea = signed_in(make_member("bea"))
    response = bea.post(reverse("shelves:shelve", args=[book.slug]), {"shelf": "read"}, follow=True)
    assert "The Far Shore is on your read shelf." in response.content.decode()
    assert "The Far Shore is on your read shelf." not in bea.get(book.get_absolute_url()).content.decode()


def test_what_is_not_cached(client, book, settings):
    assert HEADER not in client.get("/books/no-such-book/")
    assert client.get("/books/no-such-book/").status_code == 404
    assert HEADER not in client.post(book.get_absolute_url())
    settings.PAGE_CACHE_SECONDS = 0
    assert HEADER not in client.get(book.get_absolute_url())


def test_each_address_and_host_is_its_own_page(client, book):
    client.get(book.get_absolute_url())
    assert client.get(book.get_absolute_url(), {"sort": "oldest"})[HEADER] == "miss"
    other_host = client.get(book.get_absolute_url(), HTTP_HOST="127.0.0.1")
    assert other_host[HEADER] == "miss" and "http://127.0.0.1/books/the-far-shore/" in other_host.content.decode()


def test_an_evicted_version_never_brings_back_an_old_page(client, book):
    client.get(book.get_absolute_url())
    Book = type(book)
    # Django's own update(), which bumps nothing: as if the bump were lost, and the version evicted.
    models.QuerySet.update(Book.objects.filter(pk=book.pk), title="Renamed")
    cache.delete(_version_key(tag("book", book.slug)))
    response = client.get(book.get_absolute_url())
    assert response[HEADER] == "miss" and "Renamed" in response.content.decode()


@pytest.mark.urls("pagecache.tests.urls")
def test_a_shared_part_that_prints_a_csrf_token_is_never_stored_and_says_so(client):
    for _ in range(2):
        with pytest.warns(PageNotStored, match="printed a CSRF token outside"):
            assert HEADER not in client.get("/test/form/")


def test_the_suite_turns_a_page_not_stored_into_a_failure():
    # pyproject.toml's filter must load (it once failed silently to import pagecache before Django started).
    with pytest.raises(PageNotStored):
        warnings.warn("probe", PageNotStored, stacklevel=1)


def test_production_warns_about_a_page_cache_in_local_memory(settings):
    settings.DEBUG, settings.PAGE_CACHE_SECONDS = False, 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "pagecache.W001" in [message.id for message in run_checks()]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    assert "pagecache.W001" not in [message.id for message in run_checks()]


def test_plain_visitors_get_one_finished_copy_and_others_their_own(client, book, make_member):
    first = client.get("/")
    again = client.get("/")
    assert again[HEADER] == "hit" and again.content == first.content
    member = signed_in(make_member("bea"))
    member.get("/")
    response = member.post(reverse("account_logout"), follow=True)  # back home, with a message
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/" and "You have logged out." in html and "Log in" in html
    assert "You have logged out." not in client.get("/").content.decode()


def test_remembered_values_last_until_their_tags_change(settings):
    settings.PAGE_CACHE_SECONDS = 60
    source = {"value": 1}
    assert remember("test:key", ["test:tag"], lambda: source["value"]) == 1
    source["value"] = 2
    assert remember("test:key", ["test:tag"], lambda: source["value"]) == 1  # kept
    invalidate("test:tag")
    assert remember("test:key", ["test:tag"], lambda: source["value"]) == 2


def test_what_recall_fetched_is_not_used_after_a_write(settings):
    settings.PAGE_CACHE_SECONDS = 60
    source = {"value": 1}
    remember("test:key", ["test:tag"], lambda: source["value"])
    recalled = recall({"test:key": ["test:tag"]})
    cache.delete("test:key")  # were it asked again, it would be computed: it is not asked
    assert remember("test:key", ["test:tag"], lambda: "computed", recalled) == 1
    source["value"] = 2
    invalidate("test:tag")  # a write in the same request, after the recall
    assert remember("test:key", ["test:tag"], lambda: source["value"], recalled) == 2


def test_invalidate_pages_makes_every_page_stale(client, book):
    from django.core.management import call_command

    client.get(book.get_absolute_url())
    assert client.get(book.get_absolute_url())[HEADER] == "hit"
    call_command("invalidate_pages", verbosity=0)
    assert client.get(book.get_absolute_url())[HEADER] == "miss"
