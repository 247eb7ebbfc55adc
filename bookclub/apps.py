from django.apps import AppConfig


class BookclubConfig(AppConfig):
    """The top layer: pages that compose several apps, and what a member sees of their own on them."""

    name = "bookclub"
    verbose_name = "Bookclub"

    def ready(self):
        from . import mine  # noqa: F401  (registers the kinds of members' own rows)
