"""Fixtures for the real-browser tests: one JupyterLab and one Voila server per
session, one headless Debian Chromium, a fresh page per test that records console errors.

Every test here is marked ``browser`` (deselect with ``-m "not browser"``) and gets an outer
timeout, because ``page.evaluate`` has none. Without
``/usr/bin/chromium`` the tests are skipped with the reason, except under CI (``CI`` set), where
a missing browser is a failure: CI must not go green without having looked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import mark_folder

from . import harness

BROWSER_DIR = Path(__file__).resolve().parent
TEST_TIMEOUT = 240
"""Seconds any one browser test may take (pytest-timeout), however it hangs."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives Debian's Chromium against JupyterLab/Voila servers the fixtures start (tests/browser)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # "signal": the test fails with an exception, so fixtures still stop the servers ("thread"
    # would os._exit the whole run).
    mark_folder(items, BROWSER_DIR, "browser", TEST_TIMEOUT, method="signal")


# ``playwright_api`` (one sync Playwright for the whole run) comes from tests/conftest.py.


@pytest.fixture(scope="session")
def browser_base(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="session")
def workdir(browser_base) -> Path:
    return harness.prepare_workdir(browser_base)


@pytest.fixture(scope="session")
def server_env(browser_base) -> dict[str, str]:
    return harness.jupyter_env(browser_base / "jupyter")


@pytest.fixture(scope="session")
def lab_server(playwright_api, workdir, browser_base, server_env):
    server = harness.start("lab", workdir, browser_base, server_env)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def voila_server(playwright_api, workdir, browser_base, server_env):
    server = harness.start("voila", workdir, browser_base, server_env)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser_context(playwright_api, browser_base):
    context = harness.launch_browser(playwright_api, browser_base / "chromium-profile")
    context.set_default_timeout(30_000)
    context.external_requests = []

    def offline(route) -> None:
        # The training room may be offline: anything not served by our own servers (Voila's
        # template links Font Awesome from a CDN) gets an empty answer instead of a DNS error,
        # so a console error can only come from hvlab, Jupyter or the widgets. Recorded.
        context.external_requests.append(route.request.url)
        route.fulfill(status=200, body="", content_type="text/css" if route.request.url.endswith(".css") else "text/plain")

    context.route(lambda url: not url.startswith("http://127.0.0.1"), offline)
    try:
        yield context
    finally:
        context.close()


class ConsoleLog:
    """Console messages and uncaught page errors of one page."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []

    def errors(self) -> list[str]:
        return [text for kind, text in self.messages if kind in ("error", "pageerror")]


@pytest.fixture
def page(browser_context):
    """A fresh tab; ``page.console_log`` collects its console errors."""
    tab = browser_context.new_page()
    log = ConsoleLog()
    tab.on("console", lambda m: log.messages.append((m.type, m.text)))
    tab.on("pageerror", lambda e: log.messages.append(("pageerror", str(e))))
    tab.console_log = log
    try:
        yield tab
    finally:
        tab.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Screenshots go here (ignored by git)."""
    folder = harness.ROOT / "artifacts" / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
