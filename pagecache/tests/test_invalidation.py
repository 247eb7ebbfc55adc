"""Every kind of write shows on the next view of every cached page that shows it.

Each test warms the pages (the second view must come from the cache), writes through the path a
person would use (a form, the admin, a moderator's action, loaddata), then views the pages again.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from accounts.models import User
from books.models import Book
from books.tests.factories import make_author, make_book, make_series
from discussions import services as discussions
from discussions.models import Post
from moderation import services as moderation
from reviews import services as reviews
from reviews.models import RatingHistogram, Review, ReviewComment
from shelves.services import shelf_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(make_member):
    """A series of two books by one author, rated 4 by the source, with a thread and a review."""
    author = make_author("Ursula Vance", slug="ursula-vance")
    series = make_series("Earthsea Nights", slug="earthsea-nights")
    book = make_book("The Far Shore", slug="the-far-shore", authors=[author], series=series, position=1)
    make_book("The Other Wind", slug="the-other-wind", authors=[author], series=series, position=2)
    RatingHistogram.objects.create(book=book, stars_4=4)
    ada = make_member("ada")
    reviews.review_save(book=book, reviewer=ada, rating=4, body="Calm and deep.", is_spoiler=False)
    thread, _ = discussions.thread_create(book=book, starter=ada, title="The dragons", body="Who are they?")
    return {"book": book, "series": series, "author": author, "ada": ada, "thread": thread}


def pages(shelf):
    book, thread = shelf["book"], shelf["thread"]
    return {
        "book": book.get_absolute_url(),
        "series": shelf["series"].get_absolute_url(),
        "author": shelf["author"].get_absolute_url(),
        "board": reverse("discussions:board", args=[book.slug]),
        "thread": thread.get_absolute_url(),
        "catalogue": reverse("books:catalogue"),
        "home": reverse("home"),
        "profile": shelf["ada"].get_absolute_url(),
    }


def warm(client, *urls):
    """View each page twice: the second view must come from the cache. Returns the last page."""
    for url in urls:
        client.get(url)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Cache"] == "hit", url
    return response.content.decode()


def view(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "miss", f"{url} was served from the cache after a write"
    return response.content.decode()


def signed_in(user):
    member = Client()
    member.force_login(user)
    return member


def test_a_new_review_and_rating_reach_the_book_its_series_author_listings_and_profile(client, shelf, make_member):
    urls = pages(shelf)
    warm(client, urls["book"], urls["series"], urls["author"], urls["catalogue"], urls["home"])
    bea = make_member("bea")
    response = signed_in(bea).post(
        reverse("reviews:write", args=[shelf["book"].slug]), {"rating": "1", "body": "Too slow for me."}
    )
    assert response.status_code == 302
    # The source's four 4s, Ada's 4 and Bea's 1: 21 / 6.
    book_page = view(client, urls["book"])
    assert "Too slow for me." in book_page and "3.50" in book_page
    for name in ("series", "author", "catalogue"):
        assert "3.50" in view(client, urls[name]), name
    assert "Too slow for me." in view(client, urls["home"])
    warm(client, bea.get_absolute_url())
    mine = Review.objects.get(reviewer=bea)
    reviews.review_save(book=shelf["book"], reviewer=bea, review=mine, rating=1, body="Too slow.", is_spoiler=False)
    assert "Too slow." in view(client, bea.get_absolute_url())


def test_editing_and_deleting_a_review(client, shelf):
    urls = pages(shelf)
    warm(client, urls["book"], urls["series"])
    ada = shelf["ada"]
    review = Review.objects.get(reviewer=ada)
    reviews.review_save(
        book=shelf["book"], reviewer=ada, review=review, rating=2, body="On reflection, dull.", is_spoiler=False
    )
    assert "On reflection, dull." in view(client, urls["book"])
    assert "3.60" in view(client, urls["series"])  # (16 + 2) / 5
    warm(client, urls["book"], urls["series"])
    assert signed_in(ada).post(reverse("reviews:delete", args=[review.pk])).status_code == 302
    assert "On reflection, dull." not in view(client, urls["book"])
    assert "4.00" in view(client, urls["series"])


def test_likes_comments_and_shelves_reach_the_book_page(client, shelf, make_member):
    urls = pages(shelf)
    review = Review.objects.get(reviewer=shelf["ada"])
    cy = signed_in(make_member("cy"))
    warm(client, urls["book"])
    cy.post(reverse("reviews:like", args=[review.pk]))
    assert "1 like<" in view(client, urls["book"])
    warm(client, urls["book"])
    cy.post(reverse("reviews:comment", args=[review.pk]), {"body": "Agreed, very calm."})
    assert "Agreed, very calm." in view(client, urls["book"])
    warm(client, urls["book"], urls["profile"])
    shelf_set(user=shelf["ada"], book=shelf["book"], shelf="currently_reading")
    assert "1 person is currently reading" in view(client, urls["book"])
    assert "<strong>1</strong> currently reading" in view(client, urls["profile"])


def test_threads_and_posts_reach_the_thread_board_and_book(client, shelf, make_member):
    urls = pages(shelf)
    dan = signed_in(make_member("dan"))
    warm(client, urls["thread"], urls["board"], urls["book"])
    response = dan.post(reverse("discussions:reply", args=[shelf["thread"].pk, "the-dragons"]), {"body": "Old ones."})
    assert response.status_code == 302
    assert "Old ones." in view(client, urls["thread"])
    assert "1 reply" in view(client, urls["board"])
    assert "1 reply" in view(client, urls["book"])
    post = Post.objects.get(body="Old ones.")
    warm(client, urls["thread"])
    dan.post(reverse("discussions:post_edit", args=[post.pk]), {"body": "Very old ones."})
    assert "Very old ones." in view(client, urls["thread"])
    warm(client, urls["thread"])
    dan.post(reverse("discussions:post_delete", args=[post.pk]))
    assert "Post deleted." in view(client, urls["thread"])
    warm(client, urls["board"], urls["book"])
    dan.post(reverse("discussions:thread_new", args=[shelf["book"].slug]), {"title": "Maps", "body": "Any?"})
    assert "Maps" in view(client, urls["board"])
    assert "Maps" in view(client, urls["book"])


@pytest.fixture
def moderator(make_member):
    moderator = make_member("mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return moderator


def test_moderators_hiding_restoring_and_marking_show_at_once(client, shelf, moderator):
    urls = pages(shelf)
    review = Review.objects.get(reviewer=shelf["ada"])
    warm(client, urls["book"], urls["series"], urls["profile"])
    moderation.item_set_hidden(item=review, moderator=moderator, hidden=True)
    assert "Calm and deep." not in view(client, urls["book"])
    series_page = view(client, urls["series"])
    assert "4.00" in series_page and "4 ratings" in series_page
    assert "Calm and deep." not in view(client, urls["profile"])
    warm(client, urls["book"])
    moderation.item_set_hidden(item=review, moderator=moderator, hidden=False)
    assert "Calm and deep." in view(client, urls["book"])
    warm(client, urls["book"])
    moderation.review_mark_spoiler(review=review, moderator=moderator)
    assert "This review contains spoilers" in view(client, urls["book"])
    post = shelf["thread"].posts.get()
    warm(client, urls["thread"])
    moderation.item_set_hidden(item=post, moderator=moderator, hidden=True)
    assert "Post hidden by moderators." in view(client, urls["thread"])
    warm(client, urls["thread"])
    moderation.thread_lock(thread=shelf["thread"], moderator=moderator)
    assert "This thread is locked" in view(client, urls["thread"])


def test_removing_a_members_content_empties_every_page_they_wrote_on(client, shelf, moderator):
    urls = pages(shelf)
    warm(client, urls["book"], urls["thread"], urls["series"])
    moderation.member_remove_content(member=shelf["ada"], moderator=moderator)
    assert "Calm and deep." not in view(client, urls["book"])
    assert "Post hidden by moderators." in view(client, urls["thread"])
    assert "4 ratings" in view(client, urls["series"])


def test_moderators_from_the_admin_queue(client, shelf, moderator, make_member):
    urls = pages(shelf)
    review = Review.objects.get(reviewer=shelf["ada"])
    signed_in(make_member("eve")).post(
        reverse("moderation:report", args=["review", review.pk]), {"reason": "spam", "note": ""}
    )
    warm(client, urls["book"])
    from moderation.models import Case

    staff = signed_in(moderator)
    response = staff.post(
        reverse("admin:moderation_case_changelist"),
        {"action": "hide", "_selected_action": [Case.objects.get().pk], "apply": "1"},
    )
    assert response.status_code == 302
    assert "Calm and deep." not in view(client, urls["book"])


@pytest.fixture
def admin_client(make_member):
    return signed_in(User.objects.create_superuser("boss", "boss@example.com", "a long passphrase"))


def test_admin_edits_of_books_authors_series_and_histograms(client, shelf, admin_client):
    urls = pages(shelf)
    book = shelf["book"]
    warm(client, urls["book"], urls["thread"], urls["series"], urls["author"])
    data = {
        "title": "The Farthest Shore",
        "slug": book.slug,
        "authors": [shelf["author"].pk],
        "series": shelf["series"].pk,
        "series_position": "1",
        "description": "",
        "format": "",
        "first_published_precision": "day",
        "source_currently_reading_count": "0",
        "source_want_to_read_count": "0",
        # The editions inline, left as it is.
        "editions-TOTAL_FORMS": "0",
        "editions-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:books_book_change", args=[book.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    for name in ("book", "thread", "series", "author"):
        assert "The Farthest Shore" in view(client, urls[name]), name
    warm(client, urls["book"], urls["series"])
    shelf["author"].name = "Ursula K. Vance"
    shelf["author"].save()
    assert "Ursula K. Vance" in view(client, urls["book"])
    assert "Ursula K. Vance" in view(client, urls["series"])
    warm(client, urls["book"], urls["author"])
    histogram = RatingHistogram.objects.get(book=book)
    histogram.stars_4, histogram.stars_1 = 0, 4
    histogram.save()
    assert "1.60" in view(client, urls["book"])  # the source's four 1s and Ada's 4: 8 / 5
    assert "1.60" in view(client, urls["author"])


def test_a_members_new_name_shows_wherever_they_wrote(client, shelf):
    urls = pages(shelf)
    warm(client, urls["book"], urls["thread"])
    ada = signed_in(shelf["ada"])
    response = ada.post(reverse("accounts:profile_edit"), {"display_name": "Ada Lovelace", "bio": ""})
    assert response.status_code == 302
    assert "Ada Lovelace" in view(client, urls["book"])
    assert "Ada Lovelace" in view(client, urls["thread"])


def test_follows_reach_the_profile(client, shelf, make_member):
    urls = pages(shelf)
    warm(client, urls["profile"])
    signed_in(make_member("fay")).post(reverse("accounts:follow", args=["ada"]))
    assert "<strong>1</strong> follower" in view(client, urls["profile"])


def test_a_moderator_marking_a_spoiler_reaches_the_reviewers_profile(client, shelf, moderator):
    urls = pages(shelf)
    warm(client, urls["profile"])
    moderation.review_mark_spoiler(review=Review.objects.get(reviewer=shelf["ada"]), moderator=moderator)
    profile = view(client, urls["profile"])
    assert "This review contains spoilers." in profile and "Calm and deep." not in profile


def test_a_follow_reaches_the_followers_own_profile_too(client, shelf, make_member):
    fay = make_member("fay")
    urls = pages(shelf)
    warm(client, urls["profile"], fay.get_absolute_url())
    signed_in(fay).post(reverse("accounts:follow", args=["ada"]))
    assert "<strong>1</strong> following" in view(client, fay.get_absolute_url())
    assert "<strong>1</strong> follower<" in view(client, urls["profile"])


def test_a_thread_moved_to_another_book_leaves_the_old_books_pages(client, shelf, moderator):
    urls = pages(shelf)
    other = Book.objects.get(slug="the-other-wind")
    other_board = reverse("discussions:board", args=[other.slug])
    warm(client, urls["book"], urls["board"], other.get_absolute_url(), other_board)
    response = signed_in(moderator).post(
        reverse("moderation:thread", args=[shelf["thread"].pk]), {"action": "move", "book": other.slug}
    )
    assert response.status_code == 302
    assert "The dragons" not in view(client, urls["book"])
    assert "The dragons" not in view(client, urls["board"])
    assert "The dragons" in view(client, other.get_absolute_url())
    assert "The dragons" in view(client, other_board)


def admin_form(response, **changes):
    """The data an admin change form posts back, as it was filled in, with changes."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
        if field.show_hidden_initial:  # fields with a callable default post their initial value too
            data[f"initial-{name}"] = data[name]
    # Split date and time widgets post two fields.
    for name in [name for name in data if name in ("last_login", "date_joined", "suspended_at", "suspended_until")]:
        date, _, time = data.pop(name).partition(" ")
        data[f"{name}_0"], data[f"{name}_1"] = date, time[:8]
    return {**data, **changes}


