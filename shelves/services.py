from django.db import transaction

from accounts.permissions import require_member_who_can_post

from .models import Shelf, ShelfEntry


@transaction.atomic
def shelf_set(*, user, book, shelf):
    """Put book on one of user's shelves, or on none when shelf is None. Returns the entry or None."""
    require_member_who_can_post(user)
    if shelf is None:
        ShelfEntry.objects.filter(user=user, book=book).delete()
        return None
    if shelf not in Shelf.values:
        raise ValueError(f"unknown shelf: {shelf!r}")
    entry, _ = ShelfEntry.objects.update_or_create(user=user, book=book, defaults={"shelf": shelf})
    return entry
