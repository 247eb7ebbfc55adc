"""Writing Open Library's dumps into the catalogue (catalogue.openlibrary reads them).

Two readings of each file: the first checks every line and chooses what to import (the editions the
filters keep, their works, and those works' authors); the second writes, in one transaction, in
chunks of bulk statements (a fixed number of queries per chunk). Rows are found by their Open Library
id first, so importing again changes nothing twice; an edition a member added with the same ISBN gets
the id (and keeps what the member typed), and an author the catalogue has under the same name, without
an id, is that author. What is already in the catalogue is filled in, never overwritten: librarians'
edits win.
"""

import sys
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.text import slugify

from books.models import Author, Book, Edition
from books.search import refresh_search_vectors
from core.text import normalise
from pagecache.cache import invalidate_everything

from . import openlibrary as ol

CHUNK = 2_000


@dataclass
class Counts:
    read: dict = field(default_factory=lambda: {"authors": 0, "works": 0, "editions": 0})
    added: dict = field(default_factory=lambda: {"authors": 0, "books": 0, "editions": 0})
    found: dict = field(default_factory=lambda: {"authors": 0, "books": 0, "editions": 0})
    skipped: dict = field(default_factory=dict)

    def skip(self, why, n=1):
        self.skipped[why] = self.skipped.get(why, 0) + n

    def line(self):
        parts = [f"{kind}={n}" for kind, n in self.added.items()]
        parts += [f"already_{kind}={n}" for kind, n in self.found.items()]
        parts += [f"skipped_{why.replace(' ', '_')}={n}" for why, n in sorted(self.skipped.items())]
        return " ".join(parts)


class Progress:
    """ "editions: 120,000 lines" on one line of stderr, now and then."""

    def __init__(self, stream, label, every=50_000):
        self.stream, self.label, self.every, self.n = stream, label, every, 0

    def tick(self):
        self.n += 1
        if self.stream and self.n % self.every == 0:
            self.stream.write(f"\r{self.label}: {self.n:,} lines")
            self.stream.flush()

    def done(self):
        if self.stream:
            self.stream.write(f"\r{self.label}: {self.n:,} lines\n")
            self.stream.flush()


