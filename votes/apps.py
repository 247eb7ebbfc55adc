from django.apps import AppConfig


class VotesConfig(AppConfig):
    """Choosing a club's next book: nominations, a ranked vote, and the published count."""

    name = "votes"
    verbose_name = "Votes"

    def ready(self):
        from clubs.views import PAGE_PARTS

        from . import holes, merging, parts  # noqa: F401  (the round page's holes; merges)

        PAGE_PARTS.append(parts.club_page)
