"""What a visitor does in the browser: browse, click through a series, open a spoiler; every page
passes axe-core in light and dark mode."""

from datetime import date

import pytest

from books.tests.factories import make_author, make_book, make_series
from reviews.models import RatingHistogram

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def saga(seed):
    """A second series beside the seed: three books at positions 1, 1.5 and 10, one standalone."""
    author = make_author("Zoë O'Connell-Ibáñez", slug="zoe-oconnell-ibanez", bio="Writes about coasts.")
    series = make_series("The Saltmarsh Chronicles", slug="the-saltmarsh-chronicles")
    books = [
        make_book(
            title,
            series=series,
            position=position,
            authors=[author],
            slug=slug,
            description=f"{title}: a book of salt and storms.",
            first_published=date(1998, 3, 5),
        )
        for title, position, slug in [
            ("Salt", "1", "salt"),
            ("Tidewater", "1.5", "tidewater"),
            ("The Last Winter", "10", "the-last-winter"),
        ]
    ]
    make_book("A Standalone Story", authors=[author], slug="a-standalone-story")
    for number, book in enumerate(books):
        RatingHistogram.objects.create(book=book, stars_5=10 * (number + 1), stars_3=3)
    return books


PAGES = [
    "/",
    "/books/",
    "/books/the-betrayal/",
    "/books/the-betrayal/?page=2",
    "/series/",
    "/series/the-siege/",
    "/series/the-saltmarsh-chronicles/",
    "/authors/helen-dunmore/",
    "/authors/zoe-oconnell-ibanez/",
    "/search/?q=Leningrad",
    "/search/?q=dunmore",
    "/discussions/",
    "/search/?q=",
    "/search/?q=zeppelin",
    "/people/emma@goodreads/",
    "/books/no-such-book/",
]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_every_page_type_passes_axe(live_server, browser, saga, color_scheme):
    context = browser.new_context(color_scheme=color_scheme)
    page = context.new_page()
    failures = {}
    for path in PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == (404 if "no-such" in path else 200), path
        assert page.locator("h1").count() == 1, path
        violations = axe_violations(page)
        if violations:
            failures[path] = violations
        images_without_alt = page.locator("img:not([alt])").count()
        assert images_without_alt == 0, path
    context.close()
    assert failures == {}


def test_click_through_book_series_next_book_author(live_server, page, saga):
    page.goto(live_server.url + "/books/salt/")
    page.get_by_role("link", name="The Saltmarsh Chronicles #1").click()
    assert page.locator("h1").inner_text() == "The Saltmarsh Chronicles"
    positions = [" ".join(text.split()) for text in page.locator(".series-book .position").all_inner_texts()]
    assert positions == ["Book #1", "Book #1.5", "Book #10"]  # "Book" for screen readers only
    page.get_by_role("link", name="Tidewater", exact=True).click()
    assert page.locator("h1").inner_text() == "Tidewater"
    page.get_by_role("link", name="#10: The Last Winter →").click()
    assert page.locator("h1").inner_text() == "The Last Winter"
    page.get_by_role("link", name="← #1.5: Tidewater").wait_for()
    page.locator(".byline").get_by_role("link", name="Zoë O'Connell-Ibáñez").click()
    assert page.locator("h1").inner_text() == "Zoë O'Connell-Ibáñez"
    headings = page.locator("main h3").all_inner_texts()
    assert headings == ["The Saltmarsh Chronicles", "Outside a series"]
    assert page.get_by_role("link", name="A Standalone Story").is_visible()


def test_seed_book_page_reads_like_the_source(live_server, page, seed):
    page.goto(live_server.url + "/books/the-betrayal/")
    assert page.title() == "The Betrayal by Helen Dunmore | Bookclub"
    assert page.locator(".series-line").first.inner_text() == "The Siege #2"
    assert page.locator(".rating-line").inner_text().endswith("4.04 · 2,834 ratings")
    rows = page.locator(".histogram tbody tr")
    assert rows.count() == 5
    assert rows.nth(0).inner_text().split() == ["5", "stars", "886", "(31%)"]
    assert rows.nth(4).inner_text().split() == ["1", "star", "20", "(<1%)"]
    assert page.locator("#community-reviews article.review").count() == 28


def test_a_spoiler_stays_closed_until_the_reader_opens_it(live_server, page, seed):
    page.goto(live_server.url + "/books/the-betrayal/")
    spoiler = page.locator("details.spoiler").first
    text = spoiler.get_by_text("In her latest novel, The Betrayal")
    assert not text.is_visible()
    spoiler.locator("> summary").click()
    assert text.is_visible()
    # And from the keyboard: focus the summary, press Enter to close and again to open.
    spoiler.locator("> summary").focus()
    page.keyboard.press("Enter")
    assert not text.is_visible()
    page.keyboard.press("Enter")
    assert text.is_visible()


def test_search_from_the_header(live_server, page, seed):
    page.goto(live_server.url + "/")
    page.get_by_label("Search books, authors and series").fill("Leningrad")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Leningrad")
    assert page.locator(".search-result h3").all_inner_texts() == ["The Betrayal"]
    assert page.locator(".search-result mark").first.inner_text() == "Leningrad"


def test_discussions_from_the_header_and_the_rest_of_a_long_review(live_server, page, seed, make_member):
    from books.models import Book
    from reviews.services import review_save

    long_review = "\n\n".join(f"Paragraph {n}: the siege goes on and on. " * 6 for n in range(8))
    review_save(book=Book.objects.get(), reviewer=make_member("ada"), rating=4, body=long_review, is_spoiler=False)
    page.goto(live_server.url + "/books/the-betrayal/")
    mine = page.locator("article.review", has_text="Paragraph 0")
    assert not mine.get_by_text("Paragraph 7").is_visible()
    mine.get_by_text("…more").click()
    assert mine.get_by_text("Paragraph 7").is_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Discussions").click()
    assert page.locator("h1").inner_text() == "Discussions"


def test_nothing_scrolls_sideways_on_a_phone(live_server, browser, saga, make_member):
    """At 320 px the header's links wrap, for a visitor and for a staff member, whose menu is longest."""
    make_member("moderator-with-a-long-name", is_staff=True, display_name="Moderator With A Rather Long Name")
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    overflowing = []

    def check(who):
        for path in ["/", "/books/the-betrayal/", "/series/the-siege/", "/search/?q=dunmore", "/clubs/"]:
            page.goto(live_server.url + path)
            if page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth"):
                overflowing.append((who, path))

    check("visitor")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username or e-mail").fill("moderator-with-a-long-name")
    page.get_by_label("Password", exact=True).fill("a long passphrase")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Moderator With A Rather Long Name").wait_for()
    check("staff member")
    context.close()
    assert overflowing == []
