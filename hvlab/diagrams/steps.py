"""The frames of an operation played step by step: the disk chain before and after each step,
what the step created, merged or deleted highlighted (reference B16–B18).

Why from the steps' own states: each :class:`~hvlab.vm.steps.Step` holds the lab as it was
right after it, recorded by the operation while it ran, so a frame shows what the simulator
did, never a separate script. Frame 0 is the lab before the first step; frame *k* is step *k*,
drawn as a before/after of the state before it and the state after it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..catalog import text
from ..lab import Lab
from ..vm import OperationResult
from .before_after import before_after_layout
from .disk_chain import disk_chain_layout
from .layout import Layout

if TYPE_CHECKING:  # pragma: no cover
    from ..vm import VirtualMachine

__all__ = ["StepFrames"]


class StepFrames:
    """The layouts of one operation's frames (``len(frames)`` = steps + 1), each VM state
    deserialised once."""

    def __init__(self, result: OperationResult, disk: int = 0):
        self.result = result
        self.disk = disk
        self.vm_name = result.steps[0].vm if result.steps else ""
        self._vms: dict[int, VirtualMachine] = {}

    def __len__(self) -> int:
        return len(self.result.steps) + 1 if self.result.steps else 0

    def vm(self, index: int) -> VirtualMachine:
        """The VM as it was at frame ``index`` (0: before the first step)."""
        if index not in self._vms:
            state = self.result.state_before_steps if index == 0 else self.result.steps[index - 1].state
            self._vms[index] = Lab.from_dict(dict(state)).vm(self.vm_name)
        return self._vms[index]

    def layout(self, index: int) -> Layout:
        """Frame ``index``: the disk chain before the operation, or step ``index`` as a
        before/after with the step's own disk changes highlighted."""
        if index == 0:
            return disk_chain_layout(self.vm(0), self.disk, title=text("diagram.steps.before", vm=self.vm_name))
        step = self.result.steps[index - 1]
        part = OperationResult(
            operation=self.result.operation, summary=step.text,
            state_before=self.vm(index - 1).state, state_after=self.vm(index).state,
            created_disks=step.created_disks, disk_operations=step.disk_operations,
        )
        return before_after_layout(self.vm(index - 1), self.vm(index), part, self.disk)
