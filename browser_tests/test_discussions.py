"""Two members talk about The Betrayal: start, quote, unread marker, permalink, inline spoiler."""

import pytest

from discussions.models import Post

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username or e-mail").fill(username)
    page.get_by_label("Password", exact=True).fill("a long passphrase")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")


def test_start_quote_unread_permalink_spoiler(live_server, browser, seed, make_member):
    make_member("ada", display_name="Ada")
    make_member("bob", display_name="Bob")
    ada = browser.new_context().new_page()
    bob = browser.new_context().new_page()

    log_in(ada, live_server, "ada")
    ada.goto(live_server.url + "/books/the-betrayal/")
    ada.get_by_role("link", name="Start a thread").click()
    ada.get_by_label("Title").fill("Volkov: monster or father?")
    ada.get_by_label("Spoilers up to").fill("chapter 12")
    ada.get_by_label("First post").fill("I think he is both. The boy ||loses his leg||.")
    ada.get_by_role("button", name="Start thread").click()
    assert ada.locator("h1").inner_text() == "Volkov: monster or father?"

    log_in(bob, live_server, "bob")
    bob.goto(live_server.url + "/books/the-betrayal/discussions/")
    assert bob.locator(".thread-row", has_text="Volkov").locator(".spoiler-note").inner_text() == (
        "Spoilers up to chapter 12"
    )
    bob.get_by_role("link", name="Volkov: monster or father?").click()
    bob.get_by_role("link", name="Quote post #1").click()
    body = bob.get_by_label("Your reply")
    assert body.input_value().startswith("> I think he is both.")
    body.press("End")
    body.type("Both, and frightened himself.")
    bob.get_by_role("button", name="Post reply").click()
    assert bob.locator("#post-2 blockquote").inner_text().startswith("I think he is both.")

    ada.goto(live_server.url + "/books/the-betrayal/discussions/")
    assert ada.locator(".thread-row", has_text="Volkov").locator(".badge-new").inner_text() == "1 new"
    ada.get_by_role("link", name="Volkov: monster or father?").click()
    ada.wait_for_url("**#post-2")  # straight to the first unread post
    assert "Both, and frightened himself." in ada.locator("#post-2").inner_text()

    reply = Post.objects.get(number=2)
    ada.goto(live_server.url + f"/discussions/posts/{reply.pk}/")
    ada.wait_for_url("**?page=1#post-2")
    ada.get_by_role("link", name="#1 by Ada").first.click()
    spoiler = ada.locator("#post-1 .inline-spoiler")
    hidden = spoiler.evaluate("el => getComputedStyle(el).color === getComputedStyle(el).backgroundColor")
    assert hidden
    spoiler.click()
    shown = spoiler.evaluate("el => getComputedStyle(el).color !== getComputedStyle(el).backgroundColor")
    assert shown
    assert spoiler.inner_text() == "loses his leg"

    failures = {}
    for path in [
        "/books/the-betrayal/discussions/",
        f"/discussions/posts/{reply.pk}/",
        "/discussions/following/",
        "/books/the-betrayal/discussions/new/",
    ]:
        ada.goto(live_server.url + path)
        failures[path] = axe_violations(ada)
    assert {path: found for path, found in failures.items() if found} == {}
