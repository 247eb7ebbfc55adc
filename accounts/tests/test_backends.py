"""The signed-in member comes from the cache, and every change to them counts at once."""

import re

import pytest
from django.contrib.auth import SESSION_KEY, get_user
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from books.tests.factories import make_book

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(make_member):
    member = make_member("reader", display_name="Reader One")
    client = Client()
    client.force_login(member)
    return member, client


def test_a_signed_in_page_from_the_cache_runs_no_query_for_the_member(member_client):
    _, client = member_client
    client.get(reverse("home"))  # the page and the member, cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response["X-Cache"] == "hit"
    # At most the session's row (sessions live in the database unless Redis keeps them).
    assert [query["sql"] for query in queries if "django_session" not in query["sql"]] == []
    assert "Reader One" in response.content.decode()


def test_a_new_name_shows_at_once(member_client):
    member, client = member_client
    client.get(reverse("home"))
    member.display_name = "Reader Renamed"
    member.save()
    assert "Reader Renamed" in client.get(reverse("home")).content.decode()


def test_a_new_password_signs_out_the_other_sessions(member_client):
    member, client = member_client
    assert get_user(client_request(client)).is_authenticated  # cached now
    member.set_password("another long passphrase")
    member.save()
    assert not get_user(client_request(client)).is_authenticated


def test_deactivated_and_deleted_members_are_signed_out_at_once(member_client, make_member):
    member, client = member_client
    assert get_user(client_request(client)) == member
    member.is_active = False
    member.save()
    assert not get_user(client_request(client)).is_authenticated

    other = make_member("other")
    client.force_login(other)
    assert get_user(client_request(client)) == other
    other.delete()
    assert not get_user(client_request(client)).is_authenticated


def test_a_suspension_counts_on_the_next_request(member_client):
    member, client = member_client
    assert not get_user(client_request(client)).is_suspended
    member.suspended_at = timezone.now()
    member.save(update_fields=["suspended_at"])
    assert get_user(client_request(client)).is_suspended


def test_without_a_shared_cache_the_member_is_read_from_the_database(member_client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    member, client = member_client
    get_user(client_request(client))
    User.objects.filter(pk=member.pk).update(display_name="Changed Behind The Cache")
    assert get_user(client_request(client)).display_name == "Changed Behind The Cache"


def client_request(client):
    """A request carrying the client's session, as the middleware would build it."""
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.session = client.session
    return request


def test_log_out_from_a_cached_page_with_the_token_it_carries(make_member):
    member = make_member("leaving")
    book = make_book("The Far Shore", slug="the-far-shore")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    strict.get(book.get_absolute_url())
    html = strict.get(book.get_absolute_url()).content.decode()  # from the cache
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) == 1  # the log-out form and the page's forms share one token, masked once
    response = strict.post(reverse("account_logout"), {"csrfmiddlewaretoken": tokens.pop()})
    assert response.status_code == 302
    assert SESSION_KEY not in strict.session
