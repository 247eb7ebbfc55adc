"""WSGI entry point (gunicorn, mod_wsgi, ...)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bookclub.settings")
# No page waits more than 30 s on one SQL statement (PostgreSQL): it is answered 503 instead.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "30000")

application = get_wsgi_application()

# What is loaded now (Django, the apps, every view through the URLconf) lives as long as the
# process: moved out of the garbage collector's reach, it is not walked again by each full
# collection, which otherwise held a worker for 70 ms at a time on the benchmark's machine
# (10 ms after this). Python's gc.freeze() is made for it.
get_resolver().url_patterns  # noqa: B018 (imports every view)
gc.freeze()
