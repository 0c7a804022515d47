"""Click → picture painted, in a real browser, in JupyterLab and in Voila: hvlab's labs beside
their naive twin, a step's Next, a click on the tree, bytes sent per click, kernel memory; and
the headless run time of every course notebook. Prints tables (``--json FILE`` also writes the
figures); asserts nothing.

Latency is measured in the page: the script clicks a control (``element.click()``) and a
MutationObserver notes every visible ``<img>`` that gets a new picture (a new ``src``: an Image
widget, a new ``<img>`` in an Output) and gives it an ``elementtiming`` attribute; the picture
is painted at the time the browser reports for the frame that first showed it (Element Timing's
``renderTime``, https://developer.mozilla.org/en-US/docs/Web/API/PerformanceElementTiming).
hvlab's clickable picture shows its strips as ``<canvas>`` elements (tiles.js), which Element
Timing does not report: for each new canvas the script puts a marker beside it in the same task
(a text dot at 1 % opacity, with ``elementtiming``), painted in the frame that first shows the
canvas (checked in Chromium: a marker and a decoded ``<img>`` put in together reported the same
``renderTime`` 15 times of 15). An image that
reports no paint (out of view in a scrolled pane) counts as painted when it is decoded and two
animation frames have passed: the measure this script used before, which counts at least one
frame after the one that showed the picture (its p95 stays in the table as "2fr p95", hvlab's
and the naive twin's, measured on the same clicks). A click is painted when all the pictures it changes on the screen are (1
in the explorer, the step view and hvlab's disk chain lab, whose other pictures are on tabs not
shown; 3 in the naive disk chain lab, which shows them one under the other); the next click
follows then, so work the kernel still does for a tab not shown delays it. A click on the tree is
shown when the checkpoint clicked carries the selection (its ``hvlab-selected`` ring, or the
lab's "selected checkpoint" text when the lab shows no clickable picture) two frames later.
Where the time goes: the page notes when each websocket message arrives (a wrapper around the
page's ``WebSocket``, installed before the page's scripts run); "pic msg" is the median time from
the click to the arrival of the click's largest message, the one carrying the new picture, and
"browser" the median of each click's painted time minus that arrival: what the page spends on
the picture (reading the message, decoding the PNG, laying out, painting), whatever the kernel
did. "1st img" and "last img" time the ``<img>`` and ``<canvas>`` changes; hvlab's picture
(picture.js) decodes the strips it lacks before it puts their canvases in the page (the strips it
keeps stay put and are not waited for), so there they include that decode: "browser" is the
honest split.
Bytes per click: the payloads of every websocket frame the page received from the click to the
paint (Playwright's ``framereceived``). The kernel's RSS after the clicks: the kernel process
found by its kernel id in its command line (JupyterLab's kernels API), or Voila's newest
``ipykernel_launcher``. Before the first click of each page the script waits (up to 20 s) until
the CPUs are mostly idle, so no page starts while the previous one's kernel is still shutting down.

Baseline, in the same run, on the same server and browser: the same labs drawn the naive way
(``bench/naive_lab.py``: pyplot, one FancyBboxPatch/FancyArrowPatch/Text per element, redrawn
into an ``Output`` after ``clear_output``). The disk chain lab's deletes ask first (Delete
Checkpoint..., from the tree's menu or the button, then Delete): the timed click is Delete, the
one that changes the lab; the naive twin deletes at once.

CPU steal: on a virtual machine the host may run other guests on "our" CPUs; the time taken
from us shows as steal (``/proc/stat``, read through psutil). The table gives the share of CPU
time stolen while each page was clicked, and warns above 10 %: such figures are slowed by the
host, the naive twin's as much as hvlab's (measured here: 75 % steal made every page 2-3×
slower), and say nothing about hvlab.

Goals: click → painted p95 under 100 ms with 10 checkpoints, under 150 ms with 50; Next under
100 ms; a click on the tree shown under 50 ms; under 150 MiB per kernel.

    python bench/bench_browser.py [--clicks 30] [--servers lab,voila] [--scenarios 0,1,2] [--json FILE]
                                  [--raw] [--skip-headless] [--skip-browser]

Needs /usr/bin/chromium (Debian) and the playwright Python package; never `playwright install`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from browser import harness  # noqa: E402  (tests/browser/harness.py: servers and browser)
from browser.pages import goto  # noqa: E402

from hvlab.catalog import text  # noqa: E402

BENCH = ROOT / "bench"
NAIVE = f"import sys\nsys.path.insert(0, {str(BENCH)!r})\nfrom naive_lab import NaiveDiskChainLab, NaiveExplorer\n"
STATES = ["Saved", "Off", "Starting (guest booting)", "Running (guest booted)", "Paused"]
CHECKPOINT, DELETE = text("widget.lab.checkpoint"), text("widget.lab.delete")
CONFIRM_DELETE = text("dialog.delete_delete")
STEPS_FOLD, NEXT, RESTART = text("step.view.fold"), text("step.view.next"), text("step.view.restart")


@dataclass(frozen=True)
class Click:
    """One timed click on the button ``label``; ``prepare`` names what is done first, untimed
    (``"delete"``: open the delete question of the selected checkpoint)."""

    label: str
    prepare: str | None = None


@dataclass(frozen=True)
class Scenario:
    """One lab, hvlab's and the naive twin's, and the clicks that are timed in each; ``extras``:
    also time a click on the tree and a step's Next (the disk chain lab)."""

    title: str
    checkpoints: int
    hvlab_cell: str
    naive_cell: str
    hvlab_clicks: tuple[Click, ...]
    naive_clicks: tuple[Click, ...]
    images: int
    """Pictures a click changes on the screen in hvlab's lab."""
    naive_images: int
    extras: bool = False


