from django.apps import AppConfig


class ShelvesConfig(AppConfig):
    name = "shelves"
    verbose_name = "Shelves"

    def ready(self):
        from . import signals  # noqa: F401  (keeps cached pages current)
