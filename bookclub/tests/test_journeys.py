"""What new members stumbled on in the walk-through, each fixed (request tests; the browser tests click
through the same journeys)."""

import logging
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from books.models import Book
from books.tests.factories import make_book, make_series
from discussions import services as discussions
from reviews import services as reviews

pytestmark = pytest.mark.django_db
PASSWORD = "a long and good passphrase"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_member_edits_their_review_from_the_book_page(seed, make_member):
    """The form inside "Your review" is a member's own part of a cached page: its CSRF token is filled
    too (it was an unfilled placeholder, and Save changes answered 403)."""
    ada = make_member("ada")
    book = Book.objects.get(slug="the-betrayal")
    reviews.review_save(book=book, reviewer=ada, rating=4, body="First thoughts.", is_spoiler=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    client.get(book.get_absolute_url())
    html = client.get(book.get_absolute_url()).content.decode()  # from the cache
    mine = html.split('id="your-review"')[1].split("</section>")[0]
    assert "<!--hole:" not in mine
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', mine).group(1)
    response = client.post(
        reverse("reviews:write", args=[book.slug]),
        {"csrfmiddlewaretoken": token, "rating": "5", "body": "Second thoughts."},
    )
    assert response.status_code == 302
    assert "Second thoughts." in client.get(book.get_absolute_url()).content.decode()
    review_page = client.get(ada.reviews.get().get_absolute_url()).content.decode()
    assert f'href="{reverse("reviews:write", args=[book.slug])}">Edit' in review_page  # and from its own page


def test_staff_made_with_createsuperuser_log_in_through_the_site_and_post(seed, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", "--noinput", "--username", "boss", "--email", "boss@example.com", verbosity=0)
    client = Client()
    response = client.post(reverse("account_login"), {"login": "boss", "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session  # no confirmation mail needed
    book = Book.objects.get(slug="the-betrayal")
    assert client.post(reverse("reviews:write", args=[book.slug]), {"rating": "5"}).status_code == 302


def test_a_refused_reply_keeps_what_was_typed(make_member):
    book = make_book("Dune", slug="dune")
    thread, _ = discussions.thread_create(book=book, starter=make_member("ada"), title="Spice", body="Thoughts?")
    client = signed_in(make_member("unconfirmed", verified=False))
    response = client.post(reverse("discussions:reply", args=[thread.pk, thread.slug]), {"body": "My long reply"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Confirm your e-mail address before posting." in html and "My long reply" in html


def test_discussions_are_in_reach_from_every_page_and_near_the_top_of_a_book(seed, make_member):
    book = Book.objects.get(slug="the-betrayal")
    discussions.thread_create(book=book, starter=make_member("ada"), title="Andrei's choice", body="Why?")
    visitor = Client().get(book.get_absolute_url()).content.decode()
    assert f'<a href="{reverse("discussions:index")}">Discussions</a>' in visitor
    assert "Threads you follow" not in visitor
    assert visitor.index('id="discussion-heading"') < visitor.index('id="community-heading"')
    member = signed_in(make_member("bea")).get(book.get_absolute_url()).content.decode()
    assert f'<a href="{reverse("discussions:following")}">Threads you follow</a>' in member
    index = Client().get(reverse("discussions:index")).content.decode()
    assert "Andrei&#x27;s choice" in index and "The Betrayal" in index


def test_long_texts_show_their_start_and_the_rest_behind_more(make_member):
    book = make_book("Dune", slug="dune", description="\n\n".join(["Sand and spice, " * 20] * 6))
    long_review = "\n\n".join(f"Paragraph {n}: " + "the desert is vast. " * 15 for n in range(8))
    reviews.review_save(book=book, reviewer=make_member("ada"), rating=4, body=long_review, is_spoiler=False)
    reviews.review_save(book=book, reviewer=make_member("bea"), rating=3, body="Short.", is_spoiler=False)
    html = Client().get(book.get_absolute_url()).content.decode()
    assert html.count('<details class="more">') == 2  # the description and the long review, not the short one
    review = html.split('id="community-heading"')[1].split("Paragraph 0")[1]
    assert review.index('<details class="more">') < review.index("Paragraph 7")  # the end behind "…more"


def test_words_a_member_reads(seed, make_member, client):
    login = client.get(reverse("account_login")).content.decode()
    assert "<title>Log in | Bookclub</title>" in login and re.search(r">\s*Log in\s*</button>", login)
    assert "Sign In" not in login and "Remember me" in login
    signup = client.get(reverse("account_signup")).content.decode()
    assert "<title>Sign up | Bookclub</title>" in signup and re.search(r">\s*Sign up\s*</button>", signup)
    home = client.get(reverse("home")).content.decode()
    assert "<h1>Bookclub</h1>" not in home
    client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    ada = make_member("ada")
    client.post(reverse("account_reset_password"), {"email": ada.email})
    assert mail.outbox and "Hello from Bookclub!" in mail.outbox[-1].body and "127.0.0.1" not in mail.outbox[-1].body


def test_small_slips_on_member_pages(seed, make_member):
    ada = make_member("ada", bio="I read **history**.")
    book = Book.objects.get(slug="the-betrayal")
    reviews.review_save(book=book, reviewer=ada, rating=4, body="", is_spoiler=False)
    ada_client = signed_in(ada)
    page = ada_client.get(book.get_absolute_url()).content.decode()
    assert re.search(r"You rated it <span[^>]*>.*?</span>\.", page, re.S)  # no " , and"
    profile = Client().get(ada.get_absolute_url()).content.decode()
    assert "I read <strong>history</strong>." in profile
    thread, first = discussions.thread_create(book=book, starter=ada, title="Andrei", body="Opening words")
    edit = ada_client.get(reverse("discussions:post_edit", args=[first.pk])).content.decode()
    assert "Your post" in edit and "Your reply" not in edit
    reply = ada_client.post(reverse("discussions:reply", args=[thread.pk, thread.slug]), {"body": "More"}, follow=True)
    assert "Your reply is posted." in reply.content.decode()
    assert re.search(r'<time datetime="[^"]+" data-local>[^<]+ UTC</time>', reply.content.decode())
    emma = Client().get(reverse("profile", args=["emma@goodreads"])).content.decode()
    assert emma.count('class="avatar') == 1 and emma.count(">Emma<") == 1


def test_the_series_page_says_which_books_are_missing():
    series = make_series("Saltmarsh")
    make_book("Second", series=series, position=2)
    make_book("Fourth", series=series, position=4)
    html = Client().get(series.get_absolute_url()).content.decode()
    assert "Books #1 and #3 of the series are not in the catalogue yet." in html


def test_favicon_and_refusals_in_the_log(client, make_member, caplog):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")
    client.force_login(make_member("bob"))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.post(reverse("moderation:thread", args=[1]), {"action": "lock"})
    refusals = [record for record in caplog.records if record.name == "django.request"]
    assert refusals and all(record.exc_info is None and record.exc_text is None for record in refusals)


def test_an_unknown_address_shows_the_sites_404_page_in_development_too(client, settings):
    from django.http import Http404
    from django.test import RequestFactory
    from django.views.debug import technical_404_response

    from bookclub.middleware import SiteNotFoundPageInDevelopment

    request = RequestFactory().get("/no/such/page/")
    request.user = User()
    page = SiteNotFoundPageInDevelopment(lambda request: technical_404_response(request, Http404("nothing")))
    response = page(request)
    html = response.content.decode()
    assert response.status_code == 404 and "<h1>Page not found</h1>" in html and "/no/such/page/" in html
    assert "URLconf" not in html
