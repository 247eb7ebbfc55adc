from django.urls import reverse
from django.utils.html import format_html

from pagecache.holes import filler


@filler("report_link")
def report_link(request, holes):
    """'Report', for members, on what others wrote: {% hole "report_link" kind pk author_id label %}."""
    if not request.user.is_authenticated:
        return {}
    me = str(request.user.pk)
    return {
        (kind, pk, author, label): format_html(
            ' · <a href="{}" class="report-link">Report<span class="visually-hidden"> {}</span></a>',
            reverse("moderation:report", args=[kind, pk]),
            label,
        )
        for kind, pk, author, label in holes
        if author != me
    }
