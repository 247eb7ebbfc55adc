"""Who edits the catalogue, what the history keeps, reverting, edits that wait, flags."""

import pytest
from django.test import Client
from django.urls import reverse

from books.models import Book, Edition
from books.tests.factories import make_author, make_book, make_edition
from catalogue import services
from catalogue.models import Flag, PendingEdit
from shelves.models import ShelfEntry
from shelves.services import progress_record, shelf_set

pytestmark = pytest.mark.django_db


def edit_form(book, **values):
    return {
        "title": book.title,
        "authors": ", ".join(a.name for a in book.authors.all()),
        "series": "",
        "description": book.description,
        "first_published": "",
        "original_language": "",
        **values,
    }


@pytest.fixture
def people(make_member, librarian):
    return {"adder": make_member("adder"), "other": make_member("other"), "librarian": librarian}


@pytest.fixture
def added(people):
    return services.book_add(
        by=people["adder"], title="The Siege", authors=["Helen Dunmore"], edition={"pages": 300, "format": "hardcover"}
    )


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "checked", "status"),
    [
        (None, False, 302),  # to the log-in page
        ("other", False, 403),
        ("adder", False, 200),
        ("adder", True, 403),  # once checked, librarians only
        ("librarian", False, 200),
        ("librarian", True, 200),
    ],
)
def test_who_may_edit_a_book(people, added, who, checked, status):
    if checked:
        services.book_check(book=added, by=people["librarian"])
    client = client_for(people.get(who))
    edition = added.main_edition
    for address in (
        reverse("catalogue:book_edit", args=[added.slug]),
        reverse("catalogue:edition_edit", args=[added.slug, edition.pk]),
    ):
        assert client.get(address).status_code == status, address
        response = client.post(address, edit_form(added, title="Renamed", pages="310"))
        assert response.status_code in ((302,) if status == 200 else (status,)), address
    assert (Book.objects.get(pk=added.pk).title == "Renamed") is (status == 200)


def test_librarians_alone_check_merge_revert_and_see_the_desk(people, added):
    for who in ("other", "adder"):
        client = client_for(people[who])
        assert client.get(reverse("catalogue:desk")).status_code == 403
        assert client.post(reverse("catalogue:check", args=[added.slug])).status_code == 403
        assert client.get(reverse("catalogue:book_merge", args=[added.slug])).status_code == 403
        assert client.get(reverse("catalogue:author_edit", args=[added.authors.get().slug])).status_code == 403
    assert Book.objects.get(pk=added.pk).needs_review
    librarian = client_for(people["librarian"])
    desk = librarian.get(reverse("catalogue:desk")).content.decode()
    assert "The Siege" in desk and "added by adder" in desk
    assert librarian.post(reverse("catalogue:check", args=[added.slug]))["Location"] == added.get_absolute_url()
    assert not Book.objects.get(pk=added.pk).needs_review


def test_the_editor_link_shows_to_whoever_may_edit_on_the_shared_page(people, added):
    url = added.get_absolute_url()
    assert "Edit this book" not in Client().get(url).content.decode()
    assert "Edit this book" not in client_for(people["other"]).get(url).content.decode()
    assert "Edit this book" in client_for(people["adder"]).get(url).content.decode()
    assert "Edit this book" in client_for(people["librarian"]).get(url).content.decode()
    services.book_check(book=added, by=people["librarian"])
    assert "Edit this book" not in client_for(people["adder"]).get(url).content.decode()


def test_a_new_librarian_counts_at_once_and_a_former_one_no_longer(people, added, settings):
    from django.contrib.auth.models import Group

    services.book_check(book=added, by=people["librarian"])
    other = client_for(people["other"])
    edit = reverse("catalogue:book_edit", args=[added.slug])
    assert other.get(edit).status_code == 403  # their account is in the cache from here on
    people["other"].groups.add(Group.objects.get(name="Librarians"))
    assert other.get(edit).status_code == 200
    people["other"].groups.clear()
    assert other.get(edit).status_code == 403


