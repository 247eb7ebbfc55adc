"""The club story, in Chromium: an organiser makes a private club, invites two readers by link, sets
The Betrayal with three milestones; a reader at page 120 reads the first milestone's thread while the
second stays closed; a post marked "spoilers up to chapter 20" stays folded for them until they pass
it; a visitor gets 404 on every club address; axe passes on each club page."""

from datetime import date, timedelta

import pytest

from .conftest import axe_violations
from .test_discussions import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_axe_violations(page):
    assert axe_violations(page) == [], page.url


def test_a_private_club_reads_the_betrayal_without_spoiling_anyone(live_server, browser, seed, make_member):
    make_member("olga", display_name="Olga")
    make_member("ivan", display_name="Ivan")
    make_member("sasha", display_name="Sasha")
    olga, ivan, sasha = (browser.new_context().new_page() for _ in range(3))
    for page in (olga, ivan, sasha):
        page.set_default_timeout(10_000)

    log_in(olga, live_server, "olga")
    olga.goto(live_server.url + "/clubs/")
    olga.get_by_role("link", name="start one").click()
    olga.get_by_label("Name").fill("Leningrad readers")
    olga.get_by_label("Private: unlisted, by invitation only").check()
    olga.get_by_role("button", name="Start the club").click()
    assert olga.locator("h1").inner_text() == "Leningrad readers"
    _no_axe_violations(olga)

    olga.get_by_role("link", name="Invite").click()
    olga.get_by_label("How many people may use the link").fill("2")
    olga.get_by_role("button", name="Make an invitation").click()
    link = olga.locator(".invitations input[readonly]").input_value()
    _no_axe_violations(olga)

    for reader, name in ((ivan, "ivan"), (sasha, "sasha")):
        log_in(reader, live_server, name)
        reader.goto(link)
        reader.get_by_role("button", name="Join the club").click()
        assert "Welcome to Leningrad readers" in reader.locator("main").inner_text()

    olga.goto(live_server.url + "/clubs/leningrad-readers/")
    olga.get_by_role("link", name="Choose the book").click()
    olga.get_by_label("Book", exact=True).fill("The Betrayal")
    today = date.today()
    olga.get_by_label("Start", exact=True).fill(today.isoformat())
    olga.get_by_label("End", exact=True).fill((today + timedelta(days=30)).isoformat())
    olga.get_by_role("button", name="Choose it").click()
    _no_axe_violations(olga)
    rows = [("Week 1", "9", "120"), ("Week 2", "20", "250"), ("Week 3", "30", "")]
    for number, (label, chapter, page_number) in enumerate(rows):
        fieldset = olga.locator("fieldset.milestone-fields").nth(number)
        fieldset.get_by_label("Label").fill(label)
        fieldset.get_by_label("Up to chapter").fill(chapter)
        if page_number:
            fieldset.get_by_label("ends at page").fill(page_number)
        fieldset.get_by_label("Read by").fill((today + timedelta(days=7 * (number + 1))).isoformat())
    olga.get_by_role("button", name="Save the schedule").click()
    # Where chapter 30 ends in the club's edition is asked once; left empty, the schedule saves as it is.
    assert "Where do these chapters end?" in olga.locator("main").inner_text()
    _no_axe_violations(olga)
    olga.get_by_role("button", name="Save the schedule").click()
    assert olga.locator(".schedule li").count() == 3
    _no_axe_violations(olga)

    # Sasha, ahead, posts in week 1's thread with a marker.
    sasha.goto(live_server.url + "/clubs/leningrad-readers/")
    sasha.locator(".schedule li").nth(0).get_by_role("link", name="Talk about it").click()
    sasha.get_by_label("Your reply").fill("So the doctor was the informer all along.")
    sasha.get_by_label("Spoilers up to chapter").fill("20")
    sasha.get_by_role("button", name="Post reply").click()

    # Ivan records page 120: week 1 is his to read, week 2 is not yet.
    ivan.goto(live_server.url + "/books/the-betrayal/")
    ivan.get_by_role("button", name="Currently reading").click()
    ivan.locator(".progress-form").get_by_label("Page", exact=True).fill("120")
    ivan.locator(".progress-form").get_by_role("button", name="Update progress").click()
    assert "Progress saved: page 120" in ivan.locator("main").inner_text()
    ivan.goto(live_server.url + "/clubs/leningrad-readers/")
    ivan.locator(".schedule li").nth(1).get_by_role("link").click()
    assert "Unlocks when you reach chapter 9" not in ivan.locator("main").inner_text()
    ivan.goto(live_server.url + "/clubs/leningrad-readers/")
    ivan.locator(".schedule li").nth(2).get_by_role("link").click()
    assert "Unlocks when you reach chapter 20" in ivan.locator("main").inner_text()
    _no_axe_violations(ivan)

    ivan.goto(live_server.url + "/clubs/leningrad-readers/")
    ivan.locator(".schedule li").nth(0).get_by_role("link", name="Talk about it").click()
    marked = ivan.locator("details.spoiler-marked")
    assert marked.locator("summary").inner_text() == "Spoilers up to chapter 20"
    assert not marked.locator(".post-body").is_visible()
    _no_axe_violations(ivan)

    ivan.goto(live_server.url + "/books/the-betrayal/progress/")
    ivan.get_by_label("Chapter", exact=True).fill("21")
    ivan.get_by_role("button", name="Update progress").click()
    ivan.goto(live_server.url + "/clubs/leningrad-readers/")
    ivan.locator(".schedule li").nth(0).get_by_role("link", name="Talk about it").click()
    assert ivan.locator("details.spoiler-marked .post-body").is_visible()

    visitor = browser.new_context().new_page()
    for address in [
        "/clubs/leningrad-readers/",
        "/clubs/leningrad-readers/discussions/",
        ivan.url.split("#")[0].replace(live_server.url, ""),
    ]:
        assert visitor.goto(live_server.url + address).status == 404, address
    assert "Leningrad readers" not in visitor.goto(live_server.url + "/clubs/").text()
