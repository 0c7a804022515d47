"""VM power states as hvlab models them, how Hyper-V reports each, and the moves between them.

Hyper-V's ``VMState`` enum has many transitional values (reference B3); hvlab keeps the
five a learner toggles. ``STARTING`` is hvlab's name for "Running, but the guest OS has not
finished booting": Hyper-V itself reports it as ``Running`` ("Running only means resources are
allocated, not that the OS booted", IS-REF, reference B3), which is exactly why production
checkpoints can fail on a VM that looks running (reference A8, B3).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .catalog import text

__all__ = ["POWER_TRANSITIONS", "PowerTransition", "VMState", "plan_path", "sources", "transition"]


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
    def label(self) -> str:
        """The state in the learner's language, for sentences and printouts. English: the
        ``Get-VM`` value; Japanese: the term of Microsoft's Japanese docs with that value in
        parentheses, e.g. 保存済み (Saved) (catalog ``state.*``)."""
        return text(f"state.{self.name}")

    @property
    def hyperv_display(self) -> str:
        """:attr:`hyperv_label` in the learner's language: a booting guest's VM is Running."""
        return (VMState.RUNNING if self is VMState.STARTING else self).label

    @property
    def has_memory(self) -> bool:
        """Whether the VM holds memory and device state that a standard checkpoint saves (B10)."""
        return self is not VMState.OFF

    @property
    def is_running(self) -> bool:
        """Running in Hyper-V's sense: resources allocated, guest booted or not."""
        return self in (VMState.STARTING, VMState.RUNNING)


@dataclass(frozen=True)
class PowerTransition:
    """One move between power states: ``operation`` (a :class:`~hvlab.vm.VirtualMachine`
    method) takes a VM from ``source`` to ``target``.

    ``resumes``: the VM goes back to where it was when it was saved or paused (Running, or
    Starting if the guest had not finished booting); ``target`` is then the usual case, Running.
    ``usual``: a move a learner makes with the power buttons, drawn in the power-state diagram
    and used by the lab shortcut ``put_in_state``; saving or pausing a guest that is still
    booting is possible but not usual.
    """

    operation: str
    source: VMState
    target: VMState
    resumes: bool = False
    usual: bool = True


POWER_TRANSITIONS: tuple[PowerTransition, ...] = (
    PowerTransition("start", VMState.OFF, VMState.STARTING),
    PowerTransition("complete_boot", VMState.STARTING, VMState.RUNNING),
    PowerTransition("turn_off", VMState.STARTING, VMState.OFF),
    PowerTransition("shut_down", VMState.RUNNING, VMState.OFF),
    PowerTransition("turn_off", VMState.RUNNING, VMState.OFF),
    PowerTransition("pause", VMState.RUNNING, VMState.PAUSED),
    PowerTransition("resume", VMState.PAUSED, VMState.RUNNING, resumes=True),
    PowerTransition("save", VMState.RUNNING, VMState.SAVED),
    PowerTransition("start", VMState.SAVED, VMState.RUNNING, resumes=True),
    PowerTransition("save", VMState.PAUSED, VMState.SAVED),
    PowerTransition("delete_saved_state", VMState.SAVED, VMState.OFF),
    PowerTransition("turn_off", VMState.PAUSED, VMState.OFF),
    PowerTransition("save", VMState.STARTING, VMState.SAVED, usual=False),
    PowerTransition("pause", VMState.STARTING, VMState.PAUSED, usual=False),
)
"""Every power move hvlab models, once: the VM's power operations accept exactly these sources,
``put_in_state`` plans with them and the power-state diagram draws the usual ones (in this
order)."""


def sources(operation: str) -> tuple[VMState, ...]:
    """The states ``operation`` can be done from, in table order."""
    found: list[VMState] = []
    for t in POWER_TRANSITIONS:
        if t.operation == operation and t.source not in found:
            found.append(t.source)
    return tuple(found)


def transition(operation: str, source: VMState) -> PowerTransition:
    """The move ``operation`` makes from ``source`` (KeyError if there is none)."""
    for t in POWER_TRANSITIONS:
        if t.operation == operation and t.source is source:
            return t
    raise KeyError((operation, source))


def plan_path(source: VMState, target: VMState, resumes_to: VMState | None, avoid: frozenset[str] = frozenset()) -> list[str]:
    """The fewest usual moves from ``source`` to ``target`` (breadth first, table order).

    A move that resumes is only planned as the first step, where ``resumes_to`` (the state the
    VM's saved memory goes back to) is known; the caller re-plans after each step."""
    frontier: list[tuple[VMState, list[str]]] = [(source, [])]
    seen = {source}
    while frontier:
        following: list[tuple[VMState, list[str]]] = []
        for state, path in frontier:
            for t in POWER_TRANSITIONS:
                if t.source is not state or not t.usual or t.operation in avoid:
                    continue
                if t.resumes:
                    if path or resumes_to is None:
                        continue
                    reached = resumes_to
                else:
                    reached = t.target
                if reached is target:
                    return [*path, t.operation]
                if reached not in seen:
                    seen.add(reached)
                    following.append((reached, [*path, t.operation]))
        frontier = following
    return []
