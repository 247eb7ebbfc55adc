"""Fixtures shared by every app's tests."""

from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parent
SEED_FIXTURE = BASE_DIR / "fixtures" / "seed.json"


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory, django_test_environment):
    """Collect static files once, as in production: hashed, compressed names served by whitenoise."""
    from django.conf import settings

    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits (allauth's, posting's) count in the cache: every test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def pages_rendered_in_the_request(settings):
    # A background thread has a connection of its own, which cannot see a test's uncommitted rows.
    settings.PAGE_CACHE_RENDER_BEHIND = False


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seed(db):
    """The committed seed fixture, loaded."""
    call_command("loaddata", str(SEED_FIXTURE), verbosity=0)


@pytest.fixture
def make_member(db):
    """A member who has confirmed their e-mail address, as allauth leaves them."""
    from allauth.account.models import EmailAddress

    from accounts.models import User

    def make(username="reader", verified=True, **fields):
        user = User.objects.create_user(username, f"{username}@example.com", "a long passphrase", **fields)
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"primary": True, "verified": verified}
        )
        return user

    return make


@pytest.fixture
def assert_page_queries():
    """Like django_assert_num_queries, leaving out the session's own queries: in production the
    session comes from Redis (cached_db) and costs none, in development one. Pins what the page asks."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    @contextmanager
    def check(expected, *, at_most=False):
        with CaptureQueriesContext(connection) as captured:
            yield captured
        page = [query["sql"] for query in captured if '"django_session"' not in query["sql"]]
        if (len(page) > expected) if at_most else (len(page) != expected):
            listed = "\n\n".join(page)
            bound = f"at most {expected}" if at_most else str(expected)
            pytest.fail(f"Expected {bound} queries, {len(page)} were done:\n\n{listed}")

    return check


# --- Every page's HTML is checked once a test session --------------------------------------------

GENERIC = {"span", "div", "p", "b", "i", "em", "strong", "small", "code", "pre", "section"}
_checked_pages = set()


def html_problems(html):
    """Parse errors (an HTML5 parser in strict mode: a list inside a paragraph, a stray end tag) and
    ARIA misuse (a name on an element whose role cannot have one) in a page."""
    import html5lib

    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        tree = parser.parse(html)
    except html5lib.html5parser.ParseError as error:
        line, column = parser.errors[-1][0] if parser.errors else (0, 0)
        lines = html.splitlines()
        context = lines[line - 1][max(0, column - 80) : column + 40] if 0 < line <= len(lines) else ""
        return [f"line {line}: {error}: …{context}…"]
    problems = []
    for element in tree.iter():
        if element.get("aria-label") and element.tag in GENERIC and not element.get("role"):
            problems.append(
                f"aria-label on a plain <{element.tag}> (its role allows no name): {element.get('aria-label')!r}"
            )
    return problems


@pytest.fixture(autouse=True)
def pages_are_valid_html(monkeypatch):
    """Each kind of page the tests fetch (by URL name and status) is parsed once, and must be valid."""
    from django.test import Client
    from django.urls import Resolver404, resolve

    request = Client.request

    def checked(self, **kwargs):
        response = request(self, **kwargs)
        if (
            response.streaming
            or not response.content
            or response.status_code not in (200, 400, 403, 404)
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        path = kwargs.get("PATH_INFO", "")
        try:
            name = resolve(path).view_name
        except Resolver404:
            name = "404"
        if name.startswith("admin:") or (name, response.status_code) in _checked_pages:
            return response  # the admin's pages are Django's own
        if not response.content.lstrip().lower().startswith(b"<!doctype html>"):
            return response  # a fragment some test serves, not a page
        _checked_pages.add((name, response.status_code))
        problems = html_problems(response.content.decode())
        assert problems == [], f"{path} is not valid HTML: {problems}"
        return response

    monkeypatch.setattr(Client, "request", checked)


@pytest.fixture
def moderators_group(db):
    """The Moderators group with its permissions, as its data migration makes it: made again here for
    tests that run after a transactional test emptied the tables."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    importlib.import_module("moderation.migrations.0002_moderators_group").create_moderators(apps, None)
    importlib.import_module("moderation.migrations.0005_moderators_see_clubs").add_club_permissions(apps, None)
    return Group.objects.get(name="Moderators")


@pytest.fixture
def librarian(make_member):
    """A member of the Librarians group (made again here, as its data migration makes it, for tests that
    run after a transactional test emptied the tables)."""
    import importlib

    from django.apps import apps

    importlib.import_module("catalogue.migrations.0002_librarians_group").create_librarians(apps, None)
    from django.contrib.auth.models import Group

    member = make_member("libby", display_name="Libby")
    member.groups.add(Group.objects.get(name="Librarians"))
    return member
