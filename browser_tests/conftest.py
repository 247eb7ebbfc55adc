"""Headless Debian Chromium, driven by the playwright package against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def through_the_middleware(application):
    return application


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, serving /static/ through whitenoise as production does.

    Its default handler serves static files from the finders, which know nothing of the
    hashed names that the production storage gives the pages.
    """
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread.static_handler = through_the_middleware
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: make test installs Debian's chromium package (as root)")
    # Playwright's sync API runs an event loop in this thread; the live server's database
    # calls from the test body are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page in a fresh context, under the site's Content-Security-Policy: any violation the browser
    reports (a blocked inline script or style, a resource from elsewhere) fails the test."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()
    assert violations == [], "the Content-Security-Policy was broken"


def axe_violations(page):
    """Run axe-core (from npm, injected into the page) and describe each violation found."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` runs npm ci")
    # Through the DevTools protocol, which the page's CSP does not govern (a <script> tag would break it).
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate("() => {\n" + AXE.read_text() + "\n}")
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in results["violations"]
    ]
