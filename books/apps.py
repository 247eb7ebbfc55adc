from django.apps import AppConfig


class BooksConfig(AppConfig):
    name = "books"
    verbose_name = "Catalogue"

    def ready(self):
        from . import signals  # noqa: F401  (connects the search-vector receivers)
