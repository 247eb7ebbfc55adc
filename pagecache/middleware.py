from . import holes
from .cache import request_memo, request_memo_end
from .mine import Mine


class HoleFillingMiddleware:
    """Fill the holes of every HTML page with what this visitor should see there (pagecache.holes),
    and give each request its member's rows (request.mine).

    Last in MIDDLEWARE, so it runs before the messages, session and CSRF middleware finish the
    response: the messages it shows are marked as read, the forms it adds get their CSRF cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.mine = Mine(request)  # the member's own rows, asked for on first use (pagecache.mine)
        memo = request_memo()
        try:
            response = self.get_response(request)
        finally:
            request_memo_end(memo)
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
