"""A member's data, out: their library as a Goodreads export (which Goodreads, StoryGraph and this
site import), and everything as one JSON archive. Both are streamed a page of rows at a time, each
page in a fixed number of queries, so a library of any size costs the same per row."""

import json

from django.utils import timezone

from accounts.models import Follow
from clubs.models import Membership
from discussions.models import Post
from meetings.models import Rsvp
from reviews.models import Review, ReviewComment
from shelves.models import ProgressUpdate, Shelf, ShelfEntry, ShelfTag

from . import goodreads

PAGE = 500
GOODREADS_SHELF = {Shelf.READ: "read", Shelf.CURRENTLY_READING: "currently-reading", Shelf.WANT_TO_READ: "to-read"}


def pages(queryset, size=PAGE):
    """The queryset's rows, a page at a time, in primary-key order (keyset: no OFFSET to grow)."""
    last = 0
    while True:
        page = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not page:
            return
        yield page
        last = page[-1].pk


def library_csv(user):
    """The member's library as a Goodreads export: text pieces to stream."""
    yield "\ufeff" + goodreads.write([])  # the header; the BOM, as Goodreads writes it, for spreadsheets
    entries = (
        ShelfEntry.objects.filter(user=user)
        .select_related("book__series", "book__main_edition", "edition")
        .prefetch_related("book__authors")
    )
    for page in pages(entries):
        books = [entry.book_id for entry in page]
        reviews = {r.book_id: r for r in Review.objects.by_members().filter(reviewer=user, book_id__in=books)}
        tags = {}
        for entry_id, name in ShelfTag.objects.filter(entry__in=page).values_list("entry_id", "name"):
            tags.setdefault(entry_id, []).append(name)
        rows = [_row(entry.book, entry, reviews.get(entry.book_id), tags.get(entry.pk, [])) for entry in page]
        yield _body(goodreads.write(rows))
    # Books rated or reviewed but never shelved: Goodreads counts a rated book as read.
    unshelved = (
        Review.objects.by_members()
        .filter(reviewer=user)
        .exclude(book__in=ShelfEntry.objects.filter(user=user).values("book"))
        .select_related("book__series", "book__main_edition")
        .prefetch_related("book__authors")
    )
    for page in pages(unshelved):
        yield _body(goodreads.write([_row(review.book, None, review, []) for review in page]))


def _body(text):
    return text.split("\n", 1)[1]  # write() starts every piece with the header


def _row(book, entry, review, tags):
    authors = [author.name for author in book.authors.all()]
    shelf = GOODREADS_SHELF[entry.shelf] if entry else "read"
    title = book.title
    if book.series_id:
        position = f", #{book.series_position_display}" if book.series_position is not None else ""
        title = f"{title} ({book.series.name}{position})"
    year = book.first_published.year if book.first_published else ""
    read = entry.finished_on if entry and entry.finished_on else None
    added = entry.created_at if entry else review.created_at
    body = review.body if review else ""
    # The edition the member read, else the book's main one: Goodreads' rows are editions.
    edition = (entry and entry.edition) or book.main_edition
    return {
        "Book Id": book.pk,
        "Title": title,
        "Author": authors[0] if authors else "",
        "Author l-f": _last_first(authors[0]) if authors else "",
        "Additional Authors": ", ".join(authors[1:]),
        "ISBN": goodreads.isbn_cell(edition.isbn10 if edition else ""),
        "ISBN13": goodreads.isbn_cell(edition.isbn13 if edition else ""),
        "My Rating": (review.rating or 0) if review else 0,
        "Average Rating": f"{book.rating_average:.2f}" if book.rating_average else "0.00",
        "Publisher": edition.publisher if edition else "",
        "Binding": edition.format_label if edition else "",
        "Number of Pages": (edition.pages if edition else None) or "",
        "Year Published": edition.published_on.year if edition and edition.published_on else year,
        "Original Publication Year": year,
        "Date Read": read.strftime("%Y/%m/%d") if read else "",
        "Date Added": timezone.localdate(added).strftime("%Y/%m/%d"),
        "Bookshelves": ", ".join([*tags, *([shelf] if shelf != "read" else [])]),
        "Bookshelves with positions": "",
        "Exclusive Shelf": shelf,
        "My Review": body.replace("\r\n", "\n").replace("\n", "<br/>"),
        "Spoiler": "true" if review and review.is_spoiler else "",
        "Private Notes": "",
        "Read Count": 1 if shelf == "read" else 0,
        "Owned Copies": 0,
    }


