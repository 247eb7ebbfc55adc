"""The site's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from bookclub.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken), *site_urlpatterns]