def _disk_lab(count: int, delete_first: bool) -> Scenario:
    lab = f"from hvlab import scenarios\nlab, vm = scenarios.many_checkpoints({count})\n"
    hv = (Click(CHECKPOINT), Click(CONFIRM_DELETE, "delete"))
    naive = (Click(CHECKPOINT), Click(DELETE))
    if delete_first:  # 50 is Hyper-V's maximum per VM (B20): delete before checkpointing again
        hv, naive = hv[::-1], naive[::-1]
    return Scenario(f"disk chain lab: {'Delete / Checkpoint' if delete_first else 'Checkpoint / Delete'}", count,
                    lab + "from hvlab.widgets import DiskChainLab\nDiskChainLab(lab)", NAIVE + lab + "NaiveDiskChainLab(lab)",
                    hv, naive, 1, 3, extras=True)


SCENARIOS = [
    Scenario("explorer: VM state buttons", 0, "from hvlab.widgets import CheckpointTypeExplorer\nCheckpointTypeExplorer()",
             NAIVE + "NaiveExplorer()", tuple(Click(s) for s in STATES), tuple(Click(s) for s in STATES), 1, 1),
    _disk_lab(10, delete_first=False),
    _disk_lab(50, delete_first=True),
]
NEXT_ROW, SELECT_ROW = "disk chain lab: a step's Next", "disk chain lab: a click on the tree"

_VISIBLE_JS = """
  const visible = (e) => e.offsetParent !== null;
  const byText = (label, tag) => {
    const found = [];
    for (const e of document.querySelectorAll(tag || '*'))
      if (visible(e) && e.textContent.trim() === label) found.push(e);
    return found.length ? found[found.length - 1] : null;  // the innermost: a leaf, not its box
  };
  const sleep = (ms) => new Promise(r => setTimeout(r, ms));
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
"""

ARRIVALS_JS = """(() => {
  // When each websocket message reaches the page, and its size: the page's WebSocket wrapped
  // before any of its scripts runs (JupyterLab's and Voila's kernel connections).
  const arrivals = window.__hvlabArrivals = [];
  const Native = window.WebSocket;
  class Noted extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const data = event.data;
        const size = typeof data === 'string' ? data.length : (data.byteLength || data.size || 0);
        if (arrivals.length < 10000) arrivals.push({t: performance.now(), size});
      });
    }
  }
  window.WebSocket = Noted;
})();"""

