from django.template.loader import render_to_string

from pagecache.holes import filler, render_each

from .models import Follow


@filler("account_nav")
def account_nav(request, holes):
    """Log in and sign up, or the member's name, the admin link for staff and log out."""
    return dict.fromkeys(holes, render_to_string("_account_nav.html", {}, request))


@filler("profile_actions")
def profile_actions(request, holes):
    """Follow or unfollow and report, on others' profiles; edit, on one's own."""
    if not request.user.is_authenticated:
        return {}
    followed = set(
        Follow.objects.filter(follower=request.user, followed_id__in=[pk for pk, *_ in holes]).values_list(
            "followed_id", flat=True
        )
    )
    contexts = [
        {"person_id": pk, "username": username, "name": name, "following": int(pk) in followed}
        for pk, username, name in holes
    ]
    return dict(zip(holes, render_each(request, "accounts/_profile_actions.html", contexts), strict=True))
