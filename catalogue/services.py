"""Writes to the open catalogue: members add books and editions; librarians (and the member who added a
book, until a librarian checks it) edit them, check them, revert changes, and merge duplicates.

Each write runs in one transaction and checks here who may make it (PermissionDenied) and whether it
makes sense (ValidationError for the form); the views and the admin ask the same functions. Every change
to a book, edition, author or series is recorded with its author by django-simple-history, which is what
a book's history page shows and what a revert reads.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from accounts.permissions import require_member_who_can_post
from books.models import (
    Author,
    AuthorRedirect,
    Book,
    BookRedirect,
    Edition,
    Series,
    SeriesRedirect,
    one_history_record,
)
from core.text import normalise

from .merging import EDITION_MOVED, Report, left_behind, run_steps
from .models import Flag, Merge, PendingEdit

# Addresses the catalogue's own pages use: /books/add/.
RESERVED_SLUGS = {"add"}
LIBRARIANS_ONLY = "Only librarians can do that: ask one, or report the problem from the book's page."
# What a member may change of a book and of an edition (the address, the figures and the history are
# not theirs to change).
BOOK_FIELDS = (
    "title",
    "series",
    "series_position",
    "description",
    "first_published",
    "first_published_precision",
    "original_language",
    "cover",
)
EDITION_FIELDS = (
    "title",
    "format",
    "format_detail",
    "isbn13",
    "isbn10",
    "publisher",
    "published_on",
    "published_precision",
    "language",
    "pages",
    "audio_seconds",
    "chapters",
    "cover",
)


# --- Who may do what ---------------------------------------------------------------------------


def is_librarian(user):
    return bool(user.is_authenticated and getattr(user, "is_librarian", False))


def may_edit(user, book):
    """Librarians edit every book; the member who added a book edits it until a librarian checks it."""
    if not user.is_authenticated:
        return False
    return is_librarian(user) or (book.needs_review and book.added_by_id == user.pk)


def require_librarian(user):
    if not is_librarian(user):
        raise PermissionDenied(LIBRARIANS_ONLY)


def require_may_edit(user, book):
    require_member_who_can_post(user)
    if not may_edit(user, book):
        raise PermissionDenied(
            "Librarians edit books, and whoever added a book until a librarian checks it: report what is "
            "wrong from the book's page and a librarian will put it right."
        )


def additions_today(user):
    """Editions (so books too: each comes with its first) the member added in the past day."""
    return Edition.objects.filter(added_by=user, created_at__gte=timezone.now() - timedelta(days=1)).count()


def require_may_add(user):
    require_member_who_can_post(user)
    limit = settings.CATALOGUE_ADDITIONS_PER_DAY
    if limit and not is_librarian(user) and additions_today(user) >= limit:
        raise PermissionDenied(
            f"You have added {limit} books and editions in the past day, as many as a member may: "
            "the rest can wait until tomorrow (what you typed is kept)."
        )


def needs_approval(user, book):
    """Whether an edit of book by user waits for a librarian: a book many members have shelved."""
    threshold = settings.CATALOGUE_APPROVAL_READERS
    return bool(threshold) and not is_librarian(user) and book.shelf_entries.count() >= threshold


# --- Names -------------------------------------------------------------------------------------


def unique_slug(model, text, *, exclude=None):
    """A slug for text that no row of model (nor any address a merge left) has."""
    base = slugify(text)[:80].strip("-") or "untitled"
    if base in RESERVED_SLUGS:
        base = f"{base}-{model._meta.model_name}"
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    redirects = {Book: "bookredirect", Author: "authorredirect", Series: "seriesredirect"}
    if model in redirects:
        from django.apps import apps

        moved = apps.get_model("books", redirects[model])
        taken |= set(moved.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken.discard(exclude)
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def authors_named(names, *, by):
    """The authors these names name, in order: found by their name as matching reads it (accents,
    case, punctuation), else added. Duplicates in names count once."""
    wanted = []
    for name in names:
        name = " ".join((name or "").split())[:200]
        if name and normalise(name) not in {normalise(w) for w in wanted}:
            wanted.append(name)
    known = {author.name_key: author for author in Author.objects.filter(name_key__in=[normalise(n) for n in wanted])}
    found = []
    for name in wanted:
        author = known.get(normalise(name))
        if author is None:
            author = Author(name=name, slug=unique_slug(Author, name))
            author._history_user = by
            author.full_clean()
            author.save()
            known[author.name_key] = author
        found.append(author)
    return found


def series_named(name, *, by):
    """The series called name (any case), else a new one; None for no name."""
    name = " ".join((name or "").split())[:200]
    if not name:
        return None
    found = Series.objects.filter(name__iexact=name).order_by("pk").first()
    if found is None:
        found = Series(name=name, slug=unique_slug(Series, name))
        found._history_user = by
        found.full_clean()
        found.save()
    return found


# --- Adding -------------------------------------------------------------------------------------


def _save_edition(edition, *, by, translators=None, reason=""):
    """Save edition (and its translators, names, when given) as one change of its history, in a
    savepoint: an ISBN that another edition has, or took meanwhile (two members adding the same book at
    once), is a clear refusal naming the book that has it, never a second edition."""
    edition._history_user = by
    if reason:
        edition._change_reason = reason[:100]
    holder = _isbn_holder(edition)
    if holder is not None:
        raise _isbn_taken(holder)
    edition.full_clean(exclude=["book", "added_by"])
    with one_history_record(edition, "~" if edition.pk else "+"):
        try:
            with transaction.atomic():
                edition.save()
        except IntegrityError as error:
            holder = _isbn_holder(edition)
            if holder is None:
                raise
            raise _isbn_taken(holder) from error
        if translators is not None:
            edition.translators.set(authors_named(translators, by=by))
    return edition


def _isbn_holder(edition):
    if not edition.isbn13:
        return None
    return Edition.objects.filter(isbn13=edition.isbn13).exclude(pk=edition.pk).select_related("book").first()


def _isbn_taken(holder):
    taken = ValidationError(
        "That ISBN is already in the catalogue: it is an edition of “%(title)s”.",
        code="isbn_taken",
        params={"title": holder.book.title},
    )
    return ValidationError({"isbn": taken})


@transaction.atomic
def book_add(
    *,
    by,
    title,
    authors,
    edition,
    series=None,
    series_position=None,
    description="",
    first_published=None,
    first_published_precision="year",
    original_language="",
    translators=(),
):
    """Add a book with its first edition (a dict of Edition fields), which becomes its main one. The
    book is usable at once; a member's book is marked "not yet checked" until a librarian checks it.
    authors, translators: names. series: a name."""
    require_may_add(by)
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "Give the book's title."})
    people = authors_named(authors, by=by)
    if not people:
        raise ValidationError({"authors": "Give at least one author (“Anonymous” if nobody knows)."})
    librarian = is_librarian(by)
    book = Book(
        title=title,
        slug=unique_slug(Book, f"{title} {people[0].name}"),
        series=series_named(series, by=by),
        series_position=series_position,
        description=description.strip(),
        first_published=first_published,
        first_published_precision=first_published_precision,
        original_language=original_language,
        added_by=by,
        needs_review=not librarian,
    )
    if book.series is None:
        book.series_position = None
    book._history_user = by
    book.full_clean(exclude=["main_edition"])
    with one_history_record(book, "+"):
        book.save()
        book.authors.set(people)
        made = _save_edition(Edition(book=book, added_by=by, **edition), by=by, translators=translators or None)
        book.main_edition = made
        book.cover = made.cover or book.cover
        book.save(update_fields=["main_edition", "cover"])
    return book


@transaction.atomic
def edition_add(*, book, by, translators=(), **fields):
    """Add an edition to book (any confirmed member: "my edition is missing"). The first edition of a
    book becomes its main one, and gives it its cover if it has none."""
    require_may_add(by)
    book = Book.objects.select_for_update().get(pk=book.pk)
    edition = _save_edition(Edition(book=book, added_by=by, **fields), by=by, translators=translators or None)
    changed = []
    if book.main_edition_id is None:
        book.main_edition, changed = edition, ["main_edition"]
    if edition.cover and not book.cover:
        book.cover = edition.cover
        changed.append("cover")
    if changed:
        book.save_without_historical_record(update_fields=changed)
    return edition


# --- Editing -------------------------------------------------------------------------------------


def _changes(instance, fields):
    """{field: [before, after]} of fields whose value differs, as JSON keeps them."""
    found = {}
    for name, value in fields.items():
        before = getattr(instance, name)
        if hasattr(before, "pk"):
            before = before.pk
        after = value.pk if hasattr(value, "pk") else value
        if str(before or "") != str(after or ""):
            found[name] = [_jsonable(before), _jsonable(after)]
    return found


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if hasattr(value, "name") and hasattr(value, "url"):  # a file
        return value.name or ""
    return str(value)


@transaction.atomic
def book_update(*, book, by, fields, author_names=None, reason=""):
    """Change book's fields (a dict of BOOK_FIELDS) and, when given, its authors (names, in order).
    Returns ("saved", book), or ("waiting", PendingEdit) when the edit waits for a librarian (a book
    many members have shelved, edited by someone who is not one)."""
    require_may_edit(by, book)
    unknown = set(fields) - set(BOOK_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    book = Book.objects.select_for_update(of=("self",)).select_related("series").get(pk=book.pk)
    if "series" in fields and not isinstance(fields["series"], (Series, type(None))):
        fields = {**fields, "series": series_named(fields["series"], by=by)}
    if fields.get("series", book.series) is None:
        fields = {**fields, "series_position": None}
    changes = _changes(book, fields)
    current_names = [author.name for author in book.authors.all()]
    if author_names is not None and [normalise(n) for n in author_names if n.strip()] == [
        normalise(n) for n in current_names
    ]:
        author_names = None
    if not changes and author_names is None:
        return "saved", book
    if needs_approval(by, book):
        pending = PendingEdit.objects.create(
            book=book,
            changes={name: pair for name, pair in changes.items() if name != "cover"},
            author_names=[current_names, list(author_names)] if author_names is not None else None,
            proposed_by=by,
        )
        return "waiting", pending
    for name, value in fields.items():
        setattr(book, name, value)
    book._history_user = by
    if reason:
        book._change_reason = reason[:100]
    book.full_clean(exclude=["main_edition"])
    with one_history_record(book):
        book.save()
        if author_names is not None:
            people = authors_named(author_names, by=by)
            if not people:
                raise ValidationError({"authors": "Give at least one author."})
            book.authors.set(people)
    return "saved", book


@transaction.atomic
def edition_update(*, edition, by, fields, translator_names=None):
    """Change an edition's fields (a dict of EDITION_FIELDS) and translators. The same rules as a book's
    edit: a popular book's edition waits for a librarian. Returns ("saved", edition) or ("waiting", ...)."""
    book = edition.book
    require_may_edit(by, book)
    unknown = set(fields) - set(EDITION_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    changes = _changes(edition, fields)
    if translator_names is not None and [normalise(n) for n in translator_names if n.strip()] == [
        normalise(person.name) for person in edition.translators.all()
    ]:
        translator_names = None
    if not changes and translator_names is None:
        return "saved", edition
    if needs_approval(by, book):
        current = [person.name for person in edition.translators.all()]
        pending = PendingEdit.objects.create(
            book=book,
            edition=edition,
            changes={name: pair for name, pair in changes.items() if name != "cover"},
            author_names=[current, list(translator_names)] if translator_names is not None else None,
            proposed_by=by,
        )
        return "waiting", pending
    for name, value in fields.items():
        setattr(edition, name, value)
    _save_edition(edition, by=by, translators=translator_names)
    return "saved", edition


@transaction.atomic
def main_edition_set(*, book, edition, by):
    require_may_edit(by, book)
    if edition.book_id != book.pk:
        raise ValidationError("That edition is another book's.")
    book = Book.objects.select_for_update().get(pk=book.pk)
    book.main_edition = edition
    if edition.cover:
        book.cover = edition.cover
    book._history_user = by
    book.save(update_fields=["main_edition", "cover"])
    return book


@transaction.atomic
def name_update(*, row, by, fields):
    """An author's or a series' name and text (librarians only): {name, bio} or {name, description}."""
    require_librarian(by)
    allowed = {"name", "bio"} if isinstance(row, Author) else {"name", "description"}
    if set(fields) - allowed:
        raise ValueError(f"not editable: {sorted(set(fields) - allowed)}")
    row = type(row).objects.select_for_update().get(pk=row.pk)
    for name, value in fields.items():
        setattr(row, name, value)
    row._history_user = by
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def book_check(*, book, by):
    """A librarian has checked a member's (or an import's) book: it joins the sitemap, and only
    librarians edit it from now on."""
    require_librarian(by)
    book = Book.objects.select_for_update().get(pk=book.pk)
    if book.needs_review:
        book.needs_review = False
        book._history_user = by
        book._change_reason = "Checked by a librarian"
        book.save(update_fields=["needs_review"])
    return book


@transaction.atomic
def pending_edit_decide(*, edit, by, approve, note=""):
    """Apply a waiting edit (as its author proposed it, recorded as theirs and approved by by), or
    decline it with a note."""
    require_librarian(by)
    edit = (
        PendingEdit.objects.select_for_update(of=("self",))
        .select_related("book", "edition", "proposed_by")
        .get(pk=edit.pk)
    )
    if edit.status != PendingEdit.Status.WAITING:
        raise ValidationError("Another librarian has decided on this edit already.")
    if approve:
        target = edit.edition or edit.book
        fields = {}
        for name, (_, after) in edit.changes.items():
            field = target._meta.get_field(name)
            fields[name] = (
                field.related_model.objects.filter(pk=after).first()
                if field.is_relation and after
                else (field.to_python(after) if after not in (None, "") else (None if field.null else ""))
            )
        for name, value in fields.items():
            setattr(target, name, value)
        reason = f"Approved by {by.name}"
        if edit.edition_id:
            translators = edit.author_names[1] if edit.author_names else None
            _save_edition(target, by=edit.proposed_by, reason=reason, translators=translators)
        else:
            target._history_user = edit.proposed_by
            target._change_reason = reason[:100]
            target.full_clean(exclude=["main_edition"])
            with one_history_record(target):
                target.save()
                if edit.author_names:
                    target.authors.set(authors_named(edit.author_names[1], by=edit.proposed_by))
    edit.status = PendingEdit.Status.APPROVED if approve else PendingEdit.Status.DECLINED
    edit.decided_by, edit.decided_at, edit.note = by, timezone.now(), note[:300]
    edit.save(update_fields=["status", "decided_by", "decided_at", "note"])
    return edit


# --- History -------------------------------------------------------------------------------------


@transaction.atomic
def change_revert(*, record, by):
    """Undo one recorded change of a book, an edition, an author or a series: the fields that change
    set back to what they were before it (later changes to other fields stay). Librarians only."""
    require_librarian(by)
    previous = record.prev_record
    if previous is None:
        raise ValidationError("That is where its history starts: there is nothing before it to go back to.")
    instance = type(record.instance).objects.select_for_update().filter(pk=record.instance.pk).first()
    if instance is None:
        raise ValidationError("It no longer exists (merged or deleted).")
    delta = record.diff_against(previous)
    if not delta.changes:
        raise ValidationError("That change changed nothing that can be set back.")
    many = {}
    for change in delta.changes:
        field = instance._meta.get_field(change.field)
        if field.many_to_many:
            many[field.name] = [row[field.m2m_reverse_field_name()] for row in change.old]
        else:
            setattr(instance, field.attname, change.old)
    instance._history_user = by
    instance._change_reason = f"Reverted the change of {record.history_date:%Y-%m-%d %H:%M}"
    instance.full_clean(exclude=["main_edition", "book"])
    with one_history_record(instance):
        instance.save()
        for name, pks in many.items():
            related = instance._meta.get_field(name).related_model
            getattr(instance, name).set(list(related.objects.filter(pk__in=pks)))
    return instance


# --- Flags -------------------------------------------------------------------------------------


@transaction.atomic
def flag_create(*, book, by, kind, duplicate_of=None, note=""):
    """A member says a book is a duplicate of another, or has something wrong: into the librarians'
    queue. One open flag per member and book (a second one updates it)."""
    require_member_who_can_post(by)
    if kind == Flag.Kind.DUPLICATE:
        if duplicate_of is None:
            raise ValidationError({"duplicate_of": "Say which book it duplicates."})
        if duplicate_of.pk == book.pk:
            raise ValidationError({"duplicate_of": "A book cannot be a duplicate of itself."})
    elif not note.strip():
        raise ValidationError({"note": "Say what is wrong, so that a librarian can put it right."})
    else:
        duplicate_of = None
    flag, _ = Flag.objects.update_or_create(
        book=book,
        flagged_by=by,
        resolved_at=None,
        defaults={"kind": kind, "duplicate_of": duplicate_of, "note": note.strip()[:2_000]},
    )
    return flag


@transaction.atomic
def flag_resolve(*, flag, by, resolution=""):
    require_librarian(by)
    updated = Flag.objects.filter(pk=flag.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by, resolution=resolution[:300]
    )
    if not updated:
        raise ValidationError("Another librarian has dealt with this report already.")


def open_flags_about(book):
    return Flag.objects.open().filter(Q(book=book) | Q(duplicate_of=book))


# --- Merges ------------------------------------------------------------------------------------


def _lock_pair(model, keep, gone):
    """Both rows locked, in one order (two librarians merging A into B and B into A at once wait for
    each other, and the second finds one of them gone): (keep, gone) as they are now."""
    if keep.pk == gone.pk:
        raise ValidationError("A book cannot be merged into itself." if model is Book else "Choose two different ones.")
    rows = {row.pk: row for row in model.objects.select_for_update().filter(pk__in=[keep.pk, gone.pk]).order_by("pk")}
    if gone.pk not in rows:
        raise ValidationError(f"“{gone}” has been merged or deleted already.", code="gone")
    if keep.pk not in rows:
        raise ValidationError(f"“{keep}” has been merged or deleted already.", code="gone")
    return rows[keep.pk], rows[gone.pk]


def _finish_merge(*, kind, keep, gone, by, report, redirect_model, target_field):
    """What every merge ends with: the addresses and the history of gone point at keep for ever, no row
    points at gone any more (else nothing is deleted), and gone goes."""
    redirect_model.objects.filter(**{target_field: gone}).update(**{target_field: keep})
    redirect_model.objects.create(slug=gone.slug, old_id=gone.pk, **{target_field: keep})
    Merge.objects.filter(**{kind: gone}).update(**{kind: keep})
    Merge.objects.create(
        kind=kind,
        merged_by=by,
        gone_id=gone.pk,
        gone_slug=gone.slug,
        gone_name=str(gone)[:300],
        report=report.as_dict(),
        **{kind: keep},
    )
    left = left_behind(gone)
    if left:
        raise RuntimeError(f"A merge would have deleted rows that point at {gone!r}: {left}")
    gone._history_user = by
    gone._change_reason = f"Merged into #{keep.pk}"
    gone.delete()


@transaction.atomic
def book_merge(*, keep, gone, by):
    """Merge book gone into book keep: everything moves to keep (editions, ratings and reviews, shelves
    and progress, tags, threads, club picks and milestones, nominations and ballots, import matches,
    flags); each app's step says what it keeps where a member had a row on both, and loses no text
    they wrote. The figures are recounted, gone's address answers 301 to keep's for ever, and keep's
    history says what was merged. Librarians only. Returns the Report."""
    require_librarian(by)
    keep, gone = _lock_pair(Book, keep, gone)
    report = Report()
    # The catalogue's own rows: editions (and with them their chapters), authors, the facts keep lacks.
    report.count("editions", Edition.objects.filter(book=gone).update(book=keep))
    authors = list(keep.authors.all())
    extra = [author for author in gone.authors.all() if author not in authors]
    filled = []
    for name in ("description", "first_published", "original_language", "cover", "openlibrary_id"):
        if not getattr(keep, name) and getattr(gone, name):
            setattr(keep, name, getattr(gone, name))
            filled.append(name)
    if keep.first_published is None:
        keep.first_published_precision = gone.first_published_precision
    if keep.series_id is None and gone.series_id is not None:
        keep.series, keep.series_position = gone.series, gone.series_position
        filled += ["series", "series_position"]
    if keep.main_edition_id is None:
        keep.main_edition_id = gone.main_edition_id
    for name in ("source_currently_reading_count", "source_want_to_read_count"):
        setattr(keep, name, getattr(keep, name) + getattr(gone, name))
    if keep.source_review_count is None:
        keep.source_review_count = gone.source_review_count
    if "openlibrary_id" in filled:
        Book.objects.filter(pk=gone.pk).update(openlibrary_id="")  # unique: gone lets go of it first
    answered = Q(book=gone, duplicate_of=keep) | Q(book=keep, duplicate_of=gone)
    Flag.objects.filter(answered).update(
        resolved_at=timezone.now(), resolved_by=by, resolution="Merged", duplicate_of=None
    )
    report.count("flags", Flag.objects.filter(book=gone).update(book=keep))
    Flag.objects.filter(duplicate_of=gone).update(duplicate_of=keep)
    PendingEdit.objects.filter(book=gone, status=PendingEdit.Status.WAITING).update(
        status=PendingEdit.Status.DECLINED, decided_by=by, decided_at=timezone.now(), note="The book was merged."
    )
    PendingEdit.objects.filter(book=gone).update(book=keep)
    run_steps(keep=keep, gone=gone, report=report)
    keep._history_user = by
    keep._change_reason = f"Merged “{gone.title}” (#{gone.pk}) into this book"[:100]
    with one_history_record(keep):
        keep.save()
        if extra:
            keep.authors.add(*extra)
    _finish_merge(
        kind="book", keep=keep, gone=gone, by=by, report=report, redirect_model=BookRedirect, target_field="book"
    )
    return report


@transaction.atomic
def author_merge(*, keep, gone, by):
    """Merge author gone into keep: their books and translations move, gone's address redirects."""
    require_librarian(by)
    keep, gone = _lock_pair(Author, keep, gone)
    report = Report()
    for relation, manager in (("books", "authors"), ("translations", "translators")):
        rows = list(getattr(gone, relation).all())
        for row in rows:
            row._history_user = by
            row._change_reason = f"Author “{gone.name}” merged into “{keep.name}”"[:100]
            names = list(getattr(row, manager).all())
            with one_history_record(row):
                getattr(row, manager).set([keep if person.pk == gone.pk else person for person in names])
        report.count(relation, len(rows))
    if not keep.bio and gone.bio:
        keep.bio = gone.bio
    if not keep.openlibrary_id and gone.openlibrary_id:
        Author.objects.filter(pk=gone.pk).update(openlibrary_id="")
        keep.openlibrary_id = gone.openlibrary_id
    run_steps(keep=keep, gone=gone, report=report)
    keep._history_user = by
    keep._change_reason = f"Merged “{gone.name}” (#{gone.pk}) into this author"[:100]
    keep.save()
    _finish_merge(
        kind="author", keep=keep, gone=gone, by=by, report=report, redirect_model=AuthorRedirect, target_field="author"
    )
    return report


@transaction.atomic
def series_merge(*, keep, gone, by):
    """Merge series gone into keep: its books move (keeping their positions)."""
    require_librarian(by)
    keep, gone = _lock_pair(Series, keep, gone)
    report = Report()
    books = list(Book.objects.filter(series=gone))
    for book in books:
        book.series = keep
        book._history_user = by
        book.save(update_fields=["series"])
    report.count("books", len(books))
    if not keep.description and gone.description:
        keep.description = gone.description
    run_steps(keep=keep, gone=gone, report=report)
    keep._history_user = by
    keep._change_reason = f"Merged “{gone.name}” (#{gone.pk}) into this series"[:100]
    keep.save()
    _finish_merge(
        kind="series", keep=keep, gone=gone, by=by, report=report, redirect_model=SeriesRedirect, target_field="series"
    )
    return report


@transaction.atomic
def edition_move(*, edition, to, by):
    """Move an edition wrongly attached to a book to the book it belongs to (librarians). The rows that
    named it as the edition of the old book (a member's, a club's) keep their own figures and stop
    naming it; the old book's main edition is another of its own, or none."""
    require_librarian(by)
    edition = Edition.objects.select_for_update(of=("self",)).select_related("book").get(pk=edition.pk)
    origin = edition.book
    if to.pk == origin.pk:
        raise ValidationError("It is an edition of that book already.")
    list(Book.objects.select_for_update().filter(pk__in=[origin.pk, to.pk]).order_by("pk").values_list("pk"))
    edition.book = to
    edition._history_user = by
    edition._change_reason = f"Moved from “{origin.title}” (#{origin.pk})"[:100]
    edition.save()
    for hook in EDITION_MOVED:
        hook(edition=edition, from_book=origin, to_book=to)
    if origin.main_edition_id == edition.pk:
        origin.main_edition = Edition.objects.filter(book=origin).in_order().first()
        origin._history_user = by
        origin.save(update_fields=["main_edition"])
    if to.main_edition_id is None:
        to.main_edition = edition
        to._history_user = by
        to.save(update_fields=["main_edition"])
    return edition


@transaction.atomic
def edition_split(*, edition, by):
    """Make an edition a book of its own (it was another work all along): the new book takes its title
    (or the book's), its authors and series, and is marked checked; the edition moves to it."""
    require_librarian(by)
    edition = Edition.objects.select_related("book").get(pk=edition.pk)
    origin = edition.book
    if Edition.objects.filter(book=origin).count() < 2:
        raise ValidationError("It is the book's only edition: edit the book instead.")
    title = edition.title or origin.title
    book = Book(
        title=title,
        slug=unique_slug(Book, title),
        series=origin.series,
        original_language=origin.original_language,
        added_by=by,
        needs_review=False,
    )
    book._history_user = by
    book._change_reason = f"Split from “{origin.title}” (#{origin.pk})"[:100]
    book.full_clean(exclude=["main_edition"])
    with one_history_record(book, "+"):
        book.save()
        book.authors.set(origin.authors.all())
    edition_move(edition=edition, to=book, by=by)
    return book
