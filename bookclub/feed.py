"""A member's home feed: what the people they follow did, newest first.

Reviews and ratings, books shelved as read, threads started: read from their own tables (nothing is
copied at write time, so a hidden review or a deleted thread leaves every feed at once), as one
UNION ordered by time, a page at a time by keys (the time, the kind, the row), never by OFFSET. Each
part walks an index of its own (review_by_reviewer, shelf_listing, threads_by_starter); then the
page's rows are read in bulk: at most four queries, however many people a member follows and however
much they did.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, IntegerField, Q, Value

from accounts.models import Follow
from discussions.models import Thread
from reviews.models import Review
from shelves.models import Shelf, ShelfEntry

PAGE_SIZE = 20
REVIEW, READ, THREAD = 3, 2, 1  # the kinds, as sorted among activities of the same instant


@dataclass
class Activity:
    kind: int
    at: datetime
    row: object  # the review, shelf entry or thread

    @property
    def cursor(self):
        """Where the next page starts: after this activity."""
        return f"{self.at.isoformat()}~{self.kind}~{self.row.pk}"

    @property
    def is_review(self):
        return self.kind == REVIEW

    @property
    def is_read(self):
        return self.kind == READ

    @property
    def is_thread(self):
        return self.kind == THREAD


def parse_cursor(text):
    """(time, kind, pk) from a cursor, or None for anything that is not one."""
    try:
        at, kind, pk = (text or "").split("~")
        return datetime.fromisoformat(at), int(kind), int(pk)
    except ValueError:
        return None


def _part(queryset, kind, time_field, before):
    rows = queryset.annotate(kind=Value(kind, output_field=IntegerField()), item=F("pk"), at=F(time_field))
    if before is not None:
        at, after_kind, pk = before
        if kind < after_kind:
            rows = rows.filter(**{f"{time_field}__lte": at})
        elif kind == after_kind:
            rows = rows.filter(Q(**{f"{time_field}__lt": at}) | Q(**{time_field: at, "pk__lt": pk}))
        else:
            rows = rows.filter(**{f"{time_field}__lt": at})
    return rows.order_by().values_list("kind", "item", "at")


def activities(member, before=None, size=PAGE_SIZE):
    """A page of what the people member follows did, newest first, and whether there is more."""
    followed = Follow.objects.filter(follower=member).values("followed_id")
    parts = [
        _part(Review.objects.by_members().visible().filter(reviewer__in=followed), REVIEW, "created_at", before),
        _part(ShelfEntry.objects.filter(user__in=followed, shelf=Shelf.READ), READ, "updated_at", before),
        _part(Thread.objects.on_boards().filter(starter__in=followed), THREAD, "created_at", before),
    ]
    found = list(parts[0].union(*parts[1:], all=True).order_by("-at", "-kind", "-item")[: size + 1])
    more, found = len(found) > size, found[:size]
    wanted = {kind: [pk for row_kind, pk, _ in found if row_kind == kind] for kind in (REVIEW, READ, THREAD)}
    rows = {
        REVIEW: Review.objects.select_related("reviewer", "book").in_bulk(wanted[REVIEW]) if wanted[REVIEW] else {},
        READ: ShelfEntry.objects.select_related("user", "book").in_bulk(wanted[READ]) if wanted[READ] else {},
        THREAD: Thread.objects.select_related("starter", "book").in_bulk(wanted[THREAD]) if wanted[THREAD] else {},
    }
    page = [Activity(kind, at, rows[kind][pk]) for kind, pk, at in found if pk in rows[kind]]
    return page, more
