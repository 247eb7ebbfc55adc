from functools import partial

from django.template.loader import get_template
from django.utils.functional import SimpleLazyObject

from pagecache.holes import csrf_token, filler
from pagecache.mine import MEMBER_ROWS, of


@filler("account_nav")
def account_nav(request, holes):
    """Log in and sign up, or the member's name, the admin link for staff and log out.

    Rendered with what it shows and nothing more: the context processors of a RequestContext cost
    twice the template, on every page a member views."""
    # Lazy, as Django's own: a visitor's menu has no form, and must not set a CSRF cookie.
    context = {"user": request.user, "csrf_token": SimpleLazyObject(partial(csrf_token, request))}
    if request.user.is_authenticated:
        context["unread_notifications"] = of(request).count("notifications")
        context["unread_more"] = context["unread_notifications"] > MEMBER_ROWS
    return dict.fromkeys(holes, get_template("_account_nav.html").render(context))
