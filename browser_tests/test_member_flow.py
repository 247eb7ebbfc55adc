"""A new member's first visit, in the browser, with the confirmation link read from the sent mail."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from reviews import services

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long and good passphrase"


@pytest.fixture
def bobs_review(seed, make_member):
    from books.models import Book

    cache.clear()  # allauth's rate limits
    bob = make_member("bob", display_name="Bob")
    book = Book.objects.get(slug="the-betrayal")
    return services.review_save(book=book, reviewer=bob, rating=5, body="Bob's *favourite*.", is_spoiler=False)


def test_a_new_member_signs_up_shelves_rates_reviews_likes_comments_follows(live_server, page, bobs_review):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email", exact=True).fill("ada@example.com")
    page.get_by_label("Username", exact=True).fill("ada")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Confirm").click()

    page.goto(live_server.url + "/accounts/login/?next=/books/the-betrayal/")
    page.get_by_label("Username or e-mail").fill("ada")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/books/the-betrayal/")

    page.get_by_role("button", name="Read", exact=True).click()
    assert page.get_by_role("button", name="Read", exact=True).get_attribute("aria-pressed") == "true"
    assert "The Betrayal is on your read shelf." in page.locator(".messages").inner_text()

    assert page.locator(".rating-line").inner_text().endswith("4.04 · 2,835 ratings")  # Bob's 5 stars
    # One click on the fourth star rates the book, and brings the member back to the stars.
    page.locator("#rate label[for=rate-4]").click()
    page.wait_for_url("**/books/the-betrayal/#rate")
    assert "You rated The Betrayal 4 stars." in page.locator(".messages").inner_text()
    assert page.locator(".rating-line").inner_text().endswith("4.04 · 2,836 ratings")
    assert page.locator("#rate legend").inner_text() == "Your rating"
    assert page.locator("#rate-4").is_checked()
    review = page.get_by_role("region", name="Your review")
    review.get_by_role("textbox", name="Your review").fill("Tense and *moving*.\n\nThe ending: Andrei survives.")
    review.get_by_label("This review contains spoilers").check()
    review.get_by_role("button", name="Save changes").click()
    assert page.locator(".rating-line").inner_text().endswith("4.04 · 2,836 ratings")  # the same rating, kept
    four_stars = page.locator(".histogram tbody tr").nth(1).inner_text().split()
    assert four_stars == ["4", "stars", "1,306", "(46%)"]
    mine = page.locator("article.review", has_text="Ada").first
    assert not mine.get_by_text("Andrei survives").is_visible()  # collapsed: a spoiler
    mine.locator("summary").click()
    assert mine.get_by_text("Andrei survives").is_visible()
    assert mine.locator("em", has_text="moving").count() == 1

    bobs = page.locator(f"#review-{bobs_review.pk}")
    bobs.get_by_role("button", name="Like the review by Bob").click()
    bobs = page.locator(f"#review-{bobs_review.pk}")
    assert "1 like" in bobs.locator(".engagement").inner_text()
    bobs.get_by_role("link", name="0 comments on the review by Bob").click()
    page.get_by_label("Your comment").fill("Agreed, **Bob**.")
    page.get_by_role("button", name="Post comment").click()
    assert page.locator(".comment", has_text="Agreed").locator("strong").inner_text() == "Bob"

    page.locator(".comment-meta").get_by_role("link", name="ada").wait_for()
    page.locator("h1").get_by_text("Bob's review").wait_for()
    page.locator("article.review").get_by_role("link", name="Bob", exact=True).click()
    page.get_by_role("button", name="Follow Bob").click()
    assert page.get_by_role("button", name="Unfollow Bob").is_visible()
    assert "1 follower" in page.locator(".stats").inner_text()

    page.get_by_role("button", name="Log out").click()
    assert page.get_by_role("link", name="Log in").is_visible()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_member_and_account_pages_pass_axe(live_server, browser, bobs_review, make_member, color_scheme):
    context = browser.new_context(color_scheme=color_scheme)
    page = context.new_page()
    failures = {}
    for path in ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        page.goto(live_server.url + path)
        failures[path] = axe_violations(page)
    ada = make_member("ada")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username or e-mail").fill("ada")
    page.get_by_label("Password", exact=True).fill("a long passphrase")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")
    from accounts.services import follow

    follow(follower=ada, followed=bobs_review.reviewer)  # a feed on the home page
    for path in [
        "/",
        "/feed/",
        "/discussions/",
        "/books/the-betrayal/",
        "/books/the-betrayal/?sort=liked&stars=5",
        f"/report/review/{bobs_review.pk}/",
        f"/reviews/{bobs_review.pk}/",
        "/people/bob/",
        "/people/ada/shelves/",
        "/account/profile/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/books/the-betrayal/review/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        failures[path] = axe_violations(page)
    assert ada.is_authenticated
    context.close()
    assert {path: found for path, found in failures.items() if found} == {}
