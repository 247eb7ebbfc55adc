"""Who may edit a book, on its shared page (see pagecache.holes)."""

from pagecache.holes import filler


@filler("catalogue_editor")
def catalogue_editor(request, holes):
    """ "editor" for librarians, and for the member who added a book until a librarian checks it.
    Args: the book's id, the id of who added it, whether it is still unchecked (as the page shows)."""
    user = request.user
    if not user.is_authenticated:
        return {}
    librarian = getattr(user, "is_librarian", False)
    picked = {}
    for args in holes:
        _, added_by, unchecked = args
        if librarian or (unchecked == "True" and added_by == str(user.pk)):
            picked[args] = "editor"
    return picked