CLICK_JS = """async ([label, expected, quietMs, limitMs, anyElement]) => {
  // anyElement: the control is any element with these words (a fold's title), and a picture
  // counts even while its fold is still opening (an untimed click).""" + _VISIBLE_JS + """
  const target = byText(label, anyElement ? '*' : 'button');
  if (!target) return {error: 'no button ' + label};
  const pending = [];
  let lastChange = 0, painted = null, framed = null, first = null, timed = 0;
  // The browser's own paint time of each new picture (Element Timing: an <img> carrying an
  // elementtiming attribute when it is painted reports that frame's time).
  const rendered = new Map();
  const paints = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.element && e.renderTime && !rendered.has(e.element)) rendered.set(e.element, e.renderTime);
  });
  paints.observe({type: 'element'});
  // A <canvas> (hvlab's picture's strips, tiles.js) has its pixels when it is put in the page,
  // and Element Timing reports no canvas: a marker put beside it in the same task (a text dot
  // of 1 % opacity, which Element Timing reports) is painted in the frame that first shows the
  // canvas. Checked in Chromium: a marker and a decoded <img> put in together reported the same
  // renderTime, 15 of 15 times (a fully transparent dot reports nothing).
  const markers = [];
  const mark = (canvas) => {
    const m = document.createElement('span');
    m.textContent = '\u00b7';
    m.setAttribute('aria-hidden', 'true');
    m.setAttribute('elementtiming', 'hvlab-bench');
    // Out of flow at its static position, the canvas's own corner (no left/top: reading the
    // canvas's offsets here would force a layout inside the measured click).
    Object.assign(m.style, {position: 'absolute', font: '10px/normal sans-serif', color: 'rgba(0, 0, 0, 0.01)',
                            pointerEvents: 'none'});
    canvas.before(m);
    markers.push(m);
    return m;
  };
  const track = (img) => {
    if (img.offsetParent === null && !anyElement) return;  // on a tab not shown: not painted
    const canvas = img.tagName === 'CANVAS';
    if (canvas) img = mark(img);
    else if (!img.hasAttribute('elementtiming')) img.setAttribute('elementtiming', 'hvlab-bench');
    lastChange = performance.now();
    if (first === null) first = lastChange;
    pending.push((canvas ? Promise.resolve() : img.decode().catch(() => {})).then(frames).then(async () => {
      const twoFrames = performance.now();  // decoded, and two animation frames later
      if (framed === null || twoFrames > framed) framed = twoFrames;
      for (let i = 0; i < 30 && !rendered.has(img); i++) await sleep(10);  // the entry comes after its frame
      let t = twoFrames;  // an image out of view (scrolled away in its pane) reports no paint
      if (rendered.has(img)) { t = Math.max(rendered.get(img), start); timed += 1; }
      if (painted === null || t > painted) painted = t;
    }));
  };
  const observer = new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes' && m.target.tagName === 'IMG' && m.target.src) track(m.target);
      for (const n of m.addedNodes || []) {
        if (n.tagName === 'IMG' || n.tagName === 'CANVAS') track(n);
        else if (n.querySelectorAll) n.querySelectorAll('img, canvas').forEach(track);
      }
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
  const arrivals = window.__hvlabArrivals || [];
  arrivals.length = 0;
  const start = performance.now();
  target.click();
  while (performance.now() - start < limitMs) {
    await sleep(25);
    if (pending.length >= expected) break;
    if (pending.length && performance.now() - lastChange > quietMs) break;
  }
  await Promise.all(pending);
  observer.disconnect();
  paints.disconnect();
  for (const m of markers) m.remove();
  if (painted === null) return {error: 'no picture changed after ' + label};
  // The click's largest message before the paint: the one that carried the new picture.
  let picture = null;
  for (const a of arrivals) if (a.t >= start && a.t <= painted && (picture === null || a.size > picture.size)) picture = a;
  return {ms: painted - start, framed: framed - start, timed, first: first - start, last: lastChange - start, images: pending.length,
          arrived: picture === null ? null : picture.t - start};
}"""

PREPARE_DELETE_JS = """async ([button, item, confirm]) => {""" + _VISIBLE_JS + """
  // Delete Checkpoint... of the selected checkpoint: the lab's button, or the tree's menu.
  const direct = byText(button, 'button');
  if (direct) direct.click();
  else {
    const regions = [...document.querySelectorAll('.hvlab-picture-region.hvlab-picture-checkpoint')].filter(visible);
    const region = regions.find(r => r.classList.contains('hvlab-selected')) || regions[regions.length - 1];
    if (!region) return {error: 'no ' + button + ' button and no checkpoint on a picture'};
    region.click();
    let entry = null;
    for (let i = 0; i < 200 && !entry; i++) {
      entry = [...document.querySelectorAll('.hvlab-picture-menuitem')].find(e => visible(e) && e.dataset.action === item);
      if (!entry) await sleep(10);
    }
    if (!entry) return {error: 'no ' + item + ' in the menu'};
    entry.click();
  }
  for (let i = 0; i < 500; i++) { if (byText(confirm, 'button')) return {ok: true}; await sleep(20); }
  return {error: 'the delete question never showed'};
}"""

