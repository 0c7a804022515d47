"""Apply comparison: Microsoft's own demo, standard and production side by side.

"Using checkpoints to revert virtual machines to a previous state" (USING, B13–B15) walks
through the same steps twice: a running VM with a text file and Notepad open, a checkpoint, a
change, Apply. With a standard checkpoint the VM comes back exactly as it was, Notepad open
(hvlab leaves it Saved until Start, B14 *assumed*); with a production checkpoint it is Off and
the next Start is a cold boot: the file is there, Notepad is not (A3, B13).

Both VMs live in one lab, so one Undo and one Reset serve both sides; each click is still one
operation on one VM.
"""

from __future__ import annotations

import ipywidgets as widgets

from hvlab.catalog import text
from hvlab.course.demos import DEMO_FILE, SIDES, STEPS, demo_app, prepare_demo
from hvlab.lab import Lab
from hvlab.states import VMState
from hvlab.vm import VirtualMachine

from . import screen
from .controller import LabController, esc
from .step_view import StepPanel

__all__ = ["ApplyComparison", "DEMO_FILE", "SIDES", "demo_app"]


class ApplyComparison(LabController):
    """The USING demo: same VM, a standard and a production checkpoint, apply each."""

    def __init__(self, lab: Lab | None = None):
        super().__init__(lab if lab is not None else prepare_demo())
        self.vm_names = {suffix: f"demo-{suffix}" for suffix, _ in SIDES}
        self.buttons: dict[tuple[str, str], widgets.Button] = {}
        self.views: dict[str, widgets.HTML] = {}
        columns = []
        for suffix, setting in SIDES:
            for step in STEPS:
                button = widgets.Button(description=text(f"widget.compare.step.{step}"), layout=widgets.Layout(width="auto"),
                                        tooltip=text(f"widget.compare.tip.{step}"))
                button.on_click(lambda _, s=suffix, st=step: self.step(s, st))
                self.buttons[(suffix, step)] = button
            self.views[suffix] = widgets.HTML()
            tree = self.described_image(f"checkpoint_tree:{suffix}")
            # Each side: its steps, what the VM shows, its tree in a pane (drawn size, scrolls).
            columns.append(screen.column(
                [widgets.HTML(f"<b>{esc(text(f'widget.compare.side.{suffix}', setting=setting.label))}</b>"),
                 screen.group([self.buttons[(suffix, st)] for st in STEPS]),
                 self.views[suffix], screen.pane([tree])],
                padding="0 6px",
            ))
        self.step_panel = StepPanel(self)
        self.widget = screen.lab_root([
            # Undo and Reset on the title's line: one line less above the two sides.
            screen.group([widgets.HTML(f"<div class='hvlab-heading'>{esc(text('widget.on_host', title=text('widget.compare.title'), host=self.lab.host.label))}</div>"),  # B26
                          widgets.HTML("&emsp;"), self.undo_button, self.reset_button]),
            widgets.HTML(f"<div>{esc(text('widget.compare.intro'))}</div>"),
            self.outcome,
            widgets.HBox(columns, layout=widgets.Layout(width="auto", align_items="flex-start")),
            self.step_panel.widget,  # folded: the last click's operation step by step (step_view)
        ])
        self.refresh()

    def vm(self, side: str) -> VirtualMachine:
        """The VM of one side: ``"standard"`` or ``"production"``."""
        return self.lab.vm(self.vm_names[side])

    def step(self, side: str, step: str) -> bool:
        """One click on one side: one core operation."""
        vm = self.vm(side)
        if step == "delete_file":
            return self.act(vm, "delete_file", path=DEMO_FILE)
        if step == "apply":
            return self.act(vm, "apply", checkpoint=vm.find_checkpoint("demo"))
        return self.act(vm, step)

    def redraw(self) -> None:
        for side, _ in SIDES:
            vm = self.vm(side)
            self.views[side].value = self._side_html(vm)
            self.draw(f"checkpoint_tree:{side}", vm, diagram="checkpoint_tree")

    @staticmethod
    def _side_html(vm: VirtualMachine) -> str:
        cp = vm.find_checkpoint("demo")
        file_there = vm.read_file(DEMO_FILE) is not None
        apps = vm.open_apps
        if vm.state is VMState.SAVED and vm.memory is not None:
            apps_text = text("widget.lab.apps_in_memory", apps=", ".join(vm.memory.open_apps) or text("widget.lab.none"))
        else:
            apps_text = ", ".join(apps) if apps else text("widget.lab.none")
        rows = [
            (text("widget.compare.row.checkpoint"), text("widget.compare.kind", kind=cp.kind.label)),
            (text("widget.compare.row.thumbnail"), text("widget.yes") if cp.has_thumbnail else text("widget.no")),
            (text("widget.compare.row.state"), text("widget.compare.state", hyperv_state=vm.state.hyperv_display,
                                                     state=text(f"widget.state.{vm.state.name}"))),
            (text("widget.compare.row.file"), text("widget.yes") if file_there else text("widget.no")),
            (text("widget.compare.row.apps"), apps_text),
        ]
        body = "".join(f"<tr><th style='text-align:left'>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
        return f'<table class="hvlab-compare">{body}</table>'
