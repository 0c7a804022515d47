"""Time each diagram from VM to PNG bytes, beside its naive twin, in the same run.

hvlab's way: layout as data, one PathCollection/LineCollection per style, all text as one layer
of cached string bitmaps (diagrams/text_layer.py), pooled Agg renderer, PNG straight from the buffer.
Naive twin: the same layout drawn with pyplot, one FancyBboxPatch per box, one FancyArrowPatch
per arrow, one Text per label, ``savefig(..., bbox_inches="tight")``.

Goals: the 50-checkpoint disk chain under 150 ms; every diagram at most a quarter of its twin.

A second table times the labels alone: the same layouts drawn with the string bitmaps and with
the glyph outlines they replaced (``TextLayer.outline_collections``, what SVG and PDF still get),
in the same run.

    /work/venv/bin/python bench/bench_diagrams.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the naive twin only)
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from hvlab.diagrams import (  # noqa: E402
    checkpoint_tree_layout,
    decision_path_layout,
    disk_chain_layout,
    power_states_layout,
    render_layout,
    render_png,
)
from hvlab.diagrams.api import last_operation_layout  # noqa: E402
from hvlab.diagrams.layout import Layout  # noqa: E402
from hvlab.diagrams.style import HIGHLIGHT_COLOURS, ROLE_STYLES  # noqa: E402
from hvlab.scenarios import many_checkpoints  # noqa: E402

DIAGRAMS: dict[str, Callable] = {
    "disk chain": disk_chain_layout,
    "checkpoint tree": checkpoint_tree_layout,
    "decision path": decision_path_layout,
    "before/after": last_operation_layout,
    "power states": power_states_layout,
}
COUNTS = (1, 10, 50)


def hvlab_png(make: Callable, vm) -> bytes:
    return render_png(render_layout(make(vm)))


def naive_png(make: Callable, vm) -> bytes:
    """The same layout, drawn the way most matplotlib diagram code does it."""
    layout: Layout = make(vm)
    fig = plt.figure(figsize=(layout.width, layout.height), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, layout.width)
    ax.set_ylim(0, layout.height)
    ax.set_axis_off()
    for box in layout.boxes:
        style = ROLE_STYLES[box.role]
        if box.highlight is not None:
            ax.add_patch(FancyBboxPatch((box.left - 0.07, box.bottom - 0.07), box.width + 0.14, box.height + 0.14, boxstyle="round,pad=0.02", facecolor=HIGHLIGHT_COLOURS[box.highlight]))
        ax.add_patch(FancyBboxPatch((box.left, box.bottom), box.width, box.height, boxstyle="round,pad=0.02", facecolor=style.face, edgecolor=style.edge,
                                    linewidth=style.linewidth, linestyle="--" if style.dashed else "-", hatch=style.strip_hatch))
        total = len(box.lines)
        for index, line in enumerate(box.lines):
            ax.text(box.x, box.y + (total / 2 - index - 0.5) * line.style.line_height, line.text, fontsize=line.style.size,
                    fontweight=line.style.value[1], ha="center", va="center")
        if box.badge:
            ax.text(box.right - 0.1, box.top, box.badge, fontsize=7, fontweight="bold", ha="right", va="center", bbox={"facecolor": "white"})
    for arrow in layout.arrows:
        path = MplPath(arrow.points)
        ax.add_patch(FancyArrowPatch(path=path, arrowstyle="-|>", mutation_scale=12, linewidth=2.5 if arrow.highlight else 1.4,
                                     color="black" if not arrow.muted else "#C8C8C8"))
    for label in layout.labels:
        ax.text(label.x, label.y, label.text, fontsize=label.style.size, fontweight=label.style.value[1], ha=label.ha,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1} if label.background else None)
    for mark in layout.marks:
        ax.add_patch(FancyBboxPatch((mark.x - mark.size / 2, mark.y - mark.size / 4), mark.size, mark.size / 2, boxstyle="rarrow,pad=0.01", facecolor="#009E73"))
    for entry in layout.legend:
        ax.add_patch(FancyBboxPatch((entry.x, entry.y - 0.11), 0.42, 0.22, boxstyle="round,pad=0.01", facecolor="#DDDDDD"))
        ax.text(entry.x + 0.52, entry.y, entry.text, fontsize=7, va="center")
    out = io.BytesIO()
    fig.savefig(out, format="png", bbox_inches="tight")
    plt.close(fig)
    return out.getvalue()


def median_ms(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds (CPU time too: this machine is shared, and
    other people's tests stretch wall-clock time but not the work done)."""
    function()  # warm caches (fonts, glyph paths, renderer pool), as a widget's second click would
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def text_table(vms: dict, repeat: int) -> None:
    """The labels drawn from cached string bitmaps beside the glyph outlines they replaced."""
    from hvlab.diagrams.text_layer import TextLayer

    bitmaps = TextLayer.draw

    def outlines(self, renderer) -> None:
        for collection in self.outline_collections():
            collection.draw(renderer)

    print(f"\nLabels: string bitmaps beside glyph outlines (whole picture to PNG, median ms of {repeat})")
    print(f"{'diagram':<16}{'checkpoints':>12}{'bitmaps':>9}{'outlines':>10}")
    for name in ("checkpoint tree", "disk chain"):
        for count in (10, 50):
            layout = DIAGRAMS[name](vms[count])
            figures = []
            for draw in (bitmaps, outlines):
                TextLayer.draw = draw  # type: ignore[method-assign]
                try:
                    figures.append(median_ms(lambda: render_png(render_layout(layout)), repeat)[0])
                finally:
                    TextLayer.draw = bitmaps  # type: ignore[method-assign]
            print(f"{name:<16}{count:>12}{figures[0]:>9.1f}{figures[1]:>10.1f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--naive-repeat", type=int, default=3)
    args = parser.parse_args(argv)
    vms = {n: many_checkpoints(n)[1] for n in COUNTS}
    rows = []
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; medians of {args.repeat} (hvlab) and {args.naive_repeat} (naive) runs")
    print(f"{'diagram':<16}{'checkpoints':>12}{'boxes':>7}{'hvlab ms':>10}{'(cpu)':>8}{'naive ms':>10}{'(cpu)':>8}{'ratio':>8}  goal")
    for name, make in DIAGRAMS.items():
        for count in COUNTS:
            vm = vms[count]
            ours, ours_cpu = median_ms(lambda: hvlab_png(make, vm), args.repeat)
            naive, naive_cpu = median_ms(lambda: naive_png(make, vm), args.naive_repeat)
            ratio = ours / naive
            goals = ["≤ 1/4 naive " + ("ok" if ratio <= 0.25 else "MISSED")]
            if name == "disk chain" and count == 50:
                goals.append("< 150 ms " + ("ok" if ours < 150 else "MISSED"))
            boxes = len(make(vm).boxes)
            rows.append((name, count, ours, naive, ratio))
            print(f"{name:<16}{count:>12}{boxes:>7}{ours:>10.1f}{ours_cpu:>8.1f}{naive:>10.1f}{naive_cpu:>8.1f}{ratio:>8.2f}  {'; '.join(goals)}", flush=True)
    text_table(vms, args.repeat)
    missed = [r for r in rows if r[4] > 0.25] + [r for r in rows if r[0] == "disk chain" and r[1] == 50 and r[2] >= 150]
    print("all goals met" if not missed else f"{len(missed)} goal(s) missed")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
