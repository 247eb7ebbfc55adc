"""Small HTTP helpers every app may use."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def local_redirect(request, target, fallback):
    """A redirect to target when it is a path on this site, else to fallback.

    Only paths: redirect() would take "account_logout" for the name of a URL and go there."""
    hosts = {request.get_host()}
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, hosts, require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)
