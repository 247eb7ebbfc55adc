"""A member's Goodreads library written into the site: books matched or added, shelves, ratings,
reviews, dates read and tags, in chunks of rows, each chunk in one transaction.

Repeatable: each book imported is remembered (ImportedBook) with the moment it was written, so that a
second import of the same file changes nothing, a newer export updates what the last import wrote, and
whatever the member changed here since (their shelf, their rating or review) is kept and reported.

Fast: a chunk of rows costs a fixed number of queries, whatever its size; rows are written with
bulk_create and bulk_update, which send no signals, so the books' rating figures are recounted once
per book at the end (reviews.ratings) and the pages that show them are made stale from their
declared tags (pagecache) rather than once per row.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from books.isbn import isbn13_or_none, isbn_ten
from books.models import LISTINGS, Author, Book, Edition, Series, format_of
from books.search import refresh_search_vectors
from core.markdown import render_markdown
from core.text import normalise
from pagecache.tags import shown, tag
from reviews.models import Review
from reviews.ratings import book_ratings_refresh
from shelves.models import Shelf, ShelfEntry, ShelfTag
from shelves.progress import Progress

from .models import ImportedBook

CHUNK = 500
SHELF_OF = {"read": Shelf.READ, "currently-reading": Shelf.CURRENTLY_READING, "to-read": Shelf.WANT_TO_READ}


class Outcome:
    MATCHED = "matched"
    ADDED = "added"
    UNCHANGED = "unchanged"
    KEPT = "kept"
    SKIPPED = "skipped"


@dataclass
class Tally:
    """What the rows came to: counts, and the rows worth naming in the report."""

    counts: dict = field(default_factory=lambda: defaultdict(int))
    report: list = field(default_factory=list)
    rated_books: set = field(default_factory=set)
    touched_books: set = field(default_factory=set)

    def add(self, row, outcome, note="", book=None):
        self.counts[outcome] += 1
        self.report.append(
            {
                "line": row.line if row else None,
                "title": row.title if row else "",
                "outcome": outcome,
                "note": note,
                "book": book.slug if book else "",
            }
        )


def title_keys(row):
    """The normalised titles a row may be catalogued under: without its series suffix, and with it."""
    keys = [Book.make_title_key(row.title)]
    if row.series:
        keys.append(Book.make_title_key(f"{row.title} ({row.series}, #{row.series_position})"))
    return keys


def row_isbn13(row):
    """The ISBN-13 that names the member's edition (from either ISBN cell), or "" when it has none
    that checks out."""
    return isbn13_or_none(row.isbn13) or isbn13_or_none(row.isbn10) or ""


def match_books(rows):
    """{row line: Book} for the rows found in the catalogue: by the ISBN of one of its editions (either
    cell, as ISBN-13), then normalised title and any one author in common. Three queries, whatever the
    number of rows."""
    isbns = {row_isbn13(row) for row in rows} - {""}
    keys = {key for row in rows for key in title_keys(row)}
    by_isbn = _books_by_isbn(isbns)
    candidates = Book.objects.filter(title_key__in=keys).select_related("main_edition")
    books = {book.pk: book for book in candidates}
    authors = defaultdict(set)
    for book_id, name in Book.authors.through.objects.filter(book_id__in=list(books)).values_list(
        "book_id", "author__name"
    ):
        authors[book_id].add(normalise(name))
    by_title = defaultdict(list)
    for book in sorted(books.values(), key=lambda book: book.pk):
        by_title[book.title_key].append(book)
    found = {}
    for row in rows:
        book = by_isbn.get(row_isbn13(row))
        if book is None:
            wanted = {normalise(name) for name in row.authors}
            book = next((book for key in title_keys(row) for book in by_title[key] if authors[book.pk] & wanted), None)
        if book is not None:
            found[row.line] = book
    return found


def _books_by_isbn(isbns):
    if not isbns:
        return {}
    editions = Edition.objects.filter(isbn13__in=isbns).select_related("book__main_edition")
    return {edition.isbn13: edition.book for edition in editions}


def _unique_slugs(model, names):
    """{name: a slug no row of model has yet}: two queries."""
    bases = {name: (slugify(name)[:80].strip("-") or "untitled") for name in names}
    taken = set(model.objects.filter(slug__in=set(bases.values())).values_list("slug", flat=True))
    clashing = {base for base in bases.values() if base in taken}
    candidates = {f"{base}-{n}" for base in clashing for n in range(2, 12)}
    taken |= set(model.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    slugs = {}
    for name, base in bases.items():
        options = [base, *(f"{base}-{n}" for n in range(2, 12))]
        slug = next((option for option in options if option not in taken), f"{base}-{get_random_string(8).lower()}")
        taken.add(slug)
        slugs[name] = slug
    return slugs


def add_books(rows):
    """Catalogue the books of rows nobody has added yet, flagged for librarians: {row line: Book}.

    Rows naming one book (same title and first author) share it. Authors and series are found by
    name, else added. Each book gets its first edition from its first row (ISBN, pages, binding)."""
    firsts = {}
    for row in rows:
        firsts.setdefault((Book.make_title_key(row.title), normalise(row.authors[0])), row)
    names = {name for row in firsts.values() for name in row.authors}
    authors = {author.name: author for author in Author.objects.filter(name__in=names)}
    new_names = sorted(names - set(authors))
    new_authors = [
        Author(name=name, slug=slug, name_key=normalise(name)[:200])
        for name, slug in _unique_slugs(Author, new_names).items()
    ]
    Author.objects.bulk_create(new_authors, invalidates=(LISTINGS,))
    authors.update({author.name: author for author in Author.objects.filter(name__in=new_names)})
    series_names = {row.series for row in firsts.values() if row.series}
    series = {each.name: each for each in Series.objects.filter(name__in=series_names)}
    new_series = sorted(series_names - set(series))
    Series.objects.bulk_create(
        [Series(name=name, slug=slug) for name, slug in _unique_slugs(Series, new_series).items()],
        invalidates=(LISTINGS,),
    )
    series.update({each.name: each for each in Series.objects.filter(name__in=new_series)})

    slugs = _unique_slugs(Book, [f"{row.title} {row.authors[0]}" for row in firsts.values()])
    books = []
    for row in firsts.values():
        position = _position(row.series_position) if row.series else None
        books.append(
            Book(
                title=row.title,
                title_key=Book.make_title_key(row.title),
                slug=slugs[f"{row.title} {row.authors[0]}"],
                series=series.get(row.series),
                series_position=position,
                first_published=_year(row.year),
                first_published_precision="year",
                needs_review=True,
            )
        )
    Book.objects.bulk_create(books, invalidates=(LISTINGS,))
    made = {book.slug: book for book in Book.objects.filter(slug__in=[book.slug for book in books])}
    Book.authors.through.objects.bulk_create(
        [
            Book.authors.through(book_id=made[book.slug].pk, author_id=authors[name].pk)
            for book, row in zip(books, firsts.values(), strict=True)
            for name in row.authors
        ]
    )
    # Their first editions, then each book's main edition: two queries and an update per chunk.
    isbns = {row_isbn13(row) for row in firsts.values()} - {""}
    claimed = set(Edition.objects.filter(isbn13__in=isbns).values_list("isbn13", flat=True))
    editions = []
    for book, row in zip(books, firsts.values(), strict=True):
        isbn13 = row_isbn13(row)
        if isbn13 in claimed:
            isbn13 = ""
        claimed.add(isbn13)
        editions.append(_edition(made[book.slug], row, isbn13))
    Edition.objects.bulk_create(editions, invalidates=(LISTINGS,))
    by_pk = {book.pk: book for book in made.values()}
    for edition in Edition.objects.filter(book__in=by_pk):
        by_pk[edition.book_id].main_edition = edition
    Book.objects.bulk_update(list(by_pk.values()), ["main_edition"])
    refresh_search_vectors([book.pk for book in made.values()])
    added = {key: made[book.slug] for key, book in zip(firsts, books, strict=True)}
    return {row.line: added[(Book.make_title_key(row.title), normalise(row.authors[0]))] for row in rows}


def _edition(book, row, isbn13):
    """The edition a row names (its ISBN, pages, binding, publisher, year), of book; unsaved."""
    return Edition(
        book=book,
        isbn13=isbn13,
        isbn10=isbn_ten(isbn13) if isbn13 else "",
        pages=row.pages,
        format=format_of(row.binding),
        format_detail=row.binding,
        publisher=row.publisher,
        published_on=_year(row.year_published),
        published_precision="year",
    )


def member_editions(rows, books):
    """{row line: Edition} of the rows whose ISBN names an edition: found, or added to the row's book
    (the member read that edition). Two queries and one insert, whatever the number of rows."""
    wanted = {}
    for row in rows:
        isbn13 = row_isbn13(row)
        if isbn13 and row.line in books:
            wanted.setdefault(isbn13, row)
    if not wanted:
        return {}
    known = {edition.isbn13: edition for edition in Edition.objects.filter(isbn13__in=wanted)}
    new = [_edition(books[row.line], row, isbn13) for isbn13, row in wanted.items() if isbn13 not in known]
    if new:
        pages = {tag("book", book.slug) for book in (edition.book for edition in new)}
        Edition.objects.bulk_create(new, ignore_conflicts=True, invalidates=pages)
        known.update({edition.isbn13: edition for edition in Edition.objects.filter(isbn13__in=wanted)})
    found = {}
    for row in rows:
        edition = known.get(row_isbn13(row))
        # An ISBN that belongs to another book's edition names that book, not this one.
        if edition is not None and row.line in books and edition.book_id == books[row.line].pk:
            found[row.line] = edition
    return found


def _position(text):
    try:
        position = Decimal(text)
    except (InvalidOperation, TypeError):
        return None
    return position if 0 <= position < 100_000 else None


def _year(year):
    return date(year, 1, 1) if year else None


def import_rows(*, user, rows, tally):
    """Write one chunk of rows for user, in one transaction."""
    with transaction.atomic():
        _import_rows(user, rows, tally)


def _import_rows(user, rows, tally):
    books = match_books(rows)
    missing = [row for row in rows if row.line not in books]
    added = add_books(missing) if missing else {}
    books.update(added)
    editions = member_editions(rows, books)
    # The same book twice in a file: the first row counts.
    firsts, duplicates = {}, []
    for row in rows:
        book = books[row.line]
        if book.pk in firsts or book.pk in tally.touched_books:
            duplicates.append(row)
        else:
            firsts[book.pk] = row
    for row in duplicates:
        tally.add(row, Outcome.SKIPPED, "the same book as an earlier row", books[row.line])
    ids = list(firsts)
    entries = {entry.book_id: entry for entry in ShelfEntry.objects.filter(user=user, book_id__in=ids)}
    reviews = {review.book_id: review for review in Review.objects.by_members().filter(reviewer=user, book_id__in=ids)}
    imported = {row.book_id: row.imported_at for row in ImportedBook.objects.filter(user=user, book_id__in=ids)}
    now = timezone.now()
    new_entries, changed_entries, new_reviews, changed_reviews = [], [], [], []
    for book_id, row in firsts.items():
        book = books[row.line]
        since = imported.get(book_id)
        notes, changed = [], False
        entry = entries.get(book_id)
        wanted = _entry(user, book, row, now, editions.get(row.line))
        if entry is None:
            new_entries.append(wanted)
            changed = True
        elif since is None or entry.updated_at > since:
            notes.append("kept the shelf you chose here")
        elif _differs(entry, wanted, ENTRY_FIELDS):
            _copy(wanted, entry, ENTRY_FIELDS)
            changed_entries.append(entry)
            changed = True
        if row.rating or row.review:
            review = reviews.get(book_id)
            wanted_review = _review(user, book, row, now)
            if review is None:
                new_reviews.append(wanted_review)
                tally.rated_books.add(book_id)
                changed = True
            elif since is None or review.updated_at > since:
                notes.append("kept your rating and review here")
            elif _differs(review, wanted_review, REVIEW_FIELDS):
                _copy(wanted_review, review, REVIEW_FIELDS)
                changed_reviews.append(review)
                tally.rated_books.add(book_id)
                changed = True
        tally.touched_books.add(book_id)
        if row.line in added:
            tally.add(row, Outcome.ADDED, "; ".join(notes), book)
        elif notes:
            tally.add(row, Outcome.KEPT, "; ".join(notes), book)
        elif changed:
            tally.add(row, Outcome.MATCHED, "", book)
        else:
            tally.add(row, Outcome.UNCHANGED, "", book)
    # Their pages: the books' (and so their authors' and series'), the listings, the member's profile.
    pages = {*shown(Book).tags_in_database(ids)[0], tag("member", user.username)} if ids else set()
    # ignore_conflicts: a shelf or review the member made on the site meanwhile wins.
    ShelfEntry.objects.bulk_create(new_entries, ignore_conflicts=True, invalidates=pages)
    ShelfEntry.objects.bulk_update(changed_entries, [*ENTRY_FIELDS, "updated_at"])
    # And the books' lists of reviews (Review.page_tags), which imported reviews with text join.
    slugs = Book.objects.filter(pk__in=ids).values_list("slug", flat=True) if new_reviews else ()
    lists = {tag("reviews", slug) for slug in slugs}
    Review.objects.bulk_create(new_reviews, ignore_conflicts=True, invalidates=pages | lists)
    Review.objects.bulk_update(changed_reviews, [*REVIEW_FIELDS, "updated_at"])
    _add_tags(user, firsts)
    # After the writes, so that the rows just written count as the import's, not as the member's edits.
    stamp = timezone.now()
    ImportedBook.objects.bulk_create(
        [
            ImportedBook(user=user, book_id=book_id, goodreads_id=row.goodreads_id[:20], imported_at=stamp)
            for book_id, row in firsts.items()
        ],
        update_conflicts=True,
        unique_fields=["user", "book"],
        update_fields=["goodreads_id", "imported_at"],
    )


ENTRY_FIELDS = [
    "shelf",
    "edition",
    "finished_on",
    "progress_page",
    "progress_pages",
    "progress_percent",
    "progress_mark",
    "progress_at",
]
REVIEW_FIELDS = ["rating", "body", "body_html", "is_spoiler", "reviewed_on"]


def _entry(user, book, row, now, edition=None):
    entry = ShelfEntry(
        user=user,
        book=book,
        edition=edition,
        shelf=SHELF_OF[row.exclusive_shelf],
        finished_on=row.date_read,
        updated_at=now,
    )
    if entry.shelf == Shelf.READ:
        # Read means finished: clubs' discussions open up to the end for this reader.
        main = book.main_edition if book.main_edition_id else None
        entry.progress_page = entry.progress_pages = (edition and edition.pages) or (main and main.pages) or row.pages
        entry.progress_percent = 100
        entry.progress_at = now
        entry.progress_mark = Progress(entry.progress_page, entry.progress_pages, None, 100).mark()
    return entry


def _review(user, book, row, now):
    return Review(
        book=book,
        reviewer=user,
        source=Review.Source.MEMBER,
        rating=row.rating,
        body=row.review[:10_000],
        body_html=render_markdown(row.review[:10_000]) if row.review else "",
        is_spoiler=row.spoiler,
        reviewed_on=row.date_read or row.date_added or now.date(),
        updated_at=now,
    )


def _differs(current, wanted, fields):
    # progress_at and the like move on every import: they differ only when what they mark does.
    return any(getattr(current, name) != getattr(wanted, name) for name in fields if name not in ("progress_at",))


def _copy(source, target, fields):
    for name in fields:
        setattr(target, name, getattr(source, name))
    target.updated_at = source.updated_at


def _add_tags(user, firsts):
    wanted = {book_id: row.shelves for book_id, row in firsts.items() if row.shelves}
    if not wanted:
        return
    entries = ShelfEntry.objects.filter(user=user, book_id__in=wanted).values_list("pk", "book_id")
    ShelfTag.objects.bulk_create(
        [ShelfTag(entry_id=pk, name=name[:60]) for pk, book_id in entries for name in wanted[book_id]],
        ignore_conflicts=True,
    )


def finish(*, tally):
    """Once every chunk is in: recount the figures of the books rated, once each (their pages follow
    from the books' declared tags)."""
    book_ratings_refresh(tally.rated_books)
