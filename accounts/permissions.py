"""Who may write on the site, and how fast. One rule for every app: reviews, comments, shelves, threads,
reports, follows."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

logger = logging.getLogger(__name__)

# What each limit counts, and how it is named to the member.
RATE_LIMITED = {
    "post": "posts or edits",  # reviews, comments, threads, replies, and edits of them
    "like": "likes",
    "follow": "follows",
}


def require_member_who_can_post(user):
    """Raise PermissionDenied, saying why, unless user is a confirmed, unsuspended member."""
    if user.is_suspended:
        raise PermissionDenied(user.suspension_message)
    if not user.has_verified_email():
        raise PermissionDenied("Confirm your e-mail address before posting.")


def _now():
    return time.time()


def too_fast(user, action="post"):
    """Count one action of user's; the message when it goes over settings.RATE_LIMITS[action] a minute.

    A sliding minute, not a fixed one (which let a member post twice the limit across a minute's
    boundary): this minute's count plus the last minute's, weighted by the share of it that still
    lies within the past sixty seconds. Counted in the cache, shared by every process; while the cache
    is unreachable nothing is counted, and nobody is refused for it.
    """
    limit = settings.RATE_LIMITS.get(action, 0)
    if not limit:
        return None
    now = _now()
    minute, into_it = divmod(now, 60)
    key = f"rate:{action}:{user.pk}:{int(minute)}"
    cache.add(key, 0, timeout=150)
    try:
        current = cache.incr(key)
    except ValueError:
        logger.warning("Rate limits are not counted: the cache did not answer.")
        return None
    previous = cache.get(f"rate:{action}:{user.pk}:{int(minute) - 1}", 0)
    if previous * (1 - into_it / 60) + current > limit:
        cache.decr(key)  # refused: it does not count, so the wait is a minute from the last one done
        return (
            f"You are going too fast: at most {limit} {RATE_LIMITED[action]} a minute. "
            "Wait a moment and try again; what you typed is kept."
        )
    return None


def refuse_if_too_fast(user, form, action="post"):
    """Count one action for user; when over the limit, put the message on form and return True."""
    message = too_fast(user, action)
    if message:
        form.add_error(None, message)
    return bool(message)
