"""Drive one lab notebook in a real page, the same way in JupyterLab and in Voila.

A learner's click is a Playwright click on the control the learner sees (found by its visible
words from the catalog, never by a widget id); what the page then shows is read from the DOM.
Expectations are computed by the test with the core, so "what the page shows" is compared with
"what hvlab's model says", not with a hard-coded string.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any, Callable

from . import harness

LAB_ROOT = ".jp-OutputArea-output > .jupyter-widgets"
VOILA_ROOT = "body .jupyter-widgets.widget-vbox"


def open_lab_notebook(page, server, name: str) -> None:
    """Open ``lab-<name>.ipynb``: run it in JupyterLab, or render it with Voila (code hidden)."""
    notebook = f"lab-{name}.ipynb"
    goto(page, server, notebook)
    if server.kind == "lab":
        page.wait_for_function(harness.WAIT_LAB_KERNEL_JS, timeout=90_000, polling=250)
        page.evaluate(harness.RUN_ALL_JS)  # the lab notebooks are written without outputs
        page.wait_for_function(harness.ALL_EXECUTED_JS, timeout=90_000, polling=250)
        page.locator(LAB_ROOT).first.wait_for(state="visible", timeout=30_000)
    else:
        page.locator(VOILA_ROOT).first.wait_for(state="visible", timeout=90_000)


def goto(page, server, notebook: str) -> None:
    """Load the page. Voila runs the notebook before it answers; in about 1 of 15 loads in the
    benchmark's long runs the answer never came (a Voila-side hang, not reproduced on its own),
    so a Voila load that times out is retried once: a new GET starts a new kernel."""
    if server.kind == "lab":
        page.goto(server.page_url(notebook))
        return
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.goto(server.page_url(notebook), timeout=60_000)
    except PlaywrightTimeout:
        page.goto(server.page_url(notebook), timeout=120_000)


def eventually(check: Callable[[], Any], timeout: float = 30.0, what: str = "") -> Any:
    """Retry ``check`` (an assertion-raising function) until it passes or ``timeout`` ends;
    the kernel answers a click asynchronously."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def text_of(page, selector: str, index: int = 0) -> str:
    return page.locator(selector).nth(index).inner_text()


def strips_digest(digests: list[str | None]) -> str | None:
    """The digest of a picture shown in strips (hvlab/widgets/tiles.js): one strip's own SHA-1
    (the whole PNG sent as one strip), else a SHA-1 of its strips' SHA-1s in order."""
    if len(digests) == 1:
        return digests[0]
    return "strips:" + hashlib.sha1("".join(d or "-" for d in digests).encode()).hexdigest()


def picture_digests(drawing) -> set[str | None]:
    """The digests the page may show for ``drawing`` (hvlab.widgets.rendering.Drawing): its
    whole PNG, or its strips (a Picture sends strips when less than half the picture changed)."""
    return {png_digest(drawing.png), strips_digest([png_digest(t.png) for t in drawing.tiles])}


PICTURE_SHA1_JS = """async (e) => {
  // The SHA-1 of each PNG the element shows: a plain <img>, or the strips of a hvlab picture.
  const images = e.tagName === 'IMG' ? [e] : [...(e.matches('.hvlab-picture-strips') ? e : e.querySelector('.hvlab-picture-strips') || e).querySelectorAll('img')];
  const out = [];
  for (const img of images) {
    if (!img.src) { out.push(null); continue; }
    const digest = await crypto.subtle.digest('SHA-1', await (await fetch(img.src)).arrayBuffer());
    out.push(Array.from(new Uint8Array(digest)).map(b => b.toString(16).padStart(2, '0')).join(''));
  }
  return out;
}"""


def picture_digest(page, element) -> str | None:
    """The digest of what a hvlab picture (``element``: its frame or strips) or a plain ``<img>`` shows."""
    digests = page.evaluate(PICTURE_SHA1_JS, element)
    return strips_digest(digests) if digests else None


def image_digests(page) -> list[str | None]:
    """The digest of every diagram in the page, in page order: plain ``<img>`` images (their
    PNG's SHA-1) and the pictures a learner clicks (hvlab/widgets/picture.py, :func:`strips_digest`);
    compare with :func:`png_digest` of a plain image or :func:`picture_digests` of a picture."""
    return [picture_digest(page, element)
            for element in page.locator("img.widget-image, .hvlab-picture-strips").element_handles()]


def png_digest(png: bytes) -> str:
    return hashlib.sha1(png).hexdigest()


# ---------------------------------------------------------------------- controls by their words
def button(page, label: str, index: int = 0):
    return page.get_by_role("button", name=label, exact=True).nth(index)


def checkbox(page, label: str):
    return page.locator(".widget-checkbox").filter(has=page.get_by_text(label, exact=True)).locator("input")


def radio(page, label: str):
    return page.locator(".widget-radio-box label").filter(has_text=label).locator("input")


def text_box(page, placeholder: str):
    return page.get_by_placeholder(placeholder, exact=True)


def screenshot_widget(page, root, path) -> None:
    """Screenshot of one widget, whole: the window is made as tall as the widget first
    (JupyterLab and Voila scroll inside a panel, so a "full page" shot stops at the window's edge)."""
    height = page.evaluate("(el) => el.scrollHeight", root.element_handle())
    page.set_viewport_size({"width": 1400, "height": min(max(1000, int(height) + 300), 8000)})
    page.evaluate(harness.NEXT_FRAME_JS)
    root.scroll_into_view_if_needed()
    root.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})
