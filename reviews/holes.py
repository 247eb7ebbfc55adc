"""A member's own part of review lists and book pages (see pagecache.holes)."""

from pagecache.holes import filler, render_each

from .models import Review, ReviewLike


@filler("like_button")
def like_button(request, holes):
    """ "like" or "liked" on other members' reviews, for members; one query for the whole page."""
    if not request.user.is_authenticated:
        return {}
    me = str(request.user.pk)
    others = [(pk, reviewer) for pk, reviewer in holes if reviewer != me]
    liked = ReviewLike.objects.filter(user=request.user, review_id__in=[pk for pk, _ in others])
    liked = {str(pk) for pk in liked.values_list("review_id", flat=True)}
    return {(pk, reviewer): "liked" if pk in liked else "like" for pk, reviewer in others}


@filler("your_review")
def your_review(request, holes):
    """The member's own rating and review of the book, with the form to write or change it."""
    mine = {}
    if request.user.is_authenticated:
        reviews = Review.objects.by_members().filter(reviewer=request.user, book_id__in=[hole[0] for hole in holes])
        mine = {str(review.book_id): review for review in reviews}
    contexts = [
        {"book": {"pk": pk, "slug": slug, "title": title}, "my_review": mine.get(pk)} for pk, slug, title in holes
    ]
    return dict(zip(holes, render_each(request, "reviews/_your_review.html", contexts), strict=True))
