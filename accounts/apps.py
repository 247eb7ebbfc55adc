from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members"

    def ready(self):
        from . import holes, signals  # noqa: F401  (fills this app's holes; staff addresses confirmed)