def test_every_change_is_in_the_history_with_who_and_what(people, added):
    librarian = client_for(people["librarian"])
    librarian.post(
        reverse("catalogue:book_edit", args=[added.slug]),
        edit_form(added, title="The Siege", authors="Helen Dunmore, Anna Reid", description="Leningrad, 1941."),
    )
    edition = added.main_edition
    librarian.post(
        reverse("catalogue:edition_edit", args=[added.slug, edition.pk]),
        {"format": "hardcover", "pages": "320", "isbn": "9780141032238"},
    )
    html = Client().get(reverse("catalogue:book_history", args=[added.slug])).content.decode()
    assert html.count('class="history-entry"') >= 4  # added, edition added, two edits
    assert "Leningrad, 1941." in html and "Anna Reid" in html and "Libby" in html
    assert "300" in html and "320" in html  # the edition's pages, before and after
    assert "Undo this change" not in html  # for librarians only
    assert "Undo this change" in librarian.get(reverse("catalogue:book_history", args=[added.slug])).content.decode()


def test_a_revert_sets_back_only_what_that_change_changed(people, added):
    librarian = people["librarian"]
    services.book_update(book=added, by=librarian, fields={"description": "Wrong."})
    services.book_update(book=added, by=librarian, fields={"title": "The Siege (1941)"})
    record = added.history.get(description="Wrong.", title="The Siege")
    services.change_revert(record=record, by=librarian)
    book = Book.objects.get(pk=added.pk)
    assert book.description == "" and book.title == "The Siege (1941)"  # the later change stays
    latest = book.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == librarian and latest.history_change_reason.startswith("Reverted the change")
    # Only librarians revert, through the page too.
    response = client_for(people["adder"]).post(
        reverse("catalogue:revert", args=[added.slug, "book", record.history_id])
    )
    assert response.status_code == 403
    assert client_for(librarian).post(reverse("catalogue:revert", args=[added.slug, "shelf", 1])).status_code == 404


def test_a_revert_of_an_authors_change_puts_the_authors_back(people, added):
    librarian = people["librarian"]
    services.book_update(book=added, by=librarian, fields={}, author_names=["Someone Else"])
    assert [a.name for a in Book.objects.get(pk=added.pk).authors.all()] == ["Someone Else"]
    changed = added.history.order_by("-history_date", "-history_id").first()
    assert added.history.count() == 2  # added, then one change of its authors: one record each
    services.change_revert(record=changed, by=librarian)
    assert [a.name for a in Book.objects.get(pk=added.pk).authors.all()] == ["Helen Dunmore"]


def test_edits_of_a_book_many_have_shelved_wait_for_a_librarian(people, added, make_member, settings):
    settings.CATALOGUE_APPROVAL_READERS = 3
    for n in range(3):
        shelf_set(user=make_member(f"reader{n}"), book=added, shelf="want_to_read")
    adder = client_for(people["adder"])
    response = adder.post(reverse("catalogue:book_edit", args=[added.slug]), edit_form(added, title="Siege!"))
    assert response.status_code == 302
    assert Book.objects.get(pk=added.pk).title == "The Siege"
    edit = PendingEdit.objects.get()
    assert edit.changes == {"title": ["The Siege", "Siege!"]}
    librarian = client_for(people["librarian"])
    assert "Siege!" in librarian.get(reverse("catalogue:desk")).content.decode()
    librarian.post(reverse("catalogue:pending_decide", args=[edit.pk]), {"action": "approve"})
    book = Book.objects.get(pk=added.pk)
    assert book.title == "Siege!"
    assert book.history.order_by("-history_date").first().history_user == people["adder"]
    # Twice: the second is told.
    with pytest.raises(Exception, match="decided on this edit already"):
        services.pending_edit_decide(edit=edit, by=people["librarian"], approve=False)


def test_a_librarian_edits_a_popular_book_at_once(people, added, make_member, settings):
    settings.CATALOGUE_APPROVAL_READERS = 1
    shelf_set(user=make_member("reader"), book=added, shelf="read")
    outcome, _ = services.book_update(book=added, by=people["librarian"], fields={"title": "Siege"})
    assert outcome == "saved" and not PendingEdit.objects.exists()


