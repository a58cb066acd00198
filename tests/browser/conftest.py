"""Playwright driving Debian's Chromium against pytest-django's live server.

Never ``playwright install``: the browser is /usr/bin/chromium from apt, installed by
scripts/system-packages (which `make test` runs); without it the browser tests fail.

Every browser test is also an accessibility test: when it ends, each page it opened is audited
(tests/browser/audit.py: axe-core over WCAG 2.1 AA, serious and critical, and dangling ARIA
references) in the state the test left it, then at every address it visited, as the same person
and at the same width. A test that wants a passing state audited too calls ``audit.violations``.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.cases.conftest import counter  # noqa: F401  (an SOP in force with its mapped people, for cases)

from . import audit

# What the pages must show, they must show within 10 s: on a CI machine loaded by other work a round
# trip of the editor (a delete queued behind a save in flight) was seen to take longer than
# Playwright's default of 5 s. Actions already wait up to 15 s (the contexts' default timeout).
expect.set_options(timeout=10_000)

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(os.environ.get("ESOP_SHOTS", "/tmp/esop-browser-shots"))


@pytest.fixture(scope="session")
def chromium(django_db_setup):
    if not os.path.exists(CHROMIUM):  # make test installs it (scripts/system-packages)
        pytest.fail(f"chromium is missing at {CHROMIUM}: run scripts/system-packages")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread while the browser lives; the ORM
    # calls of the tests are still plain synchronous calls, so Django's async guard does not apply.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Addresses not opened again for the audit: they act (sign out, unlock) or are not pages.
NOT_REVISITED = re.compile(r"/keluar/|/masuk/buka/|\.pdf$|/pdf/|/unduh/|/ekspor|^about:|^data:")


class AuditedBrowser:
    """The session's Chromium, handing out contexts that are audited when the test ends."""

    def __init__(self, chromium):
        self._chromium = chromium
        self._visited = {}  # page -> addresses in the order first opened
        self.contexts = []

    def new_context(self, **options):
        context = self._chromium.new_context(**options)
        self.contexts.append(context)
        context.on("page", self._watch)
        return context

    def _watch(self, page):
        visited = self._visited.setdefault(page, [])

        def navigated(frame):
            if frame.parent_frame is None and frame.url not in visited:
                visited.append(frame.url)

        page.on("framenavigated", navigated)

    def audit(self) -> list[str]:
        found = []
        for context in self.contexts:
            for page in list(context.pages):
                if page.is_closed():
                    continue
                width = page.viewport_size["width"] if page.viewport_size else 0
                found += [f"{width}px {page.url} (as the test left it): {v}" for v in audit.violations(page)]
                for url in self._visited.get(page, []):
                    if NOT_REVISITED.search(url):
                        continue
                    try:
                        response = page.goto(url)
                        page.wait_for_load_state("networkidle")
                    except PlaywrightError:  # a download, or an address that no longer answers
                        continue
                    if response is None or "text/html" not in response.headers.get("content-type", ""):
                        continue
                    found += [f"{width}px {page.url}: {v}" for v in audit.violations(page)]
        return found

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def browser(chromium, transactional_db, live_server):
    """Contexts made here are audited for accessibility when the test ends (see the module's text)."""
    audited = AuditedBrowser(chromium)
    yield audited
    try:
        failures = audited.audit()
    finally:
        audited.close()
    assert failures == [], "accessibility (WCAG 2.1 AA):\n" + "\n".join(failures)


@pytest.fixture
def login(flushable_db, live_server, browser):
    def open_as(username: str, password: str = "sandi-uji-123", width: int = 1400):
        context = browser.new_context(viewport={"width": width, "height": 1000}, locale="id-ID")
        context.set_default_timeout(15000)
        page = context.new_page()
        page.goto(f"{live_server.url}/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button:has-text('Masuk')")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return open_as


def shot(page, name: str) -> None:
    """Keep a screenshot of each browser test for people to look at (not an assertion)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
