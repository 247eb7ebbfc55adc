from django.conf import settings
from django.core.checks import Warning, register

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


@register()
def page_cache_is_shared(app_configs, **kwargs):
    """In production several worker processes serve pages: they must share one cache."""
    if settings.DEBUG or not settings.PAGE_CACHE_SECONDS or settings.CACHES["default"]["BACKEND"] != LOCAL_MEMORY:
        return []
    return [
        Warning(
            "The page cache is on in local memory: each worker process keeps its own copy, and a write "
            "seen by one process does not clear the others'.",
            hint="Set REDIS_URL, or PAGE_CACHE_SECONDS=0 to turn the page cache off.",
            id="pagecache.W001",
        )
    ]
