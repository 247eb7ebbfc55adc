"""Meetings and votes, in Chromium: an organiser schedules a meeting across the spring daylight-saving
change in London; two members answer, one downloads the .ics; the reminder reaches both once. Then a
round with four nominations and three ballots closes, publishes its rounds, and its winner becomes the
club's book. axe passes on the meeting and round pages."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from books.models import Book
from books.tests.factories import make_book
from clubs import services as clubs
from votes import services as votes

from .conftest import axe_violations
from .test_discussions import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_meeting_and_a_vote_from_start_to_finish(live_server, browser, seed, make_member, tmp_path):
    olga, ivan, sasha = (make_member(name, display_name=name.title()) for name in ("olga", "ivan", "sasha"))
    club = clubs.club_create(owner=olga, name="Thames readers", visibility="private", time_zone="Europe/London")
    for member in (ivan, sasha):
        clubs.invitation_accept(invitation=clubs.invitation_create(club=club, by=olga, username=member.username),
                                user=member)  # fmt: skip
    pages = {}
    for name in ("olga", "ivan", "sasha"):
        pages[name] = browser.new_context(accept_downloads=True).new_page()
        pages[name].set_default_timeout(10_000)
        log_in(pages[name], live_server, name)

    # The organiser schedules it the day after the clocks go forward (19:00 BST is 18:00 UTC).
    page = pages["olga"]
    page.goto(f"{live_server.url}/clubs/{club.slug}/meetings/")
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Title", exact=True).fill("Spring meeting")
    page.get_by_label("Day", exact=True).fill("2027-03-29")
    page.get_by_label("Starts at").fill("19:00")
    page.get_by_label("Ends at", exact=True).fill("21:00")
    page.get_by_label("Place").fill("The Crown, upstairs")
    page.get_by_role("button", name="Schedule it").click()
    assert page.locator("h1").inner_text() == "Spring meeting"
    assert "19:00" in page.locator(".facts").inner_text() and "BST" in page.locator(".facts").inner_text()
    assert axe_violations(page) == []
    meeting_url = page.url

    for name, answer in (("ivan", "Yes"), ("sasha", "Maybe")):
        pages[name].goto(meeting_url)
        pages[name].get_by_role("button", name=answer, exact=True).click()
        assert "Your answer is saved" in pages[name].locator("main").inner_text()
    page = pages["ivan"]
    page.reload()
    assert "You are coming." in page.locator("main").inner_text()
    assert "Sasha" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to your calendar (.ics)").click()
    saved = tmp_path / "meeting.ics"
    download.value.save_as(saved)
    event = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart").astimezone(UTC) == datetime(2027, 3, 29, 18, 0, tzinfo=UTC)
    assert str(event["LOCATION"]) == "The Crown, upstairs"
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"

    # The reminder was enqueued for the day before; the worker runs it (twice: it still mails once).
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path="meetings.tasks.send_reminders").update(run_after=datetime.now(UTC))
    mail.outbox.clear()
    for _ in range(2):
        call_command("db_worker", "--backend", "scheduled", "--batch", "--no-startup-delay", verbosity=0)
        DBTaskResult.objects.filter(task_path="meetings.tasks.send_reminders").update(status="READY")
    reminders = [message for message in mail.outbox if message.subject.startswith("[Bookclub] Tomorrow")]
    assert sorted(message.to[0] for message in reminders) == [ivan.email, sasha.email]

    # A round: four nominations, three ballots, the count by rounds, the winner made the club's book.
    page = pages["olga"]
    page.goto(f"{live_server.url}/clubs/{club.slug}/votes/")
    page.get_by_role("link", name="Open a round").click()
    page.get_by_role("button", name="Open the round").click()
    round_url = page.url
    page.get_by_role("link", name="Nominate a book").click()
    titles = ["Mrs Dalloway", "Middlemarch", "Persuasion", "Nostromo"]
    for title in titles:
        make_book(title)
    page.get_by_label("Book", exact=True).fill(titles[0])
    page.get_by_label("Your pitch").fill("A classic")
    page.get_by_role("button", name="Nominate it").click()
    assert f"{titles[0]} is nominated" in page.locator("main").inner_text()
    round_ = club.rounds.get()
    for by, title in ((olga, titles[1]), (ivan, titles[2]), (sasha, titles[3])):
        votes.nomination_add(round=round_, by=by, book=Book.objects.get(title=title))
    page.goto(round_url)
    page.get_by_role("button", name="Close nominations and open the vote").click()
    nominations = {n.book.title: n.pk for n in round_.nominations.select_related("book")}
    votes.ballot_cast(round=round_, voter=olga, ranking=[nominations[titles[0]], nominations[titles[1]]])
    votes.ballot_cast(round=round_, voter=sasha, ranking=[nominations[titles[1]], nominations[titles[0]]])
    ivan_page = pages["ivan"]
    ivan_page.goto(round_url)
    ivan_page.get_by_role("link", name="Rank the books: vote").click()
    ivan_page.get_by_label("1st choice").select_option(label=titles[2])
    ivan_page.get_by_label("2nd choice").select_option(label=titles[2])
    ivan_page.get_by_role("button", name="Save my ballot").click()
    assert f"You ranked {titles[2]} twice" in ivan_page.locator("main").inner_text()
    ivan_page.get_by_label("2nd choice").select_option(label=titles[1])
    ivan_page.get_by_role("button", name="Save my ballot").click()
    assert "Your ballot is saved" in ivan_page.locator("main").inner_text()

    page.goto(round_url)
    page.get_by_role("button", name="Close the vote and count").click()
    text = page.locator("main").inner_text()
    assert "Votes in each round" in text and "Round 3" in text and f"Chosen: {titles[1]}" in text
    assert axe_violations(page) == []
    page.get_by_role("button", name="Read it next").click()
    assert page.locator("h1").inner_text() == "Thames readers"
    assert titles[1] in page.locator("section", has_text="Reading now").inner_text()
