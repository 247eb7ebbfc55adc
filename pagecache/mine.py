"""A signed-in member's own rows: what fills their part of the shared pages they view.

Each kind is declared once, in one place (`bookclub/mine.py`): its model, whose rows they are (owner),
what a page asks about (key) and what it shows (value; none when all that matters is whether there
is a row):

    Kind("shelves", "shelves.ShelfEntry", owner="user_id", key="book_id", value="shelf")

`request.mine` (set by pagecache.middleware, built on first use) answers for the signed-in member:

    request.mine.get("visits", thread.pk)      # the value, or None
    request.mine.has("likes", review.pk)

and templates pick an option with the one generic filler, `mine`:

    {% choice "mine" "likes" review.pk review.reviewer_id %}
      {% option "none" %}Like{% endoption %} {% option "yes" %}Liked{% endoption %}
    {% endchoice %}

The option is "visitor" (not signed in), "self" (the optional last argument is the member's own id:
their own review), "none" (no row), the row's value as text, or "yes" for a kind without a value.

Where the cache is shared, all of a member's rows of every kind come in one round trip, with the
member themselves (accounts.backends), and are kept whole up to MEMBER_ROWS of a kind; past that, or
without a shared cache, the database is asked for the rows the page shows. Every write to a kind's
rows drops it for their owner: registering a kind adds the tag `rows:<kind>:<owner>` to its model's
declaration (pagecache.tags), so save, delete and update() all see to it. A write during the request
is seen by the rest of it: the rows are fetched again after any invalidation.
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Q

from . import cache as page_cache
from .cache import SITE, recall, remember
from .holes import filler
from .tags import MEMBER_ROWS_PREFIX, declare

MEMBER_ROWS = 2_000
KINDS = {}
_ABSENT = object()


@dataclass(frozen=True)
class Kind:
    name: str
    model: str  # "app_label.Model"
    owner: str  # the lookup of the member's id
    key: str | tuple  # a lookup, or several whose values are joined with ":" ("review:12")
    value: str | None = None
    where: tuple = ()  # ((lookup, value), ...): which of the model's rows belong to this kind

    def tags(self, owner_pk):
        return [SITE, f"{MEMBER_ROWS_PREFIX}{self.name}:{owner_pk}"]

    def cache_key(self, owner_pk):
        return f"pagecache:rows:{self.name}:{owner_pk}"

    @property
    def key_lookups(self):
        return (self.key,) if isinstance(self.key, str) else tuple(self.key)

    def rows(self, owner_pk):
        """A values_list of the member's rows: the key's lookups, then the value's if any."""
        found = apps.get_model(self.model)._default_manager.filter(**{self.owner: owner_pk}, **dict(self.where))
        return found.values_list(*self.key_lookups, *((self.value,) if self.value else ()))

    def shape(self, rows):
        width = len(self.key_lookups)
        return {":".join(map(str, row[:width])): (row[width] if self.value else True) for row in rows}

    def narrowed(self, rows, keys):
        """rows, only those whose key is among keys (for a member with too many to keep whole)."""
        if len(self.key_lookups) == 1:
            return rows.filter(**{f"{self.key}__in": keys})
        wanted = Q()
        for key in keys:
            wanted |= Q(**dict(zip(self.key_lookups, key.split(":"), strict=False)))
        return rows.filter(wanted) if wanted else rows.none()


def register(*kinds):
    """Declare kinds of member rows (once, at start-up: bookclub.apps)."""
    for kind in kinds:
        KINDS[kind.name] = kind
        declare(apps.get_model(kind.model), f"{MEMBER_ROWS_PREFIX}{kind.name}", kind.owner)


def entries(owner_pk):
    """The cache keys of every kind of the member's rows, with their tags, for recall()."""
    return {kind.cache_key(owner_pk): kind.tags(owner_pk) for kind in KINDS.values()}


