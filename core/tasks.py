"""Running work later, on django-tasks (Django 6's django.tasks, backported: moving to Django 6 is an
import change). Which backend runs what is set in settings.TASKS."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task_backends

logger = logging.getLogger(__name__)

# After a failure, try again after these many seconds; then give up (the error is in the task's result).
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60)


def backend_for_later():
    """The default backend when it can hold a task until its time (the database's, in production);
    else the "scheduled" one (development and tests run everything else inline)."""
    return "default" if task_backends["default"].supports_defer else "scheduled"


def enqueue_at(task, when, *args, **kwargs):
    """Enqueue task to run no earlier than when (at once when that has passed)."""
    when = max(when, timezone.now())
    return task.using(backend=backend_for_later(), run_after=when).enqueue(*args, **kwargs)


def retry_or_raise(task, attempt, error, *args, **kwargs):
    """Called by a task that failed on its attempt-th try (from 1): enqueue it again after a pause, or,
    after the last, raise the error so that the task's result records it."""
    if attempt > len(RETRY_DELAYS):
        raise error
    delay = timedelta(seconds=RETRY_DELAYS[attempt - 1])
    logger.warning("%s failed (attempt %s, retrying in %s): %s", task.name, attempt, delay, error)
    enqueue_at(task, timezone.now() + delay, *args, attempt=attempt + 1, **kwargs)
