"""Positions across editions and formats (shelves.progress): pure values, the rule every gate, spoiler
marker and schedule count uses."""

import pytest

from shelves.progress import Point, Progress, clock, not_after, reached

HARDCOVER = 330


def milestone(page=None, chapter=None, percent=None, pages=HARDCOVER):
    return Point(page=page, pages=pages if page is not None else None, chapter=chapter, percent=percent)


@pytest.mark.parametrize(
    ("progress", "point", "passed"),
    [
        # The issue's own examples: a paperback reader and a listener against the hardcover's page 165.
        (Progress(page=250, pages=500), milestone(page=165), True),
        (Progress(page=249, pages=500), milestone(page=165), False),
        (Progress(seconds=5 * 3600, duration=10 * 3600), milestone(page=165), True),
        (Progress(seconds=5 * 3600 - 1, duration=10 * 3600), milestone(page=165), False),
        # Page 200 of 330 has passed "chapter 8", which ends at page 110 in the club's edition.
        (Progress(page=200, pages=HARDCOVER), milestone(chapter=8, page=110), True),
        (Progress(page=100, pages=HARDCOVER), milestone(chapter=8, page=110), False),
        # Chapters decide when both sides give one, whatever the pages say.
        (Progress(page=300, pages=HARDCOVER, chapter=7), milestone(chapter=8, page=110), False),
        (Progress(page=10, pages=HARDCOVER, chapter=8), milestone(chapter=8, page=110), True),
        # A chapter alone against a share alone cannot be compared: folded.
        (Progress(chapter=30), milestone(page=100), False),
        (Progress(page=300, pages=HARDCOVER), milestone(chapter=12), False),
        # The end of the book passes everything, weeks 2 and 3 included.
        (Progress(page=HARDCOVER, pages=HARDCOVER, percent=100), milestone(chapter=12), True),
        (Progress(percent=100), milestone(page=300), True),
        # Exact shares: a third is a third, whatever the edition.
        (Progress(page=110, pages=330), milestone(page=100, pages=300), True),
        (Progress(page=109, pages=330), milestone(page=100, pages=300), False),
        (Progress(percent=50), milestone(percent=50), True),
        (Progress(percent=49), milestone(page=165), False),
        # A page given before editions were known compares with pages only.
        (Progress(page=120), Point(page=120), True),
        (Progress(page=119, pages=400), Point(page=120), False),
        # No progress: closed; no point: open.
        (None, milestone(page=1), False),
        (None, Point(), True),
    ],
)
def test_reached_compares_by_chapter_else_by_share(progress, point, passed):
    assert reached(progress, point) is passed


def test_a_mark_keeps_a_listener_and_reads_older_marks():
    listener = Progress(seconds=1800, duration=36000, percent=5)
    assert Progress.from_mark(listener.mark()) == listener
    assert Progress.from_mark("120/330//36") == Progress(page=120, pages=330, percent=36)  # before audio
    assert Progress.from_mark("x/y") is None and Progress.from_mark("") is None


def test_labels():
    assert Progress(seconds=5 * 3600 + 30, duration=10 * 3600).label() == "5:00:30 of 10:00:00"
    assert Progress(page=12, pages=300, chapter=2).label() == "page 12 of 300, chapter 2"
    assert clock(42 * 60 + 10) == "42:10"
    assert milestone(chapter=9, page=110).label() == "chapter 9"


def test_a_schedule_goes_further_into_the_book_by_chapter_else_by_share():
    assert not_after(milestone(chapter=3), milestone(chapter=5))
    assert not not_after(milestone(page=200, pages=400), milestone(page=90, pages=330))
    assert not_after(milestone(page=100, pages=400), milestone(page=90, pages=330))
    assert not not_after(milestone(chapter=3), milestone(page=10))  # not comparable: not refused
