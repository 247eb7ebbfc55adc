from django.apps import AppConfig


class ClubsConfig(AppConfig):
    """Book clubs: members and roles, the book a club reads, its schedule, its private discussions."""

    name = "clubs"
    verbose_name = "Clubs"

    def ready(self):
        from pagecache.tags import declare
        from shelves.models import ShelfEntry

        from . import access, holes, merging, signals  # noqa: F401  (who reads club threads; holes; owners; merges)

        # A member's progress shows on the pages of their clubs (shelves know nothing of clubs).
        declare(ShelfEntry, "club", "user__club_memberships__club__slug")
        # And in the count of where the club's readers are, which the club page keeps apart.
        declare(ShelfEntry, "club_readers", "user__club_memberships__club__slug")
