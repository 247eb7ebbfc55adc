from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """A club's meetings: answers and waiting lists, calendars, reminders the day before."""

    name = "meetings"
    verbose_name = "Meetings"

    def ready(self):
        from clubs.views import PAGE_PARTS

        from . import holes, merging, parts  # noqa: F401  (the meeting page's holes; merges)

        PAGE_PARTS.append(parts.club_page)
