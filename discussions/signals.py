"""Cached pages follow every write to threads and posts, from any path (services, the admin).

Writes through QuerySet.update() send no signals: they call discussions.cache themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.cache import member_rows_changed
from pagecache.cache import invalidate_everything

from .cache import thread_pages_changed
from .models import Post, Thread, ThreadVisit


@receiver(post_save, sender=Thread)
@receiver(post_delete, sender=Thread)
def thread_changed(sender, instance, raw=False, **kwargs):
    if raw:
        invalidate_everything()
    else:
        # A thread moved to another book leaves the old book's page and board too.
        thread_pages_changed(
            [instance.pk], book_ids={instance.book_id, getattr(instance, "loaded_book_id", None)} - {None}
        )


@receiver(post_save, sender=Post)
@receiver(post_delete, sender=Post)
def post_changed(sender, instance, raw=False, **kwargs):
    if raw:
        invalidate_everything()
    else:
        thread_pages_changed([instance.thread_id])


@receiver(post_save, sender=ThreadVisit)
@receiver(post_delete, sender=ThreadVisit)
def visit_changed(sender, instance, **kwargs):
    """What a member has read and follows: their unread marks and follow buttons everywhere."""
    member_rows_changed("visits", [instance.user_id])
