from django.urls import resolve, reverse


def test_url_names_round_trip():
    assert reverse("home") == "/"
    assert resolve("/").url_name == "home"
    assert reverse("admin:index") == "/admin/"
    assert reverse("account_login") == "/accounts/login/"
