"""Every kind of diagram hvlab draws, in one explicit table.

Why a registry: the widgets, the gallery and the tests all need "the disk chain of this VM" by
name. Looking a function up by a built name (``getattr(module, f"draw_{kind}")``) hides which
diagrams exist and breaks silently when one is renamed; this table names each kind once, with
the function that lays it out and the widest picture worth sending to a page.

A kind's ``layout`` takes the VM and, for the before/after picture, the same VM as it was
before the last operation (a caller that already has it passes it, so it is not rebuilt).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from .before_after import before_after_layout
from .checkpoint_tree import checkpoint_tree_layout
from .decision_path import decision_path_layout
from .disk_chain import disk_chain_layout
from .hidden import NOTHING, Hidden
from .layout import Layout
from .power_states import power_states_layout

if TYPE_CHECKING:  # pragma: no cover
    from ..vm import VirtualMachine

__all__ = ["DIAGRAM_KINDS", "DiagramKind", "diagram_kind", "layout_for"]

DEFAULT_MAX_WIDTH_PX = 1800
"""The widest picture worth sending for most kinds: wider than any page column shows."""


@dataclass(frozen=True)
class DiagramKind:
    """One kind of diagram: its name (the widgets' slot names and the gallery use it), how to
    lay it out for a VM, whether it needs the VM as it was before the last operation, and the
    widest picture worth sending (a larger one is rendered at a lower dpi instead of being
    scaled down by the browser)."""

    name: str
    layout: Callable[..., Layout]
    needs_before: bool = False
    max_width_px: int = DEFAULT_MAX_WIDTH_PX
    hides: bool = False
    """Whether its layout takes ``hidden=`` (a scenario's locks show in it: kinds, file names)."""


def _before_after(vm: VirtualMachine, before_vm: VirtualMachine | None, hidden: Hidden = NOTHING) -> Layout:
    return before_after_layout(before_vm, vm, vm.last_result, hidden=hidden)


DIAGRAM_KINDS: dict[str, DiagramKind] = {
    kind.name: kind
    for kind in (
        DiagramKind("checkpoint_tree", checkpoint_tree_layout, hides=True),
        # Every picture of a lab has a tab of its own, the page's full width: drawn at its size.
        DiagramKind("disk_chain", disk_chain_layout, hides=True),
        DiagramKind("decision_path", decision_path_layout),
        DiagramKind("before_after", _before_after, needs_before=True, hides=True),
        DiagramKind("power_states", power_states_layout),
    )
}
"""Every diagram kind, by name."""


def diagram_kind(name: str) -> DiagramKind:
    """The kind called ``name``; a ``KeyError`` names the kinds that exist."""
    try:
        return DIAGRAM_KINDS[name]
    except KeyError:
        raise KeyError(f"no diagram kind {name!r}; hvlab draws {', '.join(DIAGRAM_KINDS)}") from None


def _lab_before(vm: VirtualMachine) -> VirtualMachine | None:
    lab = vm.lab.before_last_operation()
    return lab.vms.get(vm.name) if lab is not None else None


def layout_for(name: str, vm: VirtualMachine, before_vm: VirtualMachine | None = None, *, before_known: bool = False,
               hidden: Hidden = NOTHING) -> Layout:
    """The layout of diagram ``name`` for ``vm``. For a kind that needs the earlier VM, pass
    ``before_vm`` with ``before_known=True`` when you have it; otherwise it is read from the
    lab's undo history. ``hidden``: what a scenario's locks hide (the kinds that show it)."""
    kind = diagram_kind(name)
    extra = {"hidden": hidden} if kind.hides and hidden != NOTHING else {}
    if not kind.needs_before:
        return kind.layout(vm, **extra)
    return kind.layout(vm, before_vm if before_known else _lab_before(vm), **extra)
