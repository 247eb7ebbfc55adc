"""Shared pages: rendered once for everybody, served from the cache, right again after every write.

A shared page is rendered as an anonymous visitor sees it, with holes where each visitor's own state
goes (pagecache.holes, filled on the way out; a member's own rows come from pagecache.mine). It is
cached under its address (the query parameters the view declares, no others) together with the
versions of the tags it shows (`book:the-siege`, `thread:42`, and `site`, which every page has).
Which tags a row's pages carry is declared on its model (pagecache.tags); every write of the row
gives those tags new versions (invalidate), and the next view finds the stored versions out of date
and renders the page again from the database.

Listing pages (home, the catalogue, search results) carry one tag, `listings`, and the series and
author pages one each. They are kept right by precise tags too, not by a short time to live: every
write that changes what they show (a book's rating figures, a title, a cover, a new or hidden review)
bumps them. A hidden review must leave the home page at once, and a member who rates a book expects
to see the average move; the price is one render of a listing after such a write. What time alone
changes ("5 minutes ago") is bounded by PAGE_CACHE_SECONDS.

A view from the cache asks the cache once (the page and its tags' versions in one round trip) and
runs no SQL for the page itself.
"""

import contextvars
import copy
import hashlib
import uuid
import warnings
from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, QueryDict

from . import holes
from .errors import PageNotStored

SITE = "site"
HEADER = "X-Cache"
VERSION_PREFIX = "pagecache:version:"
PAGE_PREFIX = "pagecache:page:"
VISITOR_SUFFIX = ":visitor"
# Versions bumped by this process so far: what recall() fetched before a bump is not used after it.
_bumps = 0
# What remember() answered during this request ({key: (bumps, value)}): asked twice (a gate, then the
# page's tags), a value costs one round trip; a write since (a bump) makes it be asked again.
_request_memo = contextvars.ContextVar("pagecache_request_memo", default=None)


def request_memo():
    """Start remembering remember()'s answers for the rest of this request (pagecache.middleware)."""
    return _request_memo.set({})


def request_memo_end(token):
    _request_memo.reset(token)


def invalidate(*tags):
    """Give these tags new versions now, and again once the current transaction commits.

    Again, because a reader between the two could render the rows as they were before this write
    and file the page under the first new version.
    """
    keys = {_version_key(tag) for tag in tags if tag}
    if not keys:
        return

    def bump():
        global _bumps
        _bumps += 1
        cache.set_many(dict.fromkeys(keys, _new_version()), timeout=None)

    bump()
    transaction.on_commit(bump)


def invalidate_everything():
    invalidate(SITE)


def bumps():
    """How many times this process has given tags new versions: what was read before may be stale."""
    return _bumps


def _version_key(tag):
    # Percent-encoded: slugs and usernames may hold characters no cache key should.
    return VERSION_PREFIX + quote(tag, safe=":")


def _new_version():
    return uuid.uuid4().hex[:16]


def _current_versions(keys, found):
    versions = []
    for key in keys:
        if key not in found:
            # Never seen, or evicted: a fresh version, so that no page stored before can match it.
            version = _new_version()
            found[key] = version if cache.add(key, version, timeout=None) else cache.get(key, version)
        versions.append(found[key])
    return versions


def remember(key, tags, compute, recalled=None):
    """compute(), kept in the cache under key until one of tags gets a new version: one round trip,
    or none when recall() has already fetched it with others.

    Off, like the pages, where the cache is not shared (PAGE_CACHE_SECONDS=0), for then a write in
    one process could not reach the copies the others keep.
    """
    if settings.PAGE_CACHE_SECONDS <= 0:
        return compute()
    memo = _request_memo.get()
    if memo is not None and key in memo and memo[key][0] == _bumps:
        return memo[key][1]
    version_keys = [_version_key(tag) for tag in tags]
    if recalled is not None and key in recalled["asked"] and recalled["bumps"] == _bumps:
        found = recalled["found"]
    else:
        found = cache.get_many([*version_keys, key])
    versions = _current_versions(version_keys, found)
    stored = found.get(key)
    if stored is not None and stored[0] == versions:
        value = stored[1]
    else:
        # Versions read before compute(): a write during it leaves this copy out of date at once.
        value = compute()
        cache.set(key, (versions, value), settings.PAGE_CACHE_SECONDS)
    if memo is not None:
        memo[key] = (_bumps, value)
    return value


def recall(entries):
    """What remember() needs for several keys ({key: tags}), fetched in one round trip."""
    keys = [*entries, *{_version_key(tag) for tags in entries.values() for tag in tags}]
    return {"asked": set(keys), "found": cache.get_many(keys), "bumps": _bumps}


