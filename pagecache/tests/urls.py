"""Views for pagecache's own tests: the site's URLs, and a shared page that misuses a CSRF token."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from bookclub.urls import urlpatterns as site_urlpatterns
from pagecache.cache import shared_page

FORM = engines["django"].from_string('<form method="post">{% csrf_token %}</form>')


@shared_page(lambda: ["test"])
def form_in_shared_part(request):
    return HttpResponse(FORM.render({}, request))


urlpatterns = [*site_urlpatterns, path("test/form/", form_in_shared_part)]