def _last_first(name):
    parts = name.rsplit(" ", 1)
    return f"{parts[1]}, {parts[0]}" if len(parts) == 2 else name


def archive_json(user, request_time=None):
    """Everything the member put on the site, as one JSON document: text pieces to stream."""
    yield "{\n"
    yield _field("format", "bookclub-archive/1")
    yield _field("exported_at", (request_time or timezone.now()).isoformat())
    yield _field(
        "profile",
        {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "bio": user.bio,
            "time_zone": user.time_zone,
            "joined": user.date_joined.isoformat(),
        },
    )
    sections = [
        (
            "shelves",
            ShelfEntry.objects.filter(user=user)
            .select_related("book__main_edition", "edition")
            .prefetch_related("tags"),
            lambda e: {
                "book": _book(e.book),
                "edition": _edition(e.edition),
                "shelf": e.shelf,
                "date_read": _date(e.finished_on),
                "tags": [t.name for t in e.tags.all()],
                "progress": e.progress.label() if e.progress else None,
                "added": e.created_at.isoformat(),
            },
        ),
        (
            "progress",
            ProgressUpdate.objects.filter(user=user).select_related("book__main_edition", "edition"),
            lambda p: {
                "book": _book(p.book),
                "edition": _edition(p.edition),
                "page": p.page,
                "pages": p.pages,
                "chapter": p.chapter,
                "percent": p.percent,
                "seconds": p.seconds,
                "duration": p.duration,
                "at": p.created_at.isoformat(),
            },
        ),
        (
            "reviews",
            Review.objects.by_members().filter(reviewer=user).select_related("book__main_edition"),
            lambda r: {
                "book": _book(r.book),
                "rating": r.rating,
                "review": r.body,
                "spoiler": r.is_spoiler,
                "reviewed_on": _date(r.reviewed_on),
                "url": r.get_absolute_url(),
            },
        ),
        (
            "comments",
            ReviewComment.objects.filter(author=user).select_related("review__book__main_edition"),
            lambda c: {
                "on_review": c.review.get_absolute_url(),
                "book": _book(c.review.book),
                "comment": c.body,
                "at": c.created_at.isoformat(),
            },
        ),
        (
            "posts",
            Post.objects.filter(author=user, is_deleted=False).select_related("thread"),
            lambda p: {
                "thread": p.thread.title,
                "url": p.get_absolute_url(),
                "post": p.body,
                "at": p.created_at.isoformat(),
                "edited_at": p.edited_at.isoformat() if p.edited_at else None,
            },
        ),
        (
            "clubs",
            Membership.objects.filter(user=user).select_related("club"),
            lambda m: {
                "club": m.club.name,
                "url": m.club.get_absolute_url(),
                "role": m.role,
                "joined": m.joined_at.isoformat(),
            },
        ),
        (
            "meeting_answers",
            Rsvp.objects.filter(user=user).select_related("meeting"),
            lambda a: {
                "meeting": a.meeting.title,
                "starts_at": a.meeting.starts_at.isoformat(),
                "answer": a.answer,
                "waiting": a.waiting,
            },
        ),
        (
            "following",
            Follow.objects.filter(follower=user).select_related("followed"),
            lambda f: {"member": f.followed.username, "since": f.created_at.isoformat()},
        ),
        (
            "followers",
            Follow.objects.filter(followed=user).select_related("follower"),
            lambda f: {"member": f.follower.username, "since": f.created_at.isoformat()},
        ),
    ]
    for number, (name, queryset, shape) in enumerate(sections):
        yield f"  {json.dumps(name)}: ["
        first = True
        for page in pages(queryset):
            for row in page:
                yield ("\n    " if first else ",\n    ") + json.dumps(shape(row), ensure_ascii=False)
                first = False
        yield ("\n  ]" if not first else "]") + (",\n" if number < len(sections) - 1 else "\n")
    yield "}\n"


def _field(name, value):
    return f"  {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)},\n"


def _book(book):
    main = book.main_edition if book.main_edition_id else None
    return {"title": book.title, "url": book.get_absolute_url(), "isbn13": (main and main.isbn13) or None}


def _edition(edition):
    if edition is None:
        return None
    return {
        "isbn13": edition.isbn13 or None,
        "format": edition.format or None,
        "title": edition.title or None,  # only where it differs from the book's
        "pages": edition.pages,
        "audio_seconds": edition.audio_seconds,
    }


def _date(value):
    return value.isoformat() if value else None
