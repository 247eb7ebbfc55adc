from django.apps import AppConfig


class ShelvesConfig(AppConfig):
    name = "shelves"
    verbose_name = "Shelves"
