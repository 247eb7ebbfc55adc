"""Writes that change what a book's page shows: members' reviews and ratings."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .models import Review, ReviewComment, ReviewLike

DUPLICATE_REVIEW = "You have already reviewed this book: edit your review instead."


@transaction.atomic
def review_save(*, book, reviewer, rating, body, is_spoiler, review=None):
    """Create the member's review of book, or update theirs. Raises ValidationError.

    Saving recounts the book's stored average and histogram in this transaction (reviews.signals,
    reviews.ratings), so they are right as soon as it commits, however many members rate at once.
    """
    if review is None:
        review = Review(book=book, reviewer=reviewer, source=Review.Source.MEMBER)
    elif review.reviewer_id != reviewer.pk or review.source != Review.Source.MEMBER:
        raise ValidationError("You can only change your own review.")
    review.rating = rating
    review.body = body
    review.is_spoiler = is_spoiler
    review.full_clean()
    try:
        with transaction.atomic():  # a savepoint: a concurrent duplicate fails alone
            review.save()
    except IntegrityError as exc:
        raise ValidationError(DUPLICATE_REVIEW) from exc
    return review


@transaction.atomic
def review_delete(*, review, user):
    if review.reviewer_id != user.pk or review.source != Review.Source.MEMBER:
        raise PermissionError("Only its author can delete a review.")
    review.delete()


@transaction.atomic
def like_toggle(*, review, user):
    """Like the review, or take the like back. Returns whether user now likes it."""
    if review.reviewer_id == user.pk:
        raise ValidationError("You cannot like your own review.")
    deleted, _ = ReviewLike.objects.filter(review=review, user=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            ReviewLike.objects.create(review=review, user=user)
    except IntegrityError:
        pass  # a double click raced itself: the like is there either way
    return True


@transaction.atomic
def comment_create(*, review, author, body):
    comment = ReviewComment(review=review, author=author, body=body)
    comment.full_clean()
    comment.save()
    return comment
