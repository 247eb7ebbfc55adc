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
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
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