def test_an_imported_reviewers_figures_edited_in_the_admin_reach_book_pages(client, seed, admin_client):
    book = Book.objects.get(slug="the-betrayal")
    assert "1,006 reviews · 1,185 followers" in warm(client, book.get_absolute_url())
    emma = User.objects.get(username="emma@goodreads")
    url = reverse("admin:accounts_user_change", args=[emma.pk])
    data = admin_form(admin_client.get(url), source_review_count="1007", source_follower_count="1200")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "1,007 reviews · 1,200 followers" in view(client, book.get_absolute_url())


def test_a_moderators_edit_of_a_review_in_the_admin_reaches_readers_and_the_audit_log(client, shelf, moderator):
    from moderation.models import AuditEntry

    urls = pages(shelf)
    review = Review.objects.get(reviewer=shelf["ada"])
    warm(client, urls["book"], urls["profile"])
    staff = signed_in(moderator)
    url = reverse("admin:reviews_review_change", args=[review.pk])
    response = staff.post(url, admin_form(staff.get(url), body="Calm, deep and **wise**."))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "Calm, deep and <strong>wise</strong>." in view(client, urls["book"])
    assert "Calm, deep and wise." in view(client, urls["profile"])
    entry = AuditEntry.objects.get(action="edited")
    assert (entry.moderator, entry.object_id, entry.reason) == (moderator, review.pk, "Changed: body.")