def test_anyone_signed_in_reports_a_problem_into_the_librarians_queue(people, added):
    other = client_for(people["other"])
    address = reverse("catalogue:flag", args=[added.slug])
    assert Client().get(address).status_code == 302
    refused = other.post(address, {"kind": "duplicate", "duplicate_of": "no such book"})
    assert refused.status_code == 400 and "Nothing in the catalogue" in refused.content.decode()
    original = make_book("The Siege")
    assert other.post(address, {"kind": "duplicate", "duplicate_of": original.get_absolute_url()}).status_code == 302
    assert other.post(address, {"kind": "wrong", "note": ""}).status_code == 400
    flag = Flag.objects.get()
    assert (flag.kind, flag.duplicate_of, flag.flagged_by) == ("duplicate", original, people["other"])
    desk = client_for(people["librarian"]).get(reverse("catalogue:desk")).content.decode()
    assert f"{reverse('catalogue:book_merge', args=[original.slug])}?other={added.slug}" in desk
    client_for(people["librarian"]).post(reverse("catalogue:flag_resolve", args=[flag.pk]), {"resolution": "Merged"})
    assert Flag.objects.open().count() == 0


def test_the_main_edition_is_chosen_by_an_editor(people, added):
    paperback = make_edition(added, format="paperback", pages=280, isbn13="9780141032238")
    client_for(people["adder"]).post(reverse("catalogue:main_edition", args=[added.slug, paperback.pk]))
    assert Book.objects.get(pk=added.pk).main_edition == paperback
    assert "280 pages, Paperback" in Client().get(added.get_absolute_url()).content.decode()


def test_an_edition_moves_to_its_right_book_or_becomes_one(people, added):
    stray = make_edition(added, title="Le Siège", format="paperback", language="fr", isbn13="9780141032238", pages=400)
    reader = people["other"]
    progress_record(user=reader, book=added, edition=stray, page=200)
    right = make_book("Another book")
    librarian = client_for(people["librarian"])
    page = reverse("catalogue:edition_move", args=[added.slug, stray.pk])
    assert client_for(people["adder"]).get(page).status_code == 403
    assert librarian.post(page, {"other": right.get_absolute_url()}).status_code == 302
    assert Edition.objects.get(pk=stray.pk).book == right
    # The reader's shelf stays with the book, their place kept, without naming an edition of another book.
    entry = ShelfEntry.objects.get(user=reader)
    assert (entry.book, entry.edition, entry.progress.share) == (added, None, 0.5)
    progress_record(user=reader, book=added, page=210, pages=400)
    own = librarian.post(reverse("catalogue:edition_move", args=[right.slug, stray.pk]), {"split": "1"})
    split = Book.objects.get(editions=stray)
    assert own["Location"] == split.get_absolute_url() and split.title == "Le Siège"
    assert split.main_edition == stray and Book.objects.get(pk=right.pk).main_edition != stray


def test_names_of_authors_for_a_field(client):
    make_author("Helen Dunmore")
    make_author("Héloïse Hugo")
    found = client.get(reverse("catalogue:author_names"), {"q": "hel"}).json()
    assert found == {"names": ["Helen Dunmore", "Héloïse Hugo"]}
    assert client.get(reverse("catalogue:author_names"), {"q": "h"}).json() == {"names": []}


def test_a_waiting_edit_of_an_edition_keeps_its_translators_until_approved(people, added, make_member, settings):
    settings.CATALOGUE_APPROVAL_READERS = 1
    shelf_set(user=make_member("reader"), book=added, shelf="read")
    edition = added.main_edition
    outcome, pending = services.edition_update(
        edition=edition, by=people["adder"], fields={"pages": 310}, translator_names=["Anthea Bell"]
    )
    assert outcome == "waiting" and Edition.objects.get(pk=edition.pk).pages == 300
    assert pending.author_names == [[], ["Anthea Bell"]]
    services.pending_edit_decide(edit=pending, by=people["librarian"], approve=True)
    edition = Edition.objects.get(pk=edition.pk)
    assert edition.pages == 310 and [p.name for p in edition.translators.all()] == ["Anthea Bell"]
