"""The mails: each sent once (Delivery), each with a one-click unsubscribe (RFC 8058)."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import DEFAULT_FREQUENCY, Delivery, DigestDue, EmailPreference, Frequency, Notification

_SALT = "notifications.unsubscribe"
EVERYTHING = 0  # the club id in an unsubscribe link that stops all mail


def absolute(path):
    return settings.SITE_URL + path


def unsubscribe_token(user_id, club_id):
    return signing.dumps([user_id, club_id or EVERYTHING], salt=_SALT, compress=True)


def read_unsubscribe_token(token):
    """(user id, club id or EVERYTHING), or raise signing.BadSignature."""
    user_id, club_id = signing.loads(token, salt=_SALT)
    return int(user_id), int(club_id)


def message(*, to, subject, body, unsubscribe_club_id):
    """A mail to one member, with the link that stops mail like it (a club's, or all of it)."""
    url = absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(to.pk, unsubscribe_club_id)]))
    what = "from this club" if unsubscribe_club_id else "from Bookclub"
    footer = (
        f"\n\n--\nYou get this mail because you are a member of Bookclub.\n"
        f"Choose which mail you get: {absolute(reverse('notifications:settings'))}\n"
        f"Stop mail {what} in one click: {url}\n"
    )
    return EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=body + footer,
        to=[to.email],
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


@transaction.atomic
def deliver_once(key, build):
    """Send the mail build() makes (None: nothing to send) unless key's work was done already.
    The key's row is locked while sending: a second worker waits, then finds it sent. A failure to
    send rolls everything back, so that a retry sends it."""
    Delivery.objects.get_or_create(key=key)
    delivery = Delivery.objects.select_for_update().get(key=key)
    if delivery.sent_at is not None:
        return False
    mail = build()
    if mail is not None:
        mail.send()
    # Done either way: what build() wrote (a notification on the site) must not be written twice.
    Delivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
    return mail is not None


def send_notification(notification_id):
    """The mail of one notification, for members who want each one."""

    def build():
        notification = Notification.objects.select_related("recipient", "club").filter(pk=notification_id).first()
        if notification is None or notification.mailed_at is not None or not notification.recipient.email:
            return None
        if not Notification.objects.seen_by(notification.recipient).filter(pk=notification.pk).exists():
            return None  # they left the private club it is about
        Notification.objects.filter(pk=notification.pk).update(mailed_at=timezone.now())
        return message(
            to=notification.recipient,
            subject=notification.text,
            body=f"{notification.text}\n\n{absolute(notification.url)}",
            unsubscribe_club_id=notification.club_id,
        )

    return deliver_once(f"notification:{notification_id}", build)


def send_digest(user_id, frequency):
    """One mail with every notification not mailed yet whose club the member wants in this digest."""
    due = DigestDue.objects.filter(user_id=user_id, frequency=frequency).select_related("user").first()
    if due is None:
        return False
    key = f"digest:{user_id}:{frequency}:{due.due_at.isoformat()}"
    user = due.user

    def build():
        chosen = dict(EmailPreference.objects.filter(user=user).values_list("club", "frequency"))
        pending = list(
            Notification.objects.seen_by(user)
            .filter(mailed_at__isnull=True)
            .select_related("club")
            .order_by("created_at")
        )
        included = [n for n in pending if chosen.get(n.club_id, DEFAULT_FREQUENCY) == frequency]
        DigestDue.objects.filter(pk=due.pk).delete()
        if not included or not user.email:
            return None
        Notification.objects.filter(pk__in=[n.pk for n in included]).update(mailed_at=timezone.now())
        lines = []
        for notification in included:
            where = f"[{notification.club.name}] " if notification.club else ""
            lines.append(f"- {where}{notification.text}\n  {absolute(notification.url)}")
        word = "week" if frequency == Frequency.WEEKLY else "day"
        body = f"What happened on Bookclub this {word}:\n\n" + "\n".join(lines)
        count = len(included)
        return message(
            to=user,
            subject=f"Your Bookclub digest: {count} new thing{'s' if count != 1 else ''}",
            body=body,
            unsubscribe_club_id=EVERYTHING,
        )

    return deliver_once(key, build)


def wants_mail_about(user, club):
    """Whether user takes any mail about club (reminders go to all but those who chose none)."""
    frequency = EmailPreference.objects.filter(user=user, club=club).values_list("frequency", flat=True).first()
    return (frequency or DEFAULT_FREQUENCY) != Frequency.NONE
