"""A member's own part of boards and threads (see pagecache.holes)."""

from django.utils.safestring import mark_safe

from pagecache.holes import filler, render_each

from .cache import member_visits
from .models import Post


def _visits(request, thread_ids):
    """{thread id: (last post number read, following)} for this member, as the thread's view has
    just read them (views.thread_detail), or from their rows."""
    known = getattr(request, "thread_visits", {})
    if not {int(pk) for pk in thread_ids} <= known.keys():
        known = member_visits(request, thread_ids)
    return {str(pk): visit for pk, visit in known.items() if visit}


@filler("unread")
def unread(request, holes):
    """'12 new' beside the threads with posts this member has not read (all of them, if never opened)."""
    if not request.user.is_authenticated:
        return {}
    read = _visits(request, {pk for pk, _ in holes})
    badges = {}
    for pk, post_count in holes:
        new = int(post_count) - read.get(pk, (0, False))[0]
        if new > 0:
            badges[(pk, post_count)] = mark_safe(f'<span class="badge badge-new">{new:,} new</span>')  # a number
    return badges


@filler("thread_follow")
def thread_follow(request, holes):
    """The follow or unfollow button, for members."""
    if not request.user.is_authenticated:
        return {}
    visits = _visits(request, {pk for (pk,) in holes})
    return {(pk,): "unfollow" if visits.get(pk, (0, False))[1] else "follow" for (pk,) in holes}


@filler("own_hidden_post")
def own_hidden_post(request, holes):
    """Moderators hid a post: its author still reads it, with a notice."""
    if not request.user.is_authenticated:
        return {}
    mine = [hole for hole in holes if hole[1] == str(request.user.pk)]
    if not mine:
        return {}
    posts = Post.objects.filter(pk__in=[pk for pk, _ in mine], author=request.user)
    bodies = {str(pk): body for pk, body in posts.values_list("pk", "body_html")}
    contexts = [{"body_html": bodies.get(pk, "")} for pk, _ in mine]
    return dict(zip(mine, render_each(request, "discussions/_own_hidden_post.html", contexts), strict=True))
