"""The naive baseline of ``bench_browser.py``: the same labs built the way most notebook code
does it — every click redraws every diagram with pyplot (one FancyBboxPatch / FancyArrowPatch /
Text per element, ``bench_diagrams.naive_png``) into an ``Output`` after ``clear_output``.

Same controls (same words), same core operations, same diagrams' content (hvlab's layouts), so
the browser benchmark clicks both with one script. Runs inside the kernel of a bench notebook.
"""

from __future__ import annotations

import sys
from pathlib import Path

import ipywidgets as widgets
from IPython.display import Image, clear_output, display

sys.path.insert(0, str(Path(__file__).resolve().parent))

import matplotlib  # noqa: E402

_backend = matplotlib.get_backend()
import bench_diagrams  # noqa: E402  (its naive_png: pyplot, one patch per element)

matplotlib.use(_backend)

from hvlab import Lab, VMState  # noqa: E402
from hvlab.catalog import text  # noqa: E402
from hvlab.diagrams import checkpoint_tree_layout, decision_path_layout, disk_chain_layout  # noqa: E402
from hvlab.diagrams.api import last_operation_layout  # noqa: E402
from hvlab.errors import HvlabError  # noqa: E402

__all__ = ["NaiveDiskChainLab", "NaiveExplorer"]


def show(out: widgets.Output, make, vm) -> None:
    """Redraw one diagram the naive way: clear the Output, draw with pyplot, display the PNG."""
    with out:
        clear_output(wait=True)
        display(Image(data=bench_diagrams.naive_png(make, vm)))


class NaiveExplorer:
    """The explorer's VM-state buttons and its decision-path diagram, drawn naively."""

    def __init__(self, lab: Lab | None = None):
        if lab is None:
            lab = Lab(seed=0)
            lab.new_vm("web01").put_in_state(VMState.RUNNING)
        self.vm = next(iter(lab.vms.values()))
        self.state = widgets.ToggleButtons(options=[(text(f"widget.state.{s.name}"), s) for s in VMState],
                                           value=self.vm.state, style={"button_width": "auto"})
        self.result = widgets.HTML()
        self.out = widgets.Output()
        self.state.observe(self._on_state, names="value")
        self.widget = widgets.VBox([self.state, self.result, self.out])
        self.redraw()

    def _on_state(self, change) -> None:
        if change["new"] is not self.vm.state:
            self.vm.put_in_state(change["new"])
        self.redraw()

    def redraw(self) -> None:
        self.result.value = self.vm.preview_checkpoint().reason
        show(self.out, decision_path_layout, self.vm)

    def _ipython_display_(self) -> None:
        display(self.widget)


class NaiveDiskChainLab:
    """Checkpoint / Delete Checkpoint... on one VM, with the tree, the chain and the before/after,
    each redrawn naively on every click. The selected checkpoint follows DiskChainLab's rule."""

    def __init__(self, lab: Lab):
        self.lab = lab
        self.vm = next(iter(lab.vms.values()))
        self.selected = self.vm.now_parent_id
        self.last_id: str | None = None
        self.checkpoint_button = widgets.Button(description=text("widget.lab.checkpoint"))
        self.delete_button = widgets.Button(description=text("widget.lab.delete"))
        self.checkpoint_button.on_click(lambda _: self.run(lambda: self.vm.checkpoint()))
        self.delete_button.on_click(lambda _: self.run(lambda: self.vm.delete_checkpoint(self.selected)))
        self.outcome = widgets.HTML()
        self.outs = [widgets.Output() for _ in range(3)]
        self.widget = widgets.VBox([widgets.HBox([self.checkpoint_button, self.delete_button]), self.outcome, *self.outs])
        self.redraw(first=True)

    def run(self, action) -> None:
        try:
            result = action()
            self.outcome.value = result.summary
            self.last_id = result.checkpoint_id
        except HvlabError as error:
            self.outcome.value = str(error)
        if self.selected not in self.vm.checkpoints:
            self.selected = self.last_id if self.last_id in self.vm.checkpoints else self.vm.now_parent_id
        self.redraw()

    def redraw(self, first: bool = False) -> None:
        show(self.outs[0], checkpoint_tree_layout, self.vm)
        show(self.outs[1], disk_chain_layout, self.vm)
        if not first:
            show(self.outs[2], last_operation_layout, self.vm)

    def _ipython_display_(self) -> None:
        display(self.widget)
