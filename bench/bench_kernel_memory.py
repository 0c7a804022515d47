"""A real kernel's memory with the disk chain lab of 50 checkpoints, through what the browser bench
does to it: 50 clicks, then clicks on the tree, then the step view's Nexts; beside a baseline
kernel in the same run.

Why a kernel of its own (not this process): what a learner's machine holds is the kernel's RSS,
with ipykernel, the widgets' comms and matplotlib in it. The clicks are the lab's own buttons
(``Button.click()`` runs the same handlers a click in the page does): Delete Checkpoint..., its
Delete, then Checkpoint, in turn, as ``bench/bench_browser.py`` clicks them; a click on the tree
sets the tree picture's ``selected`` (what the page's click syncs); the step view is opened
(its fold) and Next clicked, Restart at the last step. The browser's kernel measured 155 MiB
after its clicks and 188 MiB after the tree and the Nexts: the Nexts draw frames of the chain.

The baseline kernel (``--no-baseline`` leaves it out) runs the same clicks with three of this
session's changes undone by hand before the lab is made (:data:`BASELINE`): jsonschema imported
(every lab imported it), undo snapshots not packed, Agg canvases kept by exact size up to 8 MiB.
Undoing them imports matplotlib early, so the baseline's rows are comparable from "lab shown" on.

After the clicks each kernel reports what it holds: the diagram cache's PNGs, the pooled Agg
canvases, the undo snapshots (plain and packed), the step view's frames, the text masks, the
picture's strips (cached, and held by the cached drawings, each strip once), malloc's free bytes, and its own time per click and per Next, so a figure that grows says where.

    .venv/bin/python bench/bench_kernel_memory.py [--checkpoints 50] [--clicks 50] [--nexts 20]
                                                  [--no-baseline]

Goal: under 150 MiB RSS after the clicks and at the end, at 50 checkpoints. Prints a table;
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SETUP = """
import ctypes as _ctypes, time as _time
import psutil as _psutil
def _rss():
    return _psutil.Process().memory_info().rss / 2**20
