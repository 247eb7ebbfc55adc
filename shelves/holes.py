"""A member's own progress on shared pages (see pagecache.holes)."""

from django.db.models import Prefetch
from django.template.loader import get_template
from django.utils.html import format_html

from books.models import Book, Edition
from pagecache.holes import filler
from pagecache.mine import of

from .forms import ProgressForm, progress_initial
from .models import ShelfEntry
from .progress import Point, Progress, reached

# The editions a progress form offers (a book with hundreds lists the newest; "of pages" covers the rest).
MAX_EDITIONS_OFFERED = 100


@filler("progress_form")
def progress_form(request, holes):
    """The "I'm on page..." form of a book the member is reading, filled with where they are, in the
    edition they read (three queries, whatever the number of holes)."""
    if not request.user.is_authenticated:
        return {}
    template = get_template("shelves/_progress_form.html")
    filled = {}
    wanted = [int(args[0]) for args in holes]
    books = Book.objects.select_related("main_edition").prefetch_related(
        Prefetch("editions", queryset=Edition.objects.in_order(), to_attr="listed_editions")
    )
    books = books.in_bulk(wanted)
    entries = {
        entry.book_id: entry
        for entry in ShelfEntry.objects.filter(user=request.user, book_id__in=wanted).select_related("edition")
    }
    for args in holes:
        book = books.get(int(args[0]))
        if book is None:
            continue
        entry = entries.get(book.pk)
        filled[args] = template.render(
            {
                "book": book,
                "form": ProgressForm(
                    initial=progress_initial(book, entry),
                    editions=book.listed_editions[:MAX_EDITIONS_OFFERED],
                    auto_id=f"progress-{book.pk}-%s",
                ),
                "progress": entry.progress if entry else None,
                "next": request.get_full_path(),
            },
        )
    return filled


def _check(args):
    if len(args) != 5:
        raise ValueError('{% choice "reached" book.pk page pages chapter percent %} takes a book and a point.')


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
