"""Rules that follow every save of a member, whatever saved them (the admin, createsuperuser, a service).
Which cached pages a save makes stale is declared on the model (page_tags)."""

from allauth.account.models import EmailAddress
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User


@receiver(post_save, sender=User)
def confirm_staff_email_addresses(sender, instance, raw=False, **kwargs):
    """A staff account is made by someone trusted (createsuperuser, an administrator in the admin): its
    address needs no confirmation mail before it can log in and post."""
    if raw or not instance.is_staff or not instance.email:
        return
    address = EmailAddress.objects.filter(user=instance, email__iexact=instance.email).first()
    if address is None:
        primary = not EmailAddress.objects.filter(user=instance, primary=True).exists()
        EmailAddress.objects.create(user=instance, email=instance.email, primary=primary, verified=True)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
