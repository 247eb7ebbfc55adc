"""What votes add to other apps' pages."""

from .models import Round


def club_page(club):
    """The club page's latest round: open for nominations or votes, or the last result."""
    latest = Round.objects.filter(club=club).select_related("winner__book").order_by("-opened_at", "-pk").first()
    return {"template": "votes/_club_part.html", "round": latest}
