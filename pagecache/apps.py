from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import checks, mine  # noqa: F401  (the shared-cache check; the generic filler)
        from .tags import connect_many_to_many

        connect_many_to_many()