class Mine:
    """The signed-in member's rows, asked for lazily and kept for the rest of the request."""

    def __init__(self, request):
        self.request = request
        self._whole = {}  # kind: {key: value}, or None where not kept whole
        self._asked = {}  # kind: {key: value or _ABSENT}, read from the database key by key
        self._bumps = page_cache.bumps()
        self._recalled = None

    def get(self, kind, key, default=None):
        return self.rows(kind, [key]).get(str(key), default)

    def has(self, kind, key):
        return str(key) in self.rows(kind, [key])

    def count(self, kind):
        """How many rows of kind the member has (their unread notifications), up to MEMBER_ROWS: past
        that, MEMBER_ROWS + 1 ("2,000+"), so that the count costs the same whatever the number."""
        user = self.request.user
        if not user.is_authenticated:
            return 0
        self._check_bumps()
        whole = self._kept_whole(KINDS[kind], user)
        if whole is not None:
            return len(whole)
        if settings.PAGE_CACHE_SECONDS > 0:
            return MEMBER_ROWS + 1  # too many to keep whole
        return KINDS[kind].rows(user.pk)[: MEMBER_ROWS + 1].count()

    def _check_bumps(self):
        if self._bumps != page_cache.bumps():  # something was written since: ask again
            self._whole, self._asked, self._recalled = {}, {}, None
            self._bumps = page_cache.bumps()

    def rows(self, kind, keys):
        """{key: value} of the member's rows of kind among keys (keys as text)."""
        user = self.request.user
        if not user.is_authenticated:
            return {}
        kind, keys = KINDS[kind], [str(key) for key in keys]
        self._check_bumps()
        whole = self._kept_whole(kind, user)
        if whole is not None:
            return {key: whole[key] for key in keys if key in whole}
        asked = self._asked.setdefault(kind.name, {})
        missing = [key for key in keys if key not in asked]
        if missing:
            found = kind.shape(kind.narrowed(kind.rows(user.pk), missing))
            asked.update({key: found.get(key, _ABSENT) for key in missing})
        return {key: asked[key] for key in keys if asked[key] is not _ABSENT}

    def _kept_whole(self, kind, user):
        if settings.PAGE_CACHE_SECONDS <= 0:
            return None  # a cache per process: another process's write could not reach its copy
        if kind.name not in self._whole:

            def every_row():
                found = list(kind.rows(user.pk)[: MEMBER_ROWS + 1])
                return None if len(found) > MEMBER_ROWS else kind.shape(found)

            if self._recalled is None:
                # Fetched with the member by the log-in backend, unless written since; else now, once.
                self._recalled = getattr(user, "member_rows_recalled", None)
                if self._recalled is None or self._recalled["bumps"] != page_cache.bumps():
                    self._recalled = recall(entries(user.pk))
            self._whole[kind.name] = remember(kind.cache_key(user.pk), kind.tags(user.pk), every_row, self._recalled)
        return self._whole[kind.name]


def of(request):
    """request.mine, made if the middleware did not (a request built by hand)."""
    if "mine" not in request.__dict__:
        request.mine = Mine(request)
    return request.mine


def _check(args):
    if not args or args[0] not in KINDS:
        raise ValueError(f"{{% choice 'mine' %}} needs a registered kind (bookclub/mine.py), not {args[:1]}.")
    if len(args) not in (2, 3):
        raise ValueError("{% choice 'mine' kind key [author id] %} takes a kind, a key and maybe an author's id.")


@filler("mine", check=_check)
def mine(request, holes):
    """The option each of the member's marks gets: see the module's docstring."""
    if not request.user.is_authenticated:
        return dict.fromkeys(holes, "visitor")
    me = str(request.user.pk)
    by_kind = {}
    for args in holes:
        by_kind.setdefault(args[0], []).append(args)
    picked = {}
    for name, asked in by_kind.items():
        others = [args for args in asked if args[2:] != (me,)]
        rows = of(request).rows(name, [args[1] for args in others])
        value = KINDS[name].value
        for args in asked:
            if args[2:] == (me,):
                picked[args] = "self"
            elif args[1] in rows:
                picked[args] = str(rows[args[1]]) if value else "yes"
            else:
                picked[args] = "none"
    return picked
