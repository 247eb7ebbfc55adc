"""What a merge of two books does with members' shelves and reading progress.

Rule for a member who shelved both: the entry further along is kept (read, then currently reading,
then want to read; the later progress when they are on the same shelf); the other's tags join it, and
its date read and edition fill what the kept one lacks. Every progress update moves: a member's
reading history of both books becomes the history of one.
"""

from catalogue.merging import merge_step, on_both, on_edition_moved

from .models import ProgressUpdate, Shelf, ShelfEntry, ShelfTag

ALONG = {Shelf.WANT_TO_READ: 0, Shelf.CURRENTLY_READING: 1, Shelf.READ: 2}


def _further(entry):
    progress = entry.progress.share if entry.progress and entry.progress.share is not None else -1
    return (ALONG[entry.shelf], progress, entry.progress_at or entry.updated_at, entry.pk)


@merge_step("shelves.ShelfEntry.book", "shelves.ProgressUpdate.book")
def move_shelves(*, keep, gone, report):
    for user_id in on_both(ShelfEntry.objects.all(), "user", keep=keep, gone=gone):
        pair = sorted(ShelfEntry.objects.filter(book__in=[keep, gone], user_id=user_id), key=_further, reverse=True)
        kept, dropped = pair
        names = set(ShelfTag.objects.filter(entry=kept).values_list("name", flat=True))
        ShelfTag.objects.filter(entry=dropped).exclude(name__in=names).update(entry=kept)
        kept.finished_on = kept.finished_on or dropped.finished_on
        kept.edition = kept.edition or dropped.edition
        dropped.delete()
        kept.book = keep
        kept.save()
        report.note(user_id, f"Member #{user_id} had shelved both: kept the shelf further along, with both's tags.")
    report.count("shelf entries", ShelfEntry.objects.filter(book=gone).update(book=keep))
    report.count("progress updates", ProgressUpdate.objects.filter(book=gone).update(book=keep))


@on_edition_moved
def forget_a_moved_edition(*, edition, from_book, to_book):
    """A member who said they read an edition now of another book keeps their shelf and progress (counted
    in its pages or time, kept on the rows) and no longer names it."""
    ShelfEntry.objects.filter(book=from_book, edition=edition).update(edition=None)
    ProgressUpdate.objects.filter(book=from_book, edition=edition).update(edition=None)
