"""Cards: each row of a list rendered once, kept under what it shows, reassembled when its page is made again.

A shared page made stale by a write (a new rating) is rendered again, but most of it is as it was: the
thirty reviews on the page, the twenty posts of a thread. So each is rendered as a card:

    {% cards reviews as review %}{% include "reviews/_review.html" %}{% endcards %}

and kept in the cache under its fingerprint: the row's values as the page's query loaded them, and
those of the related rows and prefetched lists it carries, the page's address, the card's place in its
template and the site's version. A card is used again only where all of those are the same, so no
write needs to know about cards: a changed row, a new like or comment under a review (a prefetched
list), a renamed member (the site's version) each give the card another fingerprint. What a card
shows must come from its row and the page's address, never from another variable of the page (name
such variables after `key`: `{% cards reviews as review key on_own_page %}`).

All the cards of a list cost one round trip to the cache, and rendering only the ones not found.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import models

from . import holes
from .cache import SITE, _current_versions, _version_key

CARD_PREFIX = "pagecache:card:"


def fingerprint(value):
    """A stable text of everything a value holds: a row's loaded fields, the rows it holds (select_related,
    prefetch_related, to_attr lists); the same text for the same data whichever process reads it."""
    parts = []
    _describe(value, parts, set())
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _describe(value, parts, seen):
    if isinstance(value, models.Model):
        marker = (type(value), value.pk)
        if marker in seen:  # a row met again further down (a review's book's reviews)
            parts.append(f"again:{value._meta.label}:{value.pk}")
            return
        seen = seen | {marker}
        parts.append(f"row:{value._meta.label}")
        for name, field_value in sorted(value.__dict__.items()):
            if name == "_state":
                continue
            if name == "_prefetched_objects_cache":
                for relation, rows in sorted(field_value.items()):
                    parts.append(f"prefetched:{relation}")
                    _describe(list(rows), parts, seen)
                continue
            parts.append(name)
            _describe(field_value, parts, seen)
        for relation, related in sorted(value._state.fields_cache.items()):
            parts.append(f"related:{relation}")
            _describe(related, parts, seen)
    elif isinstance(value, models.QuerySet):
        # Never evaluated here (that would be a query per card): its rows when it has them.
        _describe(value._result_cache, parts, seen)
    elif isinstance(value, (list, tuple)):
        parts.append(f"list:{len(value)}")
        for item in value:
            _describe(item, parts, seen)
    else:
        parts.append(f"{type(value).__name__}:{value!r}")


def render(rows, render_one, place, address, keys=()):
    """Each row's card: from the cache where its fingerprint is the same, else render_one(row).

    place: where the cards are made (a template and position); address: the page's; keys: other values
    the cards show.
    """
    rows = list(rows)
    if settings.PAGE_CACHE_SECONDS <= 0 or not rows:
        return [render_one(row) for row in rows]
    common = fingerprint([place, address, holes.nonce(), *keys])
    card_keys = [f"{CARD_PREFIX}{common[:32]}:{fingerprint(row)}" for row in rows]
    site_key = _version_key(SITE)
    found = cache.get_many([site_key, *card_keys])
    (site,) = _current_versions([site_key], found)
    cards, made = [], {}
    for row, key in zip(rows, card_keys, strict=True):
        stored = found.get(key)
        if stored is not None and stored[0] == site:
            cards.append(stored[1])
            continue
        html = render_one(row)
        cards.append(html)
        made[key] = (site, html)
    if made:
        cache.set_many(made, settings.PAGE_CACHE_SECONDS)
    return cards
