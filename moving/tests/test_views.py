"""The member's moving pages: upload, progress and report, exports, and deleting the account."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from books.isbn import isbn_ten
from books.models import Book
from clubs.models import Membership, Role
from clubs.services import club_create, club_join
from discussions.models import Post
from discussions.services import reply_create, thread_create
from moderation.models import AuditEntry
from moving import goodreads, services
from moving.models import ImportJob
from moving.tests.exports import book, export, isbn_of
from reviews.models import Review, ReviewLike
from reviews.services import like_toggle, review_save
from shelves.models import ShelfEntry


def upload(client, data, name="goodreads_library_export.csv", capture=None):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    if capture is None:
        return client.post(reverse("moving:import_create"), {"export": file})
    with capture(execute=True):
        return client.post(reverse("moving:import_create"), {"export": file})


@pytest.fixture
def member(make_member, client):
    person = make_member()
    client.force_login(person)
    return person


def test_a_member_uploads_an_export_and_reads_the_report(client, member, django_capture_on_commit_callbacks):
    response = upload(client, export(*(book(n) for n in range(3)), book(1)), capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Added to the catalogue (3)" in text and "Skipped (1)" in text
    assert "the same book as an earlier row" in text
    added = client.get(job.get_absolute_url(), {"show": "added"}).content.decode()
    assert "Imported Book 2" in added
    assert ShelfEntry.objects.filter(user=member).count() == 3
    status = client.get(reverse("moving:import_status", args=[job.pk])).json()
    assert status == {"status": "done", "done": 4, "total": 4, "percent": 100, "finished": True}


def test_a_running_import_shows_its_progress(client, member):
    job = ImportJob.objects.create(user=member, file_name="big.csv", total=10_000, done=2_500, status="running")
    text = client.get(job.get_absolute_url()).content.decode()
    assert "2,500 of 10,000 rows done" in text
    assert 'id="import-bar" max="10000" value="2500"' in text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "This file is not a CSV file"),
        (b"Name,Email\nAda,ada@example.com\n", "This is not a Goodreads library export"),
        (b"", "The submitted file is empty."),
        (export(), "This export holds no books."),
        ("Title,Author\n".encode("utf-16"), "not a"),
    ],
)
def test_a_bad_file_is_refused_at_once_with_nothing_written(client, member, data, message):
    books = Book.objects.count()
    response = upload(client, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (ImportJob.objects.count(), Book.objects.count(), ShelfEntry.objects.count()) == (0, books, 0)


def test_a_file_over_the_size_limit_is_refused(client, member, settings):
    settings.LIBRARY_IMPORT_MAX_BYTES = 1_000_000
    response = upload(client, export(*(book(n, **{"My Review": "x" * 2_000}) for n in range(600))))
    assert response.status_code == 400
    assert "up to 1 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_nobody_sees_another_members_import_report_or_data(client, make_member):
    owner = make_member("owner")
    job = services.import_start(user=owner, file_name="mine.csv", data=export(book(1)))
    services.import_run(job_id=job.pk)
    for url in (job.get_absolute_url(), reverse("moving:import_status", args=[job.pk])):
        assert client.get(url).status_code == 302  # visitors log in first
    client.force_login(make_member("stranger"))
    for url in (job.get_absolute_url(), reverse("moving:import_status", args=[job.pk])):
        assert client.get(url).status_code == 404
    library = b"".join(client.get(reverse("moving:export_csv")).streaming_content).decode()
    archive = json.loads(b"".join(client.get(reverse("moving:export_archive")).streaming_content))
    assert "Imported Book 1" not in library
    assert archive["profile"]["username"] == "stranger" and archive["shelves"] == []


def test_the_exported_library_imports_back_to_the_same_rows(client, member, make_member):
    rows = [
        book(1, Title="The Betrayal (The Siege, #2)", Author="Helen Dunmore", Bookshelves="war, leningrad"),
        book(2, **{"Additional Authors": "Kevin J. Anderson", "My Review": 'Long.<br/><br/>"Quoted", yes.'}),
        book(3, **{"Exclusive Shelf": "to-read", "My Rating": "0", "Date Read": ""}),
        book(4, **{"Exclusive Shelf": "currently-reading", "ISBN": '="0441172695"', "Spoiler": "true"}),
    ]
    original, _ = goodreads.parse(export(*rows))
    services.import_run(job_id=services.import_start(user=member, file_name="a.csv", data=export(*rows)).pk)
    response = client.get(reverse("moving:export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    data = b"".join(response.streaming_content)
    exported, problems = goodreads.parse(data)
    assert problems == []

    def shape(row):
        # An edition is its ISBN-13 (the import's first choice); the export writes its ISBN-10 beside it.
        return (
            row.title, row.series, row.series_position, set(row.authors), row.isbn13, row.rating,
            row.exclusive_shelf, set(row.shelves), row.date_read, row.review, row.spoiler,
        )  # fmt: skip

    assert sorted(map(shape, exported), key=str) == sorted(map(shape, original), key=str)
    assert all(row.isbn10 == isbn_ten(row.isbn13) for row in exported)
    # And into another member's library here: the same books, found, not added again.
    books = Book.objects.count()
    again = services.import_start(user=make_member("friend"), file_name="b.csv", data=data)
    services.import_run(job_id=again.pk)
    again.refresh_from_db()
    assert (again.matched, again.added, Book.objects.count()) == (4, 0, books)


def test_the_archive_holds_everything_the_member_wrote(client, member, make_member):
    services.import_run(job_id=services.import_start(user=member, file_name="a.csv", data=export(book(1))).pk)
    imported = Book.objects.get(editions__isbn13=isbn_of(1))
    _, opening = thread_create(book=imported, starter=member, title="Chapter one", body="What a start.")
    club = club_create(owner=member, name="Night readers")
    friend = make_member("friend")
    member.following_links.create(followed=friend)
    data = json.loads(b"".join(client.get(reverse("moving:export_archive")).streaming_content))
    assert data["format"] == "bookclub-archive/1"
    assert data["profile"]["email"] == member.email
    assert data["shelves"][0]["book"]["title"] == "Imported Book 1"
    assert data["reviews"][0]["rating"] == 2
    assert data["posts"][0]["post"] == "What a start." and data["posts"][0]["url"] == opening.get_absolute_url()
    assert data["clubs"] == [
        {"club": "Night readers", "url": club.get_absolute_url(), "role": "owner", "joined": data["clubs"][0]["joined"]}
    ]
    assert data["following"][0]["member"] == "friend"


def test_exports_cost_the_same_queries_per_page_of_rows(client, member, django_assert_num_queries, settings):
    from moving import export as exporting

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            b"".join(client.get(reverse("moving:export_csv")).streaming_content)
            b"".join(client.get(reverse("moving:export_archive")).streaming_content)
        return len(captured)

    exporting.PAGE = 10
    client.get(reverse("moving:library"))  # the member's account, cached from here on
    try:
        services.import_run(
            job_id=services.import_start(user=member, file_name="a", data=export(*map(book, range(3)))).pk
        )
        small = count()
        services.import_run(
            job_id=services.import_start(user=member, file_name="b", data=export(*map(book, range(3, 8)))).pk
        )
        same_page = count()
    finally:
        exporting.PAGE = 500
    assert same_page == small


def test_deleting_needs_the_password_and_loses_nothing_when_wrong(client, member):
    response = client.post(reverse("moving:account_delete"), {"password": "wrong", "writing": "keep"})
    assert response.status_code == 400
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


@pytest.fixture
def busy_member(member, make_member):
    """A member with a rating, a review, a like, a thread others replied in, and a club they own."""
    other = make_member("other")
    books = [Book.objects.create(title=f"Book {n}", slug=f"book-{n}") for n in range(3)]
    review_save(book=books[0], reviewer=member, rating=5, body="Loved it.", is_spoiler=False)
    review_save(book=books[1], reviewer=member, rating=1, body="", is_spoiler=False)
    theirs = review_save(book=books[0], reviewer=other, rating=3, body="Fine.", is_spoiler=False)
    like_toggle(review=theirs, user=member)
    thread, opening = thread_create(book=books[2], starter=member, title="Who did it?", body="My theory.")
    reply = reply_create(thread=thread, author=other, body="Mine too.", quoted=opening)
    club = club_create(owner=member, name="Busy club")
    club_join(club=club, user=other)
    lonely = club_create(owner=member, name="Only me")
    return {
        "other": other,
        "books": books,
        "review": theirs,
        "thread": thread,
        "reply": reply,
        "club": club,
        "lonely": lonely,
    }


@pytest.mark.parametrize("writing", ["keep", "delete"])
def test_deleting_an_account(client, member, busy_member, writing):
    response = client.post(reverse("moving:account_delete"), {"password": "a long passphrase", "writing": writing})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert "_auth_user_id" not in client.session
    first, second, _ = busy_member["books"]
    first.refresh_from_db()
    second.refresh_from_db()
    # Their ratings leave the figures; likes and members are counted again.
    assert (first.rating_count, first.rating_average, second.rating_count) == (1, 3.0, 0)
    busy_member["review"].refresh_from_db()
    assert busy_member["review"].like_count == 0 and not ReviewLike.objects.exists()
    club = busy_member["club"]
    club.refresh_from_db()
    assert club.member_count == 1
    assert Membership.objects.get(club=club).role == Role.OWNER
    assert not type(club).objects.filter(pk=busy_member["lonely"].pk).exists()
    # The thread others replied in reads on, its numbers in place; the quote still points at its post.
    thread = busy_member["thread"]
    posts = list(Post.objects.filter(thread=thread).order_by("number"))
    assert [p.number for p in posts] == [1, 2]
    opening = posts[0]
    assert opening.author.name == "A deleted member"
    assert busy_member["reply"].quoted_id == opening.pk
    kept = Review.objects.filter(book=first).exclude(reviewer=busy_member["other"])
    if writing == "keep":
        assert opening.body == "My theory." and not opening.is_deleted
        assert [(r.body, r.rating, r.reviewer.name) for r in kept] == [("Loved it.", None, "A deleted member")]
        assert client.get(reverse("profile", args=[kept.get().reviewer.username])).status_code == 404
        assert "Loved it." in client.get(first.get_absolute_url()).content.decode()
    else:
        assert opening.is_deleted and opening.body == ""
        assert not kept.exists()
    entry = AuditEntry.objects.get(action="account deleted")
    assert "reader" in entry.reason and ("kept" in entry.reason) == (writing == "keep")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Mine too." in page
