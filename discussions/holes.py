"""A member's own part of boards and threads (see pagecache.holes)."""

from django.urls import reverse
from django.utils.html import format_html

from pagecache.holes import filler, render_each

from .forms import PostForm
from .models import Post, ThreadVisit


def _read_to(request, thread_ids):
    """{thread id: (last post number read, following)} for this member, in one query."""
    visits = ThreadVisit.objects.filter(user=request.user, thread_id__in=thread_ids)
    return {
        str(t): (n, following)
        for t, n, following in visits.values_list("thread_id", "last_read_number", "is_following")
    }


@filler("unread")
def unread(request, holes):
    """'12 new' beside the threads with posts this member has not read (all of them, if never opened)."""
    if not request.user.is_authenticated:
        return {}
    read = _read_to(request, {pk for pk, _ in holes})
    badges = {}
    for pk, post_count in holes:
        new = int(post_count) - read.get(pk, (0, False))[0]
        if new > 0:
            badges[(pk, post_count)] = format_html('<span class="badge badge-new">{} new</span>', f"{new:,}")
    return badges


@filler("following_link")
def following_link(request, holes):
    if not request.user.is_authenticated:
        return {}
    link = format_html(' · <a href="{}">Threads you follow</a>', reverse("discussions:following"))
    return dict.fromkeys(holes, link)


@filler("thread_follow")
def thread_follow(request, holes):
    if not request.user.is_authenticated:
        return {}
    read = _read_to(request, {pk for pk, _ in holes})
    contexts = [{"thread_id": pk, "page": page, "following": read.get(pk, (0, False))[1]} for pk, page in holes]
    return dict(zip(holes, render_each(request, "discussions/_follow_form.html", contexts), strict=True))


@filler("post_actions")
def post_actions(request, holes):
    """Quote, and edit and delete on the member's own posts or report on others'. No queries."""
    if not request.user.is_authenticated:
        return {}
    me = str(request.user.pk)
    contexts = [
        {
            "post_id": pk,
            "number": number,
            "mine": author == me,
            "thread_id": thread_id,
            "thread_slug": slug,
            "locked": locked == "True",
        }
        for pk, number, author, thread_id, slug, locked in holes
    ]
    return dict(zip(holes, render_each(request, "discussions/_post_actions.html", contexts), strict=True))


@filler("own_hidden_post")
def own_hidden_post(request, holes):
    """Moderators hid a post: its author still reads it, with a notice."""
    if not request.user.is_authenticated:
        return {}
    mine = [hole for hole in holes if hole[1] == str(request.user.pk)]
    if not mine:
        return {}
    bodies = dict(
        Post.objects.filter(pk__in=[pk for pk, _ in mine], author=request.user).values_list("pk", "body_html")
    )
    contexts = [{"body_html": bodies.get(int(pk), "")} for pk, _ in mine]
    return dict(zip(mine, render_each(request, "discussions/_own_hidden_post.html", contexts), strict=True))


@filler("reply_form")
def reply_form(request, holes):
    contexts = [{"thread_id": pk, "thread_slug": slug, "reply_form": PostForm()} for pk, slug in holes]
    return dict(zip(holes, render_each(request, "discussions/_reply_form.html", contexts), strict=True))


@filler("thread_moderation")
def thread_moderation(request, holes):
    """Pin, lock and move, for moderators."""
    if not request.user.is_staff:
        return {}
    contexts = [
        {"thread_id": pk, "pinned": pinned == "True", "locked": locked == "True"} for pk, pinned, locked in holes
    ]
    return dict(zip(holes, render_each(request, "discussions/_thread_moderation.html", contexts), strict=True))
