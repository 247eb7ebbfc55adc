"""Where a reader is in a book, and whether that is past a point (a milestone's end, a spoiler marker).

Pure functions over small values, so the same rule decides a thread's lock, a post's collapse and a
schedule's counts, whatever edition or format each side used:

- A reader's progress is counted in their own edition: a page of its pages, a time of its audio
  length, a chapter, or a percentage. A point is a chapter, a page of a stated number of pages (the
  edition it was given in), or a percentage.
- When both sides know the chapter, chapters decide. Otherwise each side's share of the book does,
  as an exact fraction: page 250 of a 500-page paperback has passed page 165 of the 330-page
  hardcover, and so has 5:00 of a 10:00 audiobook.
- What cannot be compared stays closed (a spoiler stays folded): a reader with no progress, or with
  only a chapter against a point known only as a share. Finishing the book passes everything.
"""

from dataclasses import dataclass
from fractions import Fraction


def _share(part, whole):
    if part is None or not whole:
        return None
    return Fraction(min(part, whole), whole)


@dataclass(frozen=True)
class Point:
    page: int | None = None
    pages: int | None = None  # the length of the edition page is counted in, when known
    chapter: int | None = None
    percent: int | None = None

    def __bool__(self):
        return any(value is not None for value in (self.page, self.chapter, self.percent))

    @property
    def share(self):
        """How far into the book it lies (a Fraction), or None when only a chapter says it."""
        if self.page is not None and self.pages:
            return _share(self.page, self.pages)
        if self.percent is not None:
            return Fraction(min(self.percent, 100), 100)
        return None

    def label(self):
        """ "chapter 9", "page 120", "45%": how a reader says it (chapter first: editions differ in pages)."""
        if self.chapter is not None:
            return f"chapter {self.chapter}"
        if self.page is not None:
            return f"page {self.page}"
        if self.percent is not None:
            return f"{self.percent}%"
        return "the start"

    def args(self):
        """The values a {% choice "reached" %} carries in a page, in order."""
        return (self.page, self.pages, self.chapter, self.percent)


@dataclass(frozen=True)
class Progress:
    page: int | None = None
    pages: int | None = None  # the length of the reader's edition, in pages
    chapter: int | None = None
    percent: int | None = None
    seconds: int | None = None  # where a listener is in an audiobook
    duration: int | None = None  # the audiobook's length, in seconds

    @property
    def finished(self):
        return self.percent is not None and self.percent >= 100

    @property
    def share(self):
        """How far into the book the reader is (a Fraction), or None when only a chapter says it."""
        if self.finished:
            return Fraction(1)
        if self.page is not None and self.pages:
            return _share(self.page, self.pages)
        if self.seconds is not None and self.duration:
            return _share(self.seconds, self.duration)
        if self.percent is not None:
            return Fraction(self.percent, 100)
        return None

    def label(self):
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}" + (f" of {self.pages}" if self.pages else ""))
        if self.seconds is not None:
            parts.append(clock(self.seconds) + (f" of {clock(self.duration)}" if self.duration else ""))
        if self.chapter is not None:
            parts.append(f"chapter {self.chapter}")
        if self.percent is not None and ((self.page is None and self.seconds is None) or self.finished):
            parts.append("finished" if self.finished else f"{self.percent}%")
        return ", ".join(parts) or "not started"

    def mark(self):
        """The progress as one short text (what a member's rows keep: pagecache.mine)."""
        values = (self.page, self.pages, self.chapter, self.percent, self.seconds, self.duration)
        return "/".join("" if value is None else str(value) for value in values)

    @classmethod
    def from_mark(cls, mark):
        if not mark:
            return None
        try:
            values = [int(value) if value else None for value in mark.split("/")]
            return cls(*values[:6])
        except (TypeError, ValueError):
            return None


def clock(seconds):
    """5:00:00 for five hours, 42:10 for less than one: a place in an audiobook."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def percent_of(part, whole):
    if part is None or not whole:
        return None
    return min(100, part * 100 // whole)


def reached(progress, point):
    """Whether a reader at progress (or None: no progress recorded) has passed point."""
    if not point:
        return True
    if progress is None:
        return False
    if progress.finished:
        return True
    if point.chapter is not None and progress.chapter is not None:
        return progress.chapter >= point.chapter
    ahead, behind = progress.share, point.share
    if ahead is not None and behind is not None:
        return ahead >= behind
    # A page given without the length of its edition (written before editions were known): pages
    # compare only with pages.
    if point.page is not None and not point.pages and progress.page is not None:
        return progress.page >= point.page
    return False


def not_after(end, before):
    """Whether point end lies no further into the book than point before (a schedule's order): by
    chapter when both name one, else by share, else by page."""
    if end.chapter is not None and before.chapter is not None:
        return end.chapter <= before.chapter
    if end.share is not None and before.share is not None:
        return end.share <= before.share
    if end.page is not None and before.page is not None:
        return end.page <= before.page
    return False
