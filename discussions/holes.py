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


@filler("hidden_post")
def hidden_post(request, holes):
    """A post moderators hid: its author still reads it, with a notice; moderators read it, with the
    button to restore it. Nobody else gets anything: the text is never in the shared page."""
    user = request.user
    if not user.is_authenticated:
        return {}
    shown = [hole for hole in holes if user.is_staff or hole[1] == str(user.pk)]
    if not shown:
        return {}
    posts = Post.objects.filter(pk__in=[pk for pk, _ in shown], is_hidden=True)
    if not user.is_staff:
        posts = posts.filter(author=user)
    by_pk = {str(post.pk): post for post in posts}
    shown = [(pk, author) for pk, author in shown if pk in by_pk]
    contexts = [{"post": by_pk[pk], "staff": user.is_staff} for pk, _ in shown]
    return dict(zip(shown, render_each(request, "discussions/_hidden_post.html", contexts), strict=True))
