"""Time zones: the choices members and clubs pick from, and times shown in one."""

import zoneinfo
from datetime import datetime

from django.core.exceptions import ValidationError

TIME_ZONES = sorted(zoneinfo.available_timezones())
ZONE_CHOICES = [(zone, zone.replace("_", " ")) for zone in TIME_ZONES]


def zone(name):
    return zoneinfo.ZoneInfo(name or "UTC")


def local_instant(day, at, zone_name):
    """The instant day at (a wall-clock time) in zone_name. A time the clocks skip (the spring-forward
    gap) is refused; a time they pass twice (the autumn fall-back) is the first of the two."""
    tz = zone(zone_name)
    wanted = datetime.combine(day, at, tzinfo=tz)
    back = wanted.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(tz)
    if back.replace(tzinfo=None) != wanted.replace(tzinfo=None):
        raise ValidationError(
            f"{at:%H:%M} on {day:%B %-d} does not exist in {zone_name}: the clocks go forward then. "
            "Choose another time."
        )
    return wanted


def format_in(instant, zone_name):
    """ "Tue 3 Mar 2026, 19:30 GMT": instant as the clocks of zone_name show it."""
    local = instant.astimezone(zone(zone_name))
    return f"{local:%a %-d %b %Y, %H:%M} {local.tzname()}"
