"""A reader's part of a meeting's shared page: its times in their zone, and their answer."""

from django.utils.html import format_html

from core.zones import format_in, zone
from pagecache.holes import filler
from pagecache.mine import of

DASH = "\N{EN DASH}"


def _span(starts, ends, zone_name):
    """Tue 3 Mar 2026, 19:30 to 21:00 GMT, with an en dash (both days when it runs past midnight)."""
    tz = zone(zone_name)
    start, end = starts.astimezone(tz), ends.astimezone(tz)
    if start.date() == end.date():
        return f"{start:%a %-d %b %Y, %H:%M}{DASH}{end:%H:%M} {end.tzname()}"
    return f"{format_in(starts, zone_name)} {DASH} {format_in(ends, zone_name)}"


@filler("when")
def when(request, holes):
    """A meeting's time in the reader's own zone (their profile's), with the club's beside it when it
    differs; in the club's zone for readers who have not chosen one."""
    from datetime import datetime

    mine = request.user.time_zone if request.user.is_authenticated else ""
    filled = {}
    for args in holes:
        starts, ends, club_zone = datetime.fromisoformat(args[0]), datetime.fromisoformat(args[1]), args[2]
        shown = _span(starts, ends, mine or club_zone)
        html = format_html('<time datetime="{}">{}</time>', starts.isoformat(), shown)
        club_text = _span(starts, ends, club_zone)
        if mine and club_text != shown:
            html = format_html('{} <span class="muted">({} in the club’s zone, {})</span>', html, club_text, club_zone)
        filled[args] = html
    return filled


@filler("rsvp")
def rsvp(request, holes):
    """The reader's answer to a meeting: "visitor", "outsider" (not in the club), "none" (not yet),
    "yes", "waiting" (a yes on the waiting list), "maybe" or "no"."""
    if not request.user.is_authenticated:
        return dict.fromkeys(holes, "visitor")
    mine = of(request)
    picked = {}
    for args in holes:
        meeting_pk, club_pk = args
        if mine.get("clubs", club_pk) is None:
            picked[args] = "outsider"
            continue
        answer = mine.get("rsvps", meeting_pk)
        picked[args] = "waiting" if answer == "yes" and mine.has("waiting", meeting_pk) else (answer or "none")
    return picked
