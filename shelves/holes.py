"""A member's own progress on shared pages (see pagecache.holes)."""

from django.template.loader import get_template
from django.utils.html import format_html

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


def _earlier_books(request, book_pks):
    """{book pk: [the earlier books of its series, in order]} for the books asked about (two queries
    a request, whatever the number of holes)."""
    memo = request.__dict__.setdefault("_earlier_books", {})
    missing = [pk for pk in book_pks if pk not in memo]
    if missing:
        books = Book.objects.filter(pk__in=missing, series__isnull=False, series_position__isnull=False)
        books = {book.pk: book for book in books.only("pk", "series_id", "series_position")}
        siblings = Book.objects.filter(series_id__in={book.series_id for book in books.values()}).only(
            "pk", "title", "series_id", "series_position"
        )
        by_series = {}
        for sibling in siblings.order_by("series_position", "title"):
            by_series.setdefault(sibling.series_id, []).append(sibling)
        for pk in missing:
            book = books.get(pk)
            memo[pk] = (
                [b for b in by_series.get(book.series_id, []) if b.series_position < book.series_position]
                if book
                else []
            )
    return {pk: memo[pk] for pk in book_pks}


@filler("read_earlier")
def read_earlier(request, holes):
    """ "yes" where the member has shelved as read every earlier book of the book's series: what opens
    a review or thread marked as spoiling them."""
    earlier = _earlier_books(request, [int(args[0]) for args in holes])
    mine = of(request)
    picked = {}
    for args in holes:
        books = earlier[int(args[0])]
        done = request.user.is_authenticated and all(mine.get("shelves", b.pk) == "read" for b in books)
        picked[args] = "yes" if done else "no"
    return picked


@filler("earlier_books")
def earlier_books(request, holes):
    """ "Spoils The Siege (#1)": what a series spoiler's folded summary says."""
    earlier = _earlier_books(request, [int(args[0]) for args in holes])
    said = {}
    for args in holes:
        books = earlier[int(args[0])]
        if len(books) > 3:
            names = f"the {len(books)} books before it in its series"
        else:
            names = " and ".join(f"{b.title} (#{b.series_position.normalize():f})" for b in books) or "earlier books"
        said[args] = format_html("Spoils {}", names)
    return said
