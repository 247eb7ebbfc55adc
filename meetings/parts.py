"""What meetings add to other apps' pages."""

from .models import Meeting

CLUB_PAGE_MEETINGS = 3


def club_page(club):
    """The club page's next meetings."""
    meetings = list(Meeting.objects.filter(club=club).upcoming()[:CLUB_PAGE_MEETINGS])
    return {"template": "meetings/_club_part.html", "meetings": meetings}
