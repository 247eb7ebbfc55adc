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


def _member_notices(*, event, club, user, by, **details):
    if event == "invited":
        text = f"{by.name} invites you to join {club.name}"
        notify(
            recipients=[user],
            kind=Kind.INVITATION,
            text=text,
            url=details["invitation"].get_absolute_url(),
            club=club,
            actor=by,
        )
    elif event == "approved":
        notify(
            recipients=[user],
            kind=Kind.JOIN_DECISION,
            text=f"Welcome to {club.name}: your request to join was accepted",
            url=club.get_absolute_url(),
            club=club,
            actor=by,
        )
    elif event == "declined":
        notify(
            recipients=[user],
            kind=Kind.JOIN_DECISION,
            text=f"{club.name} declined your request to join",
            url=club.get_absolute_url(),
            club=club,
            actor=by,
        )
    elif event in ("left", "removed"):
        forget_club(user=user, club=club)


discussions.AFTER_POST.append(_post_notices)
clubs.MEMBER_EVENT_HOOKS.append(_member_notices)
