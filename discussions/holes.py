"""A member's own part of boards and threads (see pagecache.holes)."""

from django.utils.safestring import mark_safe

from pagecache.holes import filler, render_each
from pagecache.mine import of

from .access import moderates
from .models import Post


@filler("unread")
def unread(request, holes):
    """'12 new' beside the threads with posts this member has not read (all of them, if never opened)."""
    if not request.user.is_authenticated:
        return {}
    read = of(request).rows("visits", {pk for pk, _ in holes})
    badges = {}
    for pk, post_count in holes:
        new = int(post_count) - read.get(pk, 0)
        if new > 0:
            badges[(pk, post_count)] = mark_safe(f'<span class="badge badge-new">{new:,} new</span>')  # a number
    return badges


def _club(value):
    return int(value) if value and value != "None" else None


@filler("moderates")
def moderates_choice(request, holes):
    """ "yes" where the reader moderates the thread: the site's staff, or the club's organisers."""
    return {args: "yes" for args in holes if moderates(request.user, _club(args[0] if args else None), request)}


@filler("hidden_post")
def hidden_post(request, holes):
    """A post moderators hid: its author still reads it, with a notice; its moderators (the staff, a
    club's organisers) read it, with the button to restore it. Nobody else gets anything: the text is
    never in the shared page. Holes: (post, author, club or "None")."""
    user = request.user
    if not user.is_authenticated:
        return {}
    moderating = {hole: moderates(user, _club(hole[2] if len(hole) > 2 else None), request) for hole in holes}
    shown = [hole for hole in holes if moderating[hole] or hole[1] == str(user.pk)]
    if not shown:
        return {}
    posts = Post.objects.filter(pk__in=[hole[0] for hole in shown], is_hidden=True)
    by_pk = {str(post.pk): post for post in posts}
    shown = [hole for hole in shown if hole[0] in by_pk and (moderating[hole] or by_pk[hole[0]].author_id == user.pk)]
    contexts = [{"post": by_pk[hole[0]], "staff": moderating[hole]} for hole in shown]
    return dict(zip(shown, render_each(request, "discussions/_hidden_post.html", contexts), strict=True))
