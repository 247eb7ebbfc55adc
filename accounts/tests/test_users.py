import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_an_imported_reviewer_can_never_be_active():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x@goodreads", is_imported=True, is_active=True)


def test_an_imported_reviewer_cannot_be_staff():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x@goodreads", is_imported=True, is_active=False, is_staff=True)


def test_an_imported_reviewer_never_has_a_usable_password():
    user = User(username="x@goodreads", is_imported=True, is_active=False)
    user.set_password("a real password")
    user.save()
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert authenticate(username="x@goodreads", password="a real password") is None


def test_imported_reviewers_from_the_seed_cannot_log_in(client, seed):
    emma = User.objects.get(username="emma@goodreads")
    response = client.post(reverse("account_login"), {"login": emma.username, "password": "!"})
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session


def test_a_member_logs_in_with_username(client):
    User.objects.create_user(username="reader", email="reader@example.com", password="a long passphrase")
    assert authenticate(username="reader", password="a long passphrase").username == "reader"


def test_members_cannot_sign_up_with_an_imported_style_username(client):
    response = client.post(
        reverse("account_signup"),
        {
            "username": "emma@goodreads",
            "email": "e@example.com",
            "password1": "a long pass 123",
            "password2": "a long pass 123",
        },
    )
    assert response.status_code == 200
    assert "Usernames cannot contain" in response.content.decode()
    assert not User.objects.filter(email="e@example.com").exists()


def test_names():
    assert User(username="reader").name == "reader"
    assert User(username="reader", display_name="Ada L.").name == "Ada L."
    assert User(username="anonymous-1@goodreads", is_imported=True, is_anonymous_reviewer=True).name == (
        "Anonymous reviewer"
    )
    assert User.objects.create_user(username="m").is_imported is False
    assert list(User.objects.imported()) == []
    assert [u.username for u in User.objects.members()] == ["m"]
