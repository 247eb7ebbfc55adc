"""A member's own progress on shared pages (see pagecache.holes)."""

from django.template.loader import get_template

from books.models import Book
from pagecache.holes import filler
from pagecache.mine import of

from .forms import ProgressForm
from .progress import Point, Progress, reached


@filler("progress_form")
def progress_form(request, holes):
    """The "I'm on page..." form of a book the member is reading, filled with where they are."""
    if not request.user.is_authenticated:
        return {}
    template = get_template("shelves/_progress_form.html")
    filled = {}
    books = Book.objects.in_bulk([int(args[0]) for args in holes])
    for args in holes:
        book = books.get(int(args[0]))
        if book is None:
            continue
        progress = Progress.from_mark(of(request).get("progress", book.pk))
        initial = {"pages": (progress and progress.pages) or book.pages}
        if progress:
            initial.update(page=progress.page, chapter=progress.chapter)
        filled[args] = template.render(
            {
                "book": book,
                "form": ProgressForm(initial=initial, auto_id=f"progress-{book.pk}-%s"),
                "progress": progress,
                "next": request.get_full_path(),
            },
        )
    return filled


def _check(args):
    if len(args) != 4:
        raise ValueError('{% choice "reached" book.pk page chapter percent %} takes a book and a point.')


@filler("reached", check=_check)
def reached_point(request, holes):
    """ "yes" where the member's progress in the book has passed the point (a spoiler marker, a
    thread's lock): what decides whether a marked post opens for them."""
    if not request.user.is_authenticated:
        return dict.fromkeys(holes, "no")
    picked = {}
    for args in holes:
        book, *point = args
        point = Point(*(int(value) if value not in ("", "None") else None for value in point))
        progress = Progress.from_mark(of(request).get("progress", book)) if book not in ("", "None") else None
        picked[args] = "yes" if reached(progress, point) else "no"
    return picked
