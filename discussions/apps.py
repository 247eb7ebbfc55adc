from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Discussions"

    def ready(self):
        from . import holes, signals  # noqa: F401  (keeps cached pages current; fills this app's holes)
