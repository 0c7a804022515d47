"""Microsoft's own apply demo as a lab: standard and production side by side (USING, B13–B15).

"Using checkpoints to revert virtual machines to a previous state" walks through the same steps
twice: a running VM with a text file and Notepad open, a checkpoint, a change, Apply. The widget
that lets a learner click through it is ``hvlab.widgets.apply_comparison.ApplyComparison``."""

from __future__ import annotations

from hvlab.catalog import text
from hvlab.checkpoint_type import CheckpointType
from hvlab.lab import Lab
from hvlab.states import VMState

__all__ = ["DEMO_FILE", "SIDES", "STEPS", "demo_app", "prepare_demo"]

DEMO_FILE = "C:\\Users\\Student\\Documents\\demo.txt"
SIDES = (("standard", CheckpointType.STANDARD), ("production", CheckpointType.PRODUCTION))
"""Left and right: the VM name suffix and its checkpoint setting."""

STEPS = ("delete_file", "apply", "start", "complete_boot")
"""The learner's steps on each side, after the prepared checkpoint."""


def demo_app() -> str:
    """The application open in the demo, by the name the learner's Windows gives it
    (Notepad; メモ帳 in Japanese)."""
    return text("app.notepad")


def prepare_demo(seed: int = 0) -> Lab:
    """Two identical running Windows VMs with the demo file and Notepad open, each with one
    checkpoint named 'demo' taken under its own setting (USING)."""
    lab = Lab(seed=seed)
    for suffix, setting in SIDES:
        vm = lab.new_vm(f"demo-{suffix}", checkpoint_type=setting)
        vm.put_in_state(VMState.RUNNING)
        vm.write_file(DEMO_FILE, text("widget.compare.file_content"), size_mb=0.1)
        vm.open_app(demo_app())
        vm.checkpoint("demo")
    return lab
