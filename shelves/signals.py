"""A book's page shows how many members have it on each shelf, a profile how many books are on each:
shelving makes both stale."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.cache import member_pages_changed, member_rows_changed
from books.cache import book_pages_changed

from .models import ShelfEntry


@receiver(post_save, sender=ShelfEntry)
@receiver(post_delete, sender=ShelfEntry)
def shelf_changed(sender, instance, **kwargs):
    book_pages_changed([instance.book_id], listings=False)
    member_pages_changed([instance.user_id])
    member_rows_changed("shelves", [instance.user_id])
