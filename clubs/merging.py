"""A merge of two books moves the clubs' picks (their schedules and milestone threads come with them)
and the books clubs are reading now."""

from catalogue.merging import merge_step

from .models import Club, Pick


@merge_step("clubs.Pick.book", "clubs.Club.current_book")
def move_picks(*, keep, gone, report):
    report.count("club picks", Pick.objects.filter(book=gone).update(book=keep))
    Club.objects.filter(current_book=gone).update(current_book=keep)
