"""Merging duplicates: everything moves to the book kept, nothing a member wrote is lost, the figures are
recounted, the old address answers 301 for ever; merging twice or in a loop is refused."""

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from books.models import Author, AuthorRedirect, Book, BookRedirect, Series
from books.tests.factories import make_author, make_book, make_series
from catalogue import services
from catalogue.merging import relations_to
from catalogue.models import Flag, Merge
from clubs import services as clubs
from discussions import services as discussions
from moving.models import ImportedBook
from reviews.models import RatingHistogram, Review, ReviewComment, ReviewLike
from reviews.services import comment_create, like_toggle, rating_save, review_save
from shelves.models import ProgressUpdate, ShelfEntry, ShelfTag
from shelves.services import progress_record, shelf_set
from votes import services as votes
from votes.models import Choice, Nomination

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def pair(make_member, librarian):
    """A book and its duplicate, each with rows of every kind, and members with rows on both."""
    dunmore = make_author("Helen Dunmore")
    keep = make_book("The Siege", authors=[dunmore], pages=300, isbn13="9780141032238")
    gone = make_book("Siege, The", authors=[dunmore, make_author("A. Translator")], pages=320, slug="siege-the")
    RatingHistogram.objects.create(book=gone, stars_5=10, stars_1=2)
    ada, bea, cy = make_member("ada"), make_member("bea"), make_member("cy")
    return {"keep": keep, "gone": gone, "ada": ada, "bea": bea, "cy": cy, "librarian": librarian}


def test_everything_moves_to_the_book_kept_and_nothing_written_is_lost(pair):
    keep, gone, ada, bea, cy, librarian = (pair[k] for k in ("keep", "gone", "ada", "bea", "cy", "librarian"))
    # Ada reviewed both: an older review of the kept book, a newer one of the duplicate.
    older = review_save(book=keep, reviewer=ada, rating=3, body="First thoughts.", is_spoiler=False)
    Review.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=5))
    newer = review_save(book=gone, reviewer=ada, rating=5, body="Better on a second reading.", is_spoiler=True)
    comment_create(review=older, author=bea, body="Agreed.")
    like_toggle(review=older, user=bea)
    like_toggle(review=newer, user=bea)  # Bea liked both: one like stays
    like_toggle(review=newer, user=cy)
    review_save(book=gone, reviewer=bea, rating=4, body="", is_spoiler=False)  # only on the duplicate
    # Shelves: Bea wants the kept one and has read the duplicate, with tags and a date.
    shelf_set(user=bea, book=keep, shelf="want_to_read")
    entry = shelf_set(user=bea, book=gone, shelf="read")
    ShelfTag.objects.create(entry=entry, name="war")
    ShelfEntry.objects.filter(pk=entry.pk).update(finished_on=date(2023, 5, 1))
    progress_record(user=cy, book=gone, page=100)
    progress_record(user=cy, book=keep, page=20)
    thread, _ = discussions.thread_create(book=gone, starter=cy, title="Andrei", body="Thoughts?")
    club = clubs.club_create(owner=ada, name="Readers")
    clubs.club_join(club=club, user=bea)
    pick = clubs.pick_set(club=club, by=ada, book=gone, starts_on=TODAY, ends_on=TODAY + timedelta(days=9))
    ImportedBook.objects.create(user=cy, book=gone, imported_at=timezone.now())
    ImportedBook.objects.create(user=cy, book=keep, imported_at=timezone.now() - timedelta(days=3))
    editions = {edition.pk for edition in gone.editions.all()} | {edition.pk for edition in keep.editions.all()}

    report = services.book_merge(keep=keep, gone=gone, by=librarian)

    assert not Book.objects.filter(pk=gone.pk).exists()
    kept = Book.objects.get(pk=keep.pk)
    assert {edition.pk for edition in kept.editions.all()} == editions
    assert {author.name for author in kept.authors.all()} == {"Helen Dunmore", "A. Translator"}
    # Ada's later review is kept with its stars; the earlier text is below it, its comment and like moved.
    mine = Review.objects.get(book=kept, reviewer=ada)
    assert mine.pk == newer.pk and mine.rating == 5 and mine.is_spoiler
    assert "Better on a second reading." in mine.body and "First thoughts." in mine.body
    assert ReviewComment.objects.get().review == mine
    assert sorted(ReviewLike.objects.filter(review=mine).values_list("user__username", flat=True)) == ["bea", "cy"]
    assert mine.like_count == 2
    assert Review.objects.filter(book=kept, reviewer=bea).exists()
    # Bea's read entry is kept (further along), with its tag and date.
    bea_entry = ShelfEntry.objects.get(user=bea, book=kept)
    assert bea_entry.shelf == "read" and bea_entry.finished_on == date(2023, 5, 1)
    assert list(bea_entry.tags.values_list("name", flat=True)) == ["war"]
    assert ShelfEntry.objects.filter(user=cy, book=kept).get().progress.page == 100  # further along
    assert ProgressUpdate.objects.filter(user=cy, book=kept).count() == 2  # the whole history
    assert discussions.Thread.objects.get(pk=thread.pk).book == kept
    assert clubs.Pick.objects.get(pk=pick.pk).book == kept
    assert clubs.Club.objects.get(pk=club.pk).current_book == kept
    assert list(ImportedBook.objects.filter(user=cy).values_list("book", flat=True)) == [kept.pk]
    # The figures: the kept book has no source histogram, so it takes the duplicate's; members' ratings.
    assert RatingHistogram.objects.get(book=kept).stars_5 == 10
    assert kept.rating_count == 10 + 2 + 2  # source, Ada's 5, Bea's 4
    assert (kept.ratings_5, kept.ratings_4, kept.ratings_1) == (11, 1, 2)
    assert report.moved["reviews"] >= 1 and ada.pk in report.members and bea.pk in report.members
    # The history says what was merged, who did, and for whom what was combined.
    merge = Merge.objects.get(book=kept)
    assert (merge.gone_slug, merge.merged_by) == ("siege-the", librarian)
    assert any("reviewed both" in note for note in merge.report["notes"])


