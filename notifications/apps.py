from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from . import hooks  # noqa: F401  (replies, quotes and club decisions become notifications)
