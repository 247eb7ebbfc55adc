"""Organisers moderate their own club's threads (hide, restore, pin, lock), in the audit log; nobody
else's, and never a book's public board."""

import pytest
from django.urls import reverse

from discussions import services as discussions
from discussions.models import Post, Thread
from moderation.models import AuditEntry

pytestmark = pytest.mark.django_db


def _hide(client, post, action="hide"):
    return client.post(reverse("moderation:visibility", args=["post", post.pk]), {"action": action})


def test_an_organiser_hides_and_restores_a_post_in_their_club_and_it_is_audited(client, world):
    thread, _post = world.threads["private"]
    reply = discussions.reply_create(thread=thread, author=world.member, body="Off-topic spam")
    client.force_login(world.organiser)
    page = client.get(f"{thread.get_absolute_url()}?page=1").content.decode()
    assert "this post (moderators)" in page  # the Hide button is theirs here
    assert _hide(client, reply).status_code == 302
    assert Post.objects.get(pk=reply.pk).is_hidden
    entry = AuditEntry.objects.get(action="hid")
    assert entry.moderator == world.organiser and entry.object_id == reply.pk
    # They still read it, with the button to restore it; members see the stub.
    page = client.get(f"{thread.get_absolute_url()}?page=1").content.decode()
    assert "Off-topic spam" in page and "You see this as a moderator" in page
    client.force_login(world.outsider)
    assert client.get(f"{thread.get_absolute_url()}?page=1").status_code == 404
    client.force_login(world.organiser)
    _hide(client, reply, "restore")
    assert not Post.objects.get(pk=reply.pk).is_hidden


@pytest.mark.parametrize("who", ["member", "outsider", "requester"])
def test_members_and_outsiders_cannot_hide_a_clubs_posts(client, world, who):
    _, post = world.threads["public"]
    client.force_login(getattr(world, who))
    assert _hide(client, post).status_code == 403
    page = client.get(f"{post.thread.get_absolute_url()}?page=1").content.decode()
    assert "this post (moderators)" not in page
    assert not Post.objects.get(pk=post.pk).is_hidden and not AuditEntry.objects.filter(action="hid").exists()


def test_an_organiser_moderates_nothing_outside_their_club(client, world, make_member):
    board_thread, board_post = discussions.thread_create(
        book=world.book, starter=world.member, title="Public talk", body="On the board"
    )
    client.force_login(world.organiser)
    assert _hide(client, board_post).status_code == 403
    lock = client.post(reverse("moderation:thread", args=[board_thread.pk]), {"action": "lock"})
    assert lock.status_code == 403 and not Thread.objects.get(pk=board_thread.pk).is_locked


def test_an_organiser_locks_and_pins_a_club_thread_but_cannot_move_it(client, world):
    thread, _ = world.threads["closed"]
    client.force_login(world.organiser)
    client.post(reverse("moderation:thread", args=[thread.pk]), {"action": "lock"})
    client.post(reverse("moderation:thread", args=[thread.pk]), {"action": "pin"})
    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned
    assert set(AuditEntry.objects.filter(moderator=world.organiser).values_list("action", flat=True)) == {
        "locked thread",
        "pinned thread",
    }
    moved = client.post(reverse("moderation:thread", args=[thread.pk]), {"action": "move", "book": world.book.slug})
    assert moved.status_code == 403


def test_members_report_a_club_or_its_posts_and_outsiders_cannot_reach_them(client, world):
    from moderation.models import Case

    club = world.clubs["private"]
    _, post = world.threads["private"]
    client.force_login(world.outsider)
    assert client.get(reverse("moderation:report", args=["post", post.pk])).status_code == 404
    assert client.get(reverse("moderation:report", args=["club", club.pk])).status_code == 404
    client.force_login(world.organiser)
    assert client.get(reverse("moderation:report", args=["post", post.pk])).status_code == 200
    page = client.get(club.get_absolute_url()).content.decode()
    assert reverse("moderation:report", args=["club", club.pk]) in page
    sent = client.post(reverse("moderation:report", args=["club", club.pk]), {"reason": "spam", "note": "Adverts"})
    assert sent.status_code == 302
    assert Case.objects.get(kind="club").object_id == club.pk


def test_an_organiser_removing_or_banning_a_member_is_in_the_audit_log(client, world):
    club = world.clubs["public"]
    client.force_login(world.organiser)
    address = reverse("clubs:member_action", args=[club.slug, world.member.username])
    client.post(address, {"action": "ban", "reason": "Spoiled the ending on purpose"})
    entry = AuditEntry.objects.get(action="banned from club", object_id=world.member.pk)
    assert entry.moderator == world.organiser and entry.object_id == world.member.pk
    assert entry.reason == "The public readers: Spoiled the ending on purpose"
    client.post(address, {"action": "unban"})
    assert AuditEntry.objects.filter(action="lifted club ban", moderator=world.organiser).exists()
