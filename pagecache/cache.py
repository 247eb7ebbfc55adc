"""Whole pages for anonymous readers, from the cache, and right again after every write.

A cached page is filed under its address and the current *versions* of the tags it shows
(`book:the-siege`, `thread:42`, and `site`, which every page has). A write that changes what pages
show gives their tags new versions (`invalidate`), so the next view misses and renders from the
database; the old entries are never looked up again and expire on their own.

Only requests without a session or messages cookie are served from the cache: they are anonymous and
have nothing personal (a flash message, a form in progress) to show, and a hit runs no SQL at all.
"""

import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

SITE = "site"
HEADER = "X-Cache"
VERSION_PREFIX = "pagecache:version:"
PAGE_PREFIX = "pagecache:page:"


def invalidate(*tags):
    """Give these tags new versions now, and again once the current transaction commits.

    Again, because a reader between the two could render the rows as they were before this write
    and file the page under the first new version.
    """
    keys = {VERSION_PREFIX + tag for tag in tags if tag}
    if not keys:
        return

    def bump():
        cache.set_many(dict.fromkeys(keys, _new_version()), timeout=None)

    bump()
    transaction.on_commit(bump)


def invalidate_everything():
    invalidate(SITE)


def _new_version():
    return uuid.uuid4().hex[:16]


def _versions(tags):
    keys = [VERSION_PREFIX + tag for tag in tags]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # Never seen, or evicted: a fresh version, so that no page filed before can match it.
            version = _new_version()
            found[key] = version if cache.add(key, version, timeout=None) else cache.get(key, version)
    return [found[key] for key in keys]


def _page_key(request, tags):
    # The absolute address: pages print their host and scheme (canonical links, structured data).
    address = request.build_absolute_uri()
    versions = ":".join(_versions([SITE, *tags]))
    return PAGE_PREFIX + hashlib.sha256(f"{address}|{versions}".encode()).hexdigest()


def may_serve_from_cache(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _may_store(request, response):
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page that printed a CSRF token is this visitor's alone.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.user.is_authenticated
    )


def cached_for_anonymous(tags):
    """Serve the view's page from the cache to anonymous visitors.

    tags: a function of the view's keyword arguments returning the tags the page shows, so that
    the cache key is known before any query runs.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not may_serve_from_cache(request):
                return view(request, *args, **kwargs)
            key = _page_key(request, tags(**kwargs))
            stored = cache.get(key)
            if stored is not None:
                content, headers = stored
                response = HttpResponse(content, headers=headers)
                response[HEADER] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if _may_store(request, response):
                cache.set(key, (response.content, dict(response.items())), settings.PAGE_CACHE_SECONDS)
                response[HEADER] = "miss"
            return response

        return wrapper

    return decorator