SELECT_JS = """async ([index]) => {""" + _VISIBLE_JS + """
  // hvlab's clickable picture: the ring is drawn in the page; else the lab's dropdown, whose
  // choice the kernel shows in the lab's "selected checkpoint" text.
  const regions = [...document.querySelectorAll('.hvlab-picture-region.hvlab-picture-checkpoint')].filter(visible);
  if (regions.length >= 2) {
    const node = regions.filter(r => !r.classList.contains('hvlab-selected'))[index % (regions.length - 1)];
    const layer = node.parentElement;
    // The kernel's answer may send the regions again: look the box up by its key each time.
    const ringed = () => !!layer.querySelector(`.hvlab-picture-region.hvlab-selected[data-key="${node.dataset.key}"]`);
    const start = performance.now();
    node.click();
    while (!ringed() && performance.now() - start < 10000) await new Promise(requestAnimationFrame);
    await frames();
    const ms = performance.now() - start;
    const shown = ringed();
    for (const f of document.querySelectorAll('.hvlab-picture-frame'))  // close the menu the click opened
      f.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));
    return shown ? {ms, via: 'picture'} : {error: 'the clicked checkpoint never showed selected'};
  }
  const select = [...document.querySelectorAll('.widget-dropdown select')].filter(visible)[0];
  if (!select || select.options.length < 2) return {error: 'no checkpoint to select'};
  const option = [...select.options].filter(o => !o.selected)[index % (select.options.length - 1)];
  const start = performance.now();
  select.value = option.value;
  select.dispatchEvent(new Event('change', {bubbles: true}));
  const shown = () => [...document.querySelectorAll('.hvlab-selected')].some(e => visible(e) && e.textContent.includes(option.textContent.trim()));
  while (!shown() && performance.now() - start < 10000) await sleep(5);
  await frames();
  return shown() ? {ms: performance.now() - start, via: 'dropdown'} : {error: 'the selection never showed'};
}"""

BUTTON_STATE_JS = """([label]) => {""" + _VISIBLE_JS + """
  const b = byText(label, 'button');
  return b ? (b.disabled ? 'disabled' : 'enabled') : 'missing';
}"""


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def kernel_rss_mib(server: harness.Server) -> float | None:
    """RSS of the kernel the page used: in JupyterLab the ``ipykernel_launcher`` whose command
    line names a kernel the server's kernels API lists (its connection file is
    ``kernel-<id>.json``); Voila has no kernels API, so its newest kernel."""
    import psutil

    kernels = [c for c in psutil.Process(server.pid).children(recursive=True)
               if "ipykernel_launcher" in " ".join(c.cmdline())]
    if server.kind == "lab":
        ids = [k["id"] for k in server.kernels()]
        kernels = [c for c in kernels if any(i in " ".join(c.cmdline()) for i in ids)]
    if not kernels:
        return None
    newest = max(kernels, key=lambda c: c.create_time())
    return newest.memory_info().rss / 2**20


def open_page(page, server: harness.Server, notebook: str) -> None:
    goto(page, server, notebook)  # Voila: one retry if the GET hangs (see tests/browser/pages.py)
    if server.kind == "lab":
        page.wait_for_function(harness.WAIT_LAB_KERNEL_JS, timeout=90_000, polling=250)
        page.evaluate(harness.RUN_ALL_JS)
        page.wait_for_timeout(300)
        page.wait_for_function(harness.ALL_EXECUTED_JS, timeout=120_000, polling=250)
    page.locator("img, canvas.hvlab-picture-tile").first.wait_for(state="visible", timeout=120_000)
    page.wait_for_timeout(800)


def wait_until_quiet(limit_s: float = 20.0, busy_percent: float = 25.0) -> float:
    """Wait (at most ``limit_s``) until the machine's CPUs are mostly idle over half a second,
    so a page's clicks do not share two cores with the previous page's kernel shutting down or
    the browser tidying up; the same wait comes before hvlab's and the naive lab's clicks.
    Returns the last CPU percentage seen."""
    import psutil

    started = time.perf_counter()
    busy = psutil.cpu_percent(interval=0.5)
    while busy > busy_percent and time.perf_counter() - started < limit_s:
        busy = psutil.cpu_percent(interval=0.5)
    return busy


