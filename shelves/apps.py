from django.apps import AppConfig


class ShelvesConfig(AppConfig):
    name = "shelves"
    verbose_name = "Shelves"

    def ready(self):
        from . import holes, signals  # noqa: F401  (keeps cached pages current; fills this app's holes)
