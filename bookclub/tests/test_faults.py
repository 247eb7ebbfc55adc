"""The site when PostgreSQL or Redis goes away: served by gunicorn in production settings, in a process
of its own, through a TCP proxy the test takes down and brings back.

The Redis test runs on SQLite (the suite's first pass), the PostgreSQL one where the suite runs on
PostgreSQL, so that each runs once in CI.
"""

import os
import shutil
import tempfile

import pytest
import redis
from django.db import connection

from .faults import Proxy, Site, signed_in_opener

pytestmark = pytest.mark.django_db(transaction=True)


def redis_or_skip():
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("no Redis on 127.0.0.1:6379: CI starts one")
        pytest.skip("no Redis on 127.0.0.1:6379")


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="runs once, in the SQLite pass")
def test_pages_keep_coming_while_redis_is_away_and_nothing_stale_survives_it():
    redis_or_skip()
    redis.Redis(db=6).flushdb()
    proxy = Proxy(6379)
    database = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)  # noqa: SIM115
    site = Site(
        DATABASE_URL=f"sqlite:///{database.name}",
        REDIS_URL=f"redis://127.0.0.1:{proxy.port}/6",
        PAGE_CACHE_SECONDS="60",
    )
    try:
        assert site.manage("collectstatic", "--noinput").returncode == 0
        assert site.manage("migrate", "--noinput").returncode == 0
        assert site.manage("loaddata", "fixtures/seed.json").returncode == 0
        assert site.manage("shell", "-c", CREATE_MEMBER).returncode == 0
        with site:
            for _ in range(2):
                assert site.get("/books/the-betrayal/")[0] == 200
            status, body, _ = site.get("/health/")
            assert (status, body) == (200, "database: ok\ncache: ok\n")

            proxy.down()
            for path in ("/", "/books/the-betrayal/", "/series/the-siege/", "/people/emma@goodreads/") * 3:
                status, body, seconds = site.get(path)
                assert status == 200 and seconds < 5, (path, status, seconds)
            status, body, _ = site.get("/health/")
            assert (status, body) == (200, "database: ok\ncache: down\n")  # degraded, not down
            member = signed_in_opener(site, "reader", "a long passphrase")  # sessions in the database
            assert "Reader Name" in member.open(site.url("/books/the-betrayal/")).read().decode()
            # A review written now makes the book's cached page stale, which Redis cannot be told yet.
            status = post_form(site, member, "/books/the-betrayal/review/", {"rating": "5", "body": WHILE_AWAY})
            assert status == 200  # the redirect, followed: saved once, no 500
            assert site.output().count("Redis is unreachable") == 1  # logged once for the outage, not per request

            proxy.up()
            status, body, _ = site.get("/health/")
            assert (status, body) == (200, "database: ok\ncache: ok\n")
            assert "Redis answers again" in site.output()
            assert WHILE_AWAY in site.get("/books/the-betrayal/")[1]  # not the copy cached before the outage
            assert "Reader Name" in member.open(site.url("/books/the-betrayal/")).read().decode()
        # Management commands need no cache either.
        closed = Site(DATABASE_URL=f"sqlite:///{database.name}", REDIS_URL="redis://127.0.0.1:1/6")
        assert closed.manage("loaddata", "fixtures/seed.json").returncode == 0
        assert closed.manage("migrate", "--noinput").returncode == 0
    finally:
        proxy.close()
        os.unlink(database.name)
        shutil.rmtree(site.static_root)


WHILE_AWAY = "Written while Redis was away."


def post_form(site, opener, path, fields):
    """POST fields to the form at path, as a browser would (its CSRF token first)."""
    import re
    import urllib.request
    from urllib.parse import urlencode

    page = opener.open(site.url(path), timeout=20).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
    request = urllib.request.Request(site.url(path), data=data, headers={"Referer": site.url(path)})
    with opener.open(request, timeout=20) as response:
        return response.status


CREATE_MEMBER = (
    "from allauth.account.models import EmailAddress; from accounts.models import User; "
    "u = User.objects.create_user('reader', 'reader@example.com', 'a long passphrase', display_name='Reader Name'); "
    "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)"
)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_database_that_goes_away_gives_a_friendly_503_and_the_site_recovers_by_itself():
    settings_dict = connection.settings_dict
    proxy = Proxy(int(settings_dict["PORT"] or 5432))
    site = Site(
        DATABASE_URL=f"postgres://{settings_dict['USER']}@127.0.0.1:{proxy.port}/{settings_dict['NAME']}",
        CONN_MAX_AGE="60",
        DATABASE_CONNECT_TIMEOUT="2",
    )
    try:
        assert site.manage("collectstatic", "--noinput").returncode == 0
        with site:
            assert site.get("/")[0] == 200
            assert site.get("/health/")[:2] == (200, "database: ok\ncache: ok\n")

            proxy.down()
            status, body, seconds = site.get("/")
            assert status == 503 and "Back in a moment" in body and "Traceback" not in body and seconds < 5
            assert site.get("/health/")[:2] == (503, "database: down\ncache: ok\n")

            proxy.hang()  # accepts, never answers: the connect timeout ends the wait
            status, body, seconds = site.get("/books/")
            assert status == 503 and seconds < 10, seconds

            proxy.up()
            assert site.get("/")[0] == 200  # by itself: no restart
            assert site.get("/health/")[:2] == (200, "database: ok\ncache: ok\n")
    finally:
        proxy.close()
        shutil.rmtree(site.static_root)
