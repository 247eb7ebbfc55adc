"""Django's Redis cache backend, kept to one client a connection pool, and tolerant of Redis going away.

The cache only ever speeds things up: every page can be made from the database. So when Redis cannot
be reached, a read is a miss and a write is dropped, logged once for the outage rather than raised on
every request (rate limits then count nothing and refuse nobody); and for a few seconds after a
failure Redis is not even asked, so that pages do not each wait for a connection to time out. A
write the cache could not take must not leave an old value behind for when Redis returns (a session
that was logged out, a page's tag that was made stale), so the keys written or deleted during the
outage are deleted as soon as Redis answers again; past
UNWRITTEN_LIMIT of them, the whole cache database is cleared instead.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("pagecache")

RETRY_AFTER_SECONDS = 5.0
UNWRITTEN_LIMIT = 10_000


class RedisCacheClient(DjangoRedisCacheClient):
    """Django builds a new redis.Redis for every cache call, and redis-py's constructor sets up its
    table of reply parsers each time: on a page served from the cache that cost as much as asking
    Redis. A client is safe to share between threads (each command takes a connection from the pool),
    so each pool gets one and keeps it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class _Outage:
    """What this process knows of Redis being unreachable: since when, and what it could not write."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since = None
        self.retry_at = 0.0
        self.unwritten = set()
        self.too_many = False

    def skipping(self):
        return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, error, keys=()):
        with self.lock:
            if self.down_since is None:
                self.down_since = time.monotonic()
                logger.error("Redis is unreachable (%s): serving without the cache until it answers again.", error)
            self.retry_at = time.monotonic() + RETRY_AFTER_SECONDS
            if len(self.unwritten) + len(keys) > UNWRITTEN_LIMIT:
                self.too_many = True
            else:
                self.unwritten.update(keys)

    def recovered(self):
        """Redis answers again: what it may still hold from before, the caller deletes."""
        with self.lock:
            if self.down_since is None:
                return None
            pending, too_many = self.unwritten, self.too_many
            self.down_since, self.unwritten, self.too_many = None, set(), False
        logger.warning("Redis answers again: the cache is back.")
        return too_many, pending


# The methods that write: the keys they could not write are deleted once Redis answers again.
_WRITES = {"set", "add", "set_many", "delete", "delete_many", "touch"}


# One a process and a Redis server: Django makes a cache backend for each thread, and an outage is the
# process's (it is logged once, and what any thread could not write is cleaned up once).
_OUTAGES = {}
_OUTAGES_LOCK = threading.Lock()


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        with _OUTAGES_LOCK:
            self._outage = _OUTAGES.setdefault(str(server), _Outage())

    def _call(self, name, keys, default, *args):
        """Django's method name with args, or default (called, if it is a function) while Redis is away."""
        if self._outage.skipping():
            if name in _WRITES:
                self._outage.failed("still unreachable", keys)
            return default() if callable(default) else default
        try:
            result = getattr(DjangoRedisCache, name)(self, *args)
        except RedisError as error:
            self._outage.failed(error, keys if name in _WRITES else ())
            return default() if callable(default) else default
        if self._outage.down_since is not None:
            self._clean_up_after_outage()
        return result

    def _clean_up_after_outage(self):
        recovered = self._outage.recovered()
        if recovered is None:
            return
        too_many, keys = recovered
        try:
            if too_many:
                DjangoRedisCache.clear(self)
            elif keys:
                self._cache.delete_many(list(keys))  # made keys already
        except RedisError as error:  # gone again: the keys wait for the next recovery
            self._outage.failed(error, keys)

    def get(self, key, default=None, version=None):
        return self._call("get", (), default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", (), dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", (), False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", [self.make_and_validate_key(key, version=version)], None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """As Django's; while Redis is away it answers True, so that a lock taken with add() (allauth's
        rate limits take one) lets the request through instead of refusing every log-in."""
        made = [self.make_and_validate_key(key, version=version)]
        return self._call("add", made, True, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        made = [self.make_and_validate_key(key, version=version) for key in data]
        # Django's answer is the keys it could not set: all of them, while Redis is away.
        return self._call("set_many", made, lambda: list(data), data, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", [self.make_and_validate_key(key, version=version)], False, key, version)

    def delete_many(self, keys, version=None):
        made = [self.make_and_validate_key(key, version=version) for key in keys]
        return self._call("delete_many", made, None, keys, version)

    def touch(self, key, timeout=None, version=None):
        return self._call("touch", [self.make_and_validate_key(key, version=version)], False, key, timeout, version)

    def incr(self, key, delta=1, version=None):
        """As Django's, but while Redis is away it raises ValueError, as for a missing key: callers
        that count (rate limits) handle that already."""
        if self._outage.skipping():
            raise ValueError("the cache is unreachable")
        try:
            result = super().incr(key, delta, version)
        except RedisError as error:
            self._outage.failed(error, [self.make_and_validate_key(key, version=version)])
            raise ValueError("the cache is unreachable") from error
        if self._outage.down_since is not None:
            self._clean_up_after_outage()
        return result

    def clear(self):
        return self._call("clear", (), None)

    def ping(self):
        """Whether Redis answers now (for /health/)."""
        try:
            self._cache.get_client().ping()
        except RedisError as error:
            self._outage.failed(error)
            return False
        self._clean_up_after_outage()
        return True
