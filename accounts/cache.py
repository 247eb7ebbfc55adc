"""The cached page that shows a member: their profile (see pagecache)."""

from pagecache.cache import invalidate

from .models import User


def member_tag(username):
    return f"member:{username}"


def member_pages_changed(user_ids):
    """What these members' profiles show changed (their reviews, shelves, followers). One query."""
    invalidate(*(member_tag(name) for name in User.objects.filter(pk__in=user_ids).values_list("username", flat=True)))
