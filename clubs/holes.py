"""A reader's standing in a club, on the club's shared pages (see pagecache.holes)."""

from pagecache.holes import filler
from pagecache.mine import of


@filler("club_standing")
def club_standing(request, holes):
    """ "visitor", "owner", "organiser", "member", "pending" or "declined" (a request to join), or "none"."""
    if not request.user.is_authenticated:
        return dict.fromkeys(holes, "visitor")
    mine = of(request)
    picked = {}
    for args in holes:
        role = mine.get("clubs", args[0])
        picked[args] = role or mine.get("club_requests", args[0]) or "none"
    return picked
