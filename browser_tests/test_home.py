import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_sees_the_catalogue_styled_and_can_skip_to_content(live_server, page, seed):
    page.goto(live_server.url + "/")
    assert page.title() == "Bookclub: books, reviews and series"
    summary = page.locator(".book-card", has_text="The Betrayal").first
    assert summary.locator("h3").inner_text() == "The Betrayal"
    assert "by Helen Dunmore" in summary.inner_text()
    assert "The Siege #2" in summary.inner_text()
    # The stylesheet from static/ applied: the book cards are laid out in a grid.
    assert page.locator(".book-grid").first.evaluate("el => getComputedStyle(el).display") == "grid"
    # Keyboard: the first Tab reaches the skip link, Enter moves focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
