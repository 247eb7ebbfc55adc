"""The addresses merges left: a 404 under a merged book's, author's or series' address answers 301 to
the same page of the one kept, for ever (as django.contrib.redirects' fallback does for its table)."""

import re

from django.http import HttpResponsePermanentRedirect

from .models import AuthorRedirect, BookRedirect, SeriesRedirect

MOVED = re.compile(r"^/(?P<prefix>books|authors|series)/(?P<slug>[-\w]+)/(?P<rest>.*)$")
TABLES = {"books": (BookRedirect, "book"), "authors": (AuthorRedirect, "author"), "series": (SeriesRedirect, "series")}


class MergedAddresses:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        found = MOVED.match(request.path_info)
        if not found:
            return response
        table, target = TABLES[found["prefix"]]
        moved = table.objects.filter(slug=found["slug"]).select_related(target).first()
        if moved is None:
            return response
        path = f"/{found['prefix']}/{moved.target.slug}/{found['rest']}"
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(path + (f"?{query}" if query else ""))
