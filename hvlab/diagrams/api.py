"""The public drawing functions: accept a VM (or a preview, a lab, a ready layout), lay it
out, render it on a ``Figure`` in the palette of ``theme`` ("light" by default, "dark",
"high-contrast"). Widgets and notebooks call these and nothing else."""

from __future__ import annotations

from typing import Union

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..lab import Lab
from ..preview import CheckpointPreview
from ..vm import OperationResult, VirtualMachine
from .before_after import before_after_layout
from .checkpoint_tree import checkpoint_tree_layout
from .decision_path import decision_path_layout
from .disk_chain import disk_chain_layout
from .layout import Layout
from .power_states import Transition, power_states_layout
from .render import DiagramFigure, render_layout
from .style import Theme

__all__ = [
    "before_after_layout",
    "checkpoint_tree_layout",
    "decision_path_layout",
    "describe",
    "disk_chain_layout",
    "draw_before_after",
    "draw_checkpoint_tree",
    "draw_decision_path",
    "draw_disk_chain",
    "draw_power_states",
    "last_operation_layout",
    "power_states_layout",
]


def draw_disk_chain(vm_or_layout: Union[VirtualMachine, Layout], ax: Axes | None = None, disk: int = 0, *, theme: Theme | str | None = None) -> Figure:
    """The disk chain of ``disk`` (B16–B18); see :func:`disk_chain_layout`."""
    layout = vm_or_layout if isinstance(vm_or_layout, Layout) else disk_chain_layout(vm_or_layout, disk)
    return render_layout(layout, ax, theme=theme)


def draw_checkpoint_tree(vm_or_layout: Union[VirtualMachine, Layout], ax: Axes | None = None, *, theme: Theme | str | None = None) -> Figure:
    """The checkpoint tree with Now and hvlab's extras; see :func:`checkpoint_tree_layout`."""
    layout = vm_or_layout if isinstance(vm_or_layout, Layout) else checkpoint_tree_layout(vm_or_layout)
    return render_layout(layout, ax, theme=theme)


def draw_decision_path(subject: Union[VirtualMachine, CheckpointPreview, Layout], ax: Axes | None = None, *, theme: Theme | str | None = None) -> Figure:
    """The production-checkpoint decision path (B1–B8); see :func:`decision_path_layout`."""
    layout = subject if isinstance(subject, Layout) else decision_path_layout(subject)
    return render_layout(layout, ax, theme=theme)


def draw_power_states(vm_or_layout: Union[VirtualMachine, Layout], ax: Axes | None = None, last_transition: Transition | None = None,
                      *, theme: Theme | str | None = None) -> Figure:
    """The power-state machine, current state and last transition highlighted."""
    layout = vm_or_layout if isinstance(vm_or_layout, Layout) else power_states_layout(vm_or_layout, last_transition)
    return render_layout(layout, ax, theme=theme)


def last_operation_layout(subject: Union[Lab, VirtualMachine], after_vm: VirtualMachine | None = None, result: OperationResult | None = None) -> Layout:
    """The before/after layout :func:`draw_before_after` draws, for the same arguments."""
    if after_vm is not None:
        before_vm = subject if isinstance(subject, VirtualMachine) else None
        return before_after_layout(before_vm, after_vm, result if result is not None else after_vm.last_result)
    if isinstance(subject, Lab):
        candidates = [vm for vm in subject.vms.values() if vm.last_result is not None] or list(subject.vms.values())
        if not candidates:
            raise ValueError("the lab has no virtual machine to draw")
        subject = candidates[0]
    vm = subject
    before_lab = vm.lab.before_last_operation()
    before_vm = None
    if before_lab is not None:
        before_vm = next((v for n, v in before_lab.vms.items() if n.casefold() == vm.name.casefold()), None)
    return before_after_layout(before_vm, vm, result if result is not None else vm.last_result)


def draw_before_after(
    subject: Union[Lab, VirtualMachine, Layout],
    after_vm: VirtualMachine | None = None,
    result: OperationResult | None = None,
    *,
    ax: Axes | None = None,
    theme: Theme | str | None = None,
) -> Figure:
    """Before and after the last operation. ``draw_before_after(vm)`` uses
    ``vm.lab.before_last_operation()`` and ``vm.last_result``; ``draw_before_after(lab)`` picks
    the lab's VM that has a last result; ``draw_before_after(before_vm, after_vm, result)``
    draws any two states."""
    layout = subject if isinstance(subject, Layout) else last_operation_layout(subject, after_vm, result)
    return render_layout(layout, ax, theme=theme)


def describe(subject: Union[VirtualMachine, CheckpointPreview, Layout, Figure]) -> str:
    """Screen-reader text: a layout's (or a drawn diagram's) own description; for a VM, its
    disk chain, checkpoint tree and power state; for a preview, its decision path."""
    if isinstance(subject, DiagramFigure) and subject.layout is not None:
        subject = subject.layout
    if isinstance(subject, Layout):
        return subject.describe()
    if isinstance(subject, CheckpointPreview):
        return decision_path_layout(subject).describe()
    return "\n\n".join(
        layout.describe() for layout in (disk_chain_layout(subject), checkpoint_tree_layout(subject), power_states_layout(subject))
    )
