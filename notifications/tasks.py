"""Mail sent in the background (django-tasks): never inside a request, retried after a failure, and
never twice (notifications.mail.deliver_once)."""

from django_tasks import task

from core.tasks import retry_or_raise

from . import mail, services

# What a failure to send looks like: the mail server refused or could not be reached.
SEND_ERRORS = (OSError,)


@task()
def dispatch_mail(notification_ids):
    services.mail_dispatch(notification_ids=notification_ids)


@task()
def send_notification_mail(notification_id, attempt=1):
    try:
        mail.send_notification(notification_id)
    except SEND_ERRORS as error:
        retry_or_raise(send_notification_mail, attempt, error, notification_id)


@task()
def send_digest(user_id, frequency, attempt=1):
    try:
        mail.send_digest(user_id, frequency)
    except SEND_ERRORS as error:
        retry_or_raise(send_digest, attempt, error, user_id, frequency)
