"""The top layer's holes: a member's home feed (see pagecache.holes)."""

from django.template.loader import render_to_string

from pagecache.cache import SITE, remember
from pagecache.holes import filler

from .feed import activities


def feed_context(member, before=None):
    page, more = activities(member, before=before)
    return {"activities": page, "more": more, "last_cursor": page[-1].cursor if page else "", "first_page": not before}


@filler("home_feed")
def home_feed(request, holes):
    """The first page of the member's feed: from the cache for up to PAGE_CACHE_SECONDS (what the
    people they follow did a minute ago may wait that long), at once when they follow someone new."""
    user = request.user
    if not user.is_authenticated:
        return {}
    html = remember(
        f"bookclub:feed:{user.pk}",
        [SITE, f"rows:follows:{user.pk}"],
        lambda: render_to_string("_feed.html", feed_context(user), request),
    )
    return dict.fromkeys(holes, html)
