"""Cached pages follow changes to members: their profile, and their name wherever they wrote."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from pagecache.cache import invalidate, invalidate_everything

from .cache import account_tag, member_pages_changed, member_rows_changed, member_tag
from .models import Follow, User

SHOWN_ON_PAGES = ("username", "display_name", "is_anonymous_reviewer")
# Saves of these alone change nothing a page shows (allauth's log-in saves last_login).
UNSHOWN = {"last_login", "password"}


@receiver(pre_save, sender=User)
def note_name_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    instance.name_before_save = None
    if raw or instance.pk is None or (update_fields is not None and not set(update_fields) - UNSHOWN):
        return
    instance.name_before_save = User.objects.filter(pk=instance.pk).values(*SHOWN_ON_PAGES).first()


@receiver(post_save, sender=User)
def member_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    invalidate(account_tag(instance.pk))  # every save: a new password, a suspension, staff rights
    before = getattr(instance, "name_before_save", None)
    if raw or (before and any(before[field] != getattr(instance, field) for field in SHOWN_ON_PAGES)):
        # Names show on reviews, comments and posts all over the site; renames are rare: start afresh.
        invalidate_everything()
    elif update_fields is None or set(update_fields) - UNSHOWN:
        invalidate(member_tag(instance.username))  # the bio, a suspension: the profile alone


@receiver(post_delete, sender=User)
def member_deleted(sender, instance, **kwargs):
    invalidate(account_tag(instance.pk))


@receiver(post_save, sender=Follow)
@receiver(post_delete, sender=Follow)
def follow_changed(sender, instance, **kwargs):
    member_pages_changed([instance.follower_id, instance.followed_id])
    member_rows_changed("follows", [instance.follower_id])
