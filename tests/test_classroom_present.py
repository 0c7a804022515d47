"""``python -m hvlab present`` for real (issue 8): Voila serves a lab as a clean app — no code,
nothing fetched from another host — and a click in Chromium redraws the lab's diagram.

Skips when Voila, Playwright or Chromium is missing, except under CI (``CI`` set): then it fails.
"""

from __future__ import annotations

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

sys.path.insert(0, str(Path(__file__).resolve().parent / "hub"))

from hub_chromium import CHROMIUM, launch  # noqa: E402
from localhub import free_port, unavailable  # noqa: E402

pytestmark = pytest.mark.timeout(240, method="thread")


@pytest.fixture(scope="module")
def presented(tmp_path_factory):
    """The trainer's command, serving the explorer on a free port; stopped by its PID afterwards."""
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
        [sys.executable, "-m", "hvlab.classroom.present", "--lab", "explorer", "--port", str(port),
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
    """The page loads nothing from another host, shows no code, shows the explorer, and a click
    on its "Off" state button redraws the decision diagram (the Voila app is a working lab)."""
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
        page.goto(presented)
        off = page.locator(".widget-toggle-button", has_text=text("widget.state.OFF")).first
        off.wait_for(state="visible")
        page.wait_for_function(f"() => ({IMAGES})().some(s => s.startsWith('blob:') || s.startsWith('data:'))")
        before = page.evaluate(IMAGES)
        off.click()
        page.wait_for_function(f"(before) => JSON.stringify(({IMAGES})()) !== JSON.stringify(before)", arg=before)
        assert page.locator(".jp-InputArea-editor:visible").count() == 0, "code is shown"
        page.screenshot(path=str(tmp_path / "present.png"))
    finally:
        context.close()
    assert hosts <= {"127.0.0.1", "blob", "data"}, f"the app fetched from {sorted(hosts)}"
