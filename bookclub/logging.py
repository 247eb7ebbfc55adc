"""Logging for the site: refusals are expected, and need no traceback."""

import logging


class RefusalsWithoutTracebacks(logging.Filter):
    """django.request logs a 403 or a 404 with the exception's traceback: a member refused (a
    suspension, a missing confirmation) is no error of the site's, and one line says it all."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
