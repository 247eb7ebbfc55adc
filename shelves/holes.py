from accounts.cache import member_rows
from pagecache.holes import filler

from .models import ShelfEntry


@filler("shelf")
def shelf(request, holes):
    """Which state of the shelf buttons this visitor gets: their shelf, "none", or "visitor"."""
    if not request.user.is_authenticated:
        return dict.fromkeys(holes, "visitor")
    shelves = member_rows(request, "shelves", _shelves, book_id__in=[pk for (pk,) in holes])
    return {(pk,): shelves.get(int(pk), "none") for (pk,) in holes}


def _shelves(user):
    return ShelfEntry.objects.filter(user=user).values_list("book_id", "shelf")
