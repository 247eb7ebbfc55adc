from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Discussions"

    def ready(self):
        from . import holes, merging  # noqa: F401  (fills this app's holes; merges)
