"""Views for pagecache's own tests: the site's URLs, and a shared page that misuses a CSRF token."""

import time

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from bookclub.urls import urlpatterns as site_urlpatterns
from pagecache.cache import shared_page

FORM = engines["django"].from_string('<form method="post">{% csrf_token %}</form>')


@shared_page(lambda: ["test"])
def form_in_shared_part(request):
    return HttpResponse(FORM.render({}, request))


class Slow:
    """A shared page that takes its time to render and counts its renders (test_single_flight)."""

    renders = 0
    seconds = 0.0


@shared_page(lambda: ["slow"])
def slow_page(request):
    Slow.renders += 1
    number = Slow.renders
    time.sleep(Slow.seconds)
    return HttpResponse(f"render {number}")


urlpatterns = [*site_urlpatterns, path("test/form/", form_in_shared_part), path("test/slow/", slow_page)]
