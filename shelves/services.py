from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.permissions import require_member_who_can_post

from .models import ProgressUpdate, Shelf, ShelfEntry
from .progress import Progress, percent_of


@transaction.atomic
def shelf_set(*, user, book, shelf):
    """Put book on one of user's shelves, or on none when shelf is None. Returns the entry or None.

    Marking a book read moves the member's progress to its end."""
    require_member_who_can_post(user)
    if shelf is None:
        ShelfEntry.objects.filter(user=user, book=book).delete()
        return None
    if shelf not in Shelf.values:
        raise ValueError(f"unknown shelf: {shelf!r}")
    entry, _ = ShelfEntry.objects.update_or_create(user=user, book=book, defaults={"shelf": shelf})
    if shelf == Shelf.READ and not (entry.progress and entry.progress.finished):
        pages = entry.progress_pages or book.pages
        _record(entry, Progress(page=pages, pages=pages, chapter=entry.progress_chapter, percent=100))
    return entry


def progress_check(*, book, page=None, pages=None, chapter=None, percent=None):
    """The Progress these figures make, or ValidationError saying what is wrong with them."""
    pages = pages or book.pages
    if page is None and chapter is None and percent is None:
        raise ValidationError("Give a page, a chapter or a percentage.")
    if page is not None and pages and page > pages:
        raise ValidationError(
            {"page": f"Page {page:,} is past the last page ({pages:,}): give the pages of your edition."}
        )
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": "A percentage is between 0 and 100."})
    if page is not None:
        percent = percent_of(page, pages) if percent is None else percent
    return Progress(page=page, pages=pages if page is not None else None, chapter=chapter, percent=percent)


@transaction.atomic
def progress_record(*, user, book, page=None, pages=None, chapter=None, percent=None):
    """Record where user is in book (each update is kept). A book not on a shelf yet, or only wanted,
    moves to currently reading. Returns the shelf entry."""
    require_member_who_can_post(user)
    progress = progress_check(book=book, page=page, pages=pages, chapter=chapter, percent=percent)
    entry = ShelfEntry.objects.select_for_update().filter(user=user, book=book).first()
    if entry is None or entry.shelf == Shelf.WANT_TO_READ:
        entry, _ = ShelfEntry.objects.update_or_create(
            user=user, book=book, defaults={"shelf": Shelf.CURRENTLY_READING}
        )
    _record(entry, progress)
    return entry


def _record(entry, progress):
    entry.progress_page, entry.progress_pages = progress.page, progress.pages
    entry.progress_chapter, entry.progress_percent = progress.chapter, progress.percent
    entry.progress_at = timezone.now()
    entry.save(update_fields=["progress_page", "progress_pages", "progress_chapter", "progress_percent", "progress_at"])
    ProgressUpdate.objects.create(
        user_id=entry.user_id,
        book_id=entry.book_id,
        page=progress.page,
        pages=progress.pages,
        chapter=progress.chapter,
        percent=progress.percent,
    )
