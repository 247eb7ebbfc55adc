from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app may use: the one Markdown renderer, shared template tags and form helpers."""

    name = "core"
    verbose_name = "Core"
