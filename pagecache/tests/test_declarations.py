"""The page cache's rules, checked over the whole site: every model a shared page reads declares which
pages show it, every such model writes through a TaggedQuerySet, and misuse fails loudly."""

import re
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts import services as accounts
from books.models import Book
from clubs import services as clubs
from discussions import services as discussions
from pagecache.cache import HEADER, shared_page
from pagecache.errors import NestedChoice
from pagecache.tags import TAGGED, TaggedQuerySet
from reviews import services as reviews
from shelves.services import shelf_set

pytestmark = pytest.mark.django_db


def shared_pages(patterns=None, prefix=""):
    """{URL name: view} of every shared page in the URLconf."""
    found = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            found |= shared_pages(pattern.url_patterns, prefix + namespace)
        elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "shared_page"):
            found[prefix + pattern.name] = pattern.callback
    return found


@pytest.fixture
def site(seed, make_member):
    """The seed book with everything a page can show: members' reviews, likes, comments, shelves,
    threads, replies and follows."""
    book = Book.objects.get(slug="the-betrayal")
    ada, bea = make_member("ada"), make_member("bea")
    review = reviews.review_save(book=book, reviewer=ada, rating=5, body="Moving.", is_spoiler=False)
    reviews.like_toggle(review=review, user=bea)
    reviews.comment_create(review=review, author=bea, body="Agreed.")
    shelf_set(user=bea, book=book, shelf="currently_reading")
    thread, _ = discussions.thread_create(book=book, starter=ada, title="Andrei", body="What a doctor.")
    discussions.reply_create(thread=thread, author=bea, body="Yes.")
    accounts.follow(follower=bea, followed=ada)
    club = clubs.club_create(owner=ada, name="Siege readers")
    clubs.club_join(club=club, user=bea)
    pick = clubs.pick_set(club=club, by=ada, book=book, starts_on=date.today(), ends_on=date.today())
    clubs.schedule_save(
        pick=pick, by=ada, version=0, milestones=[{"label": "All", "chapter": 3, "due_on": date.today()}]
    )
    from datetime import timedelta

    from django.utils import timezone

    from books.tests.factories import make_book
    from meetings import services as meetings
    from votes import services as votes

    starts = timezone.now() + timedelta(days=3)
    meeting = meetings.meeting_schedule(
        club=club, by=ada, title="First", starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=1
    )
    meetings.rsvp_answer(meeting=meeting, user=ada, answer="yes")
    meetings.rsvp_answer(meeting=meeting, user=bea, answer="yes")  # waits for a place
    round_ = votes.round_open(club=club, by=ada)
    nomination = votes.nomination_add(round=round_, by=bea, book=make_book("Next one"), pitch="Short")
    votes.voting_open(round=round_, by=ada)
    votes.ballot_cast(round=round_, voter=bea, ranking=[nomination.pk])
    round_ = votes.round_close(round=round_, by=ada)
    return {"book": book, "ada": ada, "thread": thread, "club": club, "meeting": meeting, "round": round_}


def examples(site):
    """An address of every shared page, as the site's own pages link them."""
    book, thread = site["book"], site["thread"]
    return {
        "home": reverse("home"),
        "book": book.get_absolute_url(),
        "profile": site["ada"].get_absolute_url(),
        "books:catalogue": reverse("books:catalogue"),
        "books:editions": reverse("books:editions", args=[book.slug]),
        "books:series_detail": book.series.get_absolute_url(),
        "books:author_detail": book.authors.get().get_absolute_url(),
        "books:search": reverse("books:search") + "?q=betrayal",
        "discussions:board": reverse("discussions:board", args=[book.slug]),
        "discussions:index": reverse("discussions:index"),
        "discussions:thread": thread.get_absolute_url(),  # a member's view first records their reading
        "clubs:directory": reverse("clubs:directory"),
        "clubs:club": site["club"].get_absolute_url(),
        "clubs:board": reverse("clubs:board", args=[site["club"].slug]),
        "meetings:list": reverse("meetings:list", args=[site["club"].slug]),
        "meetings:meeting": site["meeting"].get_absolute_url(),
        "votes:list": reverse("votes:list", args=[site["club"].slug]),
        "votes:round": site["round"].get_absolute_url(),
    }


