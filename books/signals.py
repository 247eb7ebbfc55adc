"""Books' stored search vectors follow every edit of a book, its authors or its series, on PostgreSQL.

Receivers rather than a service call because every write path must be caught: the admin, loaddata
(which saves raw) and any service alike. The update itself runs in the database (books.search).
Which cached pages an edit makes stale is declared on the models (page_tags).
"""

from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from core.text import normalise

from .models import Author, Book, Series
from .search import refresh_search_vectors


@receiver(pre_save, sender=Book)
def keep_title_key(sender, instance, **kwargs):
    # A receiver, not save(), because loaddata saves raw.
    instance.title_key = Book.make_title_key(instance.title)


@receiver(pre_save, sender=Author)
def keep_name_key(sender, instance, **kwargs):
    instance.name_key = normalise(instance.name)[:200]


@receiver(post_save, sender=Book)
def refresh_book_search_vector(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or set(update_fields) & {"title", "description", "series"}:
        refresh_search_vectors([instance.pk])


@receiver(m2m_changed, sender=Book.authors.through)
def refresh_search_vectors_of_new_authors(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        refresh_search_vectors([instance.pk])
    elif pk_set:
        refresh_search_vectors(list(pk_set))
    else:
        refresh_search_vectors(list(instance.books.values_list("pk", flat=True)))


@receiver(post_save, sender=Author)
def refresh_search_vectors_of_authors_books(sender, instance, **kwargs):
    refresh_search_vectors(list(instance.books.values_list("pk", flat=True)))


@receiver(post_save, sender=Series)
def refresh_search_vectors_of_series_books(sender, instance, **kwargs):
    refresh_search_vectors(list(instance.books.values_list("pk", flat=True)))
