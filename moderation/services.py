"""Reports from members and the moderators' actions, each recorded in the audit log."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.permissions import require_member_who_can_post
from clubs.models import Club
from discussions import services as discussions
from discussions.access import require_moderates
from discussions.models import Post, Thread
from reviews.models import Review, ReviewComment
from reviews.ratings import book_ratings_refresh

from .models import AuditEntry, Case, Report

ALREADY_REPORTED = "You have already reported this; moderators will look at it."


def describe(item):
    """(kind, author, text, url) of a reportable item."""
    if isinstance(item, Review):
        return Case.Kind.REVIEW, item.reviewer, item.body, f"{item.book.get_absolute_url()}#{item.anchor}"
    if isinstance(item, ReviewComment):
        return Case.Kind.COMMENT, item.author, item.body, f"{item.review.get_absolute_url()}#{item.anchor}"
    if isinstance(item, Post):
        return Case.Kind.POST, item.author, item.body, item.get_absolute_url()
    if isinstance(item, User):
        return Case.Kind.MEMBER, item, item.bio, item.get_absolute_url()
    if isinstance(item, Club):
        return Case.Kind.CLUB, None, f"{item.name}\n\n{item.description}", item.get_absolute_url()
    raise TypeError(f"cannot report {type(item).__name__}")


@transaction.atomic
def report_create(*, item, reporter, reason, note=""):
    require_member_who_can_post(reporter)
    kind, author, text, url = describe(item)
    if author is not None and author.pk == reporter.pk:
        raise ValidationError("You cannot report your own writing.")
    case, _ = Case.objects.select_for_update().get_or_create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        defaults={"kind": kind, "item_author": author, "item_text": text[:5000], "item_url": url},
    )
    try:
        with transaction.atomic():
            report = Report.objects.create(case=case, reporter=reporter, reason=reason, note=note)
    except IntegrityError as exc:
        raise ValidationError(ALREADY_REPORTED) from exc
    Case.objects.filter(pk=case.pk).update(
        report_count=F("report_count") + 1, last_reported_at=report.created_at, status=Case.Status.OPEN
    )
    return report


def audit(*, moderator, action, item=None, case=None, reason=""):
    target = item if item is not None else case
    return AuditEntry.objects.create(
        moderator=moderator,
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=getattr(target, "pk", None),
        object_repr=str(target)[:300] if target is not None else "",
        reason=reason,
    )


@transaction.atomic
def case_resolve(*, case, moderator, resolution):
    """Close a reported item after an action on it; the action wrote its own audit entry."""
    case.status = Case.Status.RESOLVED
    case.resolution = resolution
    case.resolved_at = timezone.now()
    case.resolved_by = moderator
    case.save(update_fields=["status", "resolution", "resolved_at", "resolved_by"])


@transaction.atomic
def case_dismiss(*, case, moderator, reason=""):
    """Nothing wrong with the item: close the case, in the audit log."""
    case_resolve(case=case, moderator=moderator, resolution="dismissed")
    audit(moderator=moderator, action="dismissed reports", case=case, reason=reason)


def require_may_hide(user, item):
    """The staff hide anything; a club's organisers, the posts of its threads."""
    if isinstance(item, Post):
        require_moderates(user, Thread.objects.only("club_id").get(pk=item.thread_id))
    elif not user.is_staff:
        raise PermissionDenied("Only moderators hide and restore what members wrote.")


@transaction.atomic
def item_set_hidden(*, item, moderator, hidden, reason=""):
    """Hide an item from every public page, count, average and feed, or restore it."""
    if isinstance(item, User):
        raise ValidationError("Members are suspended, not hidden.")
    require_may_hide(moderator, item)
    model = type(item)
    locked = model.objects.select_for_update().get(pk=item.pk)
    if locked.is_hidden == hidden:
        return item
    model.objects.filter(pk=item.pk).update(is_hidden=hidden)
    item.is_hidden = hidden
    if isinstance(item, Post):
        Thread.objects.filter(pk=item.thread_id).update(
            hidden_post_count=F("hidden_post_count") + (1 if hidden else -1)
        )
        _refresh_last_post([item.thread_id])
    if isinstance(item, Review):
        book_ratings_refresh([item.book_id])  # update() sends no signal
    audit(moderator=moderator, action="hid" if hidden else "restored", item=item, reason=reason)
    return item


def _refresh_last_post(thread_ids):
    """Point each thread's "last post" at its latest post readers can see (boards name its author)."""
    for thread in Thread.objects.filter(pk__in=thread_ids):
        last = thread.posts.filter(is_hidden=False).order_by("-number").first()
        Thread.objects.filter(pk=thread.pk).update(
            last_post=last, last_post_at=last.created_at if last else thread.created_at
        )


