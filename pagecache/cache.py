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

After a write, who sees what (PAGE_CACHE_STALE_SECONDS, 2 s by default):
- The member who wrote sees it on their next page at once. The answer to their write carries the time
  of it (WROTE_COOKIE), and no copy made from data read before that time is served to them.
- Everybody else sees it within 2 s. A stale page is rendered again by one request at a time (a lock
  in the cache, held RENDER_LOCK_SECONDS at most). If the previous copy was made from data read less
  than 2 s before, it is served meanwhile: the request that took the lock answers with it too and
  renders the new copy in a background thread (PAGE_CACHE_RENDER_BEHIND), so no reader waits for a
  render. An older copy is not served: they wait for the new one (rendering it themselves if that
  takes longer than 2 s). So a busy page costs one render per write, not one per request in flight,
  and no visitor sees it more than 2 s behind.
- A page that only some may see is never served stale without asking its gate: a club gone private
  is gone at once.
"""

import contextvars
import copy
import hashlib
import logging
import threading
import time
import uuid
import warnings
from concurrent.futures import ThreadPoolExecutor
from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import close_old_connections, transaction
from django.http import HttpResponse, QueryDict

from . import holes
from .errors import PageNotStored

logger = logging.getLogger(__name__)
SITE = "site"
HEADER = "X-Cache"
VERSION_PREFIX = "pagecache:version:"
PAGE_PREFIX = "pagecache:page:"
VISITOR_SUFFIX = ":visitor"
LOCK_SUFFIX = ":rendering"
# Who renders a stale page holds its lock this long at most (a render that dies lets the next one in).
RENDER_LOCK_SECONDS = 5
# How often those waiting for another's render look for the new copy.
RENDER_POLL_SECONDS = 0.01
# Set on the answer to a write (pagecache.middleware): the time of the visitor's last write, so that the
# pages they see next are fresher than it.
WROTE_COOKIE = "wrote"
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


def page_key_of(url, query=""):
    """The cache key of the page at this absolute address with this (declared) query string.

    The absolute address: pages print their host and scheme (canonical links, structured data). With
    the holes' nonce: pages rendered under another SECRET_KEY have markers no one fills.
    """
    return PAGE_PREFIX + hashlib.sha256(f"{url}?{query}|{holes.nonce()}".encode()).hexdigest()


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


_executor = None
_executor_lock = threading.Lock()


def _background():
    """One thread per process that renders stale pages behind the requests that found them."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pagecache-render")
        return _executor


def wrote_at(request):
    """When this visitor last wrote (WROTE_COOKIE), if within the stale bound: pages they see must be
    at least that fresh. Never later than now, so that a forged cookie cannot make every view render."""
    try:
        value = float(request.COOKIES.get(WROTE_COOKIE, ""))
    except ValueError:
        return None
    now = time.time()
    return min(value, now) if value > now - settings.PAGE_CACHE_STALE_SECONDS else None


