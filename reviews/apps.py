from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews and ratings"

    def ready(self):
        from . import holes, signals  # noqa: F401  (keeps rating figures and cached pages current; fills this app's holes)
