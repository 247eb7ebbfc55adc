"""A member's own part of review lists and book pages (see pagecache.holes)."""

from accounts.cache import member_rows
from pagecache.holes import filler, render_each

from .models import Review, ReviewLike


@filler("like_button")
def like_button(request, holes):
    """ "like" or "liked" on other members' reviews, for members; one query for the whole page."""
    if not request.user.is_authenticated:
        return {}
    me = str(request.user.pk)
    others = [(pk, reviewer) for pk, reviewer in holes if reviewer != me]
    liked = member_rows(request, "likes", _likes, shape=set, review_id__in=[pk for pk, _ in others])
    return {(pk, reviewer): "liked" if int(pk) in liked else "like" for pk, reviewer in others}


def _own_reviews(request, book_ids):
    """The member's reviews of these books, {book id: review or None}, shared by the two fillers below.
    Which books they reviewed comes with the member's rows; the reviews themselves, only where any."""
    known = request.__dict__.setdefault("own_reviews", {})
    missing = [pk for pk in book_ids if pk not in known]
    if missing:
        known.update(dict.fromkeys(missing))
        reviewed = member_rows(request, "reviews", _reviewed_books, book_id__in=missing)
        review_ids = [reviewed[int(pk)] for pk in missing if int(pk) in reviewed]
        if review_ids:
            reviews = Review.objects.filter(pk__in=review_ids, reviewer=request.user)
            known.update({str(review.book_id): review for review in reviews})
    return known


def _likes(user):
    return ReviewLike.objects.filter(user=user).values_list("review_id", flat=True)


def _reviewed_books(user):
    return Review.objects.by_members().filter(reviewer=user).values_list("book_id", "pk")


@filler("your_review")
def your_review(request, holes):
    """ "visitor", "new" (the empty form, rendered with the page) or "own" (filled by own_review)."""
    if not request.user.is_authenticated:
        return dict.fromkeys(holes, "visitor")
    mine = _own_reviews(request, [pk for (pk,) in holes])
    return {(pk,): "own" if mine[pk] else "new" for (pk,) in holes}


@filler("own_review")
def own_review(request, holes):
    """The member's rating and review, with the form to change it."""
    if not request.user.is_authenticated:
        return {}
    mine = _own_reviews(request, [pk for pk, _ in holes])
    holes = [(pk, slug) for pk, slug in holes if mine[pk]]
    contexts = [{"book": {"pk": pk, "slug": slug}, "my_review": mine[pk]} for pk, slug in holes]
    return dict(zip(holes, render_each(request, "reviews/_own_review.html", contexts), strict=True))