def _chunks(items, size=CHUNK):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _unique_slugs(model, names):
    """[slug] for names, none taken by a row of model nor by each other (two queries a chunk)."""
    bases = [(slugify(name)[:70].strip("-") or "untitled") for name in names]
    taken = set(model.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    suffixed = {f"{base}-{n}" for base in set(bases) & taken for n in range(2, 50)}
    taken |= set(model.objects.filter(slug__in=suffixed).values_list("slug", flat=True)) if suffixed else set()
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def import_dumps(*, authors=None, works=None, editions=None, languages=(), with_isbn=False, stream=sys.stderr):
    """Import the dump files given (paths; any may be None). languages: ISO codes an edition must be in;
    with_isbn: only editions with a valid ISBN. Returns Counts; ol.DumpError before anything is written."""
    counts = Counts()
    languages = set(languages or ())
    wanted_editions, wanted_works, wanted_authors = set(), None, set()

    # First reading: every line well formed, and what to import.
    if editions:
        wanted_works = set()
        progress = Progress(stream, "editions (checking)")
        for _, key, record in ol.records(editions, "editions"):
            progress.tick()
            counts.read["editions"] += 1
            found = ol.edition(key, record)
            if found is None:
                counts.skip("no work")
            elif with_isbn and not found.isbn13:
                counts.skip("no isbn")
            elif languages and found.language not in languages:
                counts.skip("other language")
            else:
                wanted_editions.add(key)
                wanted_works.add(found.work)
                wanted_authors.update(found.authors)
        progress.done()
    if works:
        progress = Progress(stream, "works (checking)")
        for _, key, record in ol.records(works, "works"):
            progress.tick()
            counts.read["works"] += 1
            if wanted_works is None or key in wanted_works:
                wanted_authors.update(ol.work(key, record).authors)
        progress.done()
    if authors:
        progress = Progress(stream, "authors (checking)")
        for _ in ol.records(authors, "authors"):
            progress.tick()
            counts.read["authors"] += 1
        progress.done()
    everyone = not works and not editions  # an authors file alone: all of it

    # Second reading: the writes, all or nothing.
    touched = set()
    with transaction.atomic():
        if authors:
            rows = (
                ol.author(key, record)
                for _, key, record in ol.records(authors, "authors")
                if everyone or key in wanted_authors
            )
            for chunk in _chunks(rows):
                _write_authors(chunk, counts)
        if works:
            rows = (
                ol.work(key, record)
                for _, key, record in ol.records(works, "works")
                if wanted_works is None or key in wanted_works
            )
            for chunk in _chunks(rows):
                touched |= _write_works(chunk, counts)
        if editions:
            rows = (
                ol.edition(key, record) for _, key, record in ol.records(editions, "editions") if key in wanted_editions
            )
            for chunk in _chunks(rows):
                touched |= _write_editions(chunk, counts)
        first = Edition.objects.filter(book=OuterRef("pk")).order_by("pk").values("pk")[:1]
        Book.objects.filter(main_edition__isnull=True, editions__isnull=False).distinct().update(
            main_edition=Subquery(first)
        )
        for chunk in _chunks(sorted(touched)):
            refresh_search_vectors(chunk)
        transaction.on_commit(invalidate_everything)
    return counts


def _write_authors(chunk, counts):
    known = {a.openlibrary_id: a for a in Author.objects.filter(openlibrary_id__in=[r.key for r in chunk])}
    named = {}
    for author in Author.objects.filter(openlibrary_id="", name_key__in={normalise(r.name) for r in chunk}):
        named.setdefault(author.name_key, []).append(author)
    new, claimed = [], []
    for row in chunk:
        if row.key in known:
            counts.found["authors"] += 1
            continue
        same = named.get(normalise(row.name), [])
        if len(same) == 1 and same[0] not in claimed:  # one author of that name, without an id: the same
            same[0].openlibrary_id = row.key
            same[0].bio = same[0].bio or row.bio
            claimed.append(same[0])
            counts.found["authors"] += 1
        else:
            new.append(row)
    Author.objects.bulk_update(claimed, ["openlibrary_id", "bio"])
    slugs = _unique_slugs(Author, [row.name for row in new])
    Author.objects.bulk_create(
        [
            Author(name=row.name, name_key=normalise(row.name)[:200], slug=slug, bio=row.bio, openlibrary_id=row.key)
            for row, slug in zip(new, slugs, strict=True)
        ]
    )
    counts.added["authors"] += len(new)


def _write_works(chunk, counts):
    known = {b.openlibrary_id: b for b in Book.objects.filter(openlibrary_id__in=[r.key for r in chunk])}
    new = [row for row in chunk if row.key not in known]
    counts.found["books"] += len(chunk) - len(new)
    # A work the catalogue has: what it lacks is filled in; what it has stays (librarians' edits win).
    filled = []
    for row in chunk:
        book = known.get(row.key)
        if book is not None and not book.description and row.description:
            book.description = row.description
            filled.append(book)
    Book.objects.bulk_update(filled, ["description"])
    people = {
        a.openlibrary_id: a.pk
        for a in Author.objects.filter(openlibrary_id__in={key for row in new for key in row.authors})
    }
    slugs = _unique_slugs(Book, [f"{row.title} {row.key}" for row in new])
    books = []
    for row, slug in zip(new, slugs, strict=True):
        first, precision = row.first_published
        books.append(
            Book(
                title=row.title,
                title_key=Book.make_title_key(row.title),
                slug=slug,
                description=row.description,
                first_published=first,
                first_published_precision=precision,
                openlibrary_id=row.key,
            )
        )
    Book.objects.bulk_create(books)
    made = {b.openlibrary_id: b.pk for b in Book.objects.filter(openlibrary_id__in=[row.key for row in new])}
    Book.authors.through.objects.bulk_create(
        [
            Book.authors.through(book_id=made[row.key], author_id=people[key])
            for row in new
            for key in dict.fromkeys(row.authors)
            if key in people
        ],
        ignore_conflicts=True,
    )
    counts.added["books"] += len(new)
    return set(made.values()) | {book.pk for book in filled}


def _write_editions(chunk, counts):
    known = set(
        Edition.objects.filter(openlibrary_id__in=[r.key for r in chunk]).values_list("openlibrary_id", flat=True)
    )
    by_isbn = {
        e.isbn13: e for e in Edition.objects.filter(isbn13__in={r.isbn13 for r in chunk if r.isbn13}, openlibrary_id="")
    }
    books = dict(Book.objects.filter(openlibrary_id__in={r.work for r in chunk}).values_list("openlibrary_id", "pk"))
    taken = set(
        Edition.objects.filter(isbn13__in={r.isbn13 for r in chunk if r.isbn13}).values_list("isbn13", flat=True)
    )
    new, claimed, translated = [], [], []
    for row in chunk:
        if row.key in known:
            counts.found["editions"] += 1
            continue
        mine = by_isbn.get(row.isbn13)
        if mine is not None and mine not in claimed:
            # A member added this edition: it gets the id and what it lacks, and keeps what they typed.
            mine.openlibrary_id = row.key
            mine.pages = mine.pages or row.pages
            mine.publisher = mine.publisher or row.publisher
            mine.language = mine.language or row.language
            claimed.append(mine)
            counts.found["editions"] += 1
            continue
        if row.work not in books:
            counts.skip("work not imported")
            continue
        isbn13 = row.isbn13 if row.isbn13 not in taken else ""
        taken.add(isbn13)
        published, precision = row.published
        new.append(
            Edition(
                book_id=books[row.work],
                title=row.title if row.title else "",
                format=row.format,
                format_detail=row.format_detail,
                isbn13=isbn13,
                isbn10=row.isbn10 if isbn13 else "",
                pages=row.pages,
                language=row.language,
                publisher=row.publisher,
                published_on=published,
                published_precision=precision,
                openlibrary_id=row.key,
            )
        )
        if row.translators:
            translated.append(row)
    Edition.objects.bulk_update(claimed, ["openlibrary_id", "pages", "publisher", "language"])
    Edition.objects.bulk_create(new)
    counts.added["editions"] += len(new)
    if translated:
        _translators(translated)
    return {edition.book_id for edition in new} | {edition.book_id for edition in claimed}


def _translators(rows):
    """The translators named on editions, found by name or added, linked (three queries and two inserts)."""
    names = {name for row in rows for name in row.translators}
    people = {a.name_key: a for a in Author.objects.filter(name_key__in={normalise(n) for n in names})}
    missing = sorted({n for n in names if normalise(n) not in people}, key=normalise)
    missing = list({normalise(n): n for n in missing}.values())
    slugs = _unique_slugs(Author, missing)
    Author.objects.bulk_create(
        [Author(name=n, name_key=normalise(n)[:200], slug=s) for n, s in zip(missing, slugs, strict=True)]
    )
    people.update({a.name_key: a for a in Author.objects.filter(name_key__in={normalise(n) for n in missing})})
    editions = dict(
        Edition.objects.filter(openlibrary_id__in=[r.key for r in rows]).values_list("openlibrary_id", "pk")
    )
    Edition.translators.through.objects.bulk_create(
        [
            Edition.translators.through(edition_id=editions[row.key], author_id=people[normalise(name)].pk)
            for row in rows
            for name in row.translators
            if row.key in editions and normalise(name) in people
        ],
        ignore_conflicts=True,
    )
