from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import require_member_who_can_post
from books.models import Book
from books.search import search_books, similar_books
from clubs.access import visible_club
from clubs.models import Club
from core.forms import form_status, save_or_explain
from core.http import local_redirect
from core.markdown import render_markdown
from discussions.access import require_moderates, require_readable
from discussions.models import Post, Thread
from discussions.services import require_moderator
from reviews.models import Review, ReviewComment

from . import services
from .forms import ReportForm
from .models import Report

REPORTABLE = {"review": Review, "comment": ReviewComment, "post": Post, "member": User, "club": Club}


@login_required
def report(request, kind, pk):
    if kind not in REPORTABLE:
        raise PermissionDenied("That cannot be reported.")
    item = get_object_or_404(REPORTABLE[kind], pk=pk)
    if getattr(item, "is_hidden", False) or getattr(item, "is_deleted", False):
        raise Http404("Nothing to report there.")  # what readers cannot see, and its text, stay out of reach
    # What the reporter cannot read does not exist for them (a private club, its posts).
    if isinstance(item, Post):
        require_readable(request, item.thread)
    if isinstance(item, Club):
        visible_club(request, item.slug)
    if request.method == "GET":
        require_member_who_can_post(request.user)
    _, author, text, item_url = services.describe(item)
    if author is not None and author.pk == request.user.pk:
        raise PermissionDenied("You cannot report your own writing.")
    earlier = Report.objects.filter(
        case__content_type=ContentType.objects.get_for_model(item), case__object_id=item.pk, reporter=request.user
    ).first()
    form = ReportForm(request.POST or None)
    if request.method == "POST" and earlier is None and form.is_valid():
        write = partial(services.report_create, item=item, reporter=request.user, **form.cleaned_data)
        if save_or_explain(form, write):
            messages.success(request, "Thank you: your report was received. Moderators will look at it.")
            return redirect(item_url)
    shown = render_markdown(text)  # as readers read it
    context = {"form": form, "kind": kind, "item": item, "item_url": item_url, "shown": shown, "author": author}
    return render(request, "moderation/report.html", {**context, "earlier": earlier}, status=form_status(form))


HIDEABLE = {"review": Review, "comment": ReviewComment, "post": Post}


@login_required
@require_POST
def visibility(request, kind, pk):
    """Moderators hide or restore a review, comment or post where they read it (a club's organisers, the
    posts of its threads): the queue's service, audited."""
    if kind not in HIDEABLE:
        raise Http404("That cannot be hidden.")
    item = get_object_or_404(HIDEABLE[kind], pk=pk)
    services.require_may_hide(request.user, item)
    hidden = request.POST.get("action") != "restore"
    services.item_set_hidden(item=item, moderator=request.user, hidden=hidden, reason=request.POST.get("reason", ""))
    messages.success(request, f"The {HIDEABLE[kind]._meta.verbose_name} is {'hidden' if hidden else 'restored'}.")
    _, _, _, item_url = services.describe(item)
    return local_redirect(request, request.POST.get("next", ""), item_url)


THREAD_CHANGES = {"pin": {"pin": True}, "unpin": {"pin": False}, "lock": {"lock": True}, "unlock": {"lock": False}}


@login_required
@require_POST
def thread(request, pk):
    """Pin, lock (the thread's moderators) or move a thread (staff) from its page, audited."""
    thread = get_object_or_404(Thread, pk=pk)
    require_moderates(request.user, thread)
    action = request.POST.get("action")
    if action in THREAD_CHANGES:
        services.thread_change(thread=thread, moderator=request.user, **THREAD_CHANGES[action])
        messages.success(request, f"Thread {action}ned." if action.endswith("n") else f"Thread {action}ed.")
    elif action == "move":
        require_moderator(request.user)
        target = _book(request.POST.get("book", ""))
        if target is None:
            messages.error(request, "No such book: the thread stays where it is.")
        elif target.pk != thread.book_id:
            services.thread_change(thread=thread, moderator=request.user, move_to=target)
            messages.success(request, f"Thread moved to {target.title}.")
    else:
        messages.error(request, "Unknown moderation action.")
    return redirect(thread)


@login_required
def thread_move(request, pk):
    """Choose the book to move a thread to, by its title (staff): the books like what was typed."""
    thread = get_object_or_404(Thread.objects.select_related("book"), pk=pk)
    require_moderator(request.user)
    query = request.GET.get("q", "").strip()[:200]
    books = []
    if query:
        found = search_books(query)
        books = list(found[:10]) or list(similar_books(query)[:10])
    return render(request, "moderation/thread_move.html", {"thread": thread, "query": query, "books": books})


def _book(value):
    """The book a move names: by id (the move page's choice) or by slug."""
    if value.isdigit():
        return Book.objects.filter(pk=int(value)).first()
    return Book.objects.filter(slug=value).first()
