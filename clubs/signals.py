"""A club never lacks an owner: when its owner is suspended or their account deleted, the
longest-serving organiser (else member) takes over."""

from django.conf import settings
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from .services import owner_replace


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def owner_suspended(sender, instance, update_fields=None, **kwargs):
    if instance.is_suspended and (update_fields is None or "suspended_at" in update_fields):
        owner_replace(user=instance)


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def owner_deleted(sender, instance, **kwargs):
    owner_replace(user=instance)
