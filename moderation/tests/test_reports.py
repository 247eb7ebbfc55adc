import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from books.tests.factories import make_book
from discussions import services as discussions
from moderation.models import AuditEntry, Case, Report
from reviews import services as reviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(make_member):
    return reviews.review_save(
        book=make_book("Dune", slug="dune"),
        reviewer=make_member("author"),
        rating=1,
        body="Buy cheap pills at example.com",
        is_spoiler=False,
    )


def report(client, kind, pk, **data):
    return client.post(reverse("moderation:report", args=[kind, pk]), {"reason": "spam", **data})


def test_member_reports_a_review_once_and_is_told(client, review, make_member):
    client.force_login(make_member("reporter"))
    assert "Report<span" in client.get("/books/dune/").content.decode()
    form = client.get(reverse("moderation:report", args=["review", review.pk]))
    assert form.status_code == 200 and "Untagged spoiler" in form.content.decode()
    response = report(client, "review", review.pk, note="Obvious spam")
    assert response["Location"] == f"/books/dune/#review-{review.pk}"
    assert "your report was received" in client.get("/books/dune/").content.decode()
    assert "You reported this</span>" in client.get("/books/dune/").content.decode()  # instead of Report
    again = client.get(reverse("moderation:report", args=["review", review.pk])).content.decode()
    assert "You reported this on" in again and "Send report" not in again  # not the whole form again
    report(client, "review", review.pk)  # a stale form sent anyway: still one report
    case = Case.objects.get()
    assert (case.kind, case.report_count, case.item_author, case.status) == ("review", 1, review.reviewer, "open")
    assert case.item_text == "Buy cheap pills at example.com"
    assert Report.objects.get().note == "Obvious spam"


def test_reports_from_several_members_group_into_one_case(client, review, make_member):
    for name in ("a", "b", "c"):
        client.force_login(make_member(name))
        report(client, "review", review.pk, reason="abuse" if name == "c" else "spam")
    case = Case.objects.get()
    assert case.report_count == 3 and case.reports.count() == 3


def test_every_kind_can_be_reported(client, review, make_member):
    member = make_member("someone")
    comment = reviews.comment_create(review=review, author=member, body="Rude words")
    _, post = discussions.thread_create(book=review.book, starter=member, title="T", body="Spam post")
    client.force_login(make_member("reporter"))
    for kind, pk in [("comment", comment.pk), ("post", post.pk), ("member", member.pk)]:
        assert report(client, kind, pk).status_code == 302
    assert sorted(Case.objects.values_list("kind", flat=True)) == ["comment", "member", "post"]


def test_reports_survive_the_item(client, review, make_member):
    client.force_login(make_member("reporter"))
    report(client, "review", review.pk)
    review.delete()
    case = Case.objects.get()
    assert case.item is None and case.item_text == "Buy cheap pills at example.com"
    assert case.reports.count() == 1


def test_bad_reports(client, review, make_member):
    client.force_login(review.reviewer)
    response = report(client, "review", review.pk)
    assert response.status_code == 403 and "You cannot report your own writing." in response.content.decode()
    client.force_login(make_member("reporter"))
    response = report(client, "review", review.pk, reason="", note="Kept note")
    assert response.status_code == 400 and "Choose a reason." in response.content.decode()
    assert "Kept note" in response.content.decode()
    assert report(client, "book", review.book.pk).status_code == 403
    assert report(client, "review", 999999).status_code == 404
    assert not Case.objects.exists()


def test_reporting_needs_log_in_confirmation_and_csrf(client, review, make_member):
    assert report(client, "review", review.pk)["Location"].startswith(reverse("account_login"))
    client.force_login(make_member("unconfirmed", verified=False))
    assert report(client, "review", review.pk).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_member("reporter"))
    assert strict.post(reverse("moderation:report", args=["review", review.pk]), {"reason": "spam"}).status_code == 403
    assert not Case.objects.exists()


@pytest.fixture
def moderator(make_member):
    moderator = make_member("mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return moderator


def test_moderator_sees_the_queue_and_dismisses_with_an_audit_trail(client, review, make_member, moderator):
    client.force_login(make_member("reporter"))
    report(client, "review", review.pk)
    client.force_login(moderator)
    queue = client.get(reverse("admin:moderation_case_changelist"), follow=True)  # open items first
    assert queue.redirect_chain[-1][0].endswith("?status__exact=open")
    html = queue.content.decode()
    assert "Buy cheap pills" in html and f'href="/books/dune/#review-{review.pk}"' in html
    case = Case.objects.get()
    response = client.post(
        reverse("admin:moderation_case_changelist"),
        {"action": "dismiss", "_selected_action": [case.pk], "apply": "1", "reason": "Not spam: a joke"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.resolution, case.resolved_by) == ("resolved", "dismissed", moderator)
    entry = AuditEntry.objects.get()
    assert (entry.moderator, entry.action, entry.object_id) == (moderator, "dismissed reports", case.pk)
    assert entry.reason == "Not spam: a joke"


def test_audit_log_is_read_only_for_everyone(client, moderator, make_member):
    AuditEntry.objects.create(moderator=moderator, action="hid", object_repr="something")
    entry = AuditEntry.objects.get()
    boss = make_member("boss", is_staff=True, is_superuser=True)
    for user in (moderator, boss):
        client.force_login(user)
        assert client.get(reverse("admin:moderation_auditentry_changelist")).status_code == 200
        assert (
            client.post(reverse("admin:moderation_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
            == 403
        )
        response = client.post(
            reverse("admin:moderation_auditentry_changelist"),
            {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
        )
        assert AuditEntry.objects.filter(pk=entry.pk).exists(), response.status_code


def test_what_a_moderator_can_and_cannot_do(client, moderator, make_member):
    member = make_member("member")
    client.force_login(moderator)
    assert client.get(reverse("admin:accounts_user_change", args=[member.pk])).status_code == 200
    assert client.get(reverse("admin:accounts_user_delete", args=[member.pk])).status_code == 403
    assert client.get(reverse("admin:books_book_add")).status_code == 403
    assert client.get(reverse("admin:books_book_changelist")).status_code == 403
    # A moderator cannot promote anyone, themselves included.
    html = client.get(reverse("admin:accounts_user_change", args=[moderator.pk])).content.decode()
    assert 'name="is_superuser"' not in html and 'name="is_staff"' not in html and 'name="groups"' not in html
