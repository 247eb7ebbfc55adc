from django.apps import AppConfig


class BookclubConfig(AppConfig):
    """The top layer: pages that compose several apps, and what a member sees of their own on them."""

    name = "bookclub"
    verbose_name = "Bookclub"

    def ready(self):
        from . import holes, mine  # noqa: F401  (the home feed's hole; the kinds of members' own rows)
