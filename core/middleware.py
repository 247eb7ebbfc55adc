from django.http import HttpResponseBadRequest, QueryDict

from .text import CONTROL_CHARACTERS, strip_control

FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


class StripControlCharacters:
    """No view ever sees a NUL or another control character: an address holding one is refused (400),
    and they are dropped from every query parameter and form field (tabs and line breaks stay).

    Once, here, rather than in every form: PostgreSQL refuses a NUL outright (a 500 on any page a
    fuzzer reached), and XML (the Atom feeds) cannot carry the others."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL_CHARACTERS.search(request.path):
            return HttpResponseBadRequest("Bad request: control characters in the address.", content_type="text/plain")
        if request.META.get("QUERY_STRING"):
            request.GET = _cleaned(request.GET)
        if request.method == "POST" and request.content_type in FORMS:
            request.POST = _cleaned(request.POST)
        return self.get_response(request)


def _cleaned(query):
    if not any(
        CONTROL_CHARACTERS.search(key) or any(map(CONTROL_CHARACTERS.search, values)) for key, values in query.lists()
    ):
        return query
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(strip_control(key), [strip_control(value) for value in values])
    cleaned._mutable = False
    return cleaned
