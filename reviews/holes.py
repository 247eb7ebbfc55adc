"""A member's own review on a book page (see pagecache.holes)."""

from pagecache.holes import filler, render_each
from pagecache.mine import of

from .models import Review


@filler("own_review")
def own_review(request, holes):
    """The member's rating and review, with the form to change it: for the books they reviewed."""
    if not request.user.is_authenticated:
        return {}
    reviewed = of(request).rows("reviews", [pk for pk, _ in holes])
    holes = [(pk, slug) for pk, slug in holes if pk in reviewed]
    if not holes:
        return {}
    mine = Review.objects.by_members().filter(reviewer=request.user, book_id__in=[pk for pk, _ in holes])
    by_book = {str(review.book_id): review for review in mine}
    holes = [(pk, slug) for pk, slug in holes if pk in by_book]
    contexts = [{"book": {"pk": pk, "slug": slug}, "my_review": by_book[pk]} for pk, slug in holes]
    return dict(zip(holes, render_each(request, "reviews/_own_review.html", contexts), strict=True))
