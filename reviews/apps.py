from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews and ratings"

    def ready(self):
        from . import holes, merging, signals  # noqa: F401  (rating figures follow every write; own reviews; merges)