def _p50(values):
    return sorted(values)[len(values) // 2] * 1000 if values else float("nan")
"""

BASELINE = """
import jsonschema  # before e373785 a lab imported it (with its format checkers: ~20 MiB)
import hvlab.lab
hvlab.lab.UNPACKED_UNDO = 10**9  # before 76364b7 no undo snapshot was packed
from hvlab.diagrams import png as _png
_png.CANVAS_BUDGET = 8 * 2**20  # before 8783ed1: canvases kept by exact size, 8 MiB
_png.canvas_key = lambda width, height, dpi, own_height=False: (width, height, dpi)
"""
"""Run first in the baseline kernel: the session's starting point, as far as memory goes."""

STAGES = [
    ("kernel started", "pass"),
    ("ipywidgets and hvlab imported", "import ipywidgets\nfrom hvlab import scenarios\nfrom hvlab.widgets import DiskChainLab"),
    ("lab of {n} checkpoints made", "lab, vm = scenarios.many_checkpoints({n})"),
    ("lab shown", "w = DiskChainLab(lab)\nfrom IPython.display import display\ndisplay(w)"),
    ("after {clicks} clicks", """
_click_s = []
for _i in range({clicks}):
    if _i % 2 == 0:
        w.delete_button.click()
        _button = w.delete_confirm_button
    else:
        _button = w.checkpoint_button
    _t = _time.perf_counter()
    _button.click()
    _click_s.append(_time.perf_counter() - _t)
"""),
    ("after {clicks} clicks on the tree", """
_tree = w.checkpoint_menu.pictures["checkpoint_tree"]
_keys = [r["key"] for r in _tree.regions if r.get("kind") == "checkpoint"]
for _i in range({clicks}):
    _tree.selected = _keys[_i % len(_keys)]
"""),
    ("after {nexts} step-view Nexts", """
w.delete_button.click()
w.delete_confirm_button.click()
w.checkpoint_button.click()  # the last operation a checkpoint, with steps
w.step_panel.widget.selected_index = 0  # the fold opened
_view = w.step_panel.view
_next_s = []
for _i in range({nexts}):
    if _view.next_button.disabled:
        _view.restart_button.click()
    _t = _time.perf_counter()
    _view.next_button.click()
    _next_s.append(_time.perf_counter() - _t)
"""),
]

HELD = """
import json as _json, gc as _gc, pickle as _pickle
from hvlab.diagrams import png as _png
from hvlab.diagrams import text_layer as _text_layer
try:
    from hvlab.diagrams import tiles as _tiles  # the picture sent as strips, where the code has them
except ImportError:
    _tiles = None
class _MallInfo2(_ctypes.Structure):
    _fields_ = [(n, _ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                 "fsmblks", "uordblks", "fordblks", "keepcost")]
try:
    _mallinfo2 = _ctypes.CDLL("libc.so.6").mallinfo2
    _mallinfo2.restype = _MallInfo2
    _malloc_free = _mallinfo2().fordblks / 2**20
except (OSError, AttributeError):  # not glibc 2.33+
    _malloc_free = float("nan")
_plain = [s for s in lab._history if isinstance(s._data, dict)]
_packed = [s for s in lab._history if isinstance(s._data, bytes)]
print(_json.dumps({
    "kernel ms per click, median": _p50(_click_s),
    "kernel ms per Next, median": _p50(_next_s),
    "cache PNGs (MiB)": w.cache.png_bytes / 2**20,
    "cached drawings": len(w.cache._drawings),
    "Agg canvases (MiB)": _png.pooled_canvas_bytes() / 2**20,
    "undo snapshots plain": len(_plain),
    "undo snapshots packed": len(_packed),
    "packed snapshots (MiB)": sum(len(s._data) for s in _packed) / 2**20,
    "step frames kept": len(_view.drawings),
    "step frames' PNGs (MiB)": sum(len(d.png) for d in _view.drawings.values()) / 2**20,
    "text masks (MiB)": _text_layer.cached_mask_bytes() / 2**20,
    "tile strips cached (MiB)": _tiles.cached_tile_bytes() / 2**20 if _tiles else 0.0,
    "cached drawings' strips (MiB)": sum({id(t.png): len(t.png) for d in w.cache._drawings.values()
                                          for t in getattr(d, "tiles", ())}.values()) / 2**20,
    "malloc free, not returned (MiB)": _malloc_free,
    "gc objects": len(_gc.get_objects()),
}))
"""


def run(checkpoints: int, clicks: int, nexts: int, before: str = "") -> tuple[list[tuple[str, float]], dict]:
    """Start a kernel, run ``before`` and the stages; return (stage, RSS MiB) and what it holds."""
    from jupyter_client.manager import start_new_kernel

    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    os.environ.pop("MPLBACKEND", None)  # the kernel's own inline backend, as in a notebook
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as workdir:
        os.environ["HVLAB_PROGRESS"] = os.path.join(workdir, "hvlab-progress.json")  # never ~/.hvlab
        km, kc = start_new_kernel(kernel_name="python3", cwd=workdir)
        try:
            def execute(code: str) -> str:
                out: list[str] = []

                def hook(msg: dict) -> None:
                    if msg["msg_type"] == "stream":
                        out.append(msg["content"]["text"])
                    elif msg["msg_type"] == "error":
                        out.append("\n".join(msg["content"]["traceback"]))

                reply = kc.execute_interactive(code, timeout=600, output_hook=hook)
                if reply["content"]["status"] != "ok":
                    raise RuntimeError("".join(out) or str(reply["content"]))
                return "".join(out)

            execute(SETUP)
            for index, (title, code) in enumerate(STAGES):
                if index == 1 and before:
                    execute(before)
                execute(code.format(n=checkpoints, clicks=clicks, nexts=nexts))
                rss = float(execute("print(_rss())"))
                rows.append((title.format(n=checkpoints, clicks=clicks, nexts=nexts), rss))
                print(f"  {rows[-1][0]:40}{rss:8.1f}", file=sys.stderr, flush=True)
            held = json.loads(execute(HELD))
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    return rows, held


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoints", type=int, default=50)
    parser.add_argument("--clicks", type=int, default=50)
    parser.add_argument("--nexts", type=int, default=20)
    parser.add_argument("--no-baseline", action="store_true", help="only the kernel as the code is")
    args = parser.parse_args(argv)
    runs = {}
    if not args.no_baseline:
        print("baseline kernel", file=sys.stderr)
        runs["baseline"] = run(args.checkpoints, args.clicks, args.nexts, BASELINE)
    print("kernel as the code is", file=sys.stderr)
    runs["now"] = run(args.checkpoints, args.clicks, args.nexts)
    names = list(runs)
    print(f"\nKernel RSS, MiB (disk chain lab, {args.checkpoints} checkpoints, load average {os.getloadavg()[0]:.1f})")
    print(f"  {'':44}" + "".join(f"{name:>10}" for name in names))
    for index, (title, _) in enumerate(runs["now"][0]):
        print(f"  {title:44}" + "".join(f"{runs[name][0][index][1]:10.1f}" for name in names))
    print("\nWhat the kernel holds at the end")
    for key in runs["now"][1]:
        values = [runs[name][1][key] for name in names]
        print(f"  {key:44}" + "".join(f"{v:10.1f}" if isinstance(v, float) else f"{v:10d}" for v in values))
    now = runs["now"][0]
    after_clicks, end = now[4][1], now[-1][1]
    verdict = "ok" if max(after_clicks, end) < 150 else "MISSED"
    print(f"goal < 150 MiB after the clicks ({after_clicks:.0f}) and at the end ({end:.0f}): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
