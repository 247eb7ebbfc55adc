"""A new member brings their Goodreads library, watches it import, finds it on the site and takes it
back out."""

from types import SimpleNamespace

import pytest

from moving import goodreads, services
from moving.models import ImportJob
from moving.tests.exports import book, export

from .conftest import axe_violations
from .test_discussions import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def library_of_50():
    rows = []
    for n in range(50):
        extra = {}
        if n % 10 == 0:
            extra["My Review"] = f"Book {n} kept me up all night.<br/>Recommended."
        if n % 3 == 0:
            extra.update({"Exclusive Shelf": "to-read", "My Rating": "0", "Date Read": ""})
        if n % 7 == 0:
            extra["Bookshelves"] = "favourites"
        rows.append(book(n, **extra))
    return export(*rows, newline="\r\n", bom=True)


def test_a_new_member_moves_their_library_in_and_out(live_server, page, make_member, monkeypatch, tmp_path):
    make_member("ada")
    # The worker is this test: the upload only queues the import, as in production.
    monkeypatch.setattr("moving.tasks.run_import", SimpleNamespace(enqueue=lambda job_id: None))
    upload = tmp_path / "goodreads_library_export.csv"
    data = library_of_50()
    upload.write_bytes(data)

    log_in(page, live_server, "ada")
    page.goto(live_server.url + "/account/profile/")
    page.get_by_role("link", name="Import your Goodreads library, or download your library and data").click()
    page.get_by_label("Your Goodreads export").set_input_files(str(upload))
    page.get_by_role("button", name="Import my library").click()
    page.wait_for_url("**/account/library/imports/*/")
    assert page.get_by_role("status").inner_text() == "0 of 50 rows done."
    assert axe_violations(page) == []

    services.import_run(job_id=ImportJob.objects.get().pk)  # the page asks, sees it done, shows the report
    page.get_by_role("navigation", name="Report").wait_for(timeout=10_000)
    assert page.get_by_role("status").inner_text().startswith("Done: 50 rows read")
    report = page.get_by_role("navigation", name="Report")
    assert report.locator("[aria-current=page]").inner_text() == "Added to the catalogue (50)"
    assert page.get_by_role("row").count() == 51  # the heading and the fifty books
    assert axe_violations(page) == []

    page.get_by_role("link", name="See your shelves").click()
    assert page.get_by_role("link", name="Want to read (17)").is_visible()
    assert page.get_by_role("link", name="favourites (8)").is_visible()
    page.get_by_role("link", name="Imported Book 10", exact=True).click()
    assert "Book 10 kept me up all night. Recommended." in page.locator("main .review").first.inner_text()
    assert page.locator(".rating-line").inner_text().endswith("1.00 · 1 rating")

    page.goto(live_server.url + "/account/library/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your library as a Goodreads export (CSV)").click()
    exported, problems = goodreads.parse(download.value.path().read_bytes())
    original, _ = goodreads.parse(data)
    assert problems == []

    def shape(row):
        return (row.title, row.authors, row.isbn13, row.rating, row.exclusive_shelf, row.shelves, row.review)

    assert sorted(map(shape, exported)) == sorted(map(shape, original))