def test_the_old_address_answers_301_for_ever_and_its_pages_too(client, pair):
    keep, gone = pair["keep"], pair["gone"]
    services.book_merge(keep=keep, gone=gone, by=pair["librarian"])
    for tail in ("", "discussions/", "editions/", "history/"):
        response = client.get(f"/books/siege-the/{tail}?page=2")
        assert response.status_code == 301, tail
        assert response["Location"] == f"/books/{keep.slug}/{tail}?page=2"
    # Merged again later: the first address follows to the last book kept.
    final = make_book("The Siege (Virago)")
    services.book_merge(keep=final, gone=keep, by=pair["librarian"])
    assert client.get("/books/siege-the/")["Location"] == final.get_absolute_url()
    assert set(BookRedirect.objects.values_list("slug", flat=True)) == {"siege-the", keep.slug}
    assert client.get("/books/no-such-book/").status_code == 404
    # The history of the kept book includes the merged books' own changes.
    history = client.get(reverse("catalogue:book_history", args=[final.slug])).content.decode()
    assert "merged into this book" in history


def test_merging_twice_itself_or_in_a_loop_is_refused(pair):
    keep, gone, librarian = pair["keep"], pair["gone"], pair["librarian"]
    with pytest.raises(ValidationError, match="into itself"):
        services.book_merge(keep=keep, gone=keep, by=librarian)
    services.book_merge(keep=keep, gone=gone, by=librarian)
    with pytest.raises(ValidationError, match="merged or deleted already"):
        services.book_merge(keep=keep, gone=gone, by=librarian)
    with pytest.raises(ValidationError, match="merged or deleted already"):
        services.book_merge(keep=gone, gone=keep, by=librarian)
    with pytest.raises(PermissionDenied):
        services.book_merge(keep=keep, gone=make_book("Other"), by=pair["ada"])


