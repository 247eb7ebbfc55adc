from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Follow
from .permissions import require_member_who_can_post


@transaction.atomic
def profile_update(*, user, display_name, bio, time_zone=""):
    require_member_who_can_post(user)
    user.display_name, user.bio, user.time_zone = display_name, bio, time_zone
    user.full_clean()
    user.save(update_fields=["display_name", "bio", "time_zone"])
    return user


@transaction.atomic
def follow(*, follower, followed):
    require_member_who_can_post(follower)
    if followed.pk == follower.pk:
        raise ValidationError("You cannot follow yourself.")
    if followed.is_imported:
        raise ValidationError(f"{followed.name} is an imported reviewer, not a member: there is nothing to follow.")
    Follow.objects.get_or_create(follower=follower, followed=followed)


@transaction.atomic
def unfollow(*, follower, followed):
    require_member_who_can_post(follower)
    Follow.objects.filter(follower=follower, followed=followed).delete()
