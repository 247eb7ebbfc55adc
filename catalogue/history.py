"""A book's change log, from django-simple-history's records: who changed what, when, from what to what.

The records of the book (and of the books merged into it), of its editions (those it has and had), and
the merges, newest first. A fixed number of queries whatever the number of records: each row's change
is worked out against the record before it of the same row, read in the same queries, never one query
per record.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db.models import Q

from books.models import Author, Book, BookRedirect, Edition, Series

from .models import Merge

SHOWN = 200
# Fields not worth a line in the log (kept by the site, not typed by anyone).
QUIET = {
    "id",
    "slug",
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "added_by",
    "import_key",
    "openlibrary_id",
    "book",
}


@dataclass
class Entry:
    at: datetime
    who: object
    what: str  # "added", "changed", "deleted", "merged"
    subject: str  # "the book", "edition: Hardcover, 330 pages"
    changes: list = field(default_factory=list)  # [(label, before, after)]
    reason: str = ""
    record: object = None  # the history record, which a librarian may revert
    kind: str = ""  # "book" or "edition": which revert address


def _m2m(record_model, name, records):
    """{history_id: sorted ids} of a many-to-many field's rows as each record saw them (one query)."""
    through = apps.get_model(record_model._meta.app_label, f"{record_model.__name__}_{name}")
    target = record_model._history_m2m_fields[0].related_model._meta.model_name
    seen = {record.history_id: [] for record in records}
    for history_id, target_id in through.objects.filter(history__in=list(seen)).values_list(
        "history_id", f"{target}_id"
    ):
        seen[history_id].append(target_id)
    return {key: sorted(value) for key, value in seen.items()}


def _entries(records, *, subject, kind, names):
    """Entries for the records of rows of one model, oldest first per row."""
    by_row = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        by_row.setdefault(record.id, []).append(record)
    model = records[0].instance_type if records else None
    if model is None:
        return []
    m2m_name = model.history.model._history_m2m_fields[0].name if model.history.model._history_m2m_fields else None
    linked = _m2m(model.history.model, m2m_name, records) if m2m_name else {}
    fields = [f for f in model.history.model._meta.concrete_fields if f.name not in QUIET]
    entries = []
    for rows in by_row.values():
        previous = None
        for record in rows:
            what = {"+": "added", "~": "changed", "-": "deleted"}[record.history_type]
            changes = []
            if previous is not None:
                for each in fields:
                    before, after = getattr(previous, each.attname), getattr(record, each.attname)
                    if before != after:
                        changes.append((each.verbose_name, names(each, before), names(each, after)))
                if m2m_name and linked.get(previous.history_id) != linked.get(record.history_id):
                    changes.append(
                        (
                            m2m_name,
                            ", ".join(names.people(linked.get(previous.history_id, []))),
                            ", ".join(names.people(linked.get(record.history_id, []))),
                        )
                    )
                if what == "changed" and not changes and not record.history_change_reason:
                    previous = record
                    continue  # a save that changed nothing the log shows
            entries.append(
                Entry(
                    at=record.history_date,
                    who=record.history_user,
                    what=what,
                    subject=subject(record),
                    changes=changes,
                    reason=record.history_change_reason or "",
                    record=record if previous is not None and record.history_type == "~" else None,
                    kind=kind,
                )
            )
            previous = record
    return entries


class Names:
    """Readable values for the log: a series' name for its id, an author's for theirs (read in bulk)."""

    def __init__(self, records):
        ids = {"series": set(), "main_edition": set(), "authors": set()}
        for record in records:
            for name in ("series", "main_edition"):
                value = getattr(record, f"{name}_id", None)
                if value:
                    ids[name].add(value)
        self.series = dict(Series.objects.filter(pk__in=ids["series"]).values_list("pk", "name"))
        self.editions = {
            e.pk: str(e) for e in Edition.objects.filter(pk__in=ids["main_edition"]).select_related("book")
        }
        self.authors = {}

    def load_people(self, ids):
        self.authors.update(Author.objects.filter(pk__in=ids).values_list("pk", "name"))

    def people(self, ids):
        return [self.authors.get(pk, f"#{pk}") for pk in ids]

    def __call__(self, each, value):
        if value in (None, ""):
            return "—"
        if each.name == "series":
            return self.series.get(value, f"#{value}")
        if each.name == "main_edition":
            return self.editions.get(value, f"#{value}")
        if each.name == "cover":
            return "a new picture" if value else "—"
        if hasattr(each, "choices") and each.choices:
            return dict(each.choices).get(value, value)
        return str(value)


def book_log(book):
    """The book's change log, newest first (at most SHOWN entries of each kind of row)."""
    old_ids = list(BookRedirect.objects.filter(book=book, old_id__isnull=False).values_list("old_id", flat=True))
    book_ids = [book.pk, *old_ids]
    book_records = list(
        Book.history.filter(id__in=book_ids).select_related("history_user").order_by("-history_date")[:SHOWN]
    )
    edition_records = list(
        Edition.history.filter(Q(book_id__in=book_ids) | Q(id__in=Edition.objects.filter(book=book).values("pk")))
        .select_related("history_user")
        .order_by("-history_date")[:SHOWN]
    )
    names = Names([*book_records, *edition_records])
    through = apps.get_model("books", "HistoricalBook_authors")
    names.load_people(through.objects.filter(history__in=[r.history_id for r in book_records]).values("author_id"))
    translators = apps.get_model("books", "HistoricalEdition_translators")
    names.load_people(
        translators.objects.filter(history__in=[r.history_id for r in edition_records]).values("author_id")
    )
    entries = _entries(
        book_records, subject=lambda r: "the book" if r.id == book.pk else f"“{r.title}”", kind="book", names=names
    )
    entries += _entries(
        edition_records,
        subject=lambda r: (
            "edition: "
            + (
                ", ".join(
                    p
                    for p in [
                        r.format_detail or r.get_format_display(),
                        f"{r.pages} pages" if r.pages else "",
                        f"ISBN {r.isbn13}" if r.isbn13 else "",
                    ]
                    if p
                )
                or f"#{r.id}"
            )
        ),
        kind="edition",
        names=names,
    )
    for merge in Merge.objects.filter(book=book).select_related("merged_by")[:SHOWN]:
        moved = ", ".join(f"{n} {what}" for what, n in merge.report.get("moved", {}).items())
        entries.append(
            Entry(
                at=merge.created_at,
                who=merge.merged_by,
                what="merged",
                subject=f"“{merge.gone_name}” merged into this book",
                changes=[("moved", "", moved or "nothing")],
                reason=" ".join(merge.report.get("notes", [])),
            )
        )
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
