from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Open catalogue"

    def ready(self):
        from . import checks, holes  # noqa: F401 the merge check and the editor's choice register themselves
