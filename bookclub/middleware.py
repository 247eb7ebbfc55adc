from django.shortcuts import render


class SiteNotFoundPageInDevelopment:
    """With DEBUG on, Django answers an unknown address with its own debug page; a newcomer trying the
    site expects the site's 404 page, so it is shown here too, with the address tried (development only:
    settings add this middleware when DEBUG is on)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and b"<title>Page not found at " in response.content[:2000]:
            return render(request, "404.html", {"debug_path": request.path}, status=404)
        return response
