from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Follow


@transaction.atomic
def follow(*, follower, followed):
    if followed.pk == follower.pk:
        raise ValidationError("You cannot follow yourself.")
    if followed.is_imported:
        raise ValidationError(f"{followed.name} is an imported reviewer, not a member: there is nothing to follow.")
    Follow.objects.get_or_create(follower=follower, followed=followed)


@transaction.atomic
def unfollow(*, follower, followed):
    Follow.objects.filter(follower=follower, followed=followed).delete()
