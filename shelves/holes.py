from pagecache.holes import filler

from .models import ShelfEntry


@filler("shelf")
def shelf(request, holes):
    """Which state of the shelf buttons this visitor gets: their shelf, "none", or "visitor"."""
    if not request.user.is_authenticated:
        return dict.fromkeys(holes, "visitor")
    entries = ShelfEntry.objects.filter(user=request.user, book_id__in=[pk for (pk,) in holes])
    shelves = {str(book_id): shelf for book_id, shelf in entries.values_list("book_id", "shelf")}
    return {(pk,): shelves.get(pk, "none") for (pk,) in holes}
