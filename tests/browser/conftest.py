"""Playwright end-to-end tests in Debian chromium against the live server.

No browser is downloaded: Playwright drives /usr/bin/chromium. Outside CI a missing chromium skips
these tests; in CI (env CI=true) it fails them. Every step can save a screenshot with the `shot`
fixture to test-artifacts/ (git ignores it). Mark test modules `pytestmark = [pytest.mark.browser,
pytest.mark.django_db(transaction=True)]`: the live server reads the data from another thread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.authz.world import PASSWORD
from tests.conftest import require_service

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[Any]:
    """Debian chromium, launched once per test module."""
    require_service("Debian chromium at /usr/bin/chromium", CHROMIUM.exists())
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django's ORM refuses to run in a thread
    # with a running loop unless told it is safe (it is: the test thread and the server never share
    # a connection). Scoped to the browser's lifetime only.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def csp_violations() -> list[str]:
    """The Content-Security-Policy violations the browser console reported on the test's pages."""
    return []


@pytest.fixture
def new_page(chromium_browser: Any, live_server: Any, csp_violations: list[str]) -> Iterator[Any]:
    """A factory of pages in fresh browser contexts (Vietnamese browser, 1366x900) on the live server."""
    contexts = []

    def make() -> Any:
        context = chromium_browser.new_context(
            base_url=live_server.url, locale="vi-VN", viewport={"width": 1366, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.csp = CspWatcher(csp_violations)  # page.csp.violations: this page's own
        page.on("console", page.csp)
        return page

    yield make
    for context in contexts:
        context.close()


class CspWatcher:
    """Collects Content-Security-Policy violations from a page's console (also into the test's list)."""

    def __init__(self, shared: list[str]) -> None:
        self.violations: list[str] = []
        self.shared = shared

    def __call__(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.violations.append(message.text)
            self.shared.append(message.text)


@pytest.fixture
def browser_page(new_page: Any) -> Any:
    return new_page()


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as test-artifacts/<name>.png and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page: Any, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form, pass the two-factor step if the user has one, and wait for the
    home page."""
    page.goto("/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    second_step(page, username)
    page.wait_for_url(re.compile(r"/$"))


def second_step(page: Any, username: str) -> None:
    """On the enrolment page: set up an authenticator from the key shown; on the code page: enter the
    code of the user's device, computed here as their app would."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.two_factor import code_from_secret, unused_code

    path = urlsplit(page.url).path
    if path == "/tai-khoan/xac-thuc-hai-buoc/":
        page.fill("#id_code", code_from_secret(page.inner_text("#otp-secret")))
        page.click("button.primary")
        page.click("a.button.primary")  # the backup codes, shown once: "kept them, continue"
    elif path == "/dang-nhap/ma-xac-thuc/":
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.fill("#id_code", unused_code(device))
        page.click("button.primary")


@pytest.fixture(name="shot")
def shot_fixture() -> Any:
    """`shot(page, name)`: save a screenshot of the page to test-artifacts/<name>.png."""
    return shot


@pytest.fixture(name="login")
def login_fixture() -> Any:
    """`login(page, username)`: log in through the form (the world's users share one password)."""
    return login
