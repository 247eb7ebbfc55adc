from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.permissions import require_member_who_can_post
from books.models import Book

from .models import ProgressUpdate, Shelf, ShelfEntry
from .progress import Progress, clock, percent_of


@transaction.atomic
def shelf_set(*, user, book, shelf, edition=None):
    """Put book on one of user's shelves, or on none when shelf is None. Returns the entry or None.
    edition: the edition they read, if they say (else what they said before stays).

    Marking a book read moves the member's progress to its end."""
    require_member_who_can_post(user)
    if shelf is None:
        ShelfEntry.objects.filter(user=user, book=book).delete()
        return None
    if shelf not in Shelf.values:
        raise ValueError(f"unknown shelf: {shelf!r}")
    book = Book.objects.to_write(book)  # the book kept, if a librarian merged this one meanwhile
    _require_edition_of(book, edition)
    defaults = {"shelf": shelf, **({"edition": edition} if edition else {})}
    entry, _ = ShelfEntry.objects.update_or_create(user=user, book=book, defaults=defaults)
    if shelf == Shelf.READ and not (entry.progress and entry.progress.finished):
        own = entry.edition or book.main_edition
        pages = entry.progress_pages or (own.pages if own else None)
        duration = own.audio_seconds if own and not pages else None
        _record(
            entry,
            Progress(
                page=pages,
                pages=pages,
                chapter=entry.progress_chapter,
                percent=100,
                seconds=duration,
                duration=duration,
            ),
        )
    return entry


def _require_edition_of(book, edition):
    if edition is not None and edition.book_id != book.pk:
        raise ValidationError({"edition": "That edition belongs to another book."})


def progress_check(*, book, edition=None, page=None, pages=None, chapter=None, percent=None, seconds=None):
    """The Progress these figures make, counted in the reader's edition (else the book's main one), or
    ValidationError saying what is wrong with them."""
    _require_edition_of(book, edition)
    own = edition or book.main_edition
    pages = pages or (own.pages if own else None)
    duration = own.audio_seconds if own else None
    if page is None and chapter is None and percent is None and seconds is None:
        raise ValidationError("Give a page, a time, a chapter or a percentage.")
    if page is not None and pages and page > pages:
        raise ValidationError(
            {"page": f"Page {page:,} is past the last page ({pages:,}): give the pages of your edition."}
        )
    if seconds is not None and duration and seconds > duration:
        raise ValidationError(
            {"time": f"{clock(seconds)} is past the end of the audiobook ({clock(duration)}): choose your edition."}
        )
    if seconds is not None and not duration:
        raise ValidationError({"time": "Choose the audiobook you listen to, so that the time means something."})
    if chapter is not None and own and own.chapters and chapter > own.chapters:
        raise ValidationError({"chapter": f"This edition has {own.chapters} chapters."})
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": "A percentage is between 0 and 100."})
    if percent is None:
        percent = percent_of(page, pages) if page is not None else percent_of(seconds, duration)
    return Progress(
        page=page,
        pages=pages if page is not None else None,
        chapter=chapter,
        percent=percent,
        seconds=seconds,
        duration=duration if seconds is not None else None,
    )


@transaction.atomic
def progress_record(*, user, book, edition=None, page=None, pages=None, chapter=None, percent=None, seconds=None):
    """Record where user is in book (each update is kept), in their edition (which their shelf entry
    remembers). A book not on a shelf yet, or only wanted, moves to currently reading. Returns the
    shelf entry."""
    require_member_who_can_post(user)
    book = Book.objects.to_write(book)  # the book kept, if a librarian merged this one meanwhile
    entry = ShelfEntry.objects.select_for_update().filter(user=user, book=book).first()
    edition = edition or (entry.edition if entry else None)
    progress = progress_check(
        book=book, edition=edition, page=page, pages=pages, chapter=chapter, percent=percent, seconds=seconds
    )
    if entry is None or entry.shelf == Shelf.WANT_TO_READ:
        entry, _ = ShelfEntry.objects.update_or_create(
            user=user, book=book, defaults={"shelf": Shelf.CURRENTLY_READING}
        )
    if edition is not None and entry.edition_id != edition.pk:
        entry.edition = edition
        entry.save(update_fields=["edition"])
    _record(entry, progress)
    return entry


def _record(entry, progress):
    entry.progress_page, entry.progress_pages = progress.page, progress.pages
    entry.progress_chapter, entry.progress_percent = progress.chapter, progress.percent
    entry.progress_seconds, entry.progress_duration = progress.seconds, progress.duration
    entry.progress_at = timezone.now()
    entry.save(
        update_fields=[
            "progress_page",
            "progress_pages",
            "progress_chapter",
            "progress_percent",
            "progress_seconds",
            "progress_duration",
            "progress_at",
        ]
    )
    ProgressUpdate.objects.create(
        user_id=entry.user_id,
        book_id=entry.book_id,
        edition_id=entry.edition_id,
        page=progress.page,
        pages=progress.pages,
        chapter=progress.chapter,
        percent=progress.percent,
        seconds=progress.seconds,
        duration=progress.duration,
    )
