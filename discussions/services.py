"""Writes to discussions. Each runs in one transaction; replies lock their thread's row so that
members replying at the same moment all land, numbered one after the other, with right counters.

Every write checks who may make it here (PermissionDenied); views ask the same functions before
showing a form, and never check on their own."""

from dataclasses import replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts.permissions import require_member_who_can_post
from books.models import Book, EditionChapter
from shelves.models import ShelfEntry
from shelves.progress import Point

from . import access
from .models import Post, Thread, ThreadVisit


def require_post_author(*, post, user):
    """Raise PermissionDenied unless user wrote post."""
    if post.author_id != user.pk:
        raise PermissionDenied("Only its author can change a post.")


def require_moderator(user):
    if not user.is_staff:
        raise PermissionDenied("Only moderators can pin, lock or move threads.")


@transaction.atomic
def thread_create(*, book, starter, title, body, spoiler_note="", club=None, opens_at=None, spoils_earlier=False):
    """Start a thread on book's board, or in club (about book, if given), with its opening post.
    opens_at: the point of the book a reader must pass to read it (a club's milestone thread)."""
    require_member_who_can_post(starter)
    if club is not None:
        access.require_may_write(starter, Thread(club=club))
    if opens_at and club is None:
        raise ValueError("Only a club's threads open with a reader's progress: a book's board is open to all.")
    thread = Thread(
        book=book,
        club=club,
        starter=starter,
        title=title.strip(),
        spoiler_note=spoiler_note.strip(),
        spoils_earlier=spoils_earlier,
    )
    if opens_at:
        thread.opens_at_page, thread.opens_at_pages = opens_at.page, opens_at.pages
        thread.opens_at_chapter, thread.opens_at_percent = opens_at.chapter, opens_at.percent
    thread.full_clean(exclude=["last_post"])
    thread.save()
    post = _add_post(thread=thread, author=starter, body=body)
    thread_visit(thread=thread, user=starter, read_to=post.number, follow=True)
    return thread, post


@transaction.atomic
def reply_create(*, thread, author, body, quoted=None, spoils_to=None):
    require_member_who_can_post(author)
    access.require_may_write(author, thread)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)  # serialise replies to this thread
    if thread.is_locked:
        raise ValidationError("This thread is locked: it takes no new replies.")
    if quoted is not None and quoted.thread_id != thread.pk:
        raise ValidationError("You can only quote a post from this thread.")
    post = _add_post(thread=thread, author=author, body=body, quoted=quoted, spoils_to=spoils_to)
    thread_visit(thread=thread, user=author, read_to=post.number, follow=True)
    return post


def _add_post(*, thread, author, body, quoted=None, spoils_to=None):
    number = thread.post_count + 1
    post = Post(thread=thread, number=number, author=author, body=body, quoted=quoted)
    if spoils_to:
        spoils_to = counted(spoils_to, thread=thread, author=author)
        post.spoils_to_page, post.spoils_to_pages, post.spoils_to_chapter = (
            spoils_to.page,
            spoils_to.pages,
            spoils_to.chapter,
        )
    post.full_clean(exclude=["thread", "quoted"])
    post.save()
    Thread.objects.filter(pk=thread.pk).update(post_count=number, last_post=post, last_post_at=post.created_at)
    thread.post_count, thread.last_post, thread.last_post_at = number, post, post.created_at
    for hook in AFTER_POST:
        hook(thread=thread, post=post)
    return post


# Called after each new post, in its transaction: a club notes its latest activity (clubs.services).
AFTER_POST = []


@transaction.atomic
def post_edit(*, post, user, body, spoils_to=None):
    require_member_who_can_post(user)
    require_post_author(post=post, user=user)
    if post.is_deleted:
        raise ValidationError("This post was deleted.")
    post.body, post.edited_at = body, timezone.now()
    spoils_to = counted(spoils_to, thread=post.thread, author=user) if spoils_to else Point()
    post.spoils_to_page, post.spoils_to_pages, post.spoils_to_chapter = (
        spoils_to.page,
        spoils_to.pages,
        spoils_to.chapter,
    )
    post.full_clean(exclude=["thread", "quoted"])
    post.save(update_fields=["body", "edited_at", "spoils_to_page", "spoils_to_pages", "spoils_to_chapter"])
    return post


# The edition a thread counts pages and chapters in, before the writer's own and the book's main one:
# function(thread) -> Edition or None. A club registers its pick's edition (clubs.services).
THREAD_EDITIONS = []


def counted(point, *, thread, author):
    """The spoiler marker point as every reader can be placed against it: a page with the length of the
    edition it was counted in (the writer's, else the thread's, else the book's main edition), and a
    chapter with where it ends in such an edition when that is known (books.EditionChapter)."""
    if not point or thread.book_id is None:
        return point
    entry = ShelfEntry.objects.filter(user=author, book_id=thread.book_id).select_related("edition").first()
    editions = [
        entry.edition if entry else None,
        *(each(thread) for each in THREAD_EDITIONS),
        Book.objects.select_related("main_edition").get(pk=thread.book_id).main_edition,
    ]
    editions = [edition for edition in editions if edition is not None]
    if point.page is not None:
        pages = point.pages or (entry.progress_pages if entry else None)
        pages = pages or next((edition.pages for edition in editions if edition.pages), None)
        return replace(point, pages=pages)
    if point.chapter is not None and point.percent is None:
        ends = EditionChapter.objects.filter(edition__in=editions, number=point.chapter, page__isnull=False)
        found = {end.edition_id: end for end in ends}
        for edition in editions:
            end = found.get(edition.pk)
            if end is not None and edition.pages:
                return replace(point, page=end.page, pages=edition.pages)
    return point


@transaction.atomic
def post_delete(*, post, user):
    """The post becomes a stub: its number, and every permalink after it, stay where they are."""
    require_member_who_can_post(user)
    require_post_author(post=post, user=user)
    post.is_deleted = True
    post.body = ""
    post.save(update_fields=["is_deleted", "body"])


@transaction.atomic
def thread_follow(*, thread, user, follow):
    """Follow the thread (its replies count as unread on the member's list), or stop."""
    require_member_who_can_post(user)
    return thread_visit(thread=thread, user=user, follow=follow)


def thread_visit(*, thread, user, read_to=None, follow=None):
    """Record that user has read thread up to post number read_to (never backwards)."""
    visit, _ = ThreadVisit.objects.get_or_create(user=user, thread=thread)
    updates = {}
    if read_to is not None and read_to > visit.last_read_number:
        ThreadVisit.objects.filter(pk=visit.pk).update(last_read_number=Greatest("last_read_number", read_to))
        visit.last_read_number = read_to
    if follow is not None and follow != visit.is_following:
        updates["is_following"] = follow
    if updates:
        ThreadVisit.objects.filter(pk=visit.pk).update(**updates)
        visit.is_following = follow
    return visit


@transaction.atomic
def thread_moderate(*, thread, moderator, pin=None, lock=None, move_to=None):
    """Pin, lock (the thread's moderators: the staff, a club's organisers) or move it to another book's
    board (the staff)."""
    access.require_moderates(moderator, thread)
    if move_to is not None:
        require_moderator(moderator)
    if pin is not None:
        thread.is_pinned = pin
    if lock is not None:
        thread.is_locked = lock
    if move_to is not None:
        thread.book = move_to
    thread.save(update_fields=["is_pinned", "is_locked", "book"])
    return thread
