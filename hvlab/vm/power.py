"""A VM's power operations: ``Start-VM``, ``Stop-VM``, ``Save-VM``, ``Suspend-VM``,
``Resume-VM``, ``Remove-VMSavedState``, and the lab shortcut ``put_in_state``.

Which state each operation can start from, and where it leads, is the one table
:data:`hvlab.states.POWER_TRANSITIONS`; these methods add what happens on the way (memory saved
or restored, automatic checkpoints, a DC noticing it was rolled back).
"""

from __future__ import annotations

from ..catalog import text
from ..checkpoint import MemoryState
from ..errors import GuestNotReadyError
from ..events import EventSource
from ..integration_services import IntegrationService
from ..preview import Outcome
from ..states import VMState, plan_path
from .base import VMCore
from .result import OperationResult, operation
from .steps import StepKind

__all__ = ["VMPower"]

MAX_SHORTCUT_STEPS = 6
"""More moves than any two states are apart (the table's longest usual path is three)."""


class VMPower(VMCore):
    """The power buttons of Hyper-V Manager, as ``Start-VM`` & co. name them."""

    @operation
    def start(self) -> OperationResult:
        """``Start-VM``: from Off a cold boot (guest booting), from Saved a resume (B14).

        With automatic checkpoints on and no checkpoints yet, a checkpoint is taken first (B21).
        With the checkpoint setting Disabled none is taken and Start goes ahead (B21, *assumed*:
        no source shows Start refused for this reason); the result and the event log say so.
        """
        self._require_state("start")
        before = self.state
        notes: list[str] = []
        assumed: list[str] = []
        created: tuple[str, ...] = ()
        if self.automatic_checkpoints and not self.checkpoints and self.state is VMState.OFF:
            refused = self.preview_checkpoint()
            if self.checkpoint_type.enabled and refused.outcome is Outcome.ERROR:
                # A drive no checkpoint can hold, or no room for the AVHDX: the VM starts without
                # its automatic checkpoint (B30, B29; *assumed*, Microsoft does not say).
                self._log("event.storage.automatic_skipped", rule=refused.failing_rule, why=refused.reason)
                notes.append(text("event.storage.automatic_skipped", why=refused.reason))
                assumed.append("B30_automatic")
            elif self.checkpoint_type.enabled:
                auto = self._take_checkpoint(name=None, automatic=True)  # type: ignore[attr-defined]
                created = auto.created_disks
                self._pending_steps = list(auto.steps)  # Start's steps: the automatic checkpoint's
                notes.append(auto.summary)
                assumed.append("B21")
            else:
                self._log("event.automatic_checkpoint_skipped", rule="B21")
                notes.append(text("event.automatic_checkpoint_skipped"))
                assumed.append("B21_disabled")
        self.lab.tick()
        if self.state is VMState.SAVED:
            self._resume_memory()
            summary = text("result.resumed", state=self.state.label)
            self._log("event.resumed_from_saved")
        else:
            self.state = VMState.STARTING
            self.open_apps = ()
            summary = text("result.cold_boot")
            self._log("event.cold_boot")
        if self._pending_steps:  # the automatic checkpoint's steps, then the start itself
            self._step(StepKind.VM_STARTED, state=self.state.label)
        return self._result("start", summary, before, created_disks=created, notes=tuple(notes), assumptions=tuple(assumed))

    def _resume_memory(self) -> None:
        """Back to where the saved or paused VM was, applications and all (a move that resumes)."""
        assert self.memory is not None
        self.state = self.memory.power
        self.open_apps = self.memory.open_apps
        self.memory = None

    @operation
    def complete_boot(self) -> OperationResult:
        """The guest OS finishes booting: heartbeat up, VSS requester ready (B3)."""
        self._require_state("complete_boot")
        before = self.state
        self.lab.tick()
        self.state = VMState.RUNNING
        self._log("event.boot_completed", source=EventSource.GUEST)
        notes = self._directory_after_boot()  # type: ignore[attr-defined]
        return self._result("complete_boot", text("result.booted"), before, notes=tuple(notes))

    @operation
    def shut_down(self) -> OperationResult:
        """``Stop-VM``: a clean guest shutdown through the Shutdown integration service.

        An automatic checkpoint is removed at a clean shutdown (B21)."""
        if self.state is VMState.STARTING:
            raise GuestNotReadyError(text("error.shutdown_booting"))
        self._require_state("shut_down")
        if not self.integration_services[IntegrationService.SHUTDOWN] or not self.guest.integration_services:
            raise GuestNotReadyError(text("error.shutdown_service_off"))
        before = self.state
        self.lab.tick()
        self.state = VMState.OFF
        self.open_apps = ()
        self._log("event.shut_down")
        notes, removed, done = self._remove_automatic_checkpoints()  # type: ignore[attr-defined]
        return self._result(
            "shut_down", text("result.shut_down"), before,
            removed_checkpoints=tuple(removed), disk_operations=tuple(done), notes=tuple(notes),
        )

    @operation
    def turn_off(self) -> OperationResult:
        """``Stop-VM -TurnOff``: pulls the plug; the guest gets no chance to shut down."""
        self._require_state("turn_off")
        before = self.state
        self.lab.tick()
        self.state = VMState.OFF
        self.open_apps = ()
        self.memory = None
        self._log("event.turned_off")
        return self._result("turn_off", text("result.turned_off"), before)

    @operation
    def save(self) -> OperationResult:
        """``Save-VM``: memory and device state to disk; Start resumes it."""
        self._require_state("save")
        before = self.state
        self.lab.tick()
        power = self.memory.power if self.state is VMState.PAUSED and self.memory else self.state
        self.memory = MemoryState(power, self.open_apps)
        self.state = VMState.SAVED
        self.open_apps = ()
        self._log("event.saved")
        return self._result("save", text("result.saved"), before)

    @operation
    def pause(self) -> OperationResult:
        """``Suspend-VM``: the VM stops executing but keeps its memory."""
        self._require_state("pause")
        before = self.state
        self.lab.tick()
        self.memory = MemoryState(self.state, self.open_apps)
        self.state = VMState.PAUSED
        self._log("event.paused")
        return self._result("pause", text("result.paused"), before)

    @operation
    def resume(self) -> OperationResult:
        """``Resume-VM``: a paused VM continues where it was."""
        self._require_state("resume")
        before = self.state
        self.lab.tick()
        assert self.memory is not None
        if self.paused_critical and self.lab.volume_usage().free_mb <= 0:
            # Resumed with the volume still full, the guest's next write pauses it again at once
            # (B29, *assumed*: Microsoft does not say what a resume without free space does).
            self._log("event.storage.paused_again", rule="B29")
            return self._result("resume", text("result.storage.paused_again", vm=self.name), before, assumptions=("B29_resume",))
        self.state = self.memory.power
        self.memory = None
        self._log("event.resumed")
        return self._result("resume", text("result.resumed", state=self.state.label), before)

    @operation
    def delete_saved_state(self) -> OperationResult:
        """``Remove-VMSavedState``: discard the saved memory; the VM is Off."""
        self._require_state("delete_saved_state")
        before = self.state
        self.lab.tick()
        self.state = VMState.OFF
        self.memory = None
        self._log("event.saved_state_deleted")
        return self._result("delete_saved_state", text("result.saved_state_deleted"), before)

    @operation
    def put_in_state(self, target: VMState) -> OperationResult:
        """Lab shortcut: reach ``target`` by the fewest usual moves of the power-state table, the
        transitions a learner would click (:func:`hvlab.states.plan_path`), re-planned after each
        move because a resumed VM goes back to where it was. It never shuts the guest down (a
        clean shutdown removes automatic checkpoints, B21): it turns the VM off."""
        before = self.state
        for _ in range(MAX_SHORTCUT_STEPS):
            if self.state is target:
                break
            resumes_to = self.memory.power if self.memory is not None else None
            path = plan_path(self.state, target, resumes_to, avoid=frozenset({"shut_down"}))
            getattr(self, path[0])()
        return self._result("put_in_state", text("result.now_in_state", state=self.state.label), before)
