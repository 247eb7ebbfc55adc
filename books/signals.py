"""Keep books' stored search vectors current on PostgreSQL, and cached pages right after catalogue edits.

Signals rather than a service call because every write path must be caught: the admin, loaddata
(which saves raw) and any service alike. The update itself runs in the database (books.search).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from pagecache.cache import invalidate_everything

from .models import Author, Book, Series
from .search import refresh_search_vectors


@receiver(post_save, sender=Book)
def book_saved(sender, instance, **kwargs):
    refresh_search_vectors([instance.pk])


@receiver(m2m_changed, sender=Book.authors.through)
def book_authors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        refresh_search_vectors([instance.pk])
    elif pk_set:
        refresh_search_vectors(list(pk_set))
    else:
        refresh_search_vectors(list(instance.books.values_list("pk", flat=True)))


@receiver(post_save, sender=Author)
def author_saved(sender, instance, **kwargs):
    refresh_search_vectors(list(instance.books.values_list("pk", flat=True)))


@receiver(post_save, sender=Series)
def series_saved(sender, instance, **kwargs):
    refresh_search_vectors(list(instance.books.values_list("pk", flat=True)))


@receiver(post_save, sender=Book)
@receiver(post_delete, sender=Book)
@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
@receiver(post_save, sender=Series)
@receiver(post_delete, sender=Series)
@receiver(m2m_changed, sender=Book.authors.through)
def catalogue_edited(sender, action="post", **kwargs):
    """A title, a name or a slug shows on many pages (threads name their book, series list their
    authors); edits are rare and come from librarians, so the whole page cache starts afresh."""
    if action.startswith("post"):
        invalidate_everything()
