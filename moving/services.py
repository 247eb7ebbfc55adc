"""Moving in (a Goodreads library import) and out (deleting an account).

Exports only read, so they live in moving.export.
"""

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.crypto import get_random_string

from accounts.permissions import require_member_who_can_post
from clubs.models import Club, Membership, Role
from discussions.models import Post, Thread
from meetings.models import Rsvp
from meetings.services import meeting_answers_refresh
from moderation.services import audit
from pagecache.cache import invalidate_everything
from reviews.models import Review, ReviewComment, ReviewLike
from reviews.ratings import book_ratings_refresh
from reviews.services import likes_recount
from shelves.models import ProgressUpdate, ShelfEntry, ShelfTag
from votes.models import Ballot, Round
from votes.services import ballots_recount

from . import goodreads, library
from .models import ImportedBook, ImportJob

logger = logging.getLogger(__name__)
User = get_user_model()

# A job that has not moved for this long has died with its worker: another import may start.
STALLED = timedelta(hours=1)


@transaction.atomic
def import_start(*, user, file_name, data):
    """Check an upload and queue its import. Raises ValidationError, with nothing written, for a file
    that is not a Goodreads export, holds no books, or while another import of this member runs."""
    require_member_who_can_post(user)
    User.objects.select_for_update().filter(pk=user.pk).first()  # one start at a time per member
    running = ImportJob.objects.filter(
        user=user,
        status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING],
        created_at__gt=timezone.now() - STALLED,
    )
    if running.exists():
        raise ValidationError("An import of your library is still running: wait for it to finish.")
    try:
        rows, problems = goodreads.parse(data)
    except goodreads.ExportError as error:
        raise ValidationError(str(error)) from None
    if not rows:
        raise ValidationError(
            "This export holds no books we could read." if problems else "This export holds no books."
        )
    job = ImportJob.objects.create(
        user=user, file_name=file_name[:200], data=goodreads.decode(data), total=len(rows) + len(problems)
    )
    from .tasks import run_import  # the task module imports this one

    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


