"""What a merge of two books does with their reviews, ratings and the source's figures.

Rule for a member who reviewed both: the review they wrote or changed last is kept, with its stars;
the other's text, when it has any the kept one lacks, is added below the kept text under a line that
says so, and its likes and comments move to the kept review. Nothing they wrote is lost. Imported
reviews simply move. The kept book keeps its source's histogram (the merged book's when it has none),
and its figures are recounted from the rows.
"""

from catalogue.merging import merge_step, on_both

from .models import RatingHistogram, Review, ReviewComment, ReviewLike
from .ratings import book_ratings_refresh
from .services import likes_recount

MERGED_TEXT = "\n\n---\n\n*From this member's review of “{title}”, merged into this book:*\n\n{body}"


@merge_step("reviews.Review.book", "reviews.RatingHistogram.book")
def move_reviews(*, keep, gone, report):
    members = Review.objects.by_members()
    touched = []
    for reviewer_id in on_both(members, "reviewer", keep=keep, gone=gone):
        pair = list(members.filter(book__in=[keep, gone], reviewer_id=reviewer_id).order_by("-updated_at", "-pk"))
        kept, dropped = pair
        if dropped.body.strip() and dropped.body.strip() not in kept.body:
            addition = MERGED_TEXT.format(
                title=gone.title if dropped.book_id == gone.pk else keep.title, body=dropped.body
            )
            kept.body = (kept.body + addition).strip() if kept.body.strip() else dropped.body
            kept.is_spoiler = kept.is_spoiler or dropped.is_spoiler
            kept.spoils_earlier = kept.spoils_earlier or dropped.spoils_earlier
        if kept.rating is None:
            kept.rating = dropped.rating
        ReviewComment.objects.filter(review=dropped).update(review=kept)
        liked = set(ReviewLike.objects.filter(review=kept).values_list("user_id", flat=True))
        ReviewLike.objects.filter(review=dropped).exclude(user_id__in=liked).update(review=kept)
        Review.objects.filter(same_as=dropped).update(same_as=kept)
        dropped.delete()
        kept.book = keep
        kept.save()
        touched.append(kept.pk)
        report.note(
            reviewer_id,
            f"Member #{reviewer_id} had reviewed both: kept their later review, with the other's text below it.",
        )
    report.count("reviews", Review.objects.filter(book=gone).update(book=keep))
    if touched:
        likes_recount(review_ids=touched)
    histogram = RatingHistogram.objects.filter(book=gone).first()
    if histogram is not None:
        if RatingHistogram.objects.filter(book=keep).exists():
            histogram.delete()  # the kept book keeps its own source's figures
        else:
            RatingHistogram.objects.filter(pk=histogram.pk).update(book=keep)
    book_ratings_refresh([keep.pk])
