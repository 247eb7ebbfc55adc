import math
import time

from django.conf import settings

from . import holes
from .cache import WROTE_COOKIE, bumps, request_memo, request_memo_end
from .mine import Mine


class HoleFillingMiddleware:
    """Fill the holes of every HTML page with what this visitor should see there (pagecache.holes),
    and give each request its member's rows (request.mine). Mark the answer to a write with its time
    (WROTE_COOKIE), so that the writer's next pages are not a copy made before it.

    Last in MIDDLEWARE, so it runs before the messages, session and CSRF middleware finish the
    response: the messages it shows are marked as read, the forms it adds get their CSRF cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.mine = Mine(request)  # the member's own rows, asked for on first use (pagecache.mine)
        memo, bumps_before = request_memo(), bumps()
        try:
            response = self.get_response(request)
        finally:
            request_memo_end(memo)
        if request.method not in ("GET", "HEAD") and bumps() != bumps_before:
            # This visitor wrote: the shared pages they see next must show it (pagecache.cache).
            response.set_cookie(
                WROTE_COOKIE,
                f"{time.time():.3f}",
                max_age=math.ceil(settings.PAGE_CACHE_STALE_SECONDS),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        if (
            not response.streaming
            and response.status_code < 500  # an error page must not fail again on the account menu
            and response.get("Content-Type", "").startswith("text/html")
        ):
            charset = response.charset
            html = response.content.decode(charset)
            filled = holes.fill(request, html)
            if filled is not html:
                response.content = filled.encode(charset)
        return response