@dataclass
class Series:
    """Latencies (ms) of one kind of click, and the websocket bytes the page received for each."""

    times: list[float] = field(default_factory=list)
    received: list[int] = field(default_factory=list)
    arrived: list[float] = field(default_factory=list)
    """Per click, ms from the click to the arrival of the message carrying the new picture."""
    browser: list[float] = field(default_factory=list)
    """Per click, ms from that arrival to the paint."""
    framed: list[float] = field(default_factory=list)
    """Per click, ms to the older measure of painted: every new picture decoded and two
    animation frames passed (it counts at least one frame after the one that showed it)."""
    reported: list[bool] = field(default_factory=list)
    """Per click, whether the browser reported the paint of every new picture (Element Timing)."""

    @property
    def bytes_per_click(self) -> float:
        return statistics.mean(self.received) if self.received else 0.0


@dataclass
class Measurement:
    """One page: its clicks (and for the disk chain lab a click on the tree and a step's Next),
    the kernel's RSS after the clicks and at the end, console errors, and when the first and
    the last new picture of each click reached the page."""

    clicks: Series = field(default_factory=Series)
    select: Series | None = None
    next: Series | None = None
    rss: float | None = None
    rss_end: float | None = None
    errors: int = 0
    first: list[float] = field(default_factory=list)
    last: list[float] = field(default_factory=list)
    select_via: str = ""

    @property
    def times(self) -> list[float]:
        return self.clicks.times


class Frames:
    """Bytes of every websocket frame the page received (kernel messages, widget updates, PNGs)."""

    def __init__(self, page) -> None:
        self.total = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._count))

    def _count(self, payload: str | bytes) -> None:
        self.total += len(payload) if isinstance(payload, bytes) else len(payload.encode("utf-8"))


def _timed(page, frames: Frames, series: Series, js: str, arguments: list, what: str) -> dict[str, Any]:
    before = frames.total
    result = page.evaluate(js, arguments)
    if "error" in result:
        raise RuntimeError(f"{what}: {result['error']}")
    series.times.append(result["ms"])
    series.received.append(frames.total - before)
    if result.get("framed") is not None:
        series.framed.append(result["framed"])
        series.reported.append(result.get("timed", 0) >= result.get("images", 0))
    if result.get("arrived") is not None:
        series.arrived.append(result["arrived"])
        series.browser.append(result["ms"] - result["arrived"])
    return result


def _untimed_click(page, label: str, images: int, any_element: bool = False) -> None:
    result = page.evaluate(CLICK_JS, [label, images, 3000, 30_000, any_element])
    if "error" in result:
        raise RuntimeError(result["error"])


def _prepare(page, click: Click) -> None:
    if click.prepare == "delete":
        result = page.evaluate(PREPARE_DELETE_JS, [DELETE, "delete_checkpoint", CONFIRM_DELETE])
        if "error" in result:
            raise RuntimeError(result["error"])


def measure(context, server: harness.Server, notebook: str, clicks: tuple[Click, ...], images: int, count: int,
            extras: bool = False, raw: bool = False) -> Measurement:
    """``count`` clicks cycling through ``clicks``. A click is painted when ``images`` new
    pictures are (or, if fewer change, after 3 s of quiet). With ``extras`` (hvlab's disk chain
    lab) then ``count`` clicks on the tree and ``count`` Nexts of the step view. ``raw`` prints
    every latency."""
    page = context.new_page()
    frames = Frames(page)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    result = Measurement()
    try:
        open_page(page, server, notebook)
        wait_until_quiet()
        short = 0
        for i in range(count):
            click = clicks[i % len(clicks)]
            _prepare(page, click)
            done = _timed(page, frames, result.clicks, CLICK_JS, [click.label, images, 3000, 30_000, False], notebook)
            short += done["images"] < images
            result.first.append(done["first"])
            result.last.append(done["last"])
        result.rss = kernel_rss_mib(server)
        if extras:
            try:
                measure_extras(page, frames, result, count, clicks)
            except Exception as error:  # noqa: BLE001 - the clicks' figures stand; say what failed
                print(f"  {notebook}: the tree and Next only partly measured: {str(error).splitlines()[0]}", file=sys.stderr)
        result.rss_end = kernel_rss_mib(server)
        if raw:
            print(f"  {notebook} ms per click, in order: {' '.join(f'{t:.0f}' for t in result.times)}", file=sys.stderr, flush=True)
        if short:
            print(f"  {notebook}: {short} clicks changed fewer than {images} pictures", file=sys.stderr)
        if raw and errors:
            print(f"  {notebook} console errors: {errors[:3]}", file=sys.stderr)
    finally:
        page.close()
        server.shutdown_kernels()
    result.errors = len(errors)
    return result


