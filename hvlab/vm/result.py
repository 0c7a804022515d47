"""What one operation did (:class:`OperationResult`), and how a method becomes an operation.

Every public VM method that changes something is an *operation*: it either succeeds and returns
an :class:`OperationResult` a learner can read, or raises an :class:`~hvlab.errors.HvlabError`
and leaves the whole lab exactly as it was (the lab restores its snapshot on any failure).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, TypeVar

from ..disk_chain import DiskAction, DiskOperation
from ..preview import CheckpointPreview
from ..printing import printable
from ..reference.citations import assumption_line
from ..states import VMState
from .steps import Step

if TYPE_CHECKING:  # pragma: no cover
    from .base import VMCore

__all__ = ["OperationResult", "operation"]

F = TypeVar("F", bound=Callable[..., object])


def operation(method: F) -> F:
    """Run ``method`` as one atomic, undoable lab operation (:meth:`hvlab.lab.Lab.run_operation`)."""

    @functools.wraps(method)
    def wrapper(self: VMCore, *args: object, **kwargs: object) -> object:
        return self.lab.run_operation(lambda: method(self, *args, **kwargs))

    return wrapper  # type: ignore[return-value]


@dataclass(frozen=True)
class OperationResult:
    """What one operation did, for the learner and for the before/after diagram."""

    operation: str
    summary: str
    state_before: VMState | None = None
    state_after: VMState | None = None
    """The VM's power state before and after; ``None`` for a lab's own operation (the host volume, B29)."""
    checkpoint_id: str | None = None
    preview: CheckpointPreview | None = None
    created_disks: tuple[str, ...] = ()
    disk_operations: tuple[DiskOperation, ...] = ()
    """The merges and deletions of disk files the operation performed, in order (B16, B18)."""
    removed_checkpoints: tuple[str, ...] = ()
    vm_name: str | None = None
    """The VM the operation made, when it made one (``Import-VM``, B28)."""
    notes: tuple[str, ...] = field(default=())
    assumptions: tuple[str, ...] = ()
    """The assumed rulings this operation followed (``"B14"``, ``"tidy"``: keys of the catalog's
    ``assumed.*``), said once and quietly (:func:`hvlab.reference.citations.assumption_line`)."""
    steps: tuple[Step, ...] = field(default=(), compare=False)
    """What the operation did, one step at a time, recorded as it ran (:mod:`hvlab.vm.steps`):
    the step view and ``-Verbose`` replay them; the last step's state is the lab after it."""
    state_before_steps: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The lab before the first step (as a step's ``state``), the first picture of the step view."""

    @property
    def merged_disks(self) -> tuple[tuple[str, str], ...]:
        """(removed, survivor) disk IDs of every merge, in order."""
        return tuple((op.disk_id, op.into_id or "") for op in self.disk_operations if op.action is DiskAction.MERGED)

    @property
    def discarded_disks(self) -> tuple[str, ...]:
        """IDs of the disk files deleted, in order."""
        return tuple(op.disk_id for op in self.disk_operations if op.action is DiskAction.DELETED)

    @property
    def assumption_line(self) -> str:
        """One short line for all the assumed rulings this operation followed ("" if none)."""
        return assumption_line(self.assumptions)

    def __str__(self) -> str:
        """What happened, as printable text: rules cited by title, the assumptions in one short
        line, how to open the rules once, wrapped at word boundaries."""
        return printable((self.summary, *self.notes), self.assumptions)
