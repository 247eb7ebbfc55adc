"""A review or thread about a later book in a series, marked as spoiling the earlier ones, stays folded
("Spoils The Siege (#1)") for readers who have not shelved those as read."""

import pytest

from books.tests.factories import make_book, make_series
from discussions import services as discussions
from reviews import services as reviews
from shelves.models import Shelf
from shelves.services import shelf_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def siege(make_member):
    series = make_series("The Siege")
    first = make_book("The Siege", series=series, position=1)
    second = make_book("The Betrayal", series=series, position=2)
    writer, reader = make_member("writer"), make_member("reader")
    return first, second, writer, reader


def test_a_review_spoiling_the_first_book_opens_once_the_reader_has_read_it(client, siege):
    first, second, writer, reader = siege
    reviews.review_save(
        book=second, reviewer=writer, rating=4, body="Anna survived the siege.", is_spoiler=False, spoils_earlier=True
    )
    folded = '<details class="spoiler series-spoiler">\n      <summary>Spoils The Siege (#1)</summary>'
    assert folded in client.get(second.get_absolute_url()).content.decode()
    client.force_login(reader)
    assert folded in client.get(second.get_absolute_url()).content.decode()
    shelf_set(user=reader, book=first, shelf=Shelf.CURRENTLY_READING)
    assert folded in client.get(second.get_absolute_url()).content.decode()
    shelf_set(user=reader, book=first, shelf=Shelf.READ)
    page = client.get(second.get_absolute_url()).content.decode()
    assert '<details class="spoiler series-spoiler" open>' in page and "Anna survived" in page


def test_a_thread_spoiling_earlier_books_is_folded_whole(client, siege):
    first, second, writer, reader = siege
    thread, _ = discussions.thread_create(
        book=second, starter=writer, title="After Leningrad", body="Both books, all of it.", spoils_earlier=True
    )
    client.force_login(reader)
    page = client.get(f"{thread.get_absolute_url()}?page=1").content.decode()
    assert '<details class="spoiler series-spoiler"><summary>Spoils The Siege (#1)</summary>' in page
    shelf_set(user=reader, book=first, shelf=Shelf.READ)
    page = client.get(f"{thread.get_absolute_url()}?page=1").content.decode()
    assert '<details class="spoiler series-spoiler" open><summary>' in page


def test_a_series_spoiler_stays_out_of_teasers_and_structured_data(client, siege):
    _first, second, writer, _reader = siege
    reviews.review_save(
        book=second, reviewer=writer, rating=4, body="Anna survived the siege.", is_spoiler=False, spoils_earlier=True
    )
    for address in (writer.get_absolute_url(), "/"):
        page = client.get(address).content.decode()
        assert "Anna survived" not in page and "This review contains spoilers." in page, address
    book_page = client.get(second.get_absolute_url()).content.decode()
    structured = book_page.split('type="application/ld+json"')[1].split("</script>")[0]
    assert "Anna survived" not in structured
