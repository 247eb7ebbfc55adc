from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from accounts.permissions import refuse_if_too_fast, require_member_who_can_post
from books.models import Book
from books.pagination import page_by_keys
from core.forms import form_status, save_or_explain
from pagecache.cache import SITE, remember, shared_page
from pagecache.holes import nonce
from pagecache.tags import tag

from . import access, services
from .forms import PostForm, ThreadForm
from .models import DISCUSSIONS, POSTS_PER_PAGE, Post, Thread

THREADS_PER_PAGE = 30


@dataclass
class NumberedPage:
    """A page of posts found by number range (no OFFSET), shaped like Django's Page for the templates."""

    number: int
    num_pages: int

    @property
    def paginator(self):
        return self

    def has_other_pages(self):
        return self.num_pages > 1

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def _page_number(value, last):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), last)


@shared_page(lambda: [DISCUSSIONS], params=("page",))
def index(request):
    """The latest threads of every book: where to start talking."""
    ordered = Thread.objects.on_boards().order_by("-last_post_at", "-pk")
    page = page_by_keys(
        ordered, Thread.objects.for_board().select_related("book"), THREADS_PER_PAGE, request.GET.get("page")
    )
    return render(request, "discussions/index.html", {"page_obj": page, "threads": page.object_list})


@shared_page(lambda slug: [tag("book", slug)], params=("page",))
def board(request, slug):
    book = get_object_or_404(Book, slug=slug)
    threads = book.threads.on_boards().for_board()
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "discussions/board.html", {"book": book, "page_obj": page, "threads": page.object_list})


@login_required
def thread_new(request, slug):
    book = get_object_or_404(Book, slug=slug)
    if request.method == "GET":
        require_member_who_can_post(request.user)  # said before they type, not after
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not refuse_if_too_fast(request.user, form):
        started = save_or_explain(
            form, partial(services.thread_create, book=book, starter=request.user, **form.cleaned_data)
        )
        if started:
            messages.success(request, "Your thread is started.")
            return redirect(started[0])
    return render(request, "discussions/thread_new.html", {"book": book, "form": form}, status=form_status(form))


def thread_detail(request, pk, slug):
    """A thread, page by page, for those who may read it (discussions.access). Members land on their
    first unread post and have their reading recorded."""
    if not request.user.is_authenticated:
        return thread_page(request, pk=pk, slug=slug)  # the page's gate asks what a visitor may read
    thread = Thread.objects.cached_row(pk)
    if thread is None:
        raise Http404("No such thread.")
    closed = access.gate(request, thread)
    if closed is not None:
        return closed
    if request.user.is_authenticated and slug == thread.slug:
        read = request.mine.get("visits", thread.pk)  # the last post number they read, if ever opened
        if "page" not in request.GET and read is not None and read < thread.post_count:
            first_unread = read + 1  # jump to the first post not read yet
            page = (first_unread - 1) // POSTS_PER_PAGE + 1
            return redirect(f"{thread.get_absolute_url()}?page={page}#post-{first_unread}")
        number = _page_number(request.GET.get("page"), thread.page_count)
        read_to = min(number * POSTS_PER_PAGE, thread.post_count)
        if read_to > (read or 0):
            services.thread_visit(thread=thread, user=request.user, read_to=read_to)
            # Read back now: kept in the cache for their next view (the page's holes ask only
            # whether they follow the thread).
            request.mine.get("visits", thread.pk)
    return thread_page(request, pk=pk, slug=slug)


def _thread_tags(pk, slug):
    """The thread's tag, and its club's (who may read it), known without asking anyone: a thread's
    club never changes (access.club_of)."""
    club = access.club_of(pk, Thread.objects.cached_row)
    return [tag("thread", pk), *([tag("clubid", club)] if club else [])]


def _thread_gate(request, pk, slug):
    """Who may read the thread (access.gate). Its answer for a visitor depends on the thread's row
    and its club's, both under the page's tags: a visitor's current copy needs no asking."""
    thread = Thread.objects.cached_row(pk)
    if thread is None:
        raise Http404("No such thread.")
    if thread.club_id is None and not thread.opens_at:
        return None
    return access.gate(request, thread)


@shared_page(_thread_tags, params=("page",), gate=_thread_gate, gate_in_tags=True)
def thread_page(request, pk, slug):
    """The page of posts as everybody sees it; each member's part (follow, quote, edit) fills holes."""
    thread = get_object_or_404(Thread.objects.select_related("book", "starter", "club"), pk=pk)
    if slug != thread.slug:
        return redirect(thread, permanent=True)
    number = _page_number(request.GET.get("page"), thread.page_count)
    posts_html = remember(
        f"discussions:posts:{thread.pk}:{number}:{thread.book_id}:{request.get_host()}|{nonce()}",
        [SITE, tag("thread_page", f"{thread.pk}:{number}")],
        lambda: _posts_html(request, thread, number),
    )
    context = {
        "thread": thread,
        "book": thread.book,
        "club": thread.club,
        "posts_html": posts_html,
        "page_obj": NumberedPage(number, thread.page_count),
        "reply_form": PostForm(),
    }
    return render(request, "discussions/thread.html", context)


