"""Who may write on the site. One rule for every app: reviews, comments, shelves, threads, reports."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone


def require_member_who_can_post(user):
    """Raise PermissionDenied, saying why, unless user is a confirmed, unsuspended member."""
    if user.is_suspended:
        raise PermissionDenied(user.suspension_message)
    if not user.has_verified_email():
        raise PermissionDenied("Confirm your e-mail address before posting.")


def posting_too_fast(user):
    """Count one post (review, comment, thread or reply) for user; the message when over the limit.

    The limit is settings.POSTING_RATE_LIMIT posts a minute per member, counted in the cache
    (Redis in production, so every process shares it).
    """
    limit = settings.POSTING_RATE_LIMIT
    if not limit:
        return None
    key = f"posting-rate:{user.pk}:{timezone.now():%Y%m%d%H%M}"
    cache.add(key, 0, timeout=120)
    if cache.incr(key) > limit:
        return f"You are posting too fast: at most {limit} posts a minute. Wait a moment; your text is kept below."
    return None


def refuse_if_posting_too_fast(user, form):
    """Count a post for user; when over the limit, put the message on form and return True."""
    message = posting_too_fast(user)
    if message:
        form.add_error(None, message)
    return bool(message)
