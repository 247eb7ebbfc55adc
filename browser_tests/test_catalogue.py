"""The open catalogue's story, in Chromium: an organiser adds a book by ISBN from the club's pick form, is
warned of a likely duplicate and adds it as an edition of that book instead, picks it with a chapter
schedule; a member records progress in the audiobook edition and the right milestone opens; a librarian
merges a duplicate and its old address leads to the book kept. axe passes in light and dark mode."""

from datetime import date, timedelta

import pytest

from books.models import Book
from books.tests.factories import make_book

from .conftest import axe_violations
from .test_discussions import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = date.today()


def _no_axe_violations(page):
    assert axe_violations(page) == [], page.url


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_a_club_adds_the_book_it_wants_reads_it_in_any_edition_and_a_duplicate_is_merged(
    live_server, browser, seed, make_member, librarian, color_scheme
):
    make_member("olga", display_name="Olga")
    make_member("ivan", display_name="Ivan")
    betrayal = Book.objects.get(slug="the-betrayal")
    duplicate = make_book("Betrayal", authors=list(betrayal.authors.all()), slug="betrayal-dup", pages=328)
    olga, ivan, libby = (browser.new_context(color_scheme=color_scheme).new_page() for _ in range(3))
    for page in (olga, ivan, libby):
        page.set_default_timeout(10_000)

    # Olga starts a club and goes to choose its book: the catalogue lacks her audiobook.
    log_in(olga, live_server, "olga")
    olga.goto(live_server.url + "/clubs/new/")
    olga.get_by_label("Name").fill("Leningrad listeners")
    olga.get_by_role("button", name="Start the club").click()
    olga.get_by_role("link", name="Choose the book").click()
    olga.get_by_role("link", name="Add a book").click()
    _no_axe_violations(olga)
    olga.get_by_label("ISBN").fill("978-0-14-103223-8")
    olga.get_by_role("button", name="Look for it").click()
    assert "It is not in the catalogue yet" in olga.locator("main").inner_text()
    olga.get_by_label("Title", exact=True).fill("The Betrayal")
    # The catalogue's authors are offered as she types.
    olga.get_by_label("Author", exact=True).press_sequentially("Helen Dun")
    olga.locator('datalist option[value="Helen Dunmore"]').wait_for(state="attached")
    olga.get_by_label("Author", exact=True).fill("Helen Dunmore")
    olga.get_by_label("Format", exact=True).select_option("audiobook")
    olga.get_by_label("or audio length").fill("10:00")
    olga.get_by_role("button", name="Add the book").click()
    # Warned before anything is saved: it is an edition of the book the catalogue has.
    assert olga.get_by_role("heading", name="Is it one of these?").is_visible()
    _no_axe_violations(olga)
    olga.locator(".candidate-list li", has_text="330 pages").get_by_role(
        "button", name="Add mine as an edition of this book"
    ).click()
    # Back on the pick form, the book chosen.
    assert "/pick/" in olga.url and olga.get_by_label("Book", exact=True).input_value() == "/books/the-betrayal/"
    assert Book.objects.filter(title__iexact="The Betrayal").count() == 1
    olga.get_by_label("Start", exact=True).fill(TODAY.isoformat())
    olga.get_by_label("End", exact=True).fill((TODAY + timedelta(days=30)).isoformat())
    olga.get_by_role("button", name="Choose it").click()

    # A schedule by chapters, in the club's hardcover: where each chapter ends is asked once.
    for number, (label, chapter) in enumerate([("Week 1", "8"), ("Week 2", "16"), ("Week 3", "30")]):
        fieldset = olga.locator("fieldset.milestone-fields").nth(number)
        fieldset.get_by_label("Label").fill(label)
        fieldset.get_by_label("Up to chapter").fill(chapter)
        fieldset.get_by_label("Read by").fill((TODAY + timedelta(days=7 * (number + 1))).isoformat())
    olga.get_by_role("button", name="Save the schedule").click()
    assert "Where do these chapters end?" in olga.locator("main").inner_text()
    _no_axe_violations(olga)
    for number, page_number in enumerate(["110", "220", "330"]):
        olga.locator("fieldset.milestone-fields").nth(number).get_by_label("ends at page").fill(page_number)
    olga.get_by_role("button", name="Save the schedule").click()
    assert olga.locator(".schedule li").count() == 3

    # Ivan joins and listens: four hours of ten is past page 110 of 330, short of page 220.
    log_in(ivan, live_server, "ivan")
    ivan.goto(live_server.url + "/clubs/leningrad-listeners/")
    ivan.get_by_role("button", name="Join this club").click()
    ivan.goto(live_server.url + "/books/the-betrayal/progress/")
    ivan.get_by_label("Your edition").select_option(label="Audiobook, 10 h")
    ivan.get_by_label("or time").fill("4:00")
    ivan.get_by_role("button", name="Update progress").click()
    assert "Progress saved: 4:00:00 of 10:00:00" in ivan.locator("main").inner_text()
    ivan.goto(live_server.url + "/clubs/leningrad-listeners/")
    ivan.locator(".schedule li").nth(1).get_by_role("link", name="Talk about it").click()
    assert "Unlocks when" not in ivan.locator("main").inner_text()
    ivan.goto(live_server.url + "/clubs/leningrad-listeners/")
    ivan.locator(".schedule li").nth(2).get_by_role("link").click()
    assert "Unlocks when you reach chapter 16" in ivan.locator("main").inner_text()
    _no_axe_violations(ivan)

    # A librarian merges the duplicate into the book; its address leads there for ever.
    log_in(libby, live_server, "libby")
    libby.goto(live_server.url + "/books/the-betrayal/edit/")
    libby.get_by_role("link", name="Merge a duplicate into this book").click()
    libby.get_by_label("The other one").fill(duplicate.get_absolute_url())
    libby.get_by_role("button", name="See what would move").click()
    assert "“Betrayal” will be merged into “The Betrayal”" in libby.locator("main").inner_text()
    _no_axe_violations(libby)
    libby.get_by_role("button", name="Merge “Betrayal” into this book").click()
    libby.goto(live_server.url + "/books/betrayal-dup/")
    assert libby.url == live_server.url + "/books/the-betrayal/"
    libby.get_by_role("link", name="History").click()
    assert "merged into this book" in libby.locator("main").inner_text()
    _no_axe_violations(libby)
    libby.goto(live_server.url + "/books/the-betrayal/editions/")
    assert libby.locator(".edition").count() == 3  # the hardcover, the audiobook and the duplicate's
    _no_axe_violations(libby)
    libby.goto(live_server.url + "/librarians/")
    _no_axe_violations(libby)
