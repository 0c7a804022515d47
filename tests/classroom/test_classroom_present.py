"""``python -m hvlab present`` for real: Voila serves a lab as a clean app — no code,
nothing fetched from another host — and a click in Chromium redraws the lab's diagram.

Skips when Voila, Playwright or Chromium is missing, except under CI (``CI`` set): then it fails.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

from hub_chromium import CHROMIUM, launch  # noqa: E402
from localhub import free_port, unavailable  # noqa: E402

pytestmark = pytest.mark.timeout(240, method="thread")


@pytest.fixture(scope="module")
def presented(tmp_path_factory):
    """The trainer's command, serving the explorer on a free port; stopped by its PID afterwards."""
    with _present(tmp_path_factory, "--lab", "explorer") as url:
        yield url


@pytest.fixture(scope="module")
def presented_all(tmp_path_factory):
    """The trainer's command with every lab: the start page at the root address."""
    with _present(tmp_path_factory) as url:
        yield url


@contextlib.contextmanager
def _present(tmp_path_factory, *labs: str):
    """Run ``python -m hvlab.classroom.present`` with ``labs`` on a free port until the block ends."""
    for module, install in (("voila", "pip install voila"), ("playwright", "pip install playwright")):
        if importlib.util.find_spec(module) is None:
            unavailable(f"{module} is missing: {install}")
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: apt-get install -y chromium")
    base = tmp_path_factory.mktemp("present")
    env = {**os.environ, "MPLBACKEND": "Agg"}
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR"):
        (base / name.lower()).mkdir()
        env[name] = str(base / name.lower())
    port = free_port()
    log = open(base / "present.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "hvlab.classroom.present", *labs, "--port", str(port),
         "--folder", str(base / "apps")],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:  # Voila answers its static files without starting a kernel
            try:
                urllib.request.urlopen(url + "voila/static/voila.js", timeout=3).close()
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((base / "present.log").read_text(errors="replace")[-3000:])
                time.sleep(0.3)
        yield url
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)  # the session present.py and its Voila started in
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


IMAGES = "() => Array.from(document.querySelectorAll('img')).map(i => i.src)"


def test_present_shows_the_lab_without_code_or_outside_assets_and_a_click_redraws(presented, playwright_api, tmp_path):
    """The page loads nothing from another host, shows no code, shows the explorer, a click on
    its "Off" state button redraws the decision diagram (the Voila app is a working lab), and
    the page, its title included, fits a 1280×720 projector screen."""
    from hvlab.catalog import text

    html = urllib.request.urlopen(presented, timeout=120).read().decode("utf-8")
    assert not re.findall(r"""<(?:link|script)[^>]+(?:href|src)\s*=\s*["']https?://""", html)
    assert "CheckpointTypeExplorer" not in html, "the app shows code"

    hosts: set[str] = set()
    p = playwright_api
    context = launch(p, tmp_path / "chromium")
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(120_000)
        page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or request.url.split(":", 1)[0]))
        page.set_viewport_size({"width": 1280, "height": 720})
        page.goto(presented)
        off = page.locator(".widget-toggle-button", has_text=text("widget.state.OFF")).first
        off.wait_for(state="visible")
        page.wait_for_function(f"() => ({IMAGES})().some(s => s.startsWith('blob:') || s.startsWith('data:'))")
        before = page.evaluate(IMAGES)
        off.click()
        page.wait_for_function(f"(before) => JSON.stringify(({IMAGES})()) !== JSON.stringify(before)", arg=before)
        assert page.locator(".jp-InputArea-editor:visible").count() == 0, "code is shown"
        # Voila scrolls inside a panel: the lab's bottom edge, the page not scrolled, is its reach.
        bottom = page.evaluate("() => Math.max(...Array.from(document.querySelectorAll('.jupyter-widgets.widget-vbox'))"
                               ".map(e => e.getBoundingClientRect().bottom))")
        assert bottom <= 720, f"the trainer's page reaches {bottom:.0f} px down: more than a 1280x720 screen"
        page.screenshot(path=str(tmp_path / "present.png"))
    finally:
        context.close()
    assert hosts <= {"127.0.0.1", "blob", "data"}, f"the app fetched from {sorted(hosts)}"


def test_the_start_page_lists_the_labs_and_the_course_in_both_languages(presented_all, playwright_api, tmp_path):
    """Several labs: the root address is the course's start page, not Voila's file list — each
    lab's title and one line (catalog), the course's notebooks by title, a language switch
    (English/日本語) that shows the Japanese page whose links open the labs in Japanese, and
    nothing from another host."""
    from hvlab.catalog import template
    from hvlab.classroom.present import APPS
    from hvlab.classroom.progress import NOTEBOOK_TOPICS

    hosts: set[str] = set()
    context = launch(playwright_api, tmp_path / "chromium")
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(120_000)
        page.set_viewport_size({"width": 1280, "height": 720})
        page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or request.url.split(":", 1)[0]))
        page.goto(presented_all)
        for language in ("en", "ja"):
            if language == "ja":
                page.get_by_role("link", name="日本語").first.click()
            section = page.locator(f"section#start-{language}")
            assert section.is_visible() and page.locator("section:visible").count() == 1
            labs = section.locator("li.hvlab-start-lab")
            assert labs.count() == len(APPS)
            for i, app in enumerate(APPS.values()):
                row = labs.nth(i).inner_text()
                assert template(language, f"classroom.app.{app.key}") in row
                assert template(language, f"classroom.app.{app.key}.lead") in row
                assert row.count("\n") == 0, f"not one line: {row!r}"
            notebooks = [section.locator("li.hvlab-start-notebook").nth(i).inner_text() for i in range(len(NOTEBOOK_TOPICS))]
            assert notebooks == [template(language, f"classroom.notebook.{t}") for t in NOTEBOOK_TOPICS]
        page.screenshot(path=str(tmp_path / "start-ja.png"))
        section.get_by_role("link", name=template("ja", "classroom.app.explorer")).click()
        page.locator(".widget-toggle-button", has_text=template("ja", "widget.state.OFF")).first.wait_for(state="visible")
        assert page.get_by_text(template("ja", "widget.explorer.title")).count() >= 1
    finally:
        context.close()
    assert hosts <= {"127.0.0.1", "blob", "data"}, f"the start page fetched from {sorted(hosts)}"
