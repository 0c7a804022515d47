"""Click → diagram painted, in a real browser, in JupyterLab and in Voila; kernel memory and
headless run time of every course notebook. Prints tables; asserts nothing.

Latency is measured in the page: the script clicks a control (``element.click()``) and a
MutationObserver notes every diagram ``<img>`` that gets a new picture (a new ``src`` for an
Image widget, a new ``<img>`` in an Output); the click counts as painted when the last of those
images is decoded and two animation frames have passed (the frame that shows it was painted).
A click is painted when all the pictures it changes (1 in the explorer, 3 in the disk chain lab)
are; the next click follows then. Before the first click of each page the script waits (up to
20 s) until the CPUs are mostly idle, so no page starts while the previous one's kernel is still
shutting down.

Baseline, in the same run, on the same server and browser: the same labs drawn the naive way
(``bench/naive_lab.py``: pyplot, one FancyBboxPatch/FancyArrowPatch/Text per element, redrawn
into an ``Output`` after ``clear_output``).

Goals: hvlab p95 under 150 ms with 10 checkpoints, under 250 ms with 50, at most a quarter of
the naive baseline; under 150 MB per kernel.

    python bench/bench_browser.py [--clicks 30] [--servers lab,voila] [--scenarios 0,1,2] [--raw] [--skip-headless]

Needs /usr/bin/chromium (Debian) and the playwright Python package; never `playwright install`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import harness  # noqa: E402  (tests/browser/harness.py: servers and browser)
from browser.pages import goto  # noqa: E402

BENCH = ROOT / "bench"
NAIVE = f"import sys\nsys.path.insert(0, {str(BENCH)!r})\nfrom naive_lab import NaiveDiskChainLab, NaiveExplorer\n"
STATES = ["Saved", "Off", "Starting (guest booting)", "Running (guest booted)", "Paused"]

SCENARIOS = [
    # name, checkpoints, hvlab cell, naive cell, click labels (cycled), pictures each click changes
    ("explorer: VM state buttons", 0,
     "from hvlab.widgets import CheckpointTypeExplorer\nCheckpointTypeExplorer()",
     NAIVE + "NaiveExplorer()", STATES, 1),
    ("disk chain lab: Checkpoint / Delete", 10,
     "from hvlab import scenarios\nfrom hvlab.widgets import DiskChainLab\nlab, vm = scenarios.many_checkpoints(10)\nDiskChainLab(lab)",
     NAIVE + "from hvlab import scenarios\nlab, vm = scenarios.many_checkpoints(10)\nNaiveDiskChainLab(lab)",
     ["Checkpoint", "Delete Checkpoint..."], 3),
    ("disk chain lab: Delete / Checkpoint", 50,
     "from hvlab import scenarios\nfrom hvlab.widgets import DiskChainLab\nlab, vm = scenarios.many_checkpoints(50)\nDiskChainLab(lab)",
     NAIVE + "from hvlab import scenarios\nlab, vm = scenarios.many_checkpoints(50)\nNaiveDiskChainLab(lab)",
     ["Delete Checkpoint...", "Checkpoint"], 3),
]

CLICK_JS = """async ([label, expected, quietMs, limitMs]) => {
  const find = () => {
    for (const b of document.querySelectorAll('button'))
      if (b.textContent.trim() === label && b.offsetParent !== null) return b;
    return null;
  };
  const target = find();
  if (!target) return {error: 'no button ' + label};
  const pending = [];
  let lastChange = 0, painted = null, first = null;
  const track = (img) => {
    lastChange = performance.now();
    if (first === null) first = lastChange;
    pending.push(img.decode().catch(() => {}).then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))
      .then(() => { const t = performance.now(); if (painted === null || t > painted) painted = t; }));
  };
  const observer = new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes' && m.target.tagName === 'IMG' && m.target.src) track(m.target);
      for (const n of m.addedNodes || []) {
        if (n.tagName === 'IMG') track(n);
        else if (n.querySelectorAll) n.querySelectorAll('img').forEach(track);
      }
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
  const start = performance.now();
  target.click();
  const sleep = (ms) => new Promise(r => setTimeout(r, ms));
  while (performance.now() - start < limitMs) {
    await sleep(25);
    if (pending.length >= expected) break;
    if (pending.length && performance.now() - lastChange > quietMs) break;
  }
  await Promise.all(pending);
  observer.disconnect();
  return painted === null ? {error: 'no diagram changed after ' + label} : {ms: painted - start, first: first - start, last: lastChange - start, images: pending.length};
}"""


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def kernel_rss_mib(server: harness.Server) -> float | None:
    """RSS of the newest kernel the server started (the one the page just used)."""
    import psutil

    kernels = [c for c in psutil.Process(server.pid).children(recursive=True)
               if "ipykernel" in " ".join(c.cmdline())]
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
    page.locator("img").first.wait_for(state="visible", timeout=120_000)
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
class Measurement:
    """One page's clicks: latency of each (ms), the kernel's RSS after them, console errors,
    and when the first and the last new picture of each click reached the page."""

    times: list[float] = field(default_factory=list)
    rss: float | None = None
    errors: int = 0
    first: list[float] = field(default_factory=list)
    last: list[float] = field(default_factory=list)


def measure(context, server: harness.Server, notebook: str, labels: list[str], images: int, clicks: int,
            raw: bool = False) -> Measurement:
    """``clicks`` clicks cycling through ``labels``. A click is painted when ``images`` new
    pictures are (or, if fewer change, after 3 s of quiet). ``raw`` prints every latency."""
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    result = Measurement()
    try:
        open_page(page, server, notebook)
        wait_until_quiet()
        short = 0
        for i in range(clicks):
            click = page.evaluate(CLICK_JS, [labels[i % len(labels)], images, 3000, 30_000])
            if "error" in click:
                raise RuntimeError(f"{notebook}: {click['error']}")
            if click["images"] < images:
                short += 1
            result.times.append(click["ms"])
            result.first.append(click["first"])
            result.last.append(click["last"])
        result.rss = kernel_rss_mib(server)
        if raw:
            print(f"  {notebook} ms per click, in order: {' '.join(f'{t:.0f}' for t in result.times)}", file=sys.stderr, flush=True)
        if short:
            print(f"  {notebook}: {short} clicks changed fewer than {images} pictures", file=sys.stderr)
    finally:
        page.close()
        server.shutdown_kernels()
    result.errors = len(errors)
    return result


def browser_table(args: argparse.Namespace, base: Path) -> None:
    from playwright.sync_api import sync_playwright

    work = base / "notebooks"
    work.mkdir()
    for index, (_, _, hv_cell, naive_cell, _, _) in enumerate(SCENARIOS):
        harness.write_notebook(work / f"bench-{index}-hvlab.ipynb", [hv_cell])
        harness.write_notebook(work / f"bench-{index}-naive.ipynb", [naive_cell])
    env = harness.jupyter_env(base / "jupyter")
    rows = []
    with sync_playwright() as p:
        context = harness.launch_browser(p, base / "profile")
        context.route(lambda url: not url.startswith("http://127.0.0.1"),
                      lambda route: route.fulfill(status=200, body=""))
        try:
            for kind in args.servers:
                server = harness.start(kind, work, base, env)
                try:
                    for index, (title, count, _, _, labels, images) in enumerate(SCENARIOS):
                        if args.scenarios and index not in args.scenarios:
                            continue
                        try:
                            hv = measure(context, server, f"bench-{index}-hvlab.ipynb", labels, images, args.clicks, args.raw)
                            nv = measure(context, server, f"bench-{index}-naive.ipynb", labels, images, args.clicks, args.raw)
                        except Exception as error:  # noqa: BLE001 - report it, measure the rest
                            print(f"  {kind} {title}: not measured: {str(error).splitlines()[0]}\n{server.log_tail(15)}",
                                  file=sys.stderr, flush=True)
                            continue
                        rows.append((kind, title, count, hv, nv))
                        print(f"  measured {kind} {title} ({count} checkpoints)", file=sys.stderr, flush=True)
                finally:
                    server.stop()
        finally:
            context.close()
    print(f"\nClick → diagram painted, ms ({args.clicks} clicks per lab, load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs)")
    header = (f"{'server':7}{'lab':38}{'cps':>4}{'hvlab med':>10}{'p95':>7}{'naive med':>10}{'p95':>7}"
              f"{'p95 ratio':>10}{'kernel MiB':>11}{'naive MiB':>10}{'1st img':>8}{'last img':>9}  goal")
    print(header)
    for kind, title, count, hv, nv in rows:
        ratio = p95(hv.times) / p95(nv.times)
        goals = [f"≤ 1/4 naive {'ok' if ratio <= 0.25 else 'MISSED'}"]
        if count == 10:
            goals.append(f"p95 < 150 {'ok' if p95(hv.times) < 150 else 'MISSED'}")
        if count == 50:
            goals.append(f"p95 < 250 {'ok' if p95(hv.times) < 250 else 'MISSED'}")
        if hv.errors + nv.errors:
            goals.append(f"{hv.errors + nv.errors} console errors")
        rss = f"{hv.rss:11.0f}" if hv.rss is not None else f"{'?':>11}"
        nrss = f"{nv.rss:10.0f}" if nv.rss is not None else f"{'?':>10}"
        print(f"{kind:7}{title:38}{count:>4}{statistics.median(hv.times):10.0f}{p95(hv.times):7.0f}{statistics.median(nv.times):10.0f}"
              f"{p95(nv.times):7.0f}{ratio:10.2f}{rss}{nrss}{statistics.median(hv.first):8.0f}{statistics.median(hv.last):9.0f}"
              f"  {'; '.join(goals)}")
    print("1st img / last img: hvlab's median ms from the click to the first / last new picture reaching the page "
          "(kernel work and transport); the rest up to 'hvlab med' is the browser decoding and painting.")


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
    args = parser.parse_args(argv)
    if not args.skip_browser:
        if not harness.CHROMIUM.exists():
            print(f"{harness.CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory() as base:
            browser_table(args, Path(base))
    if not args.skip_headless:
        headless_table()
    return 0


if __name__ == "__main__":
    sys.exit(main())
