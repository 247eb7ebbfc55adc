from django.template.loader import render_to_string

from pagecache.holes import filler

from .cache import member_rows
from .models import Follow


@filler("account_nav")
def account_nav(request, holes):
    """Log in and sign up, or the member's name, the admin link for staff and log out."""
    return dict.fromkeys(holes, render_to_string("_account_nav.html", {}, request))


@filler("follow_button")
def follow_button(request, holes):
    """ "follow" or "unfollow" on other members' profiles, for members."""
    if not request.user.is_authenticated:
        return {}
    others = [pk for (pk,) in holes if pk != str(request.user.pk)]
    followed = member_rows(request, "follows", _followed, shape=set, followed_id__in=others)
    return {(pk,): "unfollow" if int(pk) in followed else "follow" for pk in others}


def _followed(user):
    return Follow.objects.filter(follower=user).values_list("followed_id", flat=True)
