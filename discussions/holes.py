"""A member's own part of boards and threads (see pagecache.holes)."""

from django.utils.safestring import mark_safe

from pagecache.holes import filler, render_each
from pagecache.mine import of

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
