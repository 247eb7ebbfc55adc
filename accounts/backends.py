"""Log-in backends whose get_user reads the member from the cache.

Every signed-in request asks for the member its session belongs to; from the database that was the
one query of a page served from the cache. The copy is dropped on every save or delete of the member
(accounts.signals), so a new password, a suspension or lost staff rights count at once, and Django
still checks the session against the password's hash on every request. The member's own rows
(pagecache.mine) come in the same round trip.
"""

from functools import partial

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from pagecache import mine
from pagecache.cache import recall, remember
from pagecache.tags import tag

from .models import LIBRARIANS, User


class CachedUserMixin:
    def get_user(self, user_id):
        if settings.PAGE_CACHE_SECONDS <= 0:
            return super().get_user(user_id)
        key, tags = f"accounts:user:{user_id}", [tag("account", user_id)]
        # The member's own rows come in the same round trip: nearly every page they view asks for them.
        recalled = recall({key: tags, **mine.entries(user_id)})
        user = remember(key, tags, partial(self._member, user_id), recalled)
        if user is not None:
            user.member_rows_recalled = recalled  # this request's user object only: not in the cache
        return user

    def _member(self, user_id):
        """The member, as Django's backends read them, with whether they are a librarian in the same query
        (the cached copy carries it; a change of their groups drops the copy)."""
        librarian = Group.objects.filter(name=LIBRARIANS, user=OuterRef("pk"))
        try:
            user = User._default_manager.annotate(in_librarians=Exists(librarian)).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(CachedUserMixin, DjangoModelBackend):
    """Django's: log-in by username and password (the admin's log-in form)."""


class AuthenticationBackend(CachedUserMixin, AllauthBackend):
    """allauth's: log-in by e-mail address or username."""
