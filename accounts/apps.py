from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import holes, signals  # noqa: F401  (keeps cached pages current; fills this app's holes)