class _Page:
    """One shared page at one address: its copies in the cache, and the one render at a time that
    replaces them when they are out of date (the module's docstring: who sees what after a write)."""

    def __init__(self, request, version_keys, page_key, visitor, render, query):
        self.request, self.version_keys, self.page_key, self.visitor = request, version_keys, page_key, visitor
        self.render, self.query = render, query
        self.wanted = page_key + VISITOR_SUFFIX if visitor else page_key
        self.lock = page_key + LOCK_SUFFIX
        # A copy read from the database after this may be served while a fresher one is being made.
        wrote = wrote_at(request)
        self.fresh_after = wrote if wrote is not None else time.time() - settings.PAGE_CACHE_STALE_SECONDS

    def from_cache(self, gated=True):
        """A current copy, or a recent one while someone else renders the next: one round trip.

        A plain visitor takes the copy made for plain visitors, or else the members' copy with its holes
        filled here (then kept for the next plain visitor). Unless the page's gate has let this visitor
        in (gated), only a current copy made for plain visitors will do: the members' copy was let
        through by another's gate, and a stale one may be of a club gone private since.
        """
        self.read_at = time.time()
        found = cache.get_many([*self.version_keys, self.wanted, self.lock])
        self.versions = _current_versions(self.version_keys, found)
        self.gated, self.rendering = gated, self.lock in found
        served = self._serve(self.wanted, found.get(self.wanted))
        if served is None and self.visitor and gated:
            served = self._serve(self.page_key, cache.get(self.page_key))
        return served

    def _serve(self, key, stored):
        if stored is None:
            return None
        if stored[0] == self.versions:
            return self._response(key, stored, "hit")
        if not self.gated or stored[3] < self.fresh_after:
            return None
        # A recent copy out of date: served while one request renders the next, this one if nobody is.
        if self.rendering:
            return self._response(key, stored, "stale")
        if settings.PAGE_CACHE_RENDER_BEHIND and self._render_behind():
            return self._response(key, stored, "stale")
        return None

    def _render_behind(self):
        """Take the page's lock and render it in this process's background thread, so that no reader waits
        for it: False if another request has just taken the lock."""
        token = uuid.uuid4().hex
        if not cache.add(self.lock, token, RENDER_LOCK_SECONDS):
            return False
        self.rendering = True

        def render():
            try:
                self._render()
            except Exception:
                logger.exception("Rendering %s again failed", self.request.path)
            finally:
                self._unlock(token)
                close_old_connections()  # this thread's own connection, as a request's end would

        _background().submit(render)
        return True

    def _unlock(self, token):
        if cache.get(self.lock) == token:
            cache.delete(self.lock)

    def _response(self, key, stored, how):
        response = HttpResponse(stored[1], headers=stored[2])
        if key != self.wanted:
            self._fill_for_visitor(response, stored)
        response[HEADER] = how
        return response

    def _fill_for_visitor(self, response, stored):
        """The members' copy filled for a plain visitor, and kept as the plain visitors' copy."""
        request = self.request
        response.content = holes.fill(request, response.content.decode(response.charset))
        if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            versions, _, headers, read_at = stored
            cache.set(self.wanted, (versions, response.content, headers, read_at), settings.PAGE_CACHE_SECONDS)

    def render_once(self):
        """Render the page if nobody else is rendering it; else wait for their copy (or serve a recent
        one), and render it here only when they take longer than the stale bound."""
        deadline = time.monotonic() + settings.PAGE_CACHE_STALE_SECONDS
        while True:
            token = uuid.uuid4().hex
            if cache.add(self.lock, token, RENDER_LOCK_SECONDS):
                try:
                    if time.time() - self.read_at > RENDER_POLL_SECONDS:
                        # Waited: the versions are read again, so that the copy is filed as fresh as it is.
                        served = self.from_cache()
                        if served is not None and served[HEADER] == "hit":
                            return served
                    return self._render()
                finally:
                    self._unlock(token)
            if time.monotonic() > deadline:
                return self._render()  # the other render is stuck or slow: not waiting longer
            time.sleep(RENDER_POLL_SECONDS)
            served = self.from_cache()
            if served is not None:
                return served

    def _render(self):
        request = self.request
        # Versions read before the render: a write during it leaves this copy out of date at once.
        versions, read_at = self.versions, self.read_at
        neutral = _neutral(request, self.query)
        response = self.render(neutral)
        if response.status_code != 200 or response.streaming:
            return response
        why_not = _why_not_stored(neutral, response)
        if why_not:
            warnings.warn(f"{request.path} was not cached: {why_not}.", PageNotStored, stacklevel=3)
            return response
        stored = (versions, response.content, dict(response.items()), read_at)
        cache.set(self.page_key, stored, settings.PAGE_CACHE_SECONDS)
        if self.visitor:
            self._fill_for_visitor(response, stored)
        response[HEADER] = "miss"
        return response


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
            page_key = page_key_of(request.build_absolute_uri(request.path), query.urlencode())
            page = _Page(
                request, version_keys, page_key, visitor, lambda neutral: view(neutral, *args, **kwargs), query
            )
            served = page.from_cache(gated=gate is None or asked)
            if served is not None:
                return served
            if gate is not None and not asked:
                refused = gate(request, **kwargs)  # a visitor with no current copy: asked before rendering
                if refused is not None:
                    return refused
            return page.render_once()

        wrapper.shared_page = {"tags": tags, "params": params, "gate": gate}
        return wrapper

    return decorator
