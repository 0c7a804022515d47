"""A scenario's locks in the disk chain lab (docs/scenarios.md, ``[locks]``): what the lab leaves
out while a Challenge plays a locked scenario.

- ``kind_column``: the pictures' KIND column and production/standard shapes (the diagrams'
  ``Hidden``), and the kind and the setting it was taken with wherever a checkpoint is shown;
- ``file_names``: the disk files' names and paths, in the pictures and a clicked disk;
- ``why_checklist``: the explanation under an operation's outcome and its steps one by one.

With any lock the event log starts where the scenario starts: its set-up's lines name the kinds
and the files. A mixin of :class:`~hvlab.widgets.DiskChainLab`, kept apart so the lab stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hvlab.catalog import text
from hvlab.course.scenario import Locks
from hvlab.reference.citations import cite_html

from .controller import esc

if TYPE_CHECKING:  # pragma: no cover
    from hvlab.checkpoint import Checkpoint
    from hvlab.vm import OperationResult

    from .rendering import DiagramCache

__all__ = ["LockedLab", "Locks", "hides_of"]


def _label(vm: object, slot: int, disk_id: str) -> str:
    """The pictures' neutral label of a disk file (:func:`hvlab.diagrams.hidden.disk_file_label`);
    without matplotlib (no picture drawn) a label without its number."""
    try:
        from hvlab.diagrams.hidden import disk_file_label
    except ImportError:
        return text("diagram.hidden.disk_file", number="")
    return disk_file_label(vm, slot, disk_id)  # type: ignore[arg-type]


def hides_of(locks: Locks | None) -> frozenset[str]:
    """The pictures' part of ``locks``, as :attr:`~hvlab.widgets.rendering.DiagramCache.hides` names."""
    if locks is None:
        return frozenset()
    return frozenset(name for name, locked in (("kind", locks.kind_column), ("file_names", locks.file_names)) if locked)


class LockedLab:
    """What a lab shows under a scenario's locks (none: everything, as before)."""

    locks: Locks | None = None
    cache: DiagramCache
    _first_event = 0

    def apply_locks(self, locks: Locks | None) -> None:
        """Take ``locks`` (before the first drawing): the pictures, the steps, the event log."""
        self.locks = locks
        self.cache.hides = hides_of(locks)
        if locks is not None and (locks.why_checklist or locks.kind_column or locks.file_names):
            self._first_event = len(self.vm.events)  # type: ignore[attr-defined]
        if locks is not None and (locks.why_checklist or locks.kind_column or locks.file_names):
            # the last operation step by step says why it went so, the kinds and the files
            self.step_panel.widget.layout.display = "none"  # type: ignore[attr-defined]

    @property
    def kind_hidden(self) -> bool:
        return self.locks is not None and self.locks.kind_column

    @property
    def why_hidden(self) -> bool:
        return self.locks is not None and self.locks.why_checklist

    def shown_summary(self, result: OperationResult) -> str:
        """What the operation did, without what is locked: a new checkpoint's kind (and the
        "why" of a fallback) and the disk files' names."""
        if self.kind_hidden and result.operation == "checkpoint" and result.checkpoint_id in self.vm.checkpoints:  # type: ignore[attr-defined]
            return text("widget.lab.checkpoint_locked", name=self.vm.checkpoints[result.checkpoint_id].name)  # type: ignore[attr-defined]
        if self.kind_hidden and result.operation == "apply":  # "Applied Production checkpoint ..."
            return text("widget.lab.apply_locked")
        return self.scrubbed(super().shown_summary(result))  # type: ignore[misc]

    def shown_notes(self, result: OperationResult) -> list[str]:
        """The outcome's explanation, or with the "why" locked a line saying it is hidden."""
        if self.why_hidden and result.notes:
            return [text("widget.lab.why_locked")]
        return [self.scrubbed(note) for note in super().shown_notes(result)]  # type: ignore[misc]

    def scrubbed(self, words: str) -> str:
        """``words`` with every disk file name of the VM (now, and before the last operation)
        given as its neutral label when the file names are locked (the pictures' labels), and
        a checkpoint's "created" line without its kind when the kind is locked."""
        vm = self.vm  # type: ignore[attr-defined]
        if self.kind_hidden:
            for cp in vm.checkpoints.values():
                words = words.replace(text("result.checkpoint_created", name=cp.name, kind=cp.kind.label, rule="", why=""),
                                      text("widget.lab.checkpoint_locked", name=cp.name))
        if self.locks is None or not self.locks.file_names:
            return words
        before = vm.lab.before_last_operation()
        labels: dict[str, str] = {}
        for each in (vm, before.vms.get(vm.name) if before is not None else None):
            for slot, chain in enumerate(each.disk_chains if each is not None else ()):
                for disk in chain:
                    labels.setdefault(disk.file_name, _label(each, slot, disk.id))
        for name in sorted(labels, key=len, reverse=True):  # a longer name first: no part of one is left
            words = words.replace(name, labels[name])
        return words

    def kind_html(self, cp: Checkpoint) -> str:
        """The selected checkpoint's kind line (with the kind locked, only when it was taken)."""
        if self.kind_hidden:
            return esc(text("widget.lab.cp_kind_locked", state=cp.vm_state.label))
        return esc(text("widget.lab.cp_kind", kind=cp.kind.label, state=cp.vm_state.label))

    def kind_note_html(self) -> str:
        """The note that Hyper-V does not show the kind (B25), unless the kind is locked."""
        return "" if self.kind_hidden else f"<br><small>{cite_html(text('widget.lab.kind_hidden'))}</small>"
