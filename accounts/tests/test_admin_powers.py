"""What a moderator can and cannot do to accounts in the admin (a security audit's findings)."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from moderation import services as moderation

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(make_member):
    moderator = make_member("mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return moderator


@pytest.fixture
def boss():
    return User.objects.create_superuser("boss", "boss@example.com", "a long passphrase")


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def change_form(client, user):
    """The data the user's change form posts back as filled in (the admin's own page)."""
    from pagecache.tests.test_invalidation import admin_form

    return admin_form(client.get(reverse("admin:accounts_user_change", args=[user.pk])))


def test_a_moderator_cannot_set_anyones_password(moderator, boss, make_member):
    client = client_of(moderator)
    for target in (boss, make_member("ada")):
        url = reverse("admin:auth_user_password_change", args=[target.pk])
        assert client.get(url).status_code == 403
        response = client.post(url, {"password1": "taken over 12345", "password2": "taken over 12345"})
        assert response.status_code == 403
        target.refresh_from_db()
        assert not target.check_password("taken over 12345")


def test_a_moderator_cannot_change_a_staff_account_at_all(moderator, boss):
    client = client_of(moderator)
    url = reverse("admin:accounts_user_change", args=[boss.pk])
    assert client.get(url).status_code == 200  # may look
    data = {"username": "boss", "email": "mine@evil.example", "is_active": "", "display_name": "x"}
    assert client.post(url, data).status_code == 403
    boss.refresh_from_db()
    assert (boss.email, boss.is_active) == ("boss@example.com", True)


def test_a_moderator_changes_a_members_name_and_bio_and_nothing_that_takes_the_account(moderator, make_member):
    ada = make_member("ada")
    client = client_of(moderator)
    data = change_form(client, ada)
    data |= {"display_name": "Ada (renamed by moderators)", "email": "mine@evil.example", "is_active": ""}
    data |= {"is_staff": "on", "suspended_until_0": "2030-01-01", "suspended_until_1": "00:00:00"}
    response = client.post(reverse("admin:accounts_user_change", args=[ada.pk]), data)
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.display_name == "Ada (renamed by moderators)"
    assert (ada.email, ada.is_active, ada.is_staff, ada.suspended_until) == ("ada@example.com", True, False, None)


def test_an_imported_reviewer_never_becomes_a_login(boss, seed):
    anne = User.objects.get(username="anne@goodreads")
    client = client_of(boss)  # not even a superuser, through the admin
    data = change_form(client, anne) | {"is_imported": "", "imported_from": "", "is_active": "on"}
    assert client.post(reverse("admin:accounts_user_change", args=[anne.pk]), data).status_code == 302
    anne.refresh_from_db()
    assert (anne.is_imported, anne.is_active, anne.has_usable_password()) == (True, False, False)
    url = reverse("admin:auth_user_password_change", args=[anne.pk])
    assert client.post(url, {"password1": "a new passphrase 1", "password2": "a new passphrase 1"}).status_code == 403
    # Nor behind the admin's back: the database refuses.
    for change in (
        {"is_imported": False, "imported_from": "", "is_anonymous_reviewer": False, "is_active": True},
        {"password": "pbkdf2_sha256$1$salt$hash"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.filter(pk=anne.pk).update(**change)


def test_suspending_staff_is_for_superusers(moderator, boss, make_member):
    other_mod = make_member("mod2", is_staff=True)
    with pytest.raises(Exception, match="Only administrators suspend staff accounts"):
        moderation.member_suspend(member=other_mod, moderator=moderator, reason="?")
    moderation.member_suspend(member=other_mod, moderator=boss, reason="Left the team")
    other_mod.refresh_from_db()
    assert other_mod.is_suspended


def test_a_suspension_ends_the_members_sessions(moderator, make_member):
    ada = make_member("ada")
    client = client_of(ada)
    assert client.get(reverse("accounts:profile_edit")).status_code == 200
    moderation.member_suspend(member=ada, moderator=moderator, reason="Spam")
    response = client.get(reverse("accounts:profile_edit"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    moderation.member_unsuspend(member=ada, moderator=moderator)
    assert client.get(reverse("accounts:profile_edit")).status_code == 302  # the old session stays ended


def test_a_moderator_cannot_rewrite_who_wrote_what_or_a_rating(moderator, make_member):
    from books.tests.factories import make_book
    from pagecache.tests.test_invalidation import admin_form
    from reviews import services as reviews

    book, other = make_book(), make_book()
    review = reviews.review_save(book=book, reviewer=make_member("ada"), rating=2, body="Meh.", is_spoiler=False)
    client = client_of(moderator)
    url = reverse("admin:reviews_review_change", args=[review.pk])
    data = admin_form(client.get(url)) | {"rating": "5", "book": str(other.pk), "reviewer": str(moderator.pk)}
    assert client.post(url, data).status_code == 302
    review.refresh_from_db()
    assert (review.rating, review.book_id, review.reviewer.username) == (2, book.pk, "ada")