@transaction.atomic
def item_delete(*, item, moderator, reason=""):
    """Delete a review, a comment or a thread for good (the admin's delete), in the audit log first.

    Posts are never deleted here: their numbers and permalinks must stay, so they are hidden instead.
    Ratings and pages follow through the models' own rules (reviews.signals, page_tags)."""
    if isinstance(item, Post):
        raise ValidationError("Posts keep their place in their thread: hide them instead.")
    audit(moderator=moderator, action="deleted", item=item, reason=reason)
    item.delete()


def item_edited(*, item, moderator, fields):
    """A moderator changed an item's fields in the admin: the audit log says which."""
    audit(moderator=moderator, action="edited", item=item, reason=f"Changed: {', '.join(fields)}.")


@transaction.atomic
def review_mark_spoiler(*, review, moderator, reason=""):
    Review.objects.filter(pk=review.pk).update(is_spoiler=True)
    audit(moderator=moderator, action="marked as spoiler", item=review, reason=reason)


@transaction.atomic
def thread_change(*, thread, moderator, pin=None, lock=None, move_to=None, reason=""):
    """Pin, unpin, lock, unlock or move a thread where moderators read it, in the audit log."""
    from_book = thread.book
    discussions.thread_moderate(thread=thread, moderator=moderator, pin=pin, lock=lock, move_to=move_to)
    done = [
        *([("pinned thread" if pin else "unpinned thread")] if pin is not None else []),
        *([("locked thread" if lock else "unlocked thread")] if lock is not None else []),
        *([f"moved thread from {from_book} to {move_to}"] if move_to is not None else []),
    ]
    for action in done:
        audit(moderator=moderator, action=action[:40], item=thread, reason=reason or action)
    return thread


@transaction.atomic
def thread_lock(*, thread, moderator, reason=""):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    audit(moderator=moderator, action="locked thread", item=thread, reason=reason)


@transaction.atomic
def member_remove_content(*, member, moderator, reason=""):
    """Hide everything a member wrote (reviews, comments, posts) in one go; counts follow."""
    rated_book_ids = set(Review.objects.filter(reviewer=member, is_hidden=False).values_list("book_id", flat=True))
    reviews = Review.objects.filter(reviewer=member, is_hidden=False).update(is_hidden=True)
    comments = ReviewComment.objects.filter(author=member, is_hidden=False).update(is_hidden=True)
    thread_ids = list(Post.objects.filter(author=member, is_hidden=False).values_list("thread_id", flat=True))
    posts = Post.objects.filter(author=member, is_hidden=False).update(is_hidden=True)
    hidden_in_thread = (
        Post.objects.filter(thread=OuterRef("pk"), is_hidden=True)
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Thread.objects.filter(pk__in=set(thread_ids)).update(hidden_post_count=Coalesce(Subquery(hidden_in_thread), 0))
    _refresh_last_post(set(thread_ids))
    book_ratings_refresh(rated_book_ids)  # update() sends no signal
    audit(
        moderator=moderator,
        action="removed all content",
        item=member,
        reason=f"{reason} ({reviews} reviews, {comments} comments, {posts} posts)".strip(),
    )
    return reviews + comments + posts


@transaction.atomic
def member_suspend(*, member, moderator, reason, until=None, hide_content=False):
    """Suspend a member until a time, or for good (until=None). They cannot log in or post."""
    if member.is_superuser or (member.is_staff and not moderator.is_superuser):
        raise ValidationError("Only administrators suspend staff accounts.")
    if member.is_imported:
        raise ValidationError("Imported reviewers cannot log in anyway: hide their content instead.")
    member.suspended_at, member.suspended_until, member.suspension_reason = timezone.now(), until, reason
    member.session_generation += 1  # signs them out of every session they have
    member.save(update_fields=["suspended_at", "suspended_until", "suspension_reason", "session_generation"])
    audit(
        moderator=moderator,
        action="suspended",
        item=member,
        reason=f"{reason} (until {until:%Y-%m-%d %H:%M} UTC)" if until else f"{reason} (for good)",
    )
    if hide_content:
        member_remove_content(member=member, moderator=moderator, reason=reason)


@transaction.atomic
def member_unsuspend(*, member, moderator, reason=""):
    member.suspended_at = member.suspended_until = None
    member.suspension_reason = ""
    member.save(update_fields=["suspended_at", "suspended_until", "suspension_reason"])
    audit(moderator=moderator, action="lifted suspension", item=member, reason=reason)