def measure_extras(page, frames: Frames, result: Measurement, count: int, clicks: tuple[Click, ...]) -> None:
    """A click on the tree (the selection shown), then the step view: a Checkpoint so the last
    operation has steps, the "Step by step" fold opened, ``count`` Nexts (Restart, untimed, at
    the last step)."""
    result.select = Series()
    for i in range(count):
        result.select_via = _timed(page, frames, result.select, SELECT_JS, [i], "a click on the tree")["via"]
    for click in (c for c in clicks if c.label != CHECKPOINT):  # room for one more checkpoint
        _prepare(page, click)
        _untimed_click(page, click.label, 1)
    _untimed_click(page, CHECKPOINT, 1)
    _untimed_click(page, STEPS_FOLD, 1, any_element=True)
    result.next = Series()
    while len(result.next.times) < count:
        if page.evaluate(BUTTON_STATE_JS, [NEXT]) != "enabled":
            _untimed_click(page, RESTART, 1)
        _timed(page, frames, result.next, CLICK_JS, [NEXT, 1, 3000, 30_000, False], "Next")


Row = tuple[str, Scenario, Measurement, Measurement]
"""A measured lab: the server kind, the scenario, hvlab's page and the naive twin's page."""


def json_rows(rows: list[Row]) -> list[dict[str, Any]]:
    """The figures as ``--json`` writes them: one row per server, lab and kind of click (a lab's
    clicks beside the naive twin's p95; a step's Next and a click on the tree have no twin)."""
    out: list[dict[str, Any]] = []

    def row(kind: str, lab: str, count: int, series: Series, naive: Series | None, rss: float | None) -> dict[str, Any]:
        return {"server": kind, "lab": lab, "checkpoints": count,
                "p50_ms": round(statistics.median(series.times), 1), "p95_ms": round(p95(series.times), 1),
                "naive_p95_ms": round(p95(naive.times), 1) if naive is not None and naive.times else None,
                "bytes_per_click": round(series.bytes_per_click), "kernel_mib": None if rss is None else round(rss, 1)}

    for kind, scenario, hv, nv in rows:
        out.append(row(kind, scenario.title, scenario.checkpoints, hv.clicks, nv.clicks, hv.rss))
        if hv.select is not None and hv.select.times:
            out.append(row(kind, SELECT_ROW, scenario.checkpoints, hv.select, None, hv.rss_end))
        if hv.next is not None and hv.next.times:
            out.append(row(kind, NEXT_ROW, scenario.checkpoints, hv.next, None, hv.rss_end))
    return out


STEAL_WARN = 10.0  # percent of CPU time: above it, the host slowed the run (see the module's docstring)


class Steal:
    """The share of CPU time the hypervisor's host took from this machine (steal) since the
    last :meth:`lap`: psutil's ``cpu_times().steal`` (Linux; 0 elsewhere)."""

    def __init__(self) -> None:
        self._last = self._read()
        self.laps: list[float] = []

    @staticmethod
    def _read() -> tuple[float, float]:
        import psutil

        times = psutil.cpu_times()._asdict()
        total = sum(v for k, v in times.items() if k not in ("guest", "guest_nice"))  # guest: already in user
        return times.get("steal", 0.0), total

    def restart(self) -> None:
        """Start the next lap now (the time since the last lap is not counted)."""
        self._last = self._read()

    def lap(self) -> float:
        """Percent stolen since the previous lap (or creation); kept in :attr:`laps`."""
        steal, total = self._read()
        share = 100 * (steal - self._last[0]) / max(total - self._last[1], 1e-9)
        self._last = (steal, total)
        self.laps.append(share)
        return share


def write_json(path: Path, rows: list[Row], load: float, steal: float | None = None) -> dict[str, Any]:
    """Write ``{"results": [...], "load": X}`` (``load``: the machine's load average while the
    pages were clicked; ``steal_percent`` beside it when measured, the largest share of CPU time
    the host stole during one page) to ``path``; returns what it wrote."""
    document: dict[str, Any] = {"results": json_rows(rows), "load": round(load, 2)}
    if steal is not None:
        document["steal_percent"] = round(steal, 1)
    Path(path).write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return document


