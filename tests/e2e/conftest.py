"""Browser (end-to-end) tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every page is visited in a real browser and checked with axe-core (all rules, zero violations) and for
sideways scrolling, at a laptop's width and a phone's (the sweeps in test_pages_*.py; pages.py lists them).
The browser is started once per session; every test gets its own fresh context (cookies, storage).
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from .snapshot import load_demo_data

# Playwright's sync API keeps an asyncio event loop running in the main thread while the browser is up;
# Django refuses ORM calls while a loop runs unless this is set.
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
_async_unsafe_preset = ASYNC_UNSAFE in os.environ
os.environ[ASYNC_UNSAFE] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# The two screens every page is checked on: a common laptop and a common phone (held upright).
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# Generous enough for a loaded CI machine, short enough that a missing element fails fast.
TIMEOUT_MS = 10_000

E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


def pytest_collection_finish(session):
    # The variable only has to be set while the browser (and so its event loop) is up: see _Chromium.
    # Outside that window it must not leak, e.g. into `manage.py check --deploy` run as a subprocess by
    # other tests, where Django reports it as a deployment error (async.E001).
    if not _async_unsafe_preset:
        os.environ.pop(ASYNC_UNSAFE, None)


def _browser_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("KOERS_REQUIRE_BROWSER") == "1"


class _Chromium:
    """One Chromium for the session, stopped early once the e2e tests are done (see _stop_chromium)."""

    def __init__(self):
        self.playwright = None
        self.browser = None

    def start(self):
        from playwright.sync_api import sync_playwright

        os.environ[ASYNC_UNSAFE] = "true"
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self.browser

    def stop(self):
        if self.playwright is None:
            return
        try:
            self.browser.close()
        finally:
            self.playwright.stop()
            self.playwright = self.browser = None
            if not _async_unsafe_preset:
                os.environ.pop(ASYNC_UNSAFE, None)


_chromium = _Chromium()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM}; install it with `apt-get install -y chromium`."
        if _browser_required():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    try:
        yield _chromium.start()
    finally:
        _chromium.stop()


@pytest.fixture(scope="package", autouse=True)
def _stop_chromium():
    """Stop the browser when the last e2e test is done, so its event loop does not outlive them.

    Tests that run later in the same session then see no running loop and need no async override.
    """
    yield
    _chromium.stop()


def _new_context(browser, live_server):
    assert browser.is_connected(), "the session's Chromium was already stopped: run the e2e tests together"
    context = browser.new_context(locale="nl-NL", base_url=live_server.url, viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies, Dutch locale) for every test."""
    context = _new_context(browser, live_server)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open another, separate browser (its own context): for flows where two people take turns."""
    contexts = []

    def make():
        contexts.append(_new_context(browser, live_server))
        return contexts[-1].new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def demo(transactional_db):
    """The realistic demo data set: real institutions and themes, fictional people in every role."""
    load_demo_data()


def width_problem(page) -> str | None:
    """Why the page scrolls sideways in its window (the document is wider than the viewport), or None."""
    document, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if document <= window:
        return None
    # Name the innermost elements that stick out, so the message says where to look.
    culprits = page.evaluate(
        """(width) => [...document.body.querySelectorAll('*')]
            .filter((el) => el.getBoundingClientRect().right > width + 1)
            .slice(-3)
            .map((el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
                ? '.' + el.className.trim().split(/\\s+/).join('.') : ''))""",
        window,
    )
    return f"{page.url} is {document}px wide in a {window}px window (sticking out: {', '.join(culprits)})"


def card_problem(page) -> str | None:
    """Where the cells of a table shown as cards (table.table-cards at phone width) run into each other: a cell
    must end above the next one starts, or its text is printed over the next. None where nothing overlaps."""
    overlaps = page.evaluate(
        """() => [...document.querySelectorAll('table.table-cards > tbody > tr')]
          .filter((row) => getComputedStyle(row).display === 'block')  // a card, not a table row (wide screens)
          .flatMap((row) => {
            const cells = [...row.children].filter((cell) => cell.getBoundingClientRect().height > 0);
            return cells.slice(1).flatMap((cell, n) => {
                const above = cells[n];
                const end = Math.max(...[above, ...above.querySelectorAll('*')]
                    .map((part) => part.getBoundingClientRect().bottom));
                return end > cell.getBoundingClientRect().top + 1
                    ? [[above, cell].map((part) => (part.textContent || '').trim().slice(0, 40)).join(' / ')]
                    : [];
            });
        })"""
    )
    return f"{page.url}: card cells overlap at {page.viewport_size}: {overlaps[:3]}" if overlaps else None


def assert_fits(page) -> None:
    """The page does not scroll sideways: its document is no wider than the window."""
    problem = width_problem(page)
    assert problem is None, problem


# What Chromium says when the document axe-core is reading is replaced by the next one mid-run: a click on
# a link returns before its navigation ends, so a check right after it may start on the page being left.
_DOCUMENT_REPLACED = ("Execution context was destroyed", "reading 'documentElement'", "navigat")


def axe_problem(page) -> str | None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error

    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = Axe().run(page)
        except Error as error:
            if attempt == 2 or not any(sign in str(error) for sign in _DOCUMENT_REPLACED):
                raise
            continue
        return f"axe-core on {page.url}:\n{results.generate_report()}" if results.violations_count else None
    raise AssertionError("unreachable")  # pragma: no cover


def assert_accessible(page) -> None:
    """axe-core with its default options (all rules) must find nothing on the page as it is now, and the
    page must not scroll sideways."""
    problem = axe_problem(page)
    assert problem is None, problem
    assert_fits(page)


def sweep(page, live_server, pages) -> None:
    """Open each page (tests/e2e/pages.py) and check it at both widths: the HTTP status, the heading where
    one is given, axe-core, no sideways scrolling and no card cells running into each other. One browser
    page for all, resized between the checks; every problem is collected, so one run names them all."""
    problems: list[str] = []
    viewports = [DESKTOP, PHONE]
    for entry in pages:
        url = entry.url()
        response = page.goto(f"{live_server.url}{url}")
        if response is None or response.status != entry.status:
            problems.append(f"{url} answered {response and response.status}, expected {entry.status}")
            continue
        if entry.heading:
            heading = page.get_by_role("heading", level=1).first.text_content() or ""
            if heading.strip() != entry.heading:
                problems.append(f"{url}: heading {heading.strip()!r}, expected {entry.heading!r}")
        # Check at the current size first, then the other: one resize per page.
        for viewport in viewports:
            page.set_viewport_size(viewport)
            checks = (width_problem(page), axe_problem(page), card_problem(page))
            problems += [problem for problem in checks if problem]
        viewports.reverse()
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def login(page, live_server, email: str, password: str) -> None:
    """Sign in through the real sign-in form."""
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen", exact=True).click()


def sign_in_as(page, live_server, user) -> None:
    """Give the browser a session for ``user`` without the sign-in form (fast; the form has its own test)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def visit(page, live_server, name: str, *args, status: int = 200, **kwargs):
    """Open the page behind a URL name and check the HTTP status of the final response."""
    response = page.goto(f"{live_server.url}{reverse(name, args=args or None, kwargs=kwargs or None)}")
    assert response is not None
    assert response.status == status, f"{page.url} answered {response.status}, expected {status}"
    return response


def submit_form(page, button_name: str, status: int | None = 400):
    """Submit the form in <main> as it is now; check the status (bad input is answered with 400 or 200)."""
    with page.expect_navigation() as nav:
        page.locator("main").get_by_role("button", name=button_name, exact=True).click()
    response = nav.value
    assert response is not None
    if status is not None:
        assert response.status == status, f"{page.url} answered {response.status}, expected {status}"
    return response


def field(scope, label: str):
    """The form control labelled ``label``, with or without the "(verplicht)" marker of required fields."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \(verplicht\))?$"))


@pytest.fixture
def lid(page, live_server, demo):
    """The demo member (lid@koers.example, ROC van Amsterdam), signed in."""
    from koers.accounts.models import User

    member = User.objects.get(email="lid@koers.example")
    sign_in_as(page, live_server, member)
    return member
