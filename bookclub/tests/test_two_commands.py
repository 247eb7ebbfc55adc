"""README promises two commands on a bare machine: `make run` and `make test` set up all they need.

CI (.ci/run) must call them and add only what CI alone needs, so that a set-up step living only in
CI, which would leave `make test` failing on a newcomer's machine, fails here instead.
"""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTALLERS = ("apt-get", "apt ", "pip install", "npm ", "npx ", "playwright install", "python3 -m venv")


def dry_run(target):
    """What make would run for target on a bare machine (-B: as if nothing were installed yet)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}  # as if typed, not nested
    command = ["make", "--no-print-directory", "-n", "-B", target]
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, check=True).stdout


def test_ci_installs_nothing_itself():
    script = (ROOT / ".ci" / "run").read_text()
    found = [installer for installer in INSTALLERS if installer in script]
    assert found == [], f".ci/run installs {found}: make test must do it, for everyone"
    assert "make test" in script


def test_make_test_installs_everything_the_suite_needs():
    commands = dry_run("test")
    assert "pip install" in commands and "-r requirements-dev.txt" in commands
    assert "npm ci" in commands  # axe-core for the browser tests
    assert "apt-get install -y -qq chromium" in commands  # Debian's Chromium, never a downloaded one
    assert commands.rstrip().endswith("-m pytest")


def test_make_run_needs_neither_npm_nor_chromium():
    commands = dry_run("run")
    assert "pip install" in commands and "runserver 127.0.0.1:8000" in commands
    assert "npm" not in commands and "chromium" not in commands