def _declared_query(request, params):
    """The request's query string with only the parameters the view declared, in their order."""
    query = QueryDict(mutable=True)
    for name in params:
        if name in request.GET:
            query.setlist(name, request.GET.getlist(name))
    return query


def _neutral(request, query):
    """The request as an anonymous visitor would make it, with only the query parameters the view
    declared: what a shared page is rendered from."""
    neutral = copy.copy(request)
    neutral.user = AnonymousUser()
    neutral.META = request.META.copy()  # so that a CSRF token used by the render shows here
    neutral._messages = []  # the visitor's messages go in a hole, not in the shared page
    neutral.GET = query
    neutral.META["QUERY_STRING"] = query.urlencode()
    return neutral


def _why_not_stored(neutral, response):
    if response.cookies:
        return "it sets a cookie"
    if neutral.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        # A page that printed a CSRF token belongs to one visitor: such forms go in holes.
        return 'it printed a CSRF token outside a {% hole "csrf" %}'
    return None


def _plain_visitor(request):
    """Not signed in and nothing to be told: every such visitor sees the very same page."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and CookieStorage.cookie_name not in request.COOKIES


def shared_page(tags, *, params=(), gate=None, gate_in_tags=False):
    """Serve the view's page from the cache to everybody, holes filled for each visitor.

    tags: a function of the view's keyword arguments returning the tags the page shows, so that the
    cache key is known before any query runs. params: the query parameters the page depends on
    ("page", "sort"); the view sees those and no others, and the cache key is made of them, so that
    ?utm_source=... is the same page. The view is called with an anonymous request: what it renders
    must not depend on who asks (that goes in holes). gate: a function of the request and the view's
    keyword arguments, called first on every request, hit or miss, with the visitor as they are: it
    raises Http404 (or returns a response to give instead) for those the page does not exist for, so
    that a private page is shared among those who may see it and never reaches anyone else.
    gate_in_tags: the gate's answer for a plain visitor depends only on rows the page's tags cover (a
    club's visibility, under its tag): then a current copy stored for plain visitors, which was
    rendered after the gate let one in, is served without asking the gate again.

    Two copies are kept: the shared page with its holes, for members, and the page as filled for a
    plain visitor (no session, no message), which is served as it is. A 200 that cannot be stored
    warns (PageNotStored), and the tests turn that warning into a failure.
    """
    params = tuple(params)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            visitor = _plain_visitor(request)
            asked = False
            if gate is not None and not (gate_in_tags and visitor):
                refused, asked = gate(request, **kwargs), True
                if refused is not None:
                    return refused
            query = _declared_query(request, params) if request.GET else QueryDict(mutable=True)
            if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
                if gate is not None and not asked:
                    refused = gate(request, **kwargs)
                    if refused is not None:
                        return refused
                return view(_neutral(request, query), *args, **kwargs)
            version_keys = [_version_key(tag) for tag in (SITE, *tags(**kwargs))]
            # The absolute address: pages print their host and scheme (canonical links, structured data).
            # With the holes' nonce: pages rendered under another SECRET_KEY have markers no one fills.
            address = f"{request.build_absolute_uri(request.path)}?{query.urlencode()}|{holes.nonce()}"
            page_key = PAGE_PREFIX + hashlib.sha256(address.encode()).hexdigest()
            wanted = page_key + VISITOR_SUFFIX if visitor else page_key
            found = cache.get_many([*version_keys, wanted])
            versions = _current_versions(version_keys, found)
            stored = found.get(wanted)
            if stored is not None and stored[0] == versions:
                response = HttpResponse(stored[1], headers=stored[2])
                response[HEADER] = "hit"
                return response
            if gate is not None and not asked:
                refused = gate(request, **kwargs)  # a visitor with no current copy: asked before rendering
                if refused is not None:
                    return refused
            # Versions read before the render: a write during it leaves this copy out of date at once.
            neutral = _neutral(request, query)
            response = view(neutral, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            why_not = _why_not_stored(neutral, response)
            if why_not:
                warnings.warn(f"{request.path} was not cached: {why_not}.", PageNotStored, stacklevel=2)
                return response
            headers = dict(response.items())
            copies = {page_key: (versions, response.content, headers)}
            if visitor:
                response.content = holes.fill(request, response.content.decode(response.charset))
                if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                    copies[page_key + VISITOR_SUFFIX] = (versions, response.content, headers)
            cache.set_many(copies, settings.PAGE_CACHE_SECONDS)
            response[HEADER] = "miss"
            return response

        wrapper.shared_page = {"tags": tags, "params": params, "gate": gate}
        return wrapper

    return decorator
