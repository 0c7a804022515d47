"""Diagrams as PNG bytes for ``widgets.Image``, cached by the state they show.

Why PNG into an Image widget: it is flicker-free and works the same in JupyterLab, Voila and
nbclient (STYLE §4). Why a cache keyed by state: Undo and Reset often return to a state that
was drawn a moment ago, and the explorer's controls are toggled back and forth; drawing a
diagram costs about half a second on a training-room laptop, a dictionary lookup nothing.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # pragma: no cover
    from hvlab.vm import VirtualMachine

__all__ = ["DIAGRAM_KINDS", "DiagramCache", "diagrams_module", "state_key"]

DIAGRAM_KINDS = ("checkpoint_tree", "disk_chain", "decision_path", "before_after")
"""The ``hvlab.diagrams`` drawings the labs show, by the name after ``draw_``."""


def diagrams_module() -> Any:
    """``hvlab.diagrams``, imported on first use so ``import hvlab.widgets`` stays cheap."""
    return importlib.import_module("hvlab.diagrams")


def state_key(kind: str, vm: VirtualMachine) -> str:
    """A short digest of everything a diagram of ``kind`` can show about ``vm``.

    The event log and the clock are left out (they change on every click but are not drawn),
    so toggling a control back returns the cached picture. The before/after diagram also
    depends on the lab before the last operation, so that goes into its key.
    """
    data = vm.to_dict()
    data.pop("events", None)
    parts: list[object] = [kind, data]
    if kind == "before_after":
        before = vm.lab.before_last_operation()
        before_vm = before.vms.get(vm.name) if before is not None else None
        if before_vm is not None:
            old = before_vm.to_dict()
            old.pop("events", None)
            parts.append(old)
        else:
            parts.append(None)
        result = vm.last_result
        parts.append(None if result is None else [result.operation, result.summary, list(result.created_disks),
                                                  [list(m) for m in result.merged_disks], list(result.discarded_disks),
                                                  list(result.removed_checkpoints)])
    encoded = json.dumps(parts, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha1(encoded).hexdigest()


class DiagramCache:
    """PNG bytes of recent diagrams, least recently used dropped first."""

    def __init__(self, size: int = 48):
        self.size = size
        self._png: OrderedDict[str, bytes] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def png(self, kind: str, vm: VirtualMachine, draw: Callable[[], bytes] | None = None) -> tuple[str, bytes]:
        """``(key, png)`` for diagram ``kind`` of ``vm``; drawn only on a cache miss."""
        key = state_key(kind, vm)
        if key in self._png:
            self._png.move_to_end(key)
            self.hits += 1
            return key, self._png[key]
        self.misses += 1
        data = draw() if draw is not None else render(kind, vm)
        self._png[key] = data
        while len(self._png) > self.size:
            self._png.popitem(last=False)
        return key, data


def render(kind: str, vm: VirtualMachine) -> bytes:
    """Draw ``hvlab.diagrams.draw_<kind>(vm)`` and render it to PNG bytes."""
    module = diagrams_module()
    draw = getattr(module, f"draw_{kind}", None)
    to_png = getattr(module, "render_png", None)
    if draw is None or to_png is None:
        raise ImportError(f"hvlab.diagrams has no draw_{kind} / render_png yet")
    return to_png(draw(vm))
