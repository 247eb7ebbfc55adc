"""A club's schedule works whatever edition or format each member reads: milestones in the club's edition,
chapters placed in it (asked once, with an estimate), readers and listeners placed by their own."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from books.models import EditionChapter
from books.tests.factories import make_book, make_edition
from clubs import services
from clubs.models import Visibility
from discussions import services as discussions
from shelves.models import ShelfEntry
from shelves.progress import Point
from shelves.services import progress_record

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def club(make_member):
    owner, paper, listener = make_member("host"), make_member("paper"), make_member("listener")
    book = make_book("The Siege", pages=330, chapters=30, format="hardcover")
    paperback = make_edition(book, format="paperback", pages=500, isbn13="9780141032238")
    audio = make_edition(book, format="audiobook", audio_seconds=10 * 3600, chapters=30)
    club = services.club_create(owner=owner, name="Every edition", visibility=Visibility.PRIVATE)
    for person in (paper, listener):
        services.invitation_accept(invitation=services.invitation_create(club=club, by=owner), user=person)
    pick = services.pick_set(club=club, by=owner, book=book, starts_on=TODAY, ends_on=TODAY + timedelta(days=30))
    return {
        "club": club,
        "book": book,
        "pick": pick,
        "owner": owner,
        "paper": paper,
        "listener": listener,
        "paperback": paperback,
        "audio": audio,
    }


def schedule_rows(*rows, version=0, **extra):
    data = {"milestone-TOTAL_FORMS": str(len(rows) + 1), "milestone-INITIAL_FORMS": "0", "version": str(version)}
    for number, (label, chapter, page) in enumerate(rows):
        data |= {
            f"milestone-{number}-label": label,
            f"milestone-{number}-chapter": str(chapter or ""),
            f"milestone-{number}-page": str(page or ""),
            f"milestone-{number}-due_on": (TODAY + timedelta(days=7 * (number + 1))).isoformat(),
        }
    return data | extra


def test_the_schedule_counts_in_the_clubs_edition_and_asks_where_chapters_end(client, club):
    client.force_login(club["owner"])
    address = reverse("clubs:schedule", args=[club["club"].slug])
    page = client.get(address).content.decode()
    assert "The club&#x27;s edition" in page and "Hardcover, 330 pages" in page
    rows = schedule_rows(("Week 1", 9, None), ("Week 2", 15, None))
    asked = client.post(address, rows)
    html = asked.content.decode()
    # Asked once, with estimates from the edition's 30 chapters (9/30 and 15/30 of 330 pages).
    assert asked.status_code == 200 and "Where do these chapters end?" in html
    assert 'name="milestone-0-page" value="99"' in html and 'name="milestone-1-page" value="165"' in html
    assert not club["pick"].milestones.exists()
    # The organiser corrects one against the book and saves: the edition keeps both ends.
    client.post(address, rows | {"milestone-0-page": "110", "milestone-1-page": "165", "asked": "1"})
    ends = dict(EditionChapter.objects.filter(edition=club["book"].main_edition).values_list("number", "page"))
    assert ends == {9: 110, 15: 165}
    first, second = club["pick"].milestones.all()
    assert (first.chapter, first.page, first.pages) == (9, 110, 330)
    assert second.thread.opens_at == Point(page=110, pages=330, chapter=9)
    # Next time those chapters are known: nobody is asked again.
    saved = client.post(address, schedule_rows(("Week 1", 9, None), ("Week 2", 15, None), version=1))
    assert saved.status_code == 302


def test_a_page_past_the_clubs_edition_is_refused_and_the_edition_can_change(client, club):
    client.force_login(club["owner"])
    address = reverse("clubs:schedule", args=[club["club"].slug])
    refused = client.post(address, schedule_rows(("All", None, 400)))
    assert (
        refused.status_code == 400 and "past the last page of the club&#x27;s edition (330)" in refused.content.decode()
    )
    saved = client.post(address, schedule_rows(("All", None, 400), edition=str(club["paperback"].pk)))
    assert saved.status_code == 302
    club["pick"].refresh_from_db()
    assert club["pick"].edition == club["paperback"]
    assert club["pick"].milestones.get().pages == 500


def test_readers_and_listeners_of_other_editions_open_the_right_milestones(client, club):
    pick, book = club["pick"], club["book"]
    _, second, third = services.schedule_save(
        pick=pick,
        by=club["owner"],
        version=0,
        milestones=[
            {"label": "Week 1", "chapter": 8, "page": 110, "due_on": TODAY + timedelta(days=7)},
            {"label": "Week 2", "page": 165, "due_on": TODAY + timedelta(days=14)},
            {"label": "Week 3", "chapter": 30, "page": 330, "due_on": TODAY + timedelta(days=21)},
        ],
    )
    paper, listener = club["paper"], club["listener"]
    # Page 250 of the 500-page paperback is half the book: past page 165 of the 330-page hardcover.
    client.force_login(paper)
    progress = reverse("shelves:progress", args=[book.slug])
    page = client.get(progress).content.decode()
    assert "Paperback, 500 pages" in page and "Audiobook, 10 h" in page
    client.post(progress, {"edition": str(club["paperback"].pk), "page": "250", "pages": "330"})
    entry = ShelfEntry.objects.get(user=paper)
    assert (entry.edition, entry.progress_page, entry.progress_pages) == (club["paperback"], 250, 500)
    assert client.get(third.thread.get_absolute_url()).status_code == 200  # opens at the end of week 2
    # A listener at 5:00 of the 10-hour audiobook: the same place.
    client.force_login(listener)
    client.post(progress, {"edition": str(club["audio"].pk), "time": "5:00"})
    entry = ShelfEntry.objects.get(user=listener)
    assert (entry.progress_seconds, entry.progress_duration, entry.progress_percent) == (18_000, 36_000, 50)
    assert client.get(third.thread.get_absolute_url()).status_code == 200
    progress_record(user=listener, book=book, edition=club["audio"], seconds=4 * 3600)
    locked = client.get(third.thread.get_absolute_url())
    assert locked.status_code == 403 and "Unlocks when you reach page 165" in locked.content.decode()
    assert client.get(second.thread.get_absolute_url()).status_code == 200  # 4:00 of 10:00 is past page 110


def test_a_chapter_marked_spoiler_unfolds_for_page_readers_past_its_end(client, club):
    pick, book = club["pick"], club["book"]
    (milestone,) = services.schedule_save(
        pick=pick,
        by=club["owner"],
        version=0,
        milestones=[{"label": "All", "chapter": 12, "page": 132, "due_on": TODAY + timedelta(days=7)}],
    )
    post = discussions.reply_create(
        thread=milestone.thread, author=club["listener"], body="The doctor knew.", spoils_to=Point(chapter=12)
    )
    # Where chapter 12 ends in the club's edition is known (the schedule said so): page 132 of 330.
    assert (post.spoils_to_chapter, post.spoils_to_page, post.spoils_to_pages) == (12, 132, 330)
    client.force_login(club["paper"])
    progress_record(user=club["paper"], book=book, edition=club["paperback"], page=150)  # 150/500 < 132/330
    html = client.get(milestone.thread.get_absolute_url()).content.decode()
    assert '<details class="spoiler-marked">' in html
    progress_record(user=club["paper"], book=book, edition=club["paperback"], page=200)  # 200/500 = 132/330
    html = client.get(milestone.thread.get_absolute_url()).content.decode()
    assert '<details class="spoiler-marked" open>' in html


def test_a_typed_percent_wins_over_the_page_the_form_showed(client, club):
    book, paper = club["book"], club["paper"]
    client.force_login(paper)
    progress = reverse("shelves:progress", args=[book.slug])
    client.post(progress, {"page": "100", "pages": "330"})
    # The form shows page 100 of 330; the member types 80% and leaves the page as it was shown.
    client.post(progress, {"page": "100", "pages": "330", "percent": "80", "chapter": ""})
    entry = ShelfEntry.objects.get(user=paper)
    assert (entry.progress_page, entry.progress_percent) == (None, 80)
    assert entry.progress.label() == "80%"
    shown = client.get(progress).content.decode()
    assert 'name="percent" value="80"' in shown
