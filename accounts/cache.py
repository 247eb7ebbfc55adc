"""What the cache keeps of members: their profile page, their account, and their own rows that fill
holes on the pages they view (see pagecache)."""

from django.conf import settings

from pagecache.cache import SITE, invalidate, recall, remember

from .models import User


def member_tag(username):
    return f"member:{username}"


def account_tag(pk):
    """The member's row itself, as the cached log-in reads it (accounts.backends)."""
    return f"account:{pk}"


def member_pages_changed(user_ids):
    """What these members' profiles show changed (their reviews, shelves, followers). One query."""
    invalidate(*(member_tag(name) for name in User.objects.filter(pk__in=user_ids).values_list("username", flat=True)))


# A member's own small tables (their shelves, the books they reviewed, the reviews they liked, the
# threads they read, the members they follow) fill holes on nearly every page they view: kept whole in
# the cache up to this size.
MEMBER_ROWS = 2_000
# The kinds asked for so far in this process: a request fetches them all with the member
# (accounts.backends), or with the first one it needs.
_KINDS = set()


def member_rows(request, kind, rows, shape=dict, **wanted):
    """The signed-in member's own rows of one kind, as much of them as a page needs, shaped (dict or set).

    rows(user): a values_list of all of them (a dict's key first), built only when the database is
    asked (building a QuerySet costs as much as the cache's answer); wanted: the filter narrowing them
    to what the page shows. Where the cache is shared, all of them come from it in one round trip, until
    member_rows_changed; otherwise, or past MEMBER_ROWS, the wanted ones come from the database.
    """
    user = request.user
    if settings.PAGE_CACHE_SECONDS > 0:

        def every_row():
            found = list(rows(user)[: MEMBER_ROWS + 1])
            return None if len(found) > MEMBER_ROWS else shape(found)

        _KINDS.add(kind)
        # Fetched with the member by the log-in backend (accounts.backends), or else now, once a request.
        recalled = getattr(request, "member_rows_recalled", None) or getattr(user, "member_rows_recalled", None)
        if recalled is None:
            recalled = recall(member_rows_entries(user.pk))
        request.member_rows_recalled = recalled
        key, tags = _member_rows_key(kind, user.pk), _member_rows_tags(kind, user.pk)
        cached = remember(key, tags, every_row, recalled)
        if cached is not None:
            return cached
    return shape(rows(user).filter(**wanted))


def member_rows_entries(pk):
    """The cache keys of every kind of the member's rows asked for so far, with their tags, for recall()."""
    return {_member_rows_key(kind, pk): _member_rows_tags(kind, pk) for kind in _KINDS}


def member_rows_changed(kind, user_ids):
    invalidate(*(_member_rows_tag(kind, pk) for pk in user_ids))


def _member_rows_tag(kind, pk):
    return f"rows:{kind}:{pk}"


def _member_rows_tags(kind, pk):
    return [SITE, _member_rows_tag(kind, pk)]


def _member_rows_key(kind, pk):
    return f"accounts:rows:{kind}:{pk}"
