"""Who may see a club and read its threads: one rule, used by every club address and, through
discussions.access, by every address of a club's threads.

A private club does not exist for anyone outside it: 404, never 403. Closed clubs show their page to
everyone, their discussions to members only. A member's role comes from their own rows
(pagecache.mine, kind "clubs"); a club's row from the cache (Club.objects.cached_row).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from discussions import access as discussions_access
from pagecache.mine import of
from pagecache.tags import tag

from .models import ORGANISING, Club, Membership, Visibility


def role_in(request, club):
    """The reader's role in club ("owner", "organiser", "member"), or None."""
    if not request.user.is_authenticated:
        return None
    return of(request).get("clubs", club.pk)


def visible_club(request, slug):
    """The club at slug and the reader's role in it, or Http404 when it does not exist for them."""
    club = Club.objects.cached_row(slug)
    if club is None:
        raise Http404("No such club.")
    role = role_in(request, club)
    if not club.visible_to(request.user, role):
        raise Http404("No such club.")
    return club, role


def readable_club(request, slug):
    """As visible_club, and the reader may read the club's discussions (else Http404)."""
    club, role = visible_club(request, slug)
    if not club.readable_by(request.user, role):
        raise Http404("No such club.")
    return club, role


@discussions_access.rule
def club_threads(request, thread):
    """A club's thread is there only for those who may read the club's discussions."""
    if thread.club_id is None:
        return None
    club = Club.objects.cached_row_by_pk(thread.club_id)
    if club is None or not club.readable_by(request.user, role_in(request, club)):
        raise Http404("No such thread.")
    return None


@discussions_access.listable
def followed_club_threads(user):
    """Of the club threads a member follows, those they may still read (a member who left a private
    club no longer sees its threads among theirs)."""
    member = Membership.objects.filter(club=OuterRef("club"), user=user)
    return Q(club__visibility=Visibility.PUBLIC) | Q(Exists(member))


@discussions_access.moderator
def club_organisers(user, club_id, request=None):
    """A club's owner and organisers moderate its threads."""
    if request is not None:
        return of(request).get("clubs", club_id) in ORGANISING
    return Membership.objects.filter(club_id=club_id, user=user, role__in=ORGANISING).exists()


@discussions_access.writer
def club_members_write(user, thread):
    """A club's threads take posts from its members only (a public club's visitors read, then join)."""
    if thread.club_id is not None and not Membership.objects.filter(club_id=thread.club_id, user=user).exists():
        raise PermissionDenied("Join the club to post in its discussions.")


def club_gate(request, slug, **kwargs):
    """shared_page's gate for a club's pages: 404 for those the club does not exist for."""
    visible_club(request, slug)


def club_discussions_gate(request, slug, **kwargs):
    readable_club(request, slug)


def tags(slug, **kwargs):
    """A club page's tags: the club's. Members' progress, saved on their shelves, carries the tags of
    their clubs (declared in clubs.apps), so it needs no other."""
    return [tag("club", slug)]