def test_a_post_hidden_from_the_admin_list_keeps_the_threads_figures_right(client, shelf, moderator, make_member):
    from moderation.models import AuditEntry

    urls = pages(shelf)
    reply = discussions.reply_create(thread=shelf["thread"], author=make_member("gus"), body="Spam spam.")
    assert "1 reply" in warm(client, urls["board"]) and "last post by gus" in warm(client, urls["board"])
    response = signed_in(moderator).post(
        reverse("admin:discussions_post_changelist"), {"action": "hide_selected", "_selected_action": [reply.pk]}
    )
    assert response.status_code == 302
    board = view(client, urls["board"])
    assert "0 replies" in board and "last post by ada" in board
    assert "Post hidden by moderators." in view(client, urls["thread"])
    assert AuditEntry.objects.get(action="hid").object_id == reply.pk


def test_loaddata_makes_every_page_stale(client, seed):
    book = Book.objects.get(slug="the-betrayal")
    warm(client, book.get_absolute_url())
    # Django's own update(), which tells the page cache nothing: as if the rows changed behind its back.
    models.QuerySet.update(
        Book.objects.filter(pk=book.pk), title="Changed behind the cache's back", series_position=Decimal(2)
    )
    call_command("loaddata", "fixtures/seed.json", verbosity=0)
    assert "The Betrayal" in view(client, book.get_absolute_url())


