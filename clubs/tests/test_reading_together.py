"""Reading at each one's pace: threads that open with a reader's progress, posts folded until they
are that far, progress on shelves and the club page; and constant SQL at two sizes."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from books.tests.factories import make_book
from clubs import services
from clubs.models import Club, Membership, Visibility
from discussions import services as discussions
from shelves.models import ProgressUpdate, Shelf, ShelfEntry
from shelves.services import progress_record, shelf_set

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def club_reading(make_member):
    owner, reader, ahead = make_member("host"), make_member("slow"), make_member("fast")
    book = make_book("The Betrayal", pages=400)
    club = services.club_create(owner=owner, name="Slow and fast", visibility=Visibility.PRIVATE)
    for person in (reader, ahead):
        services.invitation_accept(invitation=services.invitation_create(club=club, by=owner), user=person)
    pick = services.pick_set(club=club, by=owner, book=book, starts_on=TODAY, ends_on=TODAY + timedelta(days=30))
    milestones = services.schedule_save(
        pick=pick,
        by=owner,
        version=0,
        milestones=[
            {"label": "Week 1", "chapter": 9, "page": 120, "due_on": TODAY + timedelta(days=7)},
            {"label": "Week 2", "chapter": 20, "page": 250, "due_on": TODAY + timedelta(days=14)},
            {"label": "Week 3", "chapter": 30, "page": 400, "due_on": TODAY + timedelta(days=21)},
        ],
    )
    return club, book, milestones, reader, ahead


def test_a_milestone_thread_opens_when_the_reader_passes_the_milestone_before(client, club_reading):
    _club, book, milestones, reader, ahead = club_reading
    second = milestones[1].thread
    discussions.reply_create(thread=second, author=ahead, body="The twist in chapter 15!")
    client.force_login(reader)
    assert client.get(milestones[0].thread.get_absolute_url()).status_code == 200
    locked = client.get(second.get_absolute_url())
    assert locked.status_code == 403
    page = locked.content.decode()
    assert "Unlocks when you reach chapter 9" in page and "twist" not in page
    assert f'<a href="/clubs/{_club.slug}/discussions/">← Discussions of Slow and fast</a>' in page
    assert 'name="page"' in page  # the form to record their progress, right there
    progress_record(user=reader, book=book, page=120)
    # page 120 is where week 1 ends, chapter 9 or not
    opened = client.get(second.get_absolute_url(), follow=True)
    assert opened.status_code == 200 and "twist" in opened.content.decode()


def test_a_marked_post_is_folded_until_the_reader_is_past_its_mark(client, club_reading):
    _club, book, milestones, reader, ahead = club_reading
    thread = milestones[0].thread
    discussions.reply_create(
        thread=thread, author=ahead, body="So he was the traitor", spoils_to=services.Point(chapter=20)
    )
    address = f"{thread.get_absolute_url()}?page=1"
    client.force_login(reader)
    page = client.get(address).content.decode()
    assert '<details class="spoiler-marked"><summary>Spoilers up to chapter 20</summary>' in page
    progress_record(user=reader, book=book, chapter=21)
    page = client.get(address).content.decode()
    assert '<details class="spoiler-marked" open><summary>Spoilers up to chapter 20</summary>' in page
    client.force_login(ahead)  # no progress recorded: folded
    assert '<details class="spoiler-marked"><summary>' in client.get(address).content.decode()


def test_a_marker_works_on_a_books_public_board_too(client, make_member):
    book = make_book("Open board", pages=100)
    writer, reader = make_member("writer"), make_member("reader")
    thread, _ = discussions.thread_create(book=book, starter=writer, title="Ending", body="Talk")
    discussions.reply_create(thread=thread, author=writer, body="It ends well", spoils_to=services.Point(page=90))
    address = f"{thread.get_absolute_url()}?page=1"
    assert '<details class="spoiler-marked"><summary>Spoilers up to page 90' in client.get(address).content.decode()
    client.force_login(reader)
    progress_record(user=reader, book=book, page=95)
    assert '<details class="spoiler-marked" open>' in client.get(address).content.decode()


def test_progress_is_kept_as_history_and_bad_figures_lose_nothing(client, make_member):
    book = make_book("Counted", pages=300)
    reader = make_member("counter")
    client.force_login(reader)
    address = reverse("shelves:progress", args=[book.slug])
    refused = client.post(address, {"page": "500", "pages": "300"})
    assert refused.status_code == 400
    assert "past the last page (300)" in refused.content.decode() and 'value="500"' in refused.content.decode()
    assert not ProgressUpdate.objects.exists()
    client.post(address, {"page": "50", "pages": "300"})
    client.post(address, {"chapter": "4", "page": "80", "pages": "300"})
    entry = ShelfEntry.objects.get(user=reader, book=book)
    assert entry.shelf == Shelf.CURRENTLY_READING and entry.progress.page == 80 and entry.progress.percent == 26
    assert ProgressUpdate.objects.filter(user=reader).count() == 2
    shelf_set(user=reader, book=book, shelf=Shelf.READ)
    assert ShelfEntry.objects.get(pk=entry.pk).progress.finished
    history = client.get(address).content.decode()
    assert "page 50 of 300" in history and "finished" in history


def test_the_club_page_shows_progress_unless_a_member_hides_it(client, club_reading):
    club, book, _milestones, reader, ahead = club_reading
    client.force_login(ahead)
    page = client.get(club.get_absolute_url()).content.decode()
    assert "No reader's progress to show yet" in page and "0 of 0" not in page
    progress_record(user=ahead, book=book, page=260)
    progress_record(user=reader, book=book, page=30)
    page = client.get(club.get_absolute_url()).content.decode()
    assert "page 260 of 400" in page and "page 30 of 400" in page
    assert "1 of 2 readers past it" in page  # week 2 ends at page 250: one of two is past it
    services.membership_settings(club=club, user=reader, hide_progress=True)
    page = client.get(club.get_absolute_url()).content.decode()
    assert "page 30 of 400" not in page and "page 260 of 400" in page


def test_where_readers_are_is_kept_apart_from_the_clubs_talk(client, club_reading, make_member, assert_page_queries):
    """A reply makes the club page again without counting its readers; progress, a member hiding it
    and a new member each show at once."""
    club, book, milestones, reader, ahead = club_reading
    progress_record(user=ahead, book=book, page=260)
    client.force_login(reader)
    assert "page 260 of 400" in client.get(club.get_absolute_url()).content.decode()
    discussions.reply_create(thread=milestones[0].thread, author=ahead, body="Chapter 3 was quiet.")
    # The club, picks, milestones, members, threads, meetings, the round: not the readers' two queries
    # (the member's own rows are in the cache already).
    with assert_page_queries(7) as captured:
        page = client.get(club.get_absolute_url())
    assert page["X-Cache"] == "miss" and "shelves_shelfentry" not in " ".join(q["sql"] for q in captured)
    assert "page 260 of 400" in page.content.decode() and "1 of 1 reader past it" in page.content.decode()
    progress_record(user=reader, book=book, page=130)
    page = client.get(club.get_absolute_url()).content.decode()
    assert "page 130 of 400" in page and "2 of 2 readers past it" in page  # week 1 ends at page 120
    services.membership_settings(club=club, user=ahead, hide_progress=True)
    assert "page 260 of 400" not in client.get(club.get_absolute_url()).content.decode()
    newcomer = make_member("newcomer")
    progress_record(user=newcomer, book=book, page=300)
    owner = Membership.objects.get(club=club, role="owner").user
    services.invitation_accept(invitation=services.invitation_create(club=club, by=owner), user=newcomer)
    assert "page 300 of 400" in client.get(club.get_absolute_url()).content.decode()


def _grow(club, book, members):
    have = Membership.objects.filter(club=club).count()
    users = User.objects.bulk_create(
        [User(username=f"grown{club.pk}-{n}", email=f"g{club.pk}-{n}@example.com") for n in range(have, members)]
    )
    Membership.objects.bulk_create([Membership(club=club, user=user) for user in users])
    ShelfEntry.objects.bulk_create(
        [
            ShelfEntry(
                user=user,
                book=book,
                shelf=Shelf.CURRENTLY_READING,
                progress_page=n % 400,
                progress_pages=400,
                progress_mark=f"{n % 400}/400//",
            )
            for n, user in enumerate(users)
        ]
    )
    Club.objects.filter(pk=club.pk).update(member_count=members)


def _club_page_queries(client, club, assert_page_queries):
    cache.clear()  # from cold, so that both sizes are measured alike
    with assert_page_queries(CLUB_PAGE_QUERIES) as captured:
        response = client.get(club.get_absolute_url())
    assert response.status_code == 200 and response["X-Cache"] == "miss"
    return len(captured)


# The member; the club's row (read by the gate, which the page reuses); the picks (current and history),
# milestones, readers counted by where they are, the latest readers, members, threads, the next
# meetings, the latest round; the member's own rows (clubs, progress, visits, reports, unread
# notifications). The same at any size.
CLUB_PAGE_QUERIES = 15


def test_the_club_page_runs_the_same_sql_at_5_and_500_members(client, club_reading, assert_page_queries):
    club, book, _milestones, reader, _ahead = club_reading
    client.force_login(reader)
    _grow(club, book, 5)
    _club_page_queries(client, club, assert_page_queries)
    _grow(club, book, 500)
    _club_page_queries(client, club, assert_page_queries)
    page = client.get(club.get_absolute_url()).content.decode()
    assert "500 members" in page and "The 50 latest of 497 readers" in page


@pytest.mark.parametrize("clubs", [10, 1000])
def test_the_directory_runs_the_same_sql_at_10_and_1000_clubs(client, make_member, clubs, assert_page_queries):
    owner = make_member("founder")
    book = make_book("Popular")
    Club.objects.bulk_create(
        [Club(name=f"Club {n}", slug=f"club-{n}", current_book=book, member_count=n) for n in range(clubs)]
    )
    with assert_page_queries(2):
        assert client.get(reverse("clubs:directory") + "?sort=size").status_code == 200
    assert owner


def test_a_reader_updates_progress_from_their_shelf(client, make_member):
    book = make_book("On the shelf", pages=200)
    reader = make_member("shelver")
    progress_record(user=reader, book=book, page=40)
    shelf = reverse("shelves:shelves", args=[reader.username]) + "?shelf=currently_reading"
    client.force_login(reader)
    page = client.get(shelf).content.decode()
    assert "At page 40 of 200" in page and reverse("shelves:progress", args=[book.slug]) in page
    client.force_login(make_member("someone"))
    page = client.get(shelf).content.decode()
    assert "At page 40 of 200" in page and reverse("shelves:progress", args=[book.slug]) not in page


def test_the_profile_shows_what_a_member_is_reading_and_where(client, make_member):
    reader = make_member("profiled")
    progress_record(user=reader, book=make_book("Halfway", pages=300), page=150)
    page = client.get(reader.get_absolute_url()).content.decode()
    assert "Reading now" in page and "Halfway" in page and "at page 150 of 300" in page


def test_a_milestone_thread_runs_the_same_sql_at_20_and_2000_posts(client, club_reading, assert_page_queries):
    from discussions.models import Post, Thread

    _club, _book, milestones, reader, ahead = club_reading
    thread = milestones[0].thread
    client.force_login(reader)
    counts = []
    for posts in (20, 2000):
        have = Post.objects.filter(thread=thread).count()
        Post.objects.bulk_create(
            Post(thread=thread, number=n, author=ahead, body="p", body_html=f"<p>post {n}</p>", spoils_to_chapter=n % 9)
            for n in range(have + 1, posts + 1)
        )
        Thread.objects.filter(pk=thread.pk).update(post_count=posts)
        for page in (1, posts // 20):
            client.get(thread.get_absolute_url(), {"page": page})  # records how far they read: a write
            cache.clear()  # then from cold, the same for every size
            with assert_page_queries(30, at_most=True) as captured:
                response = client.get(thread.get_absolute_url(), {"page": page})
            assert response.status_code == 200 and response.content.decode().count('<article class="post') == 20
            counts.append(len([q for q in captured if '"django_session"' not in q["sql"]]))
    assert len(set(counts)) == 1, counts


def test_an_organiser_sets_a_schedule_of_several_milestones_in_one_go(client, make_member):
    owner = make_member("host")
    book = make_book("The Siege", pages=300)
    club = services.club_create(owner=owner, name="Winter readers")
    services.pick_set(club=club, by=owner, book=book, starts_on=TODAY, ends_on=TODAY + timedelta(days=30))
    client.force_login(owner)
    address = reverse("clubs:schedule", args=[club.slug])
    page = client.get(address).content.decode()
    assert page.count('<fieldset class="milestone-fields">') == 4  # a new schedule: four empty rows
    rows = {"milestone-TOTAL_FORMS": "4", "milestone-INITIAL_FORMS": "0", "version": "0"}
    for number in range(3):
        rows |= {
            f"milestone-{number}-label": f"Week {number + 1}",
            f"milestone-{number}-chapter": str(10 * (number + 1)),
            f"milestone-{number}-due_on": (TODAY + timedelta(days=7 * (number + 1))).isoformat(),
        }
    bad = client.post(address, rows | {"milestone-1-due_on": "not a date"})
    assert bad.status_code == 400 and 'value="Week 3"' in bad.content.decode()  # nothing typed is lost
    # Chapters the club's edition cannot place yet: asked once where they end (nothing saved yet).
    asked = client.post(address, rows | {"more": "1"})
    assert asked.status_code == 200 and "Where do these chapters end?" in asked.content.decode()
    assert not club.picks.get(is_current=True).milestones.exists()
    saved = client.post(address, rows | {"more": "1", "asked": "1"})
    assert saved.status_code == 302 and saved["Location"] == address  # back for more rows
    assert [m.label for m in club.picks.get(is_current=True).milestones.all()] == ["Week 1", "Week 2", "Week 3"]
    assert client.get(address).content.decode().count('<fieldset class="milestone-fields">') == 5  # 3 and 2 empty
    assert client.post(address, rows | {"version": "1"})["Location"] == club.get_absolute_url()
