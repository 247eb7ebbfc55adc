"""A member's name shows on every page they wrote on: renaming makes cached pages stale."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from pagecache.cache import invalidate_everything

from .models import User

SHOWN_ON_PAGES = ("username", "display_name", "is_anonymous_reviewer")


@receiver(pre_save, sender=User)
def note_name_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    instance.name_before_save = None
    # Log-ins save last_login alone: no query for them.
    if raw or instance.pk is None or (update_fields is not None and not set(update_fields) & set(SHOWN_ON_PAGES)):
        return
    instance.name_before_save = User.objects.filter(pk=instance.pk).values(*SHOWN_ON_PAGES).first()


@receiver(post_save, sender=User)
def name_changed(sender, instance, raw=False, **kwargs):
    """Names show on reviews, comments and posts all over the site; renames are rare: start afresh."""
    before = getattr(instance, "name_before_save", None)
    if raw or (before and any(before[field] != getattr(instance, field) for field in SHOWN_ON_PAGES)):
        invalidate_everything()