def test_a_comment_on_a_review_moved_to_another_book_reaches_the_new_books_page(client, make_member):
    first, second = make_book("First Tide", slug="first-tide"), make_book("Second Tide", slug="second-tide")
    review = reviews.review_save(book=first, reviewer=make_member("ada"), rating=4, body="Moving.", is_spoiler=False)
    bea, cy = make_member("bea"), make_member("cy")
    # Written by review id alone (as an import writes), so the review's book is looked up, not carried.
    ReviewComment.objects.create(review_id=review.pk, author=bea, body="Agreed.")
    review.book = second  # a librarian moves it in the admin
    review.save()
    assert "Agreed." in client.get(second.get_absolute_url()).content.decode()
    ReviewComment.objects.create(review_id=review.pk, author=cy, body="And again.")
    assert "And again." in client.get(second.get_absolute_url()).content.decode()


def test_when_changed_tags_follow_only_the_writes_that_change_what_they_cover():
    """Book declares when_changed={SEARCH: (...)}: added, deleted, related or with those fields changed."""
    from django.core.cache import cache

    from books.models import SEARCH
    from pagecache.cache import _version_key

    def moved(write):
        before = cache.get(_version_key(SEARCH))
        write()
        return cache.get(_version_key(SEARCH)) != before

    make_book("Warm-up")  # the tag has a version from here on
    book = make_book("The Far Shore", pages=200)
    assert moved(lambda: Book.objects.create(title="Another", slug="another"))
    assert not moved(lambda: Book.objects.filter(pk=book.pk).update(rating_count=3, rating_average=4.0))
    book.rating_count = 4
    assert not moved(lambda: book.save(update_fields=["rating_count"]))
    book.pages = 210
    assert not moved(book.save)
    book.description = "Islands."
    assert moved(book.save)
    assert moved(lambda: Book.objects.filter(pk=book.pk).update(description="Dragons."))
    assert moved(lambda: Book.objects.filter(pk=book.pk).update(search_vector=None))
    tenar = make_author("Tenar")
    assert moved(lambda: book.authors.add(tenar))
    assert moved(lambda: Book.objects.bulk_create([Book(title="Bulk", slug="bulk")], invalidates=()))
    assert moved(book.delete)
