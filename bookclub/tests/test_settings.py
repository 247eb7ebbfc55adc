"""Settings come from the environment; run in fresh interpreters so each sees its own environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), 'host': db.get('HOST', ''), "
    "'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS, 'storage': settings.STORAGES['staticfiles']}))"
)


def run_settings(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="bookclub.settings")
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_development_defaults_use_sqlite_in_the_project():
    run = run_settings()
    assert run.returncode == 0, run.stderr
    values = json.loads(run.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(ROOT / "db.sqlite3")
    assert values["debug"] is True
    assert values["storage"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_database_url_switches_to_postgresql():
    run = run_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/bookclub")
    values = json.loads(run.stdout)
    assert (values["engine"], values["name"], values["host"]) == (
        "django.db.backends.postgresql",
        "bookclub",
        "127.0.0.1",
    )


def test_secret_key_is_required_when_debug_is_off():
    run = run_settings(DEBUG="0")
    assert run.returncode != 0
    assert "SECRET_KEY must be set in the environment when DEBUG is off" in run.stderr


def test_production_settings_from_the_environment():
    run = run_settings(DEBUG="false", SECRET_KEY="s" * 50, ALLOWED_HOSTS="bookclub.example, www.bookclub.example")
    assert run.returncode == 0, run.stderr
    values = json.loads(run.stdout)
    assert values["debug"] is False
    assert values["hosts"] == ["bookclub.example", "www.bookclub.example"]


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "an-unguessable-production-key-of-more-than-fifty-characters-7f3c9a1e",
    "ALLOWED_HOSTS": "bookclub.example",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SECURE_PROXY_SSL_HEADER": "1",
}


def manage(*args, **env):
    # Nothing of the test run's own environment (the browser tests allow async-unsafe calls).
    unwanted = {"DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in unwanted}
    environment.update(env, DJANGO_SETTINGS_MODULE="bookclub.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_the_deployment_check_passes_with_no_warning_behind_https():
    run = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues (0 silenced)" in run.stdout


def test_the_deployment_check_names_what_is_missing():
    run = manage("check", "--deploy", **{**PRODUCTION, "SECURE_HSTS_SECONDS": "0", "SECURE_SSL_REDIRECT": "0"})
    said = run.stdout + run.stderr
    assert "security.W004" in said and "security.W008" in said


def test_the_proxy_header_is_trusted_only_when_said():
    show = "import django; from django.conf import settings; django.setup(); print(settings.SECURE_PROXY_SSL_HEADER)"

    def header(**env):
        environment = {k: v for k, v in os.environ.items() if k not in {"SECURE_PROXY_SSL_HEADER"}}
        environment.update(env, DJANGO_SETTINGS_MODULE="bookclub.settings")
        return subprocess.run(
            [sys.executable, "-c", show], cwd=ROOT, env=environment, capture_output=True, text=True
        ).stdout.strip()

    assert header() == "None"
    assert header(SECURE_PROXY_SSL_HEADER="1") == "('HTTP_X_FORWARDED_PROTO', 'https')"
