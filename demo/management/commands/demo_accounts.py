"""Ready-made accounts for trying the site in development: a member, a librarian and a moderator."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User

PASSWORD = "demo-password"
ACCOUNTS = {
    "demo-reader": {"display_name": "Demo Reader (development only)", "is_staff": False},
    "demo-librarian": {"display_name": "Demo Librarian (development only)", "is_staff": False},
    "demo-moderator": {"display_name": "Demo Moderator (development only)", "is_staff": True},
}
GROUPS = {"demo-librarian": "Librarians", "demo-moderator": "Moderators"}


class Command(BaseCommand):
    help = "Create a demo member, librarian and moderator (development only: refused when DEBUG is off)."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only: DEBUG is off, so none were made.")
        for username, fields in ACCOUNTS.items():
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.com", **fields}
            )
            if created:
                user.set_password(PASSWORD)
                user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            if username in GROUPS:
                user.groups.add(Group.objects.get(name=GROUPS[username]))
        roles = {"demo-reader": "member", "demo-librarian": "librarian", "demo-moderator": "moderator"}
        self.stdout.write(
            f"Demo accounts (development only), password {PASSWORD!r}: "
            + ", ".join(f"{name} ({roles[name]})" for name in ACCOUNTS)
        )
