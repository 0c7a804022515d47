"""Diagrams as PNG bytes for ``widgets.Image``, cached by the state they show.

Why PNG into an Image widget: it is flicker-free and works the same in JupyterLab, Voila and
nbclient (STYLE §4). Why a cache keyed by state: Undo and Reset often return to a state that
was drawn a moment ago, and the explorer's controls are toggled back and forth; a first
drawing costs 4-49 ms in the kernel here (a decision path 14 ms, a 50-checkpoint before/after
49 ms; ``bench/bench_diagrams.py``), a dictionary lookup well under one.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterator

from hvlab.catalog import get_language

if TYPE_CHECKING:  # pragma: no cover
    from hvlab.vm import VirtualMachine

__all__ = ["DiagramCache", "Drawing", "diagrams_module", "render", "state_key"]


def diagrams_module() -> Any:
    """``hvlab.diagrams``, imported on first use so ``import hvlab.widgets`` stays cheap."""
    return importlib.import_module("hvlab.diagrams")


class _Snapshot:
    """What the diagrams of one VM are drawn from, computed once per redraw: the VM's state as
    JSON, and the lab before the last operation. Every diagram key needs the first and the
    before/after needs both; serialising a 50-checkpoint VM three times per click and
    deserialising the earlier lab twice cost about 5 ms of a click (issue 5)."""

    def __init__(self, vm: VirtualMachine):
        self.vm = vm

    @classmethod
    def of(cls, vm: VirtualMachine, snapshot: _Snapshot | None) -> _Snapshot:
        """``snapshot`` when it is the one of ``vm``, else a fresh one."""
        return snapshot if snapshot is not None and snapshot.vm is vm else cls(vm)

    @cached_property
    def json(self) -> str:
        data = self.vm.to_dict()
        data.pop("events", None)
        return json.dumps(data, sort_keys=True, default=str)

    @cached_property
    def before_vm(self) -> VirtualMachine | None:
        """This VM in the lab as it was before the last operation (a detached copy)."""
        lab = self.vm.lab.before_last_operation()
        return lab.vms.get(self.vm.name) if lab is not None else None


def state_key(kind: str, vm: VirtualMachine, snapshot: _Snapshot | None = None) -> str:
    """A short digest of everything a diagram of ``kind`` can show about ``vm``.

    The event log and the clock are left out (they change on every click but are not drawn),
    so toggling a control back returns the cached picture. The before/after diagram also
    depends on the lab before the last operation, so that goes into its key. The language is
    part of the key too: after ``hvlab.set_language`` the next redraw is in the new language.
    """
    snapshot = _Snapshot.of(vm, snapshot)
    parts: list[object] = [kind, get_language(), snapshot.json]
    if kind == "before_after":
        before_vm = snapshot.before_vm
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


@dataclass(frozen=True)
class Drawing:
    """One rendered diagram: the PNG and the same diagram as text (screen readers, tests)."""

    png: bytes
    description: str = ""


class DiagramCache:
    """Recent drawings by state key, least recently used dropped first."""

    def __init__(self, size: int = 48):
        self.size = size
        self._drawings: OrderedDict[str, Drawing] = OrderedDict()
        self.hits = 0
        self.misses = 0
        self._snapshots: dict[int, _Snapshot] | None = None

    @contextmanager
    def one_state(self) -> Iterator[None]:
        """Within this block the lab does not change (one redraw): each VM's state is
        serialised once for all the diagrams drawn, not once per diagram."""
        self._snapshots = {}
        try:
            yield
        finally:
            self._snapshots = None

    def _snapshot(self, vm: VirtualMachine) -> _Snapshot | None:
        if self._snapshots is None:
            return None
        snapshot = _Snapshot.of(vm, self._snapshots.get(id(vm)))
        self._snapshots[id(vm)] = snapshot
        return snapshot

    def drawing(self, kind: str, vm: VirtualMachine) -> tuple[str, Drawing]:
        """``(key, drawing)`` for diagram ``kind`` of ``vm``; drawn only on a cache miss."""
        snapshot = self._snapshot(vm)
        key = state_key(kind, vm, snapshot)
        if key in self._drawings:
            self._drawings.move_to_end(key)
            self.hits += 1
            return key, self._drawings[key]
        self.misses += 1
        drawing = render(kind, vm, snapshot)
        self._drawings[key] = drawing
        while len(self._drawings) > self.size:
            self._drawings.popitem(last=False)
        return key, drawing


def render(kind: str, vm: VirtualMachine, snapshot: _Snapshot | None = None) -> Drawing:
    """Lay out diagram ``kind`` of ``vm`` (the kinds are listed in
    :data:`hvlab.diagrams.DIAGRAM_KINDS`), render it to PNG bytes no wider than the page shows
    it, with the layout's own text description."""
    diagrams = diagrams_module()
    diagram = diagrams.diagram_kind(kind)
    before_known = snapshot is not None and diagram.needs_before
    layout = diagrams.layout_for(kind, vm, snapshot.before_vm if before_known else None, before_known=before_known)
    fig = diagrams.render_layout(layout)
    dpi = min(float(fig.dpi), diagram.max_width_px / fig.get_figwidth())
    return Drawing(diagrams.render_png(fig, dpi=dpi), layout.describe())
