"""Time a learner's click in the lab widgets (Python side: core operation + redraw), beside
baselines in the same run ("redraw once", "cache PNGs by a key of the state").

Columns: the core operation alone; the widget drawing every diagram on every click (naive
twin: no cache, no "only what changed"); hvlab's widget (state-keyed PNG cache, only changed
images replaced). Browser paint time is not included: bench/bench_browser.py measures click →
painted in JupyterLab and Voila.

    .venv/bin/python bench/bench_widgets.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from hvlab import Lab, VMState  # noqa: E402
from hvlab.widgets import CheckpointTypeExplorer, DiskChainLab  # noqa: E402
from hvlab.widgets.controller import LabController  # noqa: E402
from hvlab.widgets.rendering import DiagramCache  # noqa: E402
from hvlab.widgets.step_view import StepView  # noqa: E402


def naive(controller: LabController) -> LabController:
    """Make ``controller`` redraw every diagram on every click (the naive twin)."""
    controller.cache = DiagramCache(size=0)
    original = controller.draw

    def draw_always(kind, vm, diagram=None):
        controller._image_keys.pop(kind, None)
        original(kind, vm, diagram)

    controller.draw = draw_always  # type: ignore[method-assign]
    return controller


def _lab() -> Lab:
    lab = Lab(seed=0)
    lab.new_vm("web01").put_in_state(VMState.RUNNING)
    return lab


def scenario_lab_sequence(widget: DiskChainLab | None, lab: Lab) -> Callable[[], None]:
    """Checkpoint, edit a file, apply ("Apply"), start, finish boot, undo x2: a typical minute."""
    vm = lab.vm("web01")

    def run() -> None:
        if widget is None:
            vm.checkpoint("cp")
            vm.write_file("C:\\a.txt", "x")
            vm.apply("cp")
            vm.start()
            vm.complete_boot()
            lab.undo()
            lab.undo()
        else:
            widget.checkpoint_name.value = "cp"
            widget.checkpoint_button.click()
            widget.edit_button.click()
            widget.select("cp")
            widget.apply_button.click()
            widget.apply_only_button.click()
            widget.power_buttons["start"].click()
            widget.power_buttons["complete_boot"].click()
            widget.undo_button.click()
            widget.undo_button.click()
    return run


def scenario_explorer_toggle(widget: CheckpointTypeExplorer | None, lab: Lab) -> Callable[[], None]:
    """Toggle the VM state Running → Starting → Saved → Running (explorer's common use)."""
    vm = lab.vm("web01")

    def run() -> None:
        for state in (VMState.STARTING, VMState.SAVED, VMState.RUNNING):
            if widget is None:
                vm.put_in_state(state)
                vm.preview_checkpoint()
            else:
                widget.state.value = state
    return run


def step_next_to_png(checkpoints: int, prefetch: bool) -> list[float]:
    """Milliseconds from a Next click to the new PNG in the step view's Image (kernel side),
    for every step of deleting a chain of ``checkpoints`` checkpoints with its subtree.
    ``prefetch=False`` is the naive twin: each frame drawn when Next asks for it."""
    lab = _lab()
    vm = lab.vm("web01")
    for i in range(checkpoints):
        vm.checkpoint(f"c{i}")
    view = StepView(vm.delete_checkpoint_subtree("c0"), play_delay=0)
    if not prefetch:
        view._prefetch = lambda: None  # type: ignore[method-assign]
    painted: list[float] = []
    view.image.observe(lambda _: painted.append(time.perf_counter()), names="value")
    times = []
    while view.index < view.count:
        start = time.perf_counter()
        view.next_button.click()
        times.append((painted[-1] - start) * 1000)
    return times


def big_lab_clicks(checkpoints: int, clicks: int) -> list[float]:
    """Milliseconds per click (kernel side: core operation and redraw) in a disk chain lab of
    ``checkpoints`` checkpoints: Delete Checkpoint... confirmed, then Checkpoint, in turn (a
    Delete first: 50 is Hyper-V's per-VM maximum), the clicks bench/bench_browser.py times."""
    from hvlab import scenarios

    lab, vm = scenarios.many_checkpoints(checkpoints)
    widget = DiskChainLab(lab)
    times = []
    for i in range(clicks):
        if i % 2 == 0:
            widget.select(list(vm.checkpoints)[-1])
            widget.delete_button.click()  # asks first: not timed
            button = widget.delete_confirm_button
        else:
            button = widget.checkpoint_button
        start = time.perf_counter()
        button.click()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(make: Callable[[], Callable[[], None]], clicks: int, repeat: int) -> float:
    """Median milliseconds per click over ``repeat`` fresh runs."""
    times = []
    for _ in range(repeat):
        run = make()
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000 / clicks)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    def lab_core():
        lab = _lab()
        return scenario_lab_sequence(None, lab)

    def lab_naive():
        lab = _lab()
        return scenario_lab_sequence(naive(DiskChainLab(lab)), lab)  # type: ignore[arg-type]

    def lab_hvlab():
        lab = _lab()
        return scenario_lab_sequence(DiskChainLab(lab), lab)

    def explorer_core():
        lab = _lab()
        return scenario_explorer_toggle(None, lab)

    def explorer_naive():
        lab = _lab()
        return scenario_explorer_toggle(naive(CheckpointTypeExplorer(lab)), lab)  # type: ignore[arg-type]

    def explorer_hvlab():
        lab = _lab()
        widget = CheckpointTypeExplorer(lab)
        scenario_explorer_toggle(widget, lab)()  # a learner toggles back and forth: warm cache
        return scenario_explorer_toggle(widget, lab)

    rows = [
        ("disk chain lab, 9 clicks", 9, lab_core, lab_naive, lab_hvlab),
        ("explorer, 3 state toggles (revisited)", 3, explorer_core, explorer_naive, explorer_hvlab),
    ]
    print(f"{'scenario':40} {'core only':>10} {'naive twin':>11} {'hvlab':>8}   ms per click (median of {args.repeat})")
    for title, clicks, core, naive_make, hvlab_make in rows:
        c = measure(core, clicks, args.repeat)
        n = measure(naive_make, clicks, args.repeat)
        h = measure(hvlab_make, clicks, args.repeat)
        print(f"{title:40} {c:10.1f} {n:11.1f} {h:8.1f}")
    print(f"\n{'disk chain lab: Delete / Checkpoint':40} {'clicks':>10} {'p50':>8} {'p95':>8}   ms per click (kernel side)")
    for checkpoints in (10, 50):
        times = [t for _ in range(args.repeat) for t in big_lab_clicks(checkpoints, 10)]
        print(f"{f'{checkpoints} checkpoints':40} {len(times):10d} {_p(times, 0.5):8.1f} {_p(times, 0.95):8.1f}")
    print(f"\n{'step view: Next -> new PNG':40} {'steps':>10} {'naive p95':>11} {'p50':>8} {'p95':>8}   ms (kernel side)")
    for checkpoints in (10, 50):
        naive_times = [t for _ in range(args.repeat) for t in step_next_to_png(checkpoints, prefetch=False)]
        times = [t for _ in range(args.repeat) for t in step_next_to_png(checkpoints, prefetch=True)]
        print(f"{f'delete subtree of {checkpoints} checkpoints':40} {len(times) // args.repeat:10d} {_p(naive_times, 0.95):11.1f}"
              f" {_p(times, 0.5):8.1f} {_p(times, 0.95):8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
