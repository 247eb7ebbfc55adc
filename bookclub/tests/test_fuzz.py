"""Every URL and form of the site, fed awkward input (hypothesis, bounded): nothing answers 500.

The URLs are read from the URLconf, so a page or a form added later is fuzzed too.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from books.models import Book
from clubs import services as clubs
from discussions import services as discussions
from reviews import services as reviews

pytestmark = pytest.mark.django_db

# What a person, a robot or a mistyped link might send: control characters, numbers too big for any
# column, numbers written oddly, markup, very long text, nothing at all.
AWKWARD = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "\x00", "a\x00b", "\x0b", "1e9", "-1", "0", "1.5", "99999999999999999999999", "abc", "<script>", "../"]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(alphabet="[]()*_`|<>&#!\\", max_size=2_000),
)
FIELDS = [
    "body", "title", "spoiler_note", "rating", "is_spoiler", "shelf", "next", "quoted", "reason", "note",
    "display_name", "bio", "action", "book", "q", "page", "sort", "quote", "isbn", "authors", "other",
    "duplicate_of", "pages", "audio_length", "time", "series_position", "published", "first_published", "step",
    "confirmed", "edition", "kind", "chapter", "percent",
]  # fmt: skip


def routes(patterns=None, prefix=""):
    """Every route of the site but the admin's, as (route, converters)."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith("admin/"):
                found += routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "^" not in route:  # regular expressions are allauth's keys
            found.append((route, pattern.pattern.converters))
    return found


@pytest.fixture
def site(seed, make_member):
    book = Book.objects.get(slug="the-betrayal")
    ada = make_member("ada")
    review = reviews.review_save(book=book, reviewer=ada, rating=4, body="Fine.", is_spoiler=False)
    thread, post = discussions.thread_create(book=book, starter=ada, title="Andrei", body="Thoughts?")
    club = clubs.club_create(owner=ada, name="Fuzz club", visibility="private")
    invitation = clubs.invitation_create(club=club, by=ada)
    fuzzer = make_member("fuzzer")
    clubs.invitation_accept(invitation=clubs.invitation_create(club=club, by=ada), user=fuzzer)
    clubs.member_set_role(club=club, by=ada, member=fuzzer, role="organiser")
    member = Client()
    member.force_login(fuzzer)
    return {
        "values": {
            "token": [invitation.token],
            "slug": ["the-betrayal", "the-siege", "helen-dunmore", thread.slug, club.slug],
            "username": ["ada", "emma@goodreads", "fuzzer"],
            "pk": [review.pk, thread.pk, post.pk, ada.pk],
            "kind": ["review", "comment", "post", "member", "book", "edition"],
            "history_id": [1, 2],
        },
        "clients": [Client(), member],
    }


def path_for(route, converters, values, data):
    def fill(match):
        real = values[match.group(2)]
        segment = AWKWARD.filter(lambda text: text and not set(text) & set("/?#%"))
        return str(data.draw(st.sampled_from(real) | segment))

    path = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)
    return path.replace("\x00", "%00")


@pytest.mark.parametrize(("route", "converters"), routes(), ids=[route for route, _ in routes()])
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_input_makes_any_page_fail(site, route, converters, data):
    path = path_for(route, converters, site["values"], data)
    client = data.draw(st.sampled_from(site["clients"]))
    fields = {name: data.draw(AWKWARD) for name in data.draw(st.lists(st.sampled_from(FIELDS), max_size=5))}
    method = data.draw(st.sampled_from(["get", "post"]))
    response = getattr(client, method)(path, fields)
    assert response.status_code < 500, (method, path, fields, response.status_code)
