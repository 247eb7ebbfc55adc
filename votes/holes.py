"""A reader's part of a round's shared page (see pagecache.holes)."""

from pagecache.holes import filler
from pagecache.mine import of


@filler("ballot")
def ballot(request, holes):
    """ "visitor", "outsider" (not in the club), "voted" or "none" (a member who has not voted)."""
    if not request.user.is_authenticated:
        return dict.fromkeys(holes, "visitor")
    mine = of(request)
    picked = {}
    for args in holes:
        round_pk, club_pk = args
        if mine.get("clubs", club_pk) is None:
            picked[args] = "outsider"
        else:
            picked[args] = "voted" if mine.has("ballots", round_pk) else "none"
    return picked
