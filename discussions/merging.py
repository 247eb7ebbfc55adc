"""A merge of two books moves the merged book's threads to the kept book's board."""

from catalogue.merging import merge_step

from .models import Thread


@merge_step("discussions.Thread.book")
def move_threads(*, keep, gone, report):
    report.count("threads", Thread.objects.filter(book=gone).update(book=keep))
