"""The cached pages that show discussions, and what each member has read (see pagecache)."""

from django.db.models import Q

from accounts.cache import member_rows
from books.cache import book_tag
from books.models import Book
from pagecache.cache import SITE, invalidate, remember

from .models import Thread, ThreadVisit


def thread_tag(pk):
    return f"thread:{pk}"


def thread_pages_changed(thread_ids, book_ids=()):
    """These threads' pages, and the pages and boards of their books (and of book_ids), which list
    the latest threads. One query."""
    books = Book.objects.filter(Q(pk__in=book_ids) | Q(threads__in=thread_ids)).distinct()
    invalidate(
        *(thread_tag(pk) for pk in thread_ids), *(book_tag(slug) for slug in books.values_list("slug", flat=True))
    )


def member_visits(request, thread_ids):
    """{thread id: (last post number read, following)} for the threads of thread_ids the member has
    opened: from their rows in the cache (accounts.cache.member_rows)."""
    visits = member_rows(request, "visits", _visits, shape=_by_thread, thread_id__in=thread_ids)
    return {pk: visits[pk] for pk in map(int, thread_ids) if pk in visits}


def _visits(user):
    return ThreadVisit.objects.filter(user=user).values_list("thread_id", "last_read_number", "is_following")


def _by_thread(rows):
    return {thread: (number, following) for thread, number, following in rows}


def thread_row(pk):
    """The thread's row (None if there is none), from the cache until its page changes: what a
    member's view of a thread reads before the shared page (where they are, how many pages)."""
    return remember(f"discussions:thread:{pk}", [SITE, thread_tag(pk)], Thread.objects.filter(pk=pk).first)
