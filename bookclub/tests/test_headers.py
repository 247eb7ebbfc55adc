"""Every page carries the site's security headers; the admin's log-in goes through the site's own."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_sends_a_content_security_policy_and_a_permissions_policy(client, seed):
    for url in ("/", "/books/the-betrayal/", reverse("account_login"), "/no/such/page/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "'unsafe-inline'" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"


def test_no_page_needs_an_inline_script_or_style(client, seed):
    """The policy forbids them: a page that had one would break in the browser (the browser tests run
    under the policy too)."""
    for url in ("/", "/books/the-betrayal/", "/series/the-siege/", reverse("account_signup")):
        html = client.get(url).content.decode()
        assert " style=" not in html and "<style" not in html, url
        scripts = re.findall(r"<script[^>]*>", html)
        # Data, or the site's one script file: never code in the page.
        code = [tag for tag in scripts if tag != '<script type="application/ld+json">']
        assert all(re.fullmatch(r'<script src="/static/js/site\.\w+\.js" defer>', tag) for tag in code), url


def test_the_admins_own_log_in_form_is_never_shown(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    response = client.post("/admin/login/", {"username": "boss", "password": "guess"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
