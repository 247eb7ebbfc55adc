from pagecache.holes import filler, render_each

from .models import ShelfEntry


@filler("shelf_buttons")
def shelf_buttons(request, holes):
    """The member's shelf for the book, as buttons; a log-in link for visitors."""
    shelves = {}
    if request.user.is_authenticated:
        entries = ShelfEntry.objects.filter(user=request.user, book_id__in=[pk for pk, _ in holes])
        shelves = {str(book_id): shelf for book_id, shelf in entries.values_list("book_id", "shelf")}
    contexts = [{"book": {"slug": slug}, "my_shelf": shelves.get(pk)} for pk, slug in holes]
    return dict(zip(holes, render_each(request, "shelves/_shelf_buttons.html", contexts), strict=True))