def tables_read(sql):
    return set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', sql))


def test_every_model_a_shared_page_reads_declares_which_pages_show_it(site, settings):
    """A model a shared page shows, with no page_tags, would leave that page stale after its writes."""
    settings.PAGE_CACHE_SECONDS = 0  # render every page from the database
    pages = examples(site)
    read = set()
    for url in pages.values():
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200, url
        read |= {table for query in queries for table in tables_read(query["sql"])}
    by_table = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    # A many-to-many table: the model whose field it is declares the relation.
    owners = {
        field.remote_field.through: model for model in apps.get_models() for field in model._meta.local_many_to_many
    }
    undeclared = []
    for table in sorted(read):
        model = owners.get(by_table[table], by_table[table])
        if model not in TAGGED or not TAGGED[model].names_pages:
            undeclared.append(model._meta.label)
    assert undeclared == []
    assert {"books.Book", "reviews.Review", "reviews.ReviewComment", "discussions.Post", "accounts.User"} <= {
        by_table[table]._meta.label for table in read
    }


def test_every_shared_page_has_an_example_here(site):
    """A new shared page joins the check above by getting an address in examples()."""
    names = set(shared_pages())
    assert names, "no shared page found"
    assert names <= set(examples(site))


def test_every_declared_model_writes_through_a_tagged_queryset():
    """QuerySet.update() sends no signal: a plain QuerySet would write without making pages stale."""
    plain = [model._meta.label for model in TAGGED if not isinstance(model._default_manager.all(), TaggedQuerySet)]
    assert plain == []


def render(source, context=None):
    return engines["django"].from_string("{% load holes %}" + source).render(context or {})


def test_a_choice_inside_a_choice_raises_instead_of_leaking():
    """Through an include it is easy to do; the inner choice would end the outer one early and hand its
    other options (the staff's buttons) to everybody."""
    nested = (
        '{% choice "staff" %}{% option "staff" %}'
        '{% choice "viewer" %}{% option "member" %}x{% endoption %}{% endchoice %}'
        "<button>Hide</button>{% endoption %}{% endchoice %}"
    )
    with pytest.raises(NestedChoice, match="inside option 'staff'"):
        render(nested)
    assert "<!--hole:" in render(
        '{% choice "staff" %}{% option "staff" %}{% hole "csrf" %}{% endoption %}{% endchoice %}'
    )


def test_a_member_choice_names_a_registered_kind():
    with pytest.raises(ValueError, match="registered kind"):
        render('{% choice "mine" "favourites" 1 %}{% option "yes" %}x{% endoption %}{% endchoice %}')


def test_query_parameters_the_page_does_not_declare_share_its_one_copy(site, settings):
    url = site["book"].get_absolute_url()
    client = Client()
    assert client.get(url)[HEADER] == "miss"
    for noise in ("?utm_source=newsletter", "?fbclid=1&utm_campaign=x", "?ref=home"):
        response = client.get(url + noise)
        assert response[HEADER] == "hit", noise
    assert client.get(url + "?sort=oldest")[HEADER] == "miss"  # a parameter it reads: a page of its own
    page = client.get(url + "?sort=oldest&utm_source=x").content.decode()
    assert "utm_source" not in page  # links the page prints carry none of it


def test_a_view_sees_only_the_parameters_it_declared(site):
    request = RequestFactory().get(site["book"].get_absolute_url(), {"sort": "oldest", "utm_source": "x"})
    request.user = site["ada"]
    seen = {}

    @shared_page(lambda: [], params=("sort",))
    def view(request):
        seen.update(get=dict(request.GET.items()), path=request.get_full_path(), user=request.user)
        return HttpResponse("ok")

    view(request)
    assert seen["get"] == {"sort": "oldest"} and "utm_source" not in seen["path"]
    assert not seen["user"].is_authenticated
