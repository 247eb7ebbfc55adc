import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_ready_to_use_in_development(settings):
    settings.DEBUG = True
    call_command("demo_accounts", verbosity=0)
    call_command("demo_accounts", verbosity=0)  # again: nothing doubled
    reader, moderator = User.objects.get(username="demo-reader"), User.objects.get(username="demo-moderator")
    assert reader.has_verified_email() and not reader.is_staff
    assert moderator.is_staff and not moderator.is_superuser and moderator.groups.filter(name="Moderators").exists()
    librarian = User.objects.get(username="demo-librarian")
    assert librarian.is_librarian and not librarian.is_staff and not reader.is_librarian
    client = Client()
    response = client.post(reverse("account_login"), {"login": "demo-reader", "password": "demo-password"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_demo_accounts_are_never_made_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("demo_accounts")
    assert not User.objects.filter(username__startswith="demo-").exists()
