from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import checks, fillers  # noqa: F401  (the shared-cache check, the messages hole)
