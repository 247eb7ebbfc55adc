"""Telling members: notify() writes their notifications and sees that mail follows, as each one chose."""

import zoneinfo
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from core.tasks import enqueue_at

from .models import DEFAULT_FREQUENCY, DigestDue, EmailPreference, Frequency, Notification

DIGEST_HOUR = 8  # digests go out at 8 in the morning, in the member's own time zone; weekly ones on Mondays


def frequencies(users, club_id):
    """{user id: how often they want mail about the club of club_id (None: outside clubs)}."""
    chosen = dict(
        EmailPreference.objects.filter(user__in=[user.pk for user in users], club_id=club_id).values_list(
            "user", "frequency"
        )
    )
    return {user.pk: chosen.get(user.pk, DEFAULT_FREQUENCY) for user in users}


@transaction.atomic
def notify(*, recipients, kind, text, url, club=None, actor=None, mail=True):
    """Tell recipients (the actor excepted) that something happened; mail follows per their choice
    (unless mail is False: the caller sends its own). Inactive accounts are passed over."""
    seen, people = set(), []
    for user in recipients:
        if user.pk in seen or (actor is not None and user.pk == actor.pk) or not user.is_active:
            continue
        seen.add(user.pk)
        people.append(user)
    if not people:
        return []
    now = timezone.now()
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            club=club,
            actor=actor,
            text=text[:300],
            url=url,
            created_at=now,
            mailed_at=None if mail else now,
        )
        for user in people
    )
    if mail:
        # Who wants which mail is sorted out by a task (in the worker, in production): a new meeting in
        # a club of 500 costs its request the notifications and one queued task, no more.
        from .tasks import dispatch_mail

        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: dispatch_mail.enqueue(ids))
    return rows


@transaction.atomic
def mail_dispatch(*, notification_ids):
    """Send each notification as its recipient chose: alone at once, in their next digest, or not."""
    from .tasks import send_notification_mail

    rows = list(
        Notification.objects.filter(pk__in=notification_ids, mailed_at__isnull=True).select_related("recipient")
    )
    by_club = {}
    for row in rows:
        by_club.setdefault(row.club_id, []).append(row)
    each, digests, none = [], {}, []
    for club_id, found in by_club.items():
        wanted = frequencies([row.recipient for row in found], club_id)
        for row in found:
            frequency = wanted[row.recipient_id]
            if frequency == Frequency.EACH:
                each.append(row.pk)
            elif frequency == Frequency.NONE:
                none.append(row.pk)
            else:
                digests.setdefault(frequency, {})[row.recipient_id] = row.recipient
    Notification.objects.filter(pk__in=none).update(mailed_at=timezone.now())
    for frequency, users in digests.items():
        digest_schedule(users=list(users.values()), frequency=frequency)
    for pk in each:
        send_notification_mail.enqueue(pk)


def next_digest_at(user, frequency, now=None):
    """The next 8 o'clock (a Monday's, weekly) in the member's time zone, after now."""
    zone = zoneinfo.ZoneInfo(user.time_zone or "UTC")
    local = (now or timezone.now()).astimezone(zone)
    day = local.date()
    candidate = datetime.combine(day, time(DIGEST_HOUR), tzinfo=zone)
    if candidate <= local:
        day += timedelta(days=1)
    if frequency == Frequency.WEEKLY:
        day += timedelta(days=(7 - day.weekday()) % 7)
    return datetime.combine(day, time(DIGEST_HOUR), tzinfo=zone)


def digest_schedule(*, users, frequency):
    """Enqueue each user's next digest of frequency, unless one is due already."""
    from .tasks import send_digest

    due = set(
        DigestDue.objects.filter(user__in=[user.pk for user in users], frequency=frequency).values_list(
            "user", flat=True
        )
    )
    new = [DigestDue(user=user, frequency=frequency, due_at=next_digest_at(user, frequency)) for user in users
           if user.pk not in due]  # fmt: skip
    DigestDue.objects.bulk_create(new)
    for row in new:
        # In this transaction: the digest's task and its row are written together, or neither.
        enqueue_at(send_digest, row.due_at, row.user_id, frequency)


@transaction.atomic
def preference_set(*, user, club, frequency):
    EmailPreference.objects.update_or_create(user=user, club=club, defaults={"frequency": frequency})


@transaction.atomic
def unsubscribe(*, user, club=None, everything=False):
    """No more mail about club, or (everything) about anything: every club they are in, and the rest."""
    if not everything:
        preference_set(user=user, club=club, frequency=Frequency.NONE)
        return
    preference_set(user=user, club=None, frequency=Frequency.NONE)
    for membership in user.club_memberships.all():
        preference_set(user=user, club=membership.club, frequency=Frequency.NONE)


@transaction.atomic
def mark_read(*, user, pks=None):
    """Mark the member's notifications read: those of pks, or all."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def forget_club(*, user, club):
    """A member who left a club that is not public keeps nothing of it among their notifications."""
    if club.visibility != "public":
        Notification.objects.filter(recipient=user, club=club).delete()