def goals(row: dict[str, Any]) -> list[str]:
    """The goals a row of :func:`json_rows` is held to, each with ok or MISSED."""
    def check(name: str, ok: bool) -> str:
        return f"{name} {'ok' if ok else 'MISSED'}"

    found = []
    p = row["p95_ms"]
    if row["lab"] == NEXT_ROW:
        found.append(check("p95 < 100", p < 100))
    elif row["lab"] == SELECT_ROW:
        found.append(check("p95 < 50", p < 50))
    elif row["checkpoints"] == 10:
        found.append(check("p95 < 100", p < 100))
    elif row["checkpoints"] == 50:
        found.append(check("p95 < 150", p < 150))
    if row["kernel_mib"] is not None and row["checkpoints"] == 50:
        found.append(check("kernel < 150 MiB", row["kernel_mib"] < 150))
    return found


def print_table(rows: list[Row], clicks: int, load: float, worst: float | None = None) -> None:
    """The table; ``worst``: the largest share of CPU time (%) the host stole during one page."""
    stolen = f", CPU steal up to {worst:.0f} %" if worst is not None else ""
    print(f"\nClick → picture painted, ms ({clicks} clicks per lab, load average {load:.1f} on {os.cpu_count()} CPUs{stolen})")
    if worst is not None and worst > STEAL_WARN:
        print(f"WARNING: the host stole up to {worst:.0f} % of CPU time during a page (over {STEAL_WARN:.0f} %): "
              "these figures are slowed by the host, not by hvlab; measure again when steal is low.")
    print(f"{'server':7}{'lab':38}{'cps':>4}{'p50':>6}{'p95':>6}{'naive p50':>10}{'p95':>6}{'KB/click':>9}"
          f"{'kernel MiB':>11}{'naive MiB':>10}{'1st img':>8}{'last img':>9}{'pic msg':>8}{'browser':>8}{'2fr p95':>8}"
          f"{'naive':>6}{'paint%':>7}  goals")
    by_row = iter(json_rows(rows))
    for kind, scenario, hv, nv in rows:
        for figures in [next(by_row)] + [next(by_row) for s in (hv.select, hv.next) if s is not None and s.times]:
            twin = figures["lab"] == scenario.title
            rss = f"{figures['kernel_mib']:11.0f}" if figures["kernel_mib"] is not None else f"{'?':>11}"
            naive = (f"{statistics.median(nv.times):10.0f}{figures['naive_p95_ms']:6.0f}" if twin else f"{'':16}")
            nrss = f"{nv.rss:10.0f}" if twin and nv.rss is not None else f"{'':10}"
            timing = f"{statistics.median(hv.first):8.0f}{statistics.median(hv.last):9.0f}" if twin else f"{'':17}"
            series = {SELECT_ROW: hv.select, NEXT_ROW: hv.next}.get(figures["lab"], hv.clicks)
            timing += (f"{statistics.median(series.arrived):8.0f}{statistics.median(series.browser):8.0f}" if series.browser
                       else f"{'':16}")
            timing += f"{p95(series.framed):8.0f}" if series.framed else f"{'':8}"
            timing += f"{p95(nv.clicks.framed):6.0f}" if twin and nv.clicks.framed else f"{'':6}"
            timing += f"{100 * sum(series.reported) / len(series.reported):7.0f}" if series.reported else f"{'':7}"
            extra = [f"{hv.errors + nv.errors} console errors"] if twin and hv.errors + nv.errors else []
            if figures["lab"] == SELECT_ROW:
                extra.append(f"via the {hv.select_via}")
            print(f"{kind:7}{figures['lab']:38}{scenario.checkpoints:>4}{figures['p50_ms']:6.0f}{figures['p95_ms']:6.0f}{naive}"
                  f"{figures['bytes_per_click'] / 1000:9.1f}{rss}{nrss}{timing}  {'; '.join(goals(figures) + extra)}")
    print("1st img / last img: hvlab's median ms from the click to the first / last new picture reaching the page "
          "(hvlab's picture: after its decode); pic msg: median ms to the arrival of the message carrying the picture "
          "(kernel work and transport); browser: median ms from that arrival to painted (the page's part). KB/click: "
          "websocket bytes the page received per click, to the paint. Painted: the browser's paint time of the last new "
          "picture (Element Timing); paint%: the share of clicks whose every new picture reported it (else decoded + two "
          "frames); 2fr p95 / naive: p95 by the older measure, decoded + two animation frames, hvlab and its naive twin.")