def _posts_html(request, thread, number):
    """The posts of one page of the thread, rendered: kept under the page's own tag (Post.page_tags)."""
    first = (number - 1) * POSTS_PER_PAGE
    posts = list(
        thread.posts.filter(number__gt=first, number__lte=first + POSTS_PER_PAGE)
        .select_related("author", "quoted__author")
        .order_by("number")[:POSTS_PER_PAGE]  # a no-op limit that tells the planner: join 20 rows, not 1,000
    )
    html = render_to_string("discussions/_posts.html", {"thread": thread, "posts": posts}, request=request)
    return mark_safe(html)


# What thread_detail serves, for those who look views up by address (the benchmark's miss timings).
thread_detail.shared_page = thread_page.shared_page


@login_required
def reply(request, pk, slug):
    thread = get_object_or_404(Thread.objects.select_related("book", "club"), pk=pk)
    access.require_readable(request, thread)
    if request.method == "GET":
        require_member_who_can_post(request.user)  # said before they type, not after
        access.require_may_write(request.user, thread)
    quoted = Post.objects.quotable(thread, request.POST.get("quoted") or request.GET.get("quote"))
    if request.method == "POST":
        form = PostForm(request.POST)
        if form.is_valid() and request.POST.get("quoted") and quoted is None:
            form.add_error(None, "You can only quote a post from this thread that readers can see.")
        if form.is_valid() and not refuse_if_too_fast(request.user, form):
            write = partial(
                services.reply_create,
                thread=thread,
                author=request.user,
                quoted=quoted,
                body=form.cleaned_data["body"],
                spoils_to=form.spoils_to(),
            )
            post = save_or_explain(form, write)
            if post is not None:
                messages.success(request, "Your reply is posted.")
                return redirect(f"{thread.get_absolute_url()}?page={post.page}#{post.anchor}")
    else:
        initial = {}
        if quoted is not None:
            quoted_text = "\n".join(f"> {line}" if line else ">" for line in quoted.body.splitlines())
            initial = {
                "body": f"{quoted_text}\n>\n> — [{quoted.author.name}, #{quoted.number}]"
                f"({quoted.get_absolute_url()})\n\n",
                "quoted": quoted.pk,
            }
        form = PostForm(initial=initial)
    return render(
        request,
        "discussions/reply.html",
        {"thread": thread, "book": thread.book, "form": form},
        status=form_status(form),
    )


def post_permalink(request, pk):
    """Every post's lasting address: the right page of its thread, at its anchor."""
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    access.require_readable(request, post.thread)
    return redirect(f"{post.thread.get_absolute_url()}?page={post.page}#{post.anchor}")


@login_required
def post_edit(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread__book"), pk=pk)
    access.require_readable(request, post.thread)
    services.require_post_author(post=post, user=request.user)
    initial = {"body": post.body, "spoils_to_chapter": post.spoils_to_chapter, "spoils_to_page": post.spoils_to_page}
    form = PostForm(request.POST or None, initial=initial)
    form.fields["body"].label = "Your post"
    if request.method == "POST" and form.is_valid() and not refuse_if_too_fast(request.user, form):
        write = partial(
            services.post_edit, post=post, user=request.user, body=form.cleaned_data["body"], spoils_to=form.spoils_to()
        )
        if save_or_explain(form, write):
            messages.success(request, "Your post is saved.")
            return redirect(post.get_absolute_url())
    return render(request, "discussions/post_edit.html", {"post": post, "form": form}, status=form_status(form))


@login_required
def post_delete(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    access.require_readable(request, post.thread)
    services.require_post_author(post=post, user=request.user)
    if request.method == "POST":
        services.post_delete(post=post, user=request.user)
        messages.success(request, "Your post is deleted.")
        return redirect(post.get_absolute_url())
    return render(request, "discussions/post_delete.html", {"post": post})


@login_required
@require_POST
def follow_toggle(request, pk):
    thread = get_object_or_404(Thread, pk=pk)
    access.require_readable(request, thread)
    follow = request.POST.get("action") != "unfollow"
    services.thread_follow(thread=thread, user=request.user, follow=follow)
    messages.success(request, "You follow this thread." if follow else "You no longer follow this thread.")
    return redirect(f"{thread.get_absolute_url()}?page={_page_number(request.POST.get('page'), thread.page_count)}")


@login_required
def following(request):
    threads = Thread.objects.filter(visits__user=request.user, visits__is_following=True)
    threads = threads.filter(access.listable_threads(request.user)).select_related("book", "club")
    threads = threads.for_board().order_by("-last_post_at", "-pk")
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "discussions/following.html", {"page_obj": page, "threads": page.object_list})
