"""Drive one lab notebook in a real page, the same way in JupyterLab and in Voila.

A learner's click is a Playwright click on the control the learner sees (found by its visible
words from the catalog, never by a widget id); what the page then shows is read from the DOM.
Expectations are computed by the test with the core, so "what the page shows" is compared with
"what hvlab's model says", not with a hard-coded string.
"""

from __future__ import annotations

import base64
import hashlib
import time
from typing import Any, Callable

import numpy as np

from support import rgba

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


# ---------------------------------------------------------------------- pictures, by their pixels
# A picture is compared by its decoded pixels, never by its PNG's bytes: ISA-L's deflate (which
# hvlab uses when installed, hvlab/diagrams/png.py) may compress the same pixels to other bytes
# from one call to the next, so the page's PNG and the twin's PNG of the same state can differ
# byte for byte while every pixel is the same.
EMPTY = "empty"
"""The digest of an image with no pixels (an Image widget whose value is b"")."""


def pixels_digest(pngs: list[bytes]) -> str:
    """A SHA-1 of the RGBA pixels of ``pngs`` put one under the other (a picture's strips, top to
    bottom, or one whole PNG), with the picture's size: the same for the whole picture and for
    its strips."""
    pngs = [png for png in pngs if png]
    if not pngs:
        return EMPTY
    rows = [rgba(png) for png in pngs]
    if len({r.shape[1] for r in rows}) != 1:
        return "widths:" + ",".join(str(r.shape[1]) for r in rows)
    pixels = np.concatenate(rows)
    return hashlib.sha1(f"{pixels.shape}".encode() + pixels.tobytes()).hexdigest()


def png_digest(png: bytes) -> str:
    """The digest of one PNG's pixels (:func:`pixels_digest`)."""
    return pixels_digest([png])


def drawing_digest(drawing) -> str:
    """The digest of what the page shows for ``drawing`` (hvlab.widgets.rendering.Drawing):
    its pixels, whether the Picture sent it whole or in strips."""
    return png_digest(drawing.png)


PICTURE_PNGS_JS = """async (e) => {
  // The PNG of each image the element shows, base64, top to bottom: a plain <img> (its PNG), or
  // the strips of a hvlab picture (tiles.js: a <canvas> each, read back as a PNG of its pixels).
  const images = e.tagName === 'IMG' ? [e] : [...(e.matches('.hvlab-picture-strips') ? e : e.querySelector('.hvlab-picture-strips') || e).querySelectorAll('img, canvas')];
  // What each shows, read before the first await: the page may take a strip out meanwhile.
  const shown = images.map((img) => img.tagName === 'CANVAS' ? (img.width && img.height ? img.toDataURL('image/png') : null) : img.src);
  const out = [];
  for (const src of shown) {
    if (!src) { out.push(null); continue; }
    if (src.startsWith('data:')) { out.push(src.slice(src.indexOf(',') + 1)); continue; }
    const blob = await (await fetch(src)).blob();
    out.push(await new Promise((done) => {  // the browser's own base64 (a data: URL)
      const reader = new FileReader();
      reader.onload = () => done(reader.result.slice(reader.result.indexOf(',') + 1));
      reader.readAsDataURL(blob);
    }));
  }
  return out;
}"""


def picture_pngs(page, element) -> list[bytes] | None:
    """The PNGs a hvlab picture (``element``: its frame or strips) or a plain ``<img>`` shows, top
    to bottom (a strip's canvas as a PNG of its pixels); ``None`` while it shows nothing or a
    strip has no pixels yet."""
    shown = page.evaluate(PICTURE_PNGS_JS, element)
    if not shown or any(item is None for item in shown):
        return None
    return [base64.b64decode(item) for item in shown]


def picture_digest(page, element) -> str | None:
    """The digest of what a hvlab picture or a plain ``<img>`` shows (:func:`pixels_digest`)."""
    pngs = picture_pngs(page, element)
    return None if pngs is None else pixels_digest(pngs)


def describe_difference(shown: list[bytes] | None, want: bytes) -> str:
    """Where the picture the page shows (its PNGs, top to bottom) differs from ``want``'s pixels:
    what an assertion says, so that a failure tells a stale picture from a pixel or two."""
    if not shown:
        return "the page shows no picture yet"
    rows = [rgba(png) for png in shown if png]
    expected = rgba(want) if want else np.zeros((0, 0, 4), np.uint8)
    if not rows or len({r.shape[1] for r in rows}) != 1:
        return f"the page shows strips of widths {[r.shape[1] for r in rows]}, expected {expected.shape[1]} px"
    got = np.concatenate(rows)
    if got.shape != expected.shape:
        return f"the page shows {got.shape[1]}x{got.shape[0]} px in {len(rows)} image(s), expected {expected.shape[1]}x{expected.shape[0]}"
    differ = (got != expected).any(axis=2)
    if not differ.any():
        return "the same pixels"
    ys, xs = np.nonzero(differ)
    return (f"{int(differ.sum())} of {differ.size} pixels differ, rows {ys.min()}-{ys.max()}, "
            f"columns {xs.min()}-{xs.max()} ({len(rows)} image(s) shown)")


def image_pictures(page) -> list[list[bytes] | None]:
    """The PNGs of every diagram in the page, in page order (:func:`picture_pngs` of each plain
    ``<img>`` image and each picture a learner clicks)."""
    return [picture_pngs(page, element)
            for element in page.locator("img.widget-image, .hvlab-picture-strips").element_handles()]


def image_digests(page) -> list[str | None]:
    """The digest of every diagram in the page, in page order: plain ``<img>`` images and the
    pictures a learner clicks (hvlab/widgets/picture.py); compare with :func:`png_digest` of a
    plain image or :func:`drawing_digest` of a picture."""
    return [None if pngs is None else pixels_digest(pngs) for pngs in image_pictures(page)]


def expect_pictures(page, drawings: list) -> None:
    """The page's diagrams that show something are, in page order, ``drawings``' pictures
    (pixel for pixel); else the assertion says where each one differs."""
    digests = [(pngs, pixels_digest(pngs)) for pngs in image_pictures(page) if pngs is not None]
    shown = [pngs for pngs, digest in digests if digest != EMPTY]
    assert [digest for _, digest in digests if digest != EMPTY] == [drawing_digest(d) for d in drawings], (
        f"{len(shown)} pictures shown, {len(drawings)} expected: "
        + "; ".join(describe_difference(pngs, d.png) for pngs, d in zip(shown, drawings)))


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
