from django.apps import AppConfig


class ClubsConfig(AppConfig):
    """Book clubs: members and roles, the book a club reads, its schedule, its private discussions."""

    name = "clubs"
    verbose_name = "Clubs"

    def ready(self):
        from . import access, holes, signals  # noqa: F401  (who reads club threads; holes; owners)
