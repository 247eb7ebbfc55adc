"""The meetings' background work: reminders the day before, and the next meeting of a repeating one."""

from datetime import datetime

from django_tasks import task

from core.tasks import retry_or_raise
from notifications.mail import absolute, deliver_once, message, wants_mail_about
from notifications.models import Kind
from notifications.services import notify
from notifications.tasks import SEND_ERRORS

from . import services
from .models import Meeting


@task()
def send_reminders(meeting_id, starts_at, attempt=1):
    """Remind those coming (yes or maybe), on the site and by mail, once each. Enqueued for 24 hours
    before starts_at; does nothing if, by then, the meeting was cancelled or moved (a move enqueues
    its own reminder)."""
    meeting = Meeting.objects.select_related("club").filter(pk=meeting_id).first()
    if meeting is None or meeting.is_cancelled or meeting.starts_at != datetime.fromisoformat(starts_at):
        return 0
    sent = 0
    try:
        for user in services.reminder_recipients(meeting):
            key = f"reminder:{meeting.pk}:{starts_at}:{user.pk}"
            text = services.reminder_text(meeting, user)

            def build(user=user, text=text):
                url = meeting.get_absolute_url()
                notify(recipients=[user], kind=Kind.REMINDER, text=text, url=url, club=meeting.club, mail=False)
                if not user.email or not wants_mail_about(user, meeting.club):
                    return None
                lines = [text, meeting.place, meeting.video_url, f"The meeting: {absolute(meeting.get_absolute_url())}"]
                body = "\n\n".join(line for line in lines if line)
                return message(to=user, subject=text, body=body, unsubscribe_club_id=meeting.club_id)

            sent += deliver_once(key, build)
    except SEND_ERRORS as error:
        retry_or_raise(send_reminders, attempt, error, meeting_id, starts_at)
    return sent


@task()
def create_next_meeting(meeting_id):
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is not None:
        services.meeting_repeat(meeting=meeting)
