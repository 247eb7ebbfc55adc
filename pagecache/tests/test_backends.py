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


def test_an_unreachable_redis_is_a_cache_with_nothing_in_it_and_is_logged_once(caplog):
    cache = RedisCache("redis://127.0.0.1:1/13", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    with caplog.at_level("ERROR", logger="pagecache"):
        assert cache.get("page", "missing") == "missing"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set("a", 1) is None
        assert cache.add("lock", True) is True  # a lock someone waits on lets them through
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]  # Django's answer: the keys not set
        assert cache.delete("a") is False
        assert cache.has_key("a") is False
        with pytest.raises(ValueError):
            cache.incr("count")
        assert cache.ping() is False
    assert [record.message for record in caplog.records].count(caplog.records[0].message) == 1
    assert "Redis is unreachable" in caplog.records[0].message
