"""Settings for Bookclub, read from the environment in this one place.

Development defaults are safe: DEBUG on, an SQLite file in the project, a throwaway
secret key. With DEBUG off, SECRET_KEY must come from the environment.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Before staticfiles, so runserver serves static files through whitenoise too.
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    # Project apps, lowest layer first: the page cache and core, books and accounts, then reviews and
    # shelves, discussions, moderation; bookclub itself (pages composed of several apps) on top.
    "pagecache",
    "core",
    "accounts",
    "books",
    "catalogue",
    "reviews",
    "shelves",
    "discussions",
    "clubs",
    "notifications",
    "meetings",
    "votes",
    "moderation",
    "moving",
    "importer",
    "demo",
    "bookclub",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "core.middleware.StripControlCharacters",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A 404 under a merged book's (author's, series') address: 301 to the one kept.
    "books.middleware.MergedAddresses",
    # Last: fills each visitor's holes in shared pages before the middleware above finishes the response.
    "pagecache.middleware.HoleFillingMiddleware",
]

ROOT_URLCONF = "bookclub.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Loaded in every template: the site's tags (stars, canonical, ...), the page cache's holes,
            # and humanize's numbers and times.
            "builtins": [
                "core.templatetags.bookclub_tags",
                "pagecache.templatetags.holes",
                "django.contrib.humanize.templatetags.humanize",
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "bookclub.wsgi.application"

# DATABASE_URL switches from the SQLite default to PostgreSQL (postgres://user@host:port/name),
# which Django reaches through psycopg 3.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A kept connection is checked before each request uses it: after the database restarts, the
        # first query of each worker no longer fails.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that accepts connections but never answers must not hold a page for ever: connect
    # within a few seconds, and no statement longer than DATABASE_STATEMENT_TIMEOUT milliseconds.
    database_options = DATABASES["default"].setdefault("OPTIONS", {})
    database_options["connect_timeout"] = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
    # Pages set 30 s (bookclub.wsgi); management commands (migrate, seed_demo, VACUUM) take their time.
    statement_timeout = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "0"))
    if statement_timeout > 0:
        database_options["options"] = f"-c statement_timeout={statement_timeout}"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Covering indexes (INCLUDE) speed up deep pages on PostgreSQL; SQLite keeps the same indexes without
# the included columns, which is all development needs: no warning about it on every command.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"

# Django's and allauth's, reading the signed-in member from the cache (accounts.backends).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# django-allauth: sign up with username, e-mail and password; log in with either; the e-mail must be
# confirmed before the account can be used; one address per account, changed through confirmation.
# The largest Goodreads export a member may upload (moving): about 50,000 books with reviews.
LIBRARY_IMPORT_MAX_BYTES = int(os.environ.get("LIBRARY_IMPORT_MAX_BYTES", 25_000_000))

ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Bookclub] "
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USER_DISPLAY = "accounts.models.user_display"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"  # adds the spam honeypot
ACCOUNT_FORMS = {"login": "accounts.login_form.LoginForm"}
# allauth's rate limits (log-in failures, sign-up, password reset, ...) are on by default; kept so.

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Bookclub <noreply@bookclub.localhost>")
# Where the site is, for the links in mails sent by the task worker (which has no request to ask).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# Background work (mails, digests, reminders) on django-tasks, the backport of Django 6's tasks.
# TASK_BACKEND=database in production: tasks are rows in the database, run by `manage.py db_worker`.
# Otherwise (development, tests) they run inline, in the request that enqueues them; tasks that must
# wait for their time (reminders, digests) then go to "scheduled", which is always the database: run
# `manage.py db_worker --backend scheduled` to send them in development.
_DATABASE_TASKS = {"BACKEND": "django_tasks_db.DatabaseBackend"}
TASKS = {
    "default": _DATABASE_TASKS
    if os.environ.get("TASK_BACKEND") == "database"
    else {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "scheduled": _DATABASE_TASKS,
}

# The cache: Redis when REDIS_URL is set (shared by every worker process), local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Django's RedisCache, keeping its Redis clients and serving misses while Redis is unreachable
    # (pagecache.backends). Short timeouts: a page must not wait long for a cache that is gone.
    CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5_000}}
    }
# Sessions from the cache, backed by the database, when the cache is shared: a signed-in page view
# then costs no session query. (Local memory is per process: a log-out would not reach the others.)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
# Shared pages (book, series, author, thread, board, profile, home, catalogue, search) come from the
# cache for this long at most; writes make them stale at once (pagecache). The limit bounds how old
# "5 minutes ago" can get. On where the cache is shared or in development (one process); 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60" if REDIS_URL or DEBUG else "0"))
# A stale shared page is rendered again by one request at a time; meanwhile others get the previous
# copy if it was made less than this long ago (else they wait for the new one). The writer never does.
PAGE_CACHE_STALE_SECONDS = float(os.environ.get("PAGE_CACHE_STALE_SECONDS", "2"))
# The request that finds a recent stale copy answers with it and has the page rendered again in a
# background thread of its process, so that no reader waits for a render (off in the tests, whose
# rows live in a transaction that another thread cannot see).
PAGE_CACHE_RENDER_BEHIND = os.environ.get("PAGE_CACHE_RENDER_BEHIND", "1") == "1"

# Spam control: how many of each a member may do in any sixty seconds (0: no limit). Posts are reviews,
# comments, threads and replies, and edits of them (accounts.permissions).
POSTING_RATE_LIMIT = int(os.environ.get("POSTING_RATE_LIMIT", "6"))
RATE_LIMITS = {"post": POSTING_RATE_LIMIT, "like": 30, "follow": 20}

# The open catalogue (catalogue.services): how many books and editions a member may add in a day (0: no
# limit; librarians have none), and from how many members on its shelves a book's edits by anyone but a
# librarian wait for a librarian's approval (0: never).
CATALOGUE_ADDITIONS_PER_DAY = int(os.environ.get("CATALOGUE_ADDITIONS_PER_DAY", "20"))
CATALOGUE_APPROVAL_READERS = int(os.environ.get("CATALOGUE_APPROVAL_READERS", "5"))
# The largest cover a member may upload, in bytes; Pillow refuses images over its own pixel limit.
COVER_MAX_BYTES = int(os.environ.get("COVER_MAX_BYTES", str(5 * 1024 * 1024)))

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed files with hashed names; in DEBUG whitenoise serves from the finders.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS, when the environment says the site is served over it (each setting has its Django name).
# `manage.py check --deploy` passes with no warning once these are set in production (README).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Only when a proxy in front terminates TLS and sets this header: otherwise anyone could send it.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): everything from this site, no inline script or style, no
# frames, no plugins. The pages need no nonce: they run no script at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Features no page uses, refused to every frame and script (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_without_tracebacks": {"()": "bookclub.logging.RefusalsWithoutTracebacks"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"filters": ["refusals_without_tracebacks"]}},
}
if DEBUG:
    # In development too, an unknown address shows the site's own 404 page (with a hint for developers).
    MIDDLEWARE.insert(0, "bookclub.middleware.SiteNotFoundPageInDevelopment")
