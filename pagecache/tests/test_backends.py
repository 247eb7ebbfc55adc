"""The Redis cache backend keeps one client per connection pool, and works as Django's does."""

import os

import pytest
import redis

from pagecache.backends import RedisCache

LOCATION = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(LOCATION).ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("no Redis on 127.0.0.1:6379: CI starts one (.ci/run)")
        pytest.skip("no Redis on 127.0.0.1:6379")
    cache = RedisCache(LOCATION, {"KEY_PREFIX": "pagecache-test"})
    yield cache
    cache.clear()


def test_one_client_serves_every_call(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache._cache.get_client("some key") is client


def test_it_stores_and_reads_as_django_s_backend_does(redis_cache):
    redis_cache.set_many({"page": ("v1", b"<html>"), "count": 3})
    assert redis_cache.get_many(["page", "count", "missing"]) == {"page": ("v1", b"<html>"), "count": 3}
    assert redis_cache.incr("count") == 4
    redis_cache.delete("page")
    assert redis_cache.get("page", "gone") == "gone"