def test_a_round_that_nominated_both_keeps_one_nomination_and_every_ballot(pair):
    keep, gone, ada, bea, cy = (pair[k] for k in ("keep", "gone", "ada", "bea", "cy"))
    club = clubs.club_create(owner=ada, name="Voters")
    for member in (bea, cy):
        clubs.club_join(club=club, user=member)
    round_ = votes.round_open(club=club, by=ada)
    first = votes.nomination_add(round=round_, by=ada, book=keep, pitch="Leningrad.")
    second = votes.nomination_add(round=round_, by=bea, book=gone, pitch="Its duplicate.")
    other = votes.nomination_add(round=round_, by=cy, book=make_book("Something else"))
    votes.voting_open(round=round_, by=ada)
    votes.ballot_cast(round=round_, voter=ada, ranking=[other.pk, second.pk, first.pk])  # both: 2nd and 3rd
    votes.ballot_cast(round=round_, voter=bea, ranking=[second.pk, other.pk])  # only the duplicate
    services.book_merge(keep=keep, gone=gone, by=pair["librarian"])
    assert list(Nomination.objects.filter(round=round_).values_list("pk", flat=True)) == [first.pk, other.pk]
    assert "Its duplicate." in Nomination.objects.get(pk=first.pk).pitch
    ada_ballot = [(c.nomination_id, c.rank) for c in Choice.objects.filter(ballot__voter=ada).order_by("rank")]
    assert ada_ballot == [(other.pk, 1), (first.pk, 2)]
    bea_ballot = [(c.nomination_id, c.rank) for c in Choice.objects.filter(ballot__voter=bea).order_by("rank")]
    assert bea_ballot == [(first.pk, 1), (other.pk, 2)]
    closed = votes.round_close(round=round_, by=ada)
    assert closed.winner_id in (first.pk, other.pk)


def test_authors_and_series_merge_the_same_way(client, pair):
    librarian = pair["librarian"]
    typo = make_author("Helen Dunmor", bio="Born in Yorkshire.")
    book = make_book("Zennor in Darkness", authors=[typo])
    edition = book.main_edition
    edition.translators.add(typo)
    dunmore = Author.objects.get(name="Helen Dunmore")
    services.author_merge(keep=dunmore, gone=typo, by=librarian)
    assert list(book.authors.all()) == [dunmore] and list(edition.translators.all()) == [dunmore]
    assert Author.objects.get(pk=dunmore.pk).bio == "Born in Yorkshire."
    assert client.get(f"/authors/{typo.slug}/")["Location"] == dunmore.get_absolute_url()
    assert AuthorRedirect.objects.get().old_id == typo.pk
    siege, copy = make_series("The Siege"), make_series("Siege")
    Book.objects.filter(pk=book.pk).update(series=copy, series_position=3)
    services.series_merge(keep=siege, gone=copy, by=librarian)
    moved = Book.objects.get(pk=book.pk)
    assert (moved.series, str(moved.series_position)) == (siege, "3.00")
    assert client.get(f"/series/{copy.slug}/")["Location"] == siege.get_absolute_url()
    assert not Series.objects.filter(pk=copy.pk).exists()


def test_the_merge_page_shows_what_moves_then_asks(client, pair):
    keep, gone = pair["keep"], pair["gone"]
    review_save(book=gone, reviewer=pair["ada"], rating=4, body="Yes.", is_spoiler=False)
    Flag.objects.create(book=gone, kind="duplicate", duplicate_of=keep, flagged_by=pair["bea"])
    client.force_login(pair["librarian"])
    address = reverse("catalogue:book_merge", args=[keep.slug])
    shown = client.get(address, {"other": gone.get_absolute_url()}).content.decode()
    assert "“Siege, The” will be merged into “The Siege”" in shown and "1 reviews" in shown
    assert Book.objects.filter(pk=gone.pk).exists()
    done = client.post(address, {"other": gone.slug, "confirm": "yes"})
    assert done.status_code == 302 and not Book.objects.filter(pk=gone.pk).exists()
    assert Flag.objects.open().count() == 0  # the duplicate report is answered by the merge
    refused = client.post(address, {"other": keep.slug, "confirm": "yes"})
    assert refused.status_code == 400 and "That is this one" in refused.content.decode()


