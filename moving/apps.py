from django.apps import AppConfig


class MovingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "moving"
    verbose_name = "Moving in and out"

    def ready(self):
        from . import merging  # noqa: F401  (what a merge of two books does with import matches)
