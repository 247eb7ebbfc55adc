"""What other apps do that members are told of: replies and quotes (discussions), invitations and
answers to requests to join (clubs). Meetings and votes call notify() themselves."""

from clubs import services as clubs
from discussions import services as discussions

from .models import Kind
from .services import forget_club, notify


def _post_notices(*, thread, post):
    if post.number == 1:
        return
    club = thread.club if thread.club_id else None
    author = post.author
    quoted = post.quoted.author if post.quoted_id and post.quoted.author_id != author.pk else None
    if quoted is not None:
        notify(
            recipients=[quoted],
            kind=Kind.QUOTE,
            text=f"{author.name} quoted your post in “{thread.title}”",
            url=post.get_absolute_url(),
            club=club,
            actor=author,
        )
    if thread.starter_id != author.pk and (quoted is None or quoted.pk != thread.starter_id):
        notify(
            recipients=[thread.starter],
            kind=Kind.REPLY,
            text=f"{author.name} replied in your thread “{thread.title}”",
            url=post.get_absolute_url(),
            club=club,
            actor=author,
        )


# What a member is told of what happened to them in a club: (kind, text, where it points).
MEMBER_EVENTS = {
    "invited": (Kind.INVITATION, "{by} invites you to join {club}", lambda club, invitation=None: invitation),
    "approved": (Kind.JOIN_DECISION, "Welcome to {club}: your request to join was accepted", lambda club: club),
    "declined": (Kind.JOIN_DECISION, "{club} declined your request to join", lambda club, answer="": club),
}


def _member_notices(*, event, club, user, by, **details):
    if event in ("left", "removed"):
        forget_club(user=user, club=club)
    elif event in MEMBER_EVENTS:
        kind, text, target = MEMBER_EVENTS[event]
        notify(
            recipients=[user],
            kind=kind,
            text=text.format(by=by.name, club=club.name),
            url=target(club, **details).get_absolute_url(),
            club=club,
            actor=by,
        )


discussions.AFTER_POST.append(_post_notices)
clubs.MEMBER_EVENT_HOOKS.append(_member_notices)
