"""A merge of two books moves the clubs' picks (their schedules and milestone threads come with them)
and the books clubs are reading now."""

from catalogue.merging import merge_step, on_edition_moved

from .models import Club, Pick


@merge_step("clubs.Pick.book", "clubs.Club.current_book")
def move_picks(*, keep, gone, report):
    report.count("club picks", Pick.objects.filter(book=gone).update(book=keep))
    Club.objects.filter(current_book=gone).update(current_book=keep)


@on_edition_moved
def forget_a_moved_edition(*, edition, from_book, to_book):
    """A club whose schedule counted in an edition now of another book keeps its schedule (each milestone
    keeps its page and the length it was counted in) and chooses its edition again."""
    Pick.objects.filter(book=from_book, edition=edition).update(edition=None)
