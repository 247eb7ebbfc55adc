from django.apps import AppConfig


class ShelvesConfig(AppConfig):
    name = "shelves"
    verbose_name = "Shelves"

    def ready(self):
        from . import holes, merging  # noqa: F401  (the progress form and the spoiler markers' holes; merges)
