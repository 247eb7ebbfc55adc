"""A merge of two books moves the meetings that discuss the merged one."""

from catalogue.merging import merge_step

from .models import Meeting


@merge_step("meetings.Meeting.book")
def move_meetings(*, keep, gone, report):
    report.count("meetings", Meeting.objects.filter(book=gone).update(book=keep))
