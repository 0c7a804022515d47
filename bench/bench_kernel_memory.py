"""A real kernel's memory with the disk chain lab of 50 checkpoints, before and after 50 clicks.

Why a kernel of its own (not this process): what a learner's machine holds is the kernel's RSS,
with ipykernel, the widgets' comms and matplotlib in it. The clicks are the lab's own buttons
(``Button.click()`` runs the same handlers a click in the page does): Delete Checkpoint..., its
Delete, then Checkpoint, in turn, as ``bench/bench_browser.py`` clicks them. After the clicks the
kernel reports what it holds: the diagram cache's PNGs, the pooled Agg canvases, the steps the
lab's results keep and the undo snapshots, so a figure that grows says where.

    .venv/bin/python bench/bench_kernel_memory.py [--checkpoints 50] [--clicks 50]

Goal: under 150 MiB RSS after 50 clicks at 50 checkpoints. Prints a table; asserts nothing.
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
import psutil as _psutil
def _rss():
    return _psutil.Process().memory_info().rss / 2**20
"""

STAGES = [
    ("kernel started", "pass"),
    ("ipywidgets and hvlab imported", "import ipywidgets\nfrom hvlab import scenarios\nfrom hvlab.widgets import DiskChainLab"),
    ("lab of {n} checkpoints made", "lab, vm = scenarios.many_checkpoints({n})"),
    ("lab shown", "w = DiskChainLab(lab)\nfrom IPython.display import display\ndisplay(w)"),
    ("after {clicks} clicks", """
for _i in range({clicks}):
    if _i % 2 == 0:
        w.delete_button.click()
        w.delete_confirm_button.click()
    else:
        w.checkpoint_button.click()
"""),
]

HELD = """
import json as _json, gc as _gc
from hvlab.diagrams import png as _png
_results = [r for r in w._undoable if r is not None]
_steps = [s for r in _results for s in r.steps]
print(_json.dumps({
    "cache PNGs (MiB)": w.cache.png_bytes / 2**20,
    "cached drawings": len(w.cache._drawings),
    "Agg canvases (MiB)": _png.pooled_canvas_bytes() / 2**20,
    "results kept": len(_results),
    "steps kept": len(_steps),
    "steps' states (MiB)": sum(len(getattr(s, "packed", b"")) for s in _steps) / 2**20,
    "undo snapshots": len(lab._history),
    "gc objects": len(_gc.get_objects()),
}))
"""


def run(checkpoints: int, clicks: int) -> list[tuple[str, float]]:
    """Start a kernel, run the stages, return (stage, RSS MiB) and print what the kernel holds."""
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
            for title, code in STAGES:
                execute(code.format(n=checkpoints, clicks=clicks))
                rss = float(execute("print(_rss())"))
                rows.append((title.format(n=checkpoints, clicks=clicks), rss))
                print(f"  {rows[-1][0]:40}{rss:8.1f}", file=sys.stderr, flush=True)
            held = json.loads(execute(HELD))
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    print("\nWhat the kernel holds after the clicks")
    for name, value in held.items():
        print(f"  {name:30}{value:10.1f}" if isinstance(value, float) else f"  {name:30}{value:10d}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoints", type=int, default=50)
    parser.add_argument("--clicks", type=int, default=50)
    args = parser.parse_args(argv)
    rows = run(args.checkpoints, args.clicks)
    print(f"\nKernel RSS, MiB (disk chain lab, {args.checkpoints} checkpoints, load average {os.getloadavg()[0]:.1f})")
    for title, rss in rows:
        print(f"  {title:40}{rss:8.1f}")
    final = rows[-1][1]
    print(f"goal < 150 MiB after the clicks: {'ok' if final < 150 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
