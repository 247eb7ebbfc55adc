"""The moderation desk in the browser: it works under the site's Content-Security-Policy."""

import pytest

from reviews import services

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long and good passphrase"


def test_a_moderator_logs_in_through_the_sites_form_and_works_in_the_admin(
    live_server, page, seed, make_member, moderators_group
):
    from books.models import Book
    from moderation.services import report_create

    moderator = make_member("mod", is_staff=True)
    moderator.set_password(PASSWORD)
    moderator.save()
    moderator.groups.add(moderators_group)
    review = services.review_save(
        book=Book.objects.get(), reviewer=make_member("bob"), rating=1, body="Spam spam", is_spoiler=False
    )
    report_create(item=review, reporter=make_member("eve"), reason="spam")

    page.goto(live_server.url + "/admin/")
    page.wait_for_url("**/accounts/login/**")  # the site's own log-in, with its attempt limits
    page.get_by_label("Username or e-mail").fill("mod")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    for path in (
        "/admin/moderation/case/",
        "/admin/reviews/review/",
        f"/admin/reviews/review/{review.pk}/change/",
        "/admin/accounts/user/",
        "/admin/moderation/auditentry/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
    # Acting where they read: the thread's staff panel, moving a thread by its book's title.
    from discussions.services import thread_create

    thread, _ = thread_create(book=Book.objects.get(), starter=review.reviewer, title="Spam thread", body="Pills")
    page.goto(live_server.url + thread.get_absolute_url())
    assert page.get_by_role("button", name="Hide this post (moderators)").is_visible()
    page.get_by_label("Move to the book titled").fill("Betrayal")
    page.get_by_role("button", name="Find the book").click()
    assert axe_violations(page) == []
    assert page.get_by_label("The Betrayal").is_checked()
    page.goto(live_server.url + "/admin/moderation/case/")
    page.locator("input.action-select").first.check()
    page.locator("select[name=action]").select_option("hide")
    page.get_by_role("button", name="Go").click()
    page.get_by_label("Why (for the audit log; optional)").fill("Spam for pills")
    page.get_by_role("button", name="Hide the reported items").click()
    assert "Hidden: 1 item(s)." in page.locator(".messagelist").inner_text()
    page.goto(live_server.url + "/admin/moderation/auditentry/")
    assert "Spam for pills" in page.locator("#result_list").inner_text()
    # The page fixture fails the test on any violation of the Content-Security-Policy the browser saw.
