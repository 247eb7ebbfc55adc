"""A member's own part of review lists and book pages (see pagecache.holes)."""

from pagecache.holes import filler, render_each

from .models import Review, ReviewLike


def _members_others(request, holes):
    """The holes whose author (second argument) is not this member: nothing is filled for visitors."""
    if not request.user.is_authenticated:
        return []
    return [hole for hole in holes if hole[1] != str(request.user.pk)]


@filler("like_button")
def like_button(request, holes):
    """Like or unlike, on other members' reviews; one query for every review on the page."""
    holes = _members_others(request, holes)
    if not holes:
        return {}
    liked = set(
        ReviewLike.objects.filter(user=request.user, review_id__in=[pk for pk, *_ in holes]).values_list(
            "review_id", flat=True
        )
    )
    contexts = [{"review_id": pk, "reviewer_name": name, "liked": int(pk) in liked} for pk, _, name in holes]
    return dict(zip(holes, render_each(request, "reviews/_like_button.html", contexts), strict=True))


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
