"""Where a reader is in a book, and whether that is past a point (a milestone's end, a spoiler marker).

Pure functions over small values, so the same rule decides a thread's lock, a post's collapse and a
schedule's counts. A point names a page, a chapter or a percentage (any of them); a reader has passed
it when their progress reaches any one the point names: page 120 passes "page 120", chapter 9 passes
"chapter 9", and 100% (finished) passes everything.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    page: int | None = None
    chapter: int | None = None
    percent: int | None = None

    def __bool__(self):
        return any(value is not None for value in (self.page, self.chapter, self.percent))

    def label(self):
        """ "chapter 9", "page 120", "45%": how a reader says it (chapter first: editions differ in pages)."""
        if self.chapter is not None:
            return f"chapter {self.chapter}"
        if self.page is not None:
            return f"page {self.page}"
        if self.percent is not None:
            return f"{self.percent}%"
        return "the start"


@dataclass(frozen=True)
class Progress:
    page: int | None = None
    pages: int | None = None  # the length of the reader's edition
    chapter: int | None = None
    percent: int | None = None

    @property
    def finished(self):
        return self.percent is not None and self.percent >= 100

    def label(self):
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}" + (f" of {self.pages}" if self.pages else ""))
        if self.chapter is not None:
            parts.append(f"chapter {self.chapter}")
        if self.percent is not None and (self.page is None or self.finished):
            parts.append("finished" if self.finished else f"{self.percent}%")
        return ", ".join(parts) or "not started"

    def mark(self):
        """The progress as one short text (what a member's rows keep: pagecache.mine)."""
        return "/".join(
            "" if value is None else str(value) for value in (self.page, self.pages, self.chapter, self.percent)
        )

    @classmethod
    def from_mark(cls, mark):
        if not mark:
            return None
        try:
            values = [int(value) if value else None for value in mark.split("/")]
            return cls(*values[:4])
        except (TypeError, ValueError):
            return None


def percent_of(page, pages):
    if page is None or not pages:
        return None
    return min(100, page * 100 // pages)


def reached(progress, point):
    """Whether a reader at progress (or None: no progress recorded) has passed point."""
    if not point:
        return True
    if progress is None:
        return False
    if progress.finished:
        return True
    if point.page is not None and progress.page is not None and progress.page >= point.page:
        return True
    if point.chapter is not None and progress.chapter is not None and progress.chapter >= point.chapter:
        return True
    return point.percent is not None and progress.percent is not None and progress.percent >= point.percent
