"""Real allauth flows: mails read from Django's locmem outbox, their links followed."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def link_in(message):
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def sign_up(client, username="reader", email="reader@example.com"):
    return client.post(
        reverse("account_signup"),
        # As a browser sends the form: the honeypot field, empty.
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD, "website": ""},
    )


def confirm(client, message):
    url = link_in(message)
    assert client.get(url).status_code == 200  # the confirmation page, in the site's look
    response = client.post(url)
    assert response.status_code == 302
    return response


def test_sign_up_confirm_log_in_with_username_or_email_log_out(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reader@example.com"]
    assert mail.outbox[0].subject.startswith("[Bookclub] ")
    # Not confirmed yet: logging in sends the confirmation again instead.
    client.post(reverse("account_login"), {"login": "reader", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    confirm(client, mail.outbox[0])
    assert User.objects.get(username="reader").emailaddress_set.get().verified

    response = client.post(reverse("account_login"), {"login": "reader", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"]
    assert client.get(reverse("account_logout")).status_code == 200  # GET only asks
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session

    client.post(reverse("account_login"), {"login": "reader@example.com", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(User.objects.get(username="reader").pk)


def test_log_in_redirects_back_to_where_the_reader_was(client):
    sign_up(client)
    confirm(client, mail.outbox[0])
    response = client.post(reverse("account_login") + "?next=/books/", {"login": "reader", "password": PASSWORD})
    assert response["Location"] == "/books/"


def test_password_reset_by_mail(client):
    sign_up(client)
    confirm(client, mail.outbox[0])
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": "reader@example.com"})
    assert len(mail.outbox) == 1
    response = client.get(link_in(mail.outbox[0]), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link_in(mail.outbox[0])
    new_password = "another long passphrase"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert client.login(username="reader", password=new_password)


def test_password_change(client):
    sign_up(client)
    confirm(client, mail.outbox[0])
    client.post(reverse("account_login"), {"login": "reader", "password": PASSWORD})
    new_password = "a different passphrase"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    user = User.objects.get(username="reader")
    assert user.check_password(new_password)


def test_email_change_needs_confirmation(client):
    sign_up(client)
    confirm(client, mail.outbox[0])
    client.post(reverse("account_login"), {"login": "reader", "password": PASSWORD})
    mail.outbox.clear()
    client.post(reverse("account_email"), {"action_add": "", "email": "new@example.com"})
    assert mail.outbox[0].to == ["new@example.com"]
    assert User.objects.get(username="reader").email == "reader@example.com"
    confirm(client, mail.outbox[0])
    assert User.objects.get(username="reader").email == "new@example.com"


def test_bad_sign_up_keeps_what_was_typed(client):
    response = client.post(
        reverse("account_signup"), {"username": "reader", "email": "not-an-email", "password1": "x", "password2": "y"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="reader"' in html and 'value="not-an-email"' in html
    assert "Enter a valid email address." in html
    assert not User.objects.exists()


def test_repeated_failed_log_ins_are_rate_limited(client):
    User.objects.create_user("reader", "reader@example.com", PASSWORD)
    pages = [
        client.post(reverse("account_login"), {"login": "reader", "password": "wrong"}).content.decode()
        for _ in range(6)
    ]
    assert "Too many failed login attempts" not in pages[0]
    assert "Too many failed login attempts. Try again later." in pages[-1]
    # While limited, even the right password does not get in.
    response = client.post(reverse("account_login"), {"login": "reader", "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_account_pages_use_the_sites_look(client):
    for name in ("account_login", "account_signup", "account_reset_password"):
        html = client.get(reverse(name)).content.decode()
        assert 'class="site-header"' in html and "| Bookclub</title>" in html, name


def test_profile_edit(client, make_member):
    member = make_member("reader")
    client.force_login(member)
    url = reverse("accounts:profile_edit")
    assert client.get(url).status_code == 200
    response = client.post(url, {"display_name": "  Ada L. ", "bio": "I read <b>history</b>."})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.bio) == ("Ada L.", "I read <b>history</b>.")
    html = client.get(member.get_absolute_url()).content.decode()
    assert "I read &lt;b&gt;history&lt;/b&gt;." in html


def test_an_unconfirmed_member_cannot_change_what_their_public_page_says(client):
    """Names and bios are public: like posts, they wait for a confirmed address (spam)."""
    member = User.objects.create_user("reader", "reader@example.com", PASSWORD)
    client.force_login(member)
    response = client.post(reverse("accounts:profile_edit"), {"display_name": "Cheap pills", "bio": "Buy now"})
    assert response.status_code == 403
    member.refresh_from_db()
    assert (member.display_name, member.bio) == ("", "")


def test_profile_edit_keeps_text_on_error(client, make_member):
    member = make_member("reader")
    client.force_login(member)
    long_bio = "word " * 300
    response = client.post(reverse("accounts:profile_edit"), {"display_name": "Ada", "bio": long_bio})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Keep it to 1,000 characters" in html and 'value="Ada"' in html and "word word" in html


def test_profile_edit_needs_log_in(client):
    response = client.get(reverse("accounts:profile_edit"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=" + reverse("accounts:profile_edit")