def browser_table(args: argparse.Namespace, base: Path) -> tuple[list[Row], float, float | None]:
    from playwright.sync_api import sync_playwright

    work = base / "notebooks"
    work.mkdir()
    for index, scenario in enumerate(SCENARIOS):
        harness.write_notebook(work / f"bench-{index}-hvlab.ipynb", [scenario.hvlab_cell])
        harness.write_notebook(work / f"bench-{index}-naive.ipynb", [scenario.naive_cell])
    env = harness.jupyter_env(base / "jupyter")
    rows: list[Row] = []
    loads: list[float] = []
    steal = Steal()
    with sync_playwright() as p:
        context = harness.launch_browser(p, base / "profile")
        context.route(lambda url: not url.startswith("http://127.0.0.1"),
                      lambda route: route.fulfill(status=200, body=""))
        context.add_init_script(ARRIVALS_JS)
        try:
            for kind in args.servers:
                server = harness.start(kind, work, base, env)
                try:
                    for index, scenario in enumerate(SCENARIOS):
                        if args.scenarios and index not in args.scenarios:
                            continue
                        try:
                            loads.append(os.getloadavg()[0])
                            steal.restart()  # the time between pages is not counted
                            hv = measure(context, server, f"bench-{index}-hvlab.ipynb", scenario.hvlab_clicks, scenario.images,
                                         args.clicks, scenario.extras, args.raw)
                            loads.append(os.getloadavg()[0])
                            hv_steal = steal.lap()
                            nv = measure(context, server, f"bench-{index}-naive.ipynb", scenario.naive_clicks, scenario.naive_images,
                                         args.clicks, False, args.raw)
                            nv_steal = steal.lap()
                        except Exception as error:  # noqa: BLE001 - report it, measure the rest
                            print(f"  {kind} {scenario.title}: not measured: {str(error).splitlines()[0]}\n{server.log_tail(15)}",
                                  file=sys.stderr, flush=True)
                            continue
                        rows.append((kind, scenario, hv, nv))
                        print(f"  measured {kind} {scenario.title} ({scenario.checkpoints} checkpoints); CPU steal "
                              f"{hv_steal:.0f} % (hvlab), {nv_steal:.0f} % (naive)", file=sys.stderr, flush=True)
                finally:
                    server.stop()
        finally:
            context.close()
    load = statistics.mean(loads) if loads else os.getloadavg()[0]
    worst = max(steal.laps) if steal.laps else None
    print_table(rows, args.clicks, load, worst)
    return rows, load, worst


def headless_table() -> None:
    """Each course notebook run top to bottom by nbclient: wall time and the kernel's RSS at the end."""
    import nbformat
    import psutil
    from nbclient import NotebookClient

    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    os.environ.pop("MPLBACKEND", None)
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    print("\nHeadless run (nbclient, fresh kernel each) and kernel RSS after the last cell")
    print(f"{'notebook':40}{'seconds':>9}{'kernel MiB':>12}  goal < 150 MB")
    with tempfile.TemporaryDirectory() as workdir:
        os.environ["HVLAB_PROGRESS"] = os.path.join(workdir, "hvlab-progress.json")  # never ~/.hvlab
        for name, nb in [("(empty notebook: baseline)", empty)] + [(p.name, nbformat.read(p, as_version=4)) for p in notebooks]:
            client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": workdir}})
            started = time.perf_counter()
            with client.setup_kernel(stderr=subprocess.DEVNULL):  # the kernel's TCP notice is noise here
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index)
                seconds = time.perf_counter() - started
                rss = psutil.Process(client.km.provisioner.process.pid).memory_info().rss / 2**20
            print(f"{name:40}{seconds:9.2f}{rss:12.0f}  {'ok' if rss * 2**20 < 150e6 else 'MISSED'}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=30)
    parser.add_argument("--servers", type=lambda s: s.split(","), default=["lab", "voila"])
    parser.add_argument("--skip-headless", action="store_true")
    parser.add_argument("--scenarios", type=lambda s: [int(x) for x in s.split(",")], default=None,
                        help="only these scenario numbers (0 explorer, 1 disk lab 10, 2 disk lab 50)")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--raw", action="store_true", help="also print every click's latency, in order")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE",
                        help='also write the figures to FILE: {"results": [{"server", "lab", "checkpoints", "p50_ms", '
                             '"p95_ms", "naive_p95_ms", "bytes_per_click", "kernel_mib"}, ...], "load"}')
    args = parser.parse_args(argv)
    if not args.skip_browser:
        if not harness.CHROMIUM.exists():
            print(f"{harness.CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory() as base:
            rows, load, steal = browser_table(args, Path(base))
        if args.json is not None:
            write_json(args.json, rows, load, steal)
            print(f"figures written to {args.json}", file=sys.stderr)
    if not args.skip_headless:
        headless_table()
    return 0


if __name__ == "__main__":
    sys.exit(main())
