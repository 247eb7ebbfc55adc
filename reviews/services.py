"""Writes that change what a book's page shows: members' reviews, ratings, likes and comments.

Every write checks who may make it here (PermissionDenied, shown as a 403 page); views ask the same
functions before showing a form, and never check on their own.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from accounts.permissions import require_member_who_can_post
from books.models import Book

from .models import Review, ReviewComment, ReviewLike

DUPLICATE_REVIEW = "You have already reviewed this book: edit your review instead."


def require_review_author(*, review, user):
    """Raise PermissionDenied unless review is user's own member review."""
    if review.reviewer_id != user.pk or review.source != Review.Source.MEMBER:
        raise PermissionDenied("Only its author can change a review.")


@transaction.atomic
def review_save(*, book, reviewer, rating, body, is_spoiler, review=None, spoils_earlier=False):
    """Create the member's review of book, or update theirs. Raises ValidationError.

    Saving recounts the book's stored average and histogram in this transaction (reviews.signals,
    reviews.ratings), so they are right as soon as it commits, however many members rate at once.
    """
    require_member_who_can_post(reviewer)
    if review is None:
        book = Book.objects.to_write(book)  # the book kept, if a librarian merged this one meanwhile
        review = Review(book=book, reviewer=reviewer, source=Review.Source.MEMBER)
    else:
        require_review_author(review=review, user=reviewer)
    review.rating = rating
    review.body = body
    review.is_spoiler = is_spoiler
    review.spoils_earlier = spoils_earlier
    review.full_clean()
    try:
        with transaction.atomic():  # a savepoint: a concurrent duplicate fails alone
            review.save()
    except IntegrityError as exc:
        raise ValidationError(DUPLICATE_REVIEW) from exc
    return review


@transaction.atomic
def rating_save(*, book, member, rating):
    """The member's stars for book (1-5), or none (None): their review keeps its text either way; a
    rating alone is a review without text, and taking it away deletes it."""
    require_member_who_can_post(member)
    book = Book.objects.to_write(book)  # the book kept, if a librarian merged this one meanwhile
    review = Review.objects.select_for_update().by_members().filter(book=book, reviewer=member).first()
    if review is None and rating is None:
        return None
    if review is None:
        review = Review(book=book, reviewer=member, source=Review.Source.MEMBER)
    elif rating is None and not review.body:
        review.delete()
        return None
    review.rating = rating
    review.full_clean()
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as exc:  # the same member rating twice at once: the other saved first
        raise ValidationError("Your rating was saved a moment ago: try again to change it.") from exc
    return review


@transaction.atomic
def review_delete(*, review, user):
    require_member_who_can_post(user)
    require_review_author(review=review, user=user)
    review.delete()


@transaction.atomic
def like_toggle(*, review, user):
    """Like the review, or take the like back. Returns whether user now likes it."""
    require_member_who_can_post(user)
    if review.reviewer_id == user.pk:
        raise ValidationError("You cannot like your own review.")
    deleted, _ = ReviewLike.objects.filter(review=review, user=user).delete()
    if not deleted:
        try:
            with transaction.atomic():
                ReviewLike.objects.create(review=review, user=user)
        except IntegrityError:
            pass  # a double click raced itself: the like is there either way
    likes_recount(review_ids=[review.pk])
    return not deleted


def likes_recount(*, review_ids):
    """Count the reviews' likes again from the rows, not added to: right whatever raced or was deleted."""
    likes = ReviewLike.objects.filter(review=OuterRef("pk")).order_by().values("review").annotate(n=Count("pk"))
    Review.objects.filter(pk__in=review_ids).update(like_count=Coalesce(Subquery(likes.values("n")), 0))


@transaction.atomic
def comment_create(*, review, author, body):
    require_member_who_can_post(author)
    comment = ReviewComment(review=review, author=author, body=body)
    comment.full_clean()
    comment.save()
    return comment
