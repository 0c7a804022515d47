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
        if self.why_hidden:  # the last operation step by step says why it went so
            self.step_panel.widget.layout.display = "none"  # type: ignore[attr-defined]

    @property
    def kind_hidden(self) -> bool:
        return self.locks is not None and self.locks.kind_column

    @property
    def why_hidden(self) -> bool:
        return self.locks is not None and self.locks.why_checklist

    def shown_notes(self, result: OperationResult) -> list[str]:
        """The outcome's explanation, or with the "why" locked a line saying it is hidden."""
        if self.why_hidden and result.notes:
            return [text("widget.lab.why_locked")]
        return super().shown_notes(result)  # type: ignore[misc]

    def kind_html(self, cp: Checkpoint) -> str:
        """The selected checkpoint's kind line (with the kind locked, only when it was taken)."""
        if self.kind_hidden:
            return esc(text("widget.lab.cp_kind_locked", state=cp.vm_state.label))
        return esc(text("widget.lab.cp_kind", kind=cp.kind.label, state=cp.vm_state.label))

    def kind_note_html(self) -> str:
        """The note that Hyper-V does not show the kind (B25), unless the kind is locked."""
        return "" if self.kind_hidden else f"<br><small>{cite_html(text('widget.lab.kind_hidden'))}</small>"