def import_run(*, job_id):
    """Import a queued job's rows, chunk by chunk (each in its own transaction, so that the progress page
    sees the count move), then recount the books' figures once and write the report."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return  # run already, or being run
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    tally = library.Tally()
    try:
        rows, problems = goodreads.parse(job.data)
        for line, why in problems:
            tally.add(None, library.Outcome.SKIPPED, why)
            tally.report[-1]["line"] = line
        done = len(problems)
        for start in range(0, len(rows), library.CHUNK):
            chunk = rows[start : start + library.CHUNK]
            library.import_rows(user=job.user, rows=chunk, tally=tally)
            done += len(chunk)
            ImportJob.objects.filter(pk=job.pk).update(done=done)
        library.finish(tally=tally)
    except Exception as error:
        logger.exception("Library import %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            error=f"The import stopped: {type(error).__name__}. What was imported before it stopped is kept; "
            "import the file again to finish.",
            finished_at=timezone.now(),
            data="",
        )
        raise
    counts = tally.counts
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE,
        done=job.total,
        matched=counts[library.Outcome.MATCHED],
        added=counts[library.Outcome.ADDED],
        unchanged=counts[library.Outcome.UNCHANGED],
        kept=counts[library.Outcome.KEPT],
        skipped=counts[library.Outcome.SKIPPED],
        report=sorted(tally.report, key=lambda entry: entry["line"] or 0),
        finished_at=timezone.now(),
        data="",
    )


STAND_IN_NAME = "deleted-{}@bookclub"


def _stand_in():
    """A new identity for one deleted account's kept writing: named "a deleted member" everywhere,
    never able to log in, with no profile page, and shared with no other deleted account (so that
    no one page gathers what several people wrote)."""
    user = User(
        username=STAND_IN_NAME.format(get_random_string(12).lower()),
        is_imported=True,
        imported_from=User.Source.DELETED,
        is_active=False,
    )
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def account_delete(*, user, keep_writing):
    """Remove user's account. Their ratings leave the books' figures, their shelves, follows, likes,
    answers and ballots go; their reviews, comments and posts go too, or (keep_writing) stay under "a
    deleted member" so that threads read on. Threads they started that others replied in always stay.
    Clubs they own pass to an organiser (else a member), or close when nobody else is in them. Logged
    in the moderators' audit log. Every count the rows fed is recounted in this transaction."""
    user = User.objects.select_for_update().get(pk=user.pk)
    username, pk = user.username, user.pk
    rated = set(
        Review.objects.by_members().filter(reviewer=user, rating__isnull=False).values_list("book_id", flat=True)
    )
    liked = list(ReviewLike.objects.filter(user=user).values_list("review_id", flat=True))
    clubs = set(Membership.objects.filter(user=user).values_list("club_id", flat=True))
    meetings = list(Rsvp.objects.filter(user=user).values_list("meeting_id", flat=True))
    rounds = list(
        Ballot.objects.filter(voter=user).exclude(round__status=Round.Status.CLOSED).values_list("round_id", flat=True)
    )
    alone = list(
        Club.objects.filter(memberships__user=user, memberships__role=Role.OWNER, member_count__lte=1).values_list(
            "pk", flat=True
        )
    )
    removed = {
        "ratings": len(rated),
        "reviews": Review.objects.filter(reviewer=user).count(),
        "posts": Post.objects.filter(author=user).count(),
    }
    stand_in = None
    if keep_writing or removed["posts"]:
        stand_in = _stand_in()
    if removed["posts"]:
        # Threads others replied in stay readable whatever was chosen; posts keep their numbers and
        # permalinks (a deleted one becomes the stub its author's own delete leaves).
        started = Thread.objects.filter(starter=user)
        if not keep_writing:
            started = started.filter(pk__in=Post.objects.exclude(author=user).values("thread"))
        started.update(starter=stand_in)
        posts = Post.objects.filter(author=user)
        if keep_writing:
            posts.update(author=stand_in)
        else:
            posts.update(author=stand_in, body="", body_html="", is_deleted=True)
    if keep_writing:
        # The words stay; the stars leave the figures (they were this person's, counted as theirs).
        Review.objects.by_members().filter(reviewer=user).exclude(body="").update(reviewer=stand_in, rating=None)
        ReviewComment.objects.filter(author=user).update(author=stand_in)
    Club.objects.filter(pk__in=alone).delete()
    _library_delete(user)
    user.delete()  # the rest goes with it; clubs' owners are replaced first (clubs.signals)
    book_ratings_refresh(rated)
    likes_recount(review_ids=liked)
    _club_members_recount(clubs - set(alone))
    meeting_answers_refresh(meeting_ids=meetings)
    ballots_recount(round_ids=rounds)
    audit(
        moderator=None,
        action="account deleted",
        reason=(
            f"{username} (#{pk}) deleted their account; "
            + ("their writing is kept as a deleted member's" if keep_writing else "their writing was deleted")
            + f" ({removed['ratings']} ratings, {removed['reviews']} reviews, {removed['posts']} posts)."
        ),
    )
    return stand_in


def _library_delete(user):
    """The member's library (thousands of rows, after an import) in a few statements instead of a
    signal per row, which took a minute for 10,000 books. Every page that showed a row is made stale
    at once: the deleted account's name was on them, so it would be anyway."""
    reviews = Review.objects.filter(reviewer=user)
    ReviewLike.objects.filter(review__in=reviews).delete()
    ReviewComment.objects.filter(review__in=reviews).delete()
    for rows in (
        reviews,
        ShelfTag.objects.filter(entry__user=user),
        ShelfEntry.objects.filter(user=user),
        ProgressUpdate.objects.filter(user=user),
        ImportedBook.objects.filter(user=user),
    ):
        rows._raw_delete(rows.db)
    invalidate_everything()


def _club_members_recount(club_ids):
    members = Membership.objects.filter(club=OuterRef("pk")).order_by().values("club").annotate(n=Count("pk"))
    Club.objects.filter(pk__in=club_ids).update(member_count=Coalesce(Subquery(members.values("n")), 0))
