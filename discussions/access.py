"""Who may read a thread. Book boards are open to everyone; a higher app (clubs) registers the rule
for the threads it owns, so that every address of a thread (its pages, a post's permalink, replying,
quoting, editing, following, its feed) asks the same question in one place.

A rule is rule(request, thread) -> None (this rule has nothing to say), an HttpResponse to give
instead of the thread (a page saying why it is closed), or it raises Http404: the thread does not
exist for this reader.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from shelves.progress import Progress, reached

RULES = []
# The threads a member may still list among those they follow: {"user": user} -> Q. Registered by the
# apps that own non-public threads.
LISTABLE = []


# Who besides the site's staff moderates a thread (hides and restores posts, pins and locks): the
# apps that own threads say, e.g. a club's organisers. function(user, club_id, request) -> bool, where
# request (when there is one) lets it read the member's own rows instead of the database.
MODERATORS = []


def moderator(function):
    MODERATORS.append(function)
    return function


def moderates(user, club_id, request=None):
    """Whether user moderates the threads of club_id (None: a book's board, the staff's alone)."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return club_id is not None and any(each(user, club_id, request) for each in MODERATORS)


def require_moderates(user, thread):
    if not moderates(user, thread.club_id):
        raise PermissionDenied("Only the thread's moderators can do that.")


# Thread pk -> its club's pk, or None for a book's board: a fact that never changes (a thread never
# moves into or out of a club; the admin cannot change it), so each process keeps what it has read.
_CLUB_OF = {}
_CLUB_OF_LIMIT = 200_000


def club_of(thread_pk, lookup):
    """The club of the thread (None: a book's board), or Http404 if there is no such thread. lookup(pk):
    the thread's row (from the cache), asked the first time only."""
    if thread_pk not in _CLUB_OF:
        thread = lookup(thread_pk)
        if thread is None:
            raise Http404("No such thread.")
        if len(_CLUB_OF) >= _CLUB_OF_LIMIT:
            _CLUB_OF.clear()
        _CLUB_OF[thread_pk] = thread.club_id
    return _CLUB_OF[thread_pk]


# Who may write in a thread, beyond who may read it: function(user, thread) raises PermissionDenied
# (a club's threads take posts from its members only).
WRITERS = []


def writer(function):
    WRITERS.append(function)
    return function


def require_may_write(user, thread):
    for each in WRITERS:
        each(user, thread)


def rule(function):
    RULES.append(function)
    return function


def listable(function):
    LISTABLE.append(function)
    return function


def gate(request, thread):
    """None if request's reader may read thread, else the response to give (or Http404): the rules
    of the apps that own threads first (who may see it at all), then the thread's own progress lock."""
    for each in RULES:
        answer = each(request, thread)
        if answer is not None:
            return answer
    if not opened_for(request, thread):
        return render(request, "discussions/locked.html", {"thread": thread, "opens_at": thread.opens_at}, status=403)
    return None


def require_readable(request, thread):
    """Http404 unless the reader may read thread (for the actions on it: a locked page is no answer)."""
    if gate(request, thread) is not None:
        raise Http404("No such thread.")


def listable_threads(user):
    """A Q of the threads user may see listed (threads they follow): the board's, and what rules allow."""
    allowed = Q(club__isnull=True)
    for each in LISTABLE:
        allowed |= each(user)
    return allowed


def opened_for(request, thread):
    """Whether the reader's progress in the thread's book has passed where the thread opens. Only a
    club's threads have such a point (its schedule's milestones): a book's board is open to all."""
    point = thread.opens_at
    if not point or thread.book_id is None or thread.club_id is None:
        return True
    if request.user.is_authenticated and request.user.is_staff:
        return True  # moderators read everything they may have to act on
    if not request.user.is_authenticated:
        return False
    return reached(Progress.from_mark(request.mine.get("progress", thread.book_id)), point)
