"""Every admin page, walked as a moderator: each answers as the Moderators group's permissions say, the
privileged ones refuse, and none fails."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.models import User
from books.models import Book
from discussions import services as discussions
from moderation.services import report_create
from reviews import services as reviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(seed, make_member):
    moderator = make_member("mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    ada = make_member("ada")
    book = Book.objects.get(slug="the-betrayal")
    review = reviews.review_save(book=book, reviewer=ada, rating=4, body="Fine.", is_spoiler=False)
    reviews.comment_create(review=review, author=moderator, body="Yes.")
    reviews.like_toggle(review=review, user=moderator)
    discussions.thread_create(book=book, starter=ada, title="Andrei", body="Thoughts?")
    report_create(item=review, reporter=make_member("eve"), reason="spam")
    return moderator


def pages(model):
    """The admin's pages for a model: (kind, URL), with its first row where one exists."""
    app, name = model._meta.app_label, model._meta.model_name
    found = [("changelist", reverse(f"admin:{app}_{name}_changelist")), ("add", reverse(f"admin:{app}_{name}_add"))]
    row = model._default_manager.order_by("pk").first()
    if row is not None:
        for kind in ("change", "history", "delete"):
            found.append((kind, reverse(f"admin:{app}_{name}_{kind}", args=[row.pk])))
    return found


def expected(user, model, kind):
    app, name = model._meta.app_label, model._meta.model_name
    can = {action: user.has_perm(f"{app}.{action}_{name}") for action in ("view", "change", "add", "delete")}
    if kind in ("changelist", "change", "history"):
        return 200 if can["view"] or can["change"] else 403
    return 200 if can[kind] else 403


def test_a_moderator_walking_every_admin_page_gets_what_the_group_grants(moderator):
    client = Client()
    client.force_login(moderator)
    moderator = User.objects.get(pk=moderator.pk)  # permissions read afresh
    answers = {}
    for model in admin.site._registry:
        for kind, url in pages(model):
            answers[url] = (client.get(url, follow=True).status_code, expected(moderator, model, kind))
    wrong = {url: (status, want) for url, (status, want) in answers.items() if status != want}
    assert wrong == {}
    assert len(answers) > 40
    # What the group never grants, whatever the permissions table says.
    boss = User.objects.create_superuser("boss", "boss@example.com", "a long passphrase")
    assert client.get(reverse("admin:auth_user_password_change", args=[boss.pk])).status_code == 403
    assert client.get(reverse("admin:auth_user_password_change", args=[moderator.pk])).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.get(reverse("admin:books_book_add")).status_code == 403
    assert client.post(reverse("admin:accounts_user_change", args=[boss.pk]), {"email": "x@y.z"}).status_code == 403