def test_every_relation_to_a_book_has_a_merge_step():
    """The start-up check's own list: a model added later that points at a book must say what a merge does
    with it (catalogue.checks refuses to start the site otherwise)."""
    from catalogue.merging import unhandled

    assert unhandled() == []
    assert {"reviews.Review.book", "shelves.ShelfEntry.book", "votes.Nomination.book"} <= set(
        relations_to("books.Book")
    )


def test_the_check_names_a_relation_nothing_moves(monkeypatch):
    from catalogue import merging
    from catalogue.checks import every_relation_to_the_catalogue_merges

    monkeypatch.delitem(merging.STEPS, "meetings.Meeting.book")
    errors = every_relation_to_the_catalogue_merges(None)
    assert [error.id for error in errors] == ["catalogue.E001"] and "meetings.Meeting.book" in errors[0].msg


def test_a_merge_refuses_to_delete_rows_a_step_forgot(pair, monkeypatch):
    from catalogue import merging

    progress_record(user=pair["ada"], book=pair["gone"], page=10)
    monkeypatch.setitem(merging.STEPS, "shelves.ShelfEntry.book", lambda **kwargs: None)
    monkeypatch.setitem(merging.STEPS, "shelves.ProgressUpdate.book", lambda **kwargs: None)
    with pytest.raises(RuntimeError, match=r"shelves\.ShelfEntry\.book"):
        services.book_merge(keep=pair["keep"], gone=pair["gone"], by=pair["librarian"])
    assert Book.objects.filter(pk=pair["gone"].pk).exists() and ShelfEntry.objects.filter(book=pair["gone"]).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_merge_while_members_rate_and_shelve_both_books_loses_nothing(make_member, librarian):
    """Members rate and shelve the two books while a librarian merges them: every rating lands on the
    book kept (the writes wait for the merge, then find where the merged book went) and the figures are
    exact."""
    keep, gone = make_book("The Siege"), make_book("Siege, The")
    members = [make_member(f"m{n}") for n in range(8)]
    start, errors = threading.Barrier(len(members) + 1), []

    def member_writes(n, member):
        try:
            start.wait(timeout=10)
            book = gone if n % 2 else keep
            rating_save(book=book, member=member, rating=n % 5 + 1)
            shelf_set(user=member, book=book, shelf="read")
        except Exception as error:
            errors.append(repr(error))
        finally:
            close_old_connections()

    def merge():
        try:
            start.wait(timeout=10)
            services.book_merge(keep=keep, gone=gone, by=librarian)
        except Exception as error:
            errors.append(repr(error))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=member_writes, args=(n, m)) for n, m in enumerate(members)]
    threads.append(threading.Thread(target=merge))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    kept = Book.objects.get(pk=keep.pk)
    assert not Book.objects.filter(pk=gone.pk).exists()
    assert Review.objects.filter(book=kept).count() == len(members)
    assert ShelfEntry.objects.filter(book=kept, shelf="read").count() == len(members)
    assert kept.rating_count == len(members)
    expected = sum(n % 5 + 1 for n in range(len(members))) / len(members)
    assert abs(kept.rating_average - expected) < 1e-9


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_librarians_merging_a_and_b_both_ways_at_once_merge_once(make_member, librarian):
    one, two = make_book("The Siege"), make_book("Siege, The")
    start, outcomes = threading.Barrier(2), []

    def merge(keep, gone):
        try:
            start.wait(timeout=10)
            services.book_merge(keep=keep, gone=gone, by=librarian)
            outcomes.append("merged")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=merge, args=pair) for pair in ((one, two), (two, one))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["gone", "merged"]
    assert Book.objects.filter(pk__in=[one.pk, two.pk]).count() == 1


def test_a_visitor_sees_the_merged_book_pages_answer_at_once(pair):
    """The kept book's page is made stale by the merge: its cached copy shows the moved reviews."""
    keep, gone = pair["keep"], pair["gone"]
    review_save(book=gone, reviewer=pair["ada"], rating=4, body="Moved along.", is_spoiler=False)
    visitor = Client()
    assert "Moved along." not in visitor.get(keep.get_absolute_url()).content.decode()
    services.book_merge(keep=keep, gone=gone, by=pair["librarian"])
    assert "Moved along." in visitor.get(keep.get_absolute_url()).content.decode()
