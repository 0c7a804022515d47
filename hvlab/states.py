"""VM power states as hvlab models them, and how Hyper-V reports each.

Hyper-V's ``VMState`` enum has many transitional values (reference B3); hvlab keeps the
five a learner toggles. ``STARTING`` is hvlab's name for "Running, but the guest OS has not
finished booting": Hyper-V itself reports it as ``Running`` ("Running only means resources are
allocated, not that the OS booted", IS-REF, reference B3), which is exactly why production
checkpoints can fail on a VM that looks running (reference A8, B3).
"""

from __future__ import annotations

from enum import Enum

__all__ = ["VMState"]


class VMState(Enum):
    """The power state of a virtual machine."""

    OFF = "Off"
    STARTING = "Starting"
    RUNNING = "Running"
    PAUSED = "Paused"
    SAVED = "Saved"

    @property
    def hyperv_label(self) -> str:
        """The state as ``Get-VM`` and Hyper-V Manager show it (a booting guest is Running)."""
        return "Running" if self is VMState.STARTING else self.value

    @property
    def has_memory(self) -> bool:
        """Whether the VM holds memory and device state that a standard checkpoint saves (B10)."""
        return self is not VMState.OFF

    @property
    def is_running(self) -> bool:
        """Running in Hyper-V's sense: resources allocated, guest booted or not."""
        return self in (VMState.STARTING, VMState.RUNNING)
