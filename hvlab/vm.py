"""A Hyper-V virtual machine: its settings, power state, disks, checkpoints and operations.

Every public method that changes something is an *operation*: it either succeeds and returns an
:class:`OperationResult` a learner can read, or raises an :class:`~hvlab.errors.HvlabError` and
leaves the whole lab exactly as it was (the lab restores its snapshot on any failure).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Iterable, TypeVar

from .catalog import text
from .checkpoint import Checkpoint, MemoryState, default_checkpoint_name
from .checkpoint_type import CheckpointType
from .disk_chain import Block, DiskAction, DiskChain, DiskOperation, VirtualHardDisk
from .domain_controller import DIRECTORY_EVENT_1109, DIRECTORY_EVENT_2095, DIRECTORY_PATH, DirectoryHealth, DirectoryState, format_directory, parse_directory
from .errors import (
    CheckpointLimitError,
    CheckpointNotFoundError,
    CheckpointOperationFailed,
    ConfigurationError,
    GuestNotReadyError,
    InvalidNameError,
    InvalidStateError,
)
from .events import Event, EventLevel, EventSource
from .guest import GuestProfile
from .host import format_version, parse_version
from .integration_services import IntegrationService
from .preview import CheckpointPreview, Outcome, preview_checkpoint
from .states import VMState

if TYPE_CHECKING:  # pragma: no cover
    from .lab import Lab

__all__ = ["OperationResult", "VirtualMachine", "MAX_NAME_LENGTH"]

MAX_NAME_LENGTH = 100
"""Checkpoint names: not blank, at most 100 characters (B20, USING)."""

DEFAULT_CONFIGURATION_VERSION = (10, 0)
"""The version a new VM gets on the default host (Windows Server 2022, B26); a lab's own
default is ``lab.host.default_version``."""
DEFAULT_VM_FOLDER = "C:\\ProgramData\\Microsoft\\Windows\\Hyper-V"
DEFAULT_DISK_FOLDER = "C:\\ProgramData\\Microsoft\\Windows\\Virtual Hard Disks"

F = TypeVar("F", bound=Callable[..., object])


def operation(method: F) -> F:
    """Run ``method`` as one atomic, undoable lab operation."""

    @functools.wraps(method)
    def wrapper(self: VirtualMachine, *args: object, **kwargs: object) -> object:
        return self.lab.run_operation(lambda: method(self, *args, **kwargs))

    return wrapper  # type: ignore[return-value]


@dataclass(frozen=True)
class OperationResult:
    """What one operation did, for the learner and for the before/after diagram."""

    operation: str
    summary: str
    state_before: VMState
    state_after: VMState
    checkpoint_id: str | None = None
    preview: CheckpointPreview | None = None
    created_disks: tuple[str, ...] = ()
    disk_operations: tuple[DiskOperation, ...] = ()
    """The merges and deletions of disk files the operation performed, in order (B16, B18)."""
    removed_checkpoints: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def merged_disks(self) -> tuple[tuple[str, str], ...]:
        """(removed, survivor) disk IDs of every merge, in order."""
        return tuple((op.disk_id, op.into_id or "") for op in self.disk_operations if op.action is DiskAction.MERGED)

    @property
    def discarded_disks(self) -> tuple[str, ...]:
        """IDs of the disk files deleted, in order."""
        return tuple(op.disk_id for op in self.disk_operations if op.action is DiskAction.DELETED)

    def __str__(self) -> str:
        return "\n".join((self.summary, *self.notes))


class VirtualMachine:
    """One VM on the simulated host. Create it with :meth:`hvlab.Lab.new_vm`."""

    def __init__(
        self,
        lab: Lab,
        name: str,
        vm_id: str,
        *,
        guest: GuestProfile,
        configuration_version: tuple[int, int],
        checkpoint_type: CheckpointType,
        automatic_checkpoints: bool,
        disk_names: Iterable[str],
        disk_folder: str,
        disk_size_gb: float = 127.0,
    ):
        self.lab = lab
        self.name = name
        self.id = vm_id
        self.guest = guest
        self.configuration_version = configuration_version
        self.checkpoint_type = checkpoint_type
        self.automatic_checkpoints = automatic_checkpoints
        self.snapshot_file_location = DEFAULT_VM_FOLDER
        self.integration_services = {s: s.enabled_by_default for s in IntegrationService}
        self.state = VMState.OFF
        self.memory: MemoryState | None = None
        self.open_apps: tuple[str, ...] = ()
        self.checkpoints: dict[str, Checkpoint] = {}
        self.now_parent_id: str | None = None
        self.directory = DirectoryState()
        self.events: list[Event] = []
        self.last_result: OperationResult | None = None
        self._pending_notes: list[str] = []
        self.disk_chains: list[DiskChain] = []
        self.active_disk_ids: list[str] = []
        for index, disk_name in enumerate(disk_names):
            disk_id = lab.take_ids(1)[0]
            base = VirtualHardDisk(
                id=disk_id, path=f"{disk_folder}\\{disk_name}.vhdx", parent_id=None, virtual_size_gb=disk_size_gb
            )
            if index == 0:
                base.blocks.update(_installed_os_blocks(guest))
            self.disk_chains.append(DiskChain(base))
            self.active_disk_ids.append(disk_id)

    # ------------------------------------------------------------------ reading
    def __repr__(self) -> str:
        return f"<VirtualMachine {self.name!r} {self.state.hyperv_label} checkpoints={len(self.checkpoints)}>"

    @property
    def configuration_version_text(self) -> str:
        return format_version(self.configuration_version)

    @property
    def hyperv_state(self) -> str:
        """``Get-VM``'s State column: a booting guest shows as Running (B3)."""
        return self.state.hyperv_label

    @property
    def guest_booted(self) -> bool:
        """The heartbeat says the OS is up (IS-REF: Heartbeat drives Status)."""
        return self.state is VMState.RUNNING

    def active_disk(self, disk: int = 0) -> VirtualHardDisk:
        """The disk the VM writes to now (the "Now" disk)."""
        return self.disk_chains[disk][self.active_disk_ids[disk]]

    def files(self, disk: int = 0) -> dict[str, str]:
        """What the guest sees on a virtual disk now (reads fall through the chain, B17)."""
        return self.disk_chains[disk].view(self.active_disk_ids[disk])

    def read_file(self, path: str, disk: int = 0) -> str | None:
        return self.disk_chains[disk].read(self.active_disk_ids[disk], path)

    def checkpoint_files(self, checkpoint: Checkpoint | str, disk: int = 0) -> dict[str, str]:
        """What a checkpoint holds on a virtual disk (its frozen view)."""
        cp = self.find_checkpoint(checkpoint)
        return self.disk_chains[disk].view(cp.disk_ids[disk])

    def find_checkpoint(self, checkpoint: Checkpoint | str) -> Checkpoint:
        """A checkpoint by object, ID or unique name."""
        if isinstance(checkpoint, Checkpoint):
            key = checkpoint.id
        else:
            key = checkpoint
        if key in self.checkpoints:
            return self.checkpoints[key]
        named = [c for c in self.checkpoints.values() if c.name == key]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise CheckpointNotFoundError(text("error.checkpoint_ambiguous", name=key, vm=self.name, count=len(named)))
        raise CheckpointNotFoundError(text("error.checkpoint_not_found", name=key, vm=self.name))

    def children(self, checkpoint: Checkpoint | str | None) -> list[Checkpoint]:
        """Child checkpoints, oldest first; ``None`` for the roots."""
        parent_id = None if checkpoint is None else self.find_checkpoint(checkpoint).id
        return [c for c in self.checkpoints.values() if c.parent_id == parent_id]

    def descendants(self, checkpoint: Checkpoint | str) -> list[Checkpoint]:
        found: list[Checkpoint] = []
        stack = [self.find_checkpoint(checkpoint)]
        while stack:
            for child in self.children(stack.pop()):
                found.append(child)
                stack.append(child)
        return found

    def ancestors_of_now(self) -> list[Checkpoint]:
        """The checkpoints on the Now branch, nearest first."""
        chain = []
        current = self.now_parent_id
        while current is not None:
            cp = self.checkpoints[current]
            chain.append(cp)
            current = cp.parent_id
        return chain

    def preview_checkpoint(self) -> CheckpointPreview:
        """What a checkpoint taken now would be, and why. Changes nothing."""
        return preview_checkpoint(self)

    def peek_ids(self) -> list[str]:
        """The GUIDs the next checkpoint would get (checkpoint, then one AVHDX per disk)."""
        return self.lab.peek_ids(1 + len(self.disk_chains))

    def disk_owners(self, disk: int = 0) -> dict[str, str]:
        """Which checkpoint (ID) or ``"Now"`` owns each disk of a slot; shared parents own none."""
        owners = {cp.disk_ids[disk]: cp.id for cp in self.checkpoints.values()}
        owners[self.active_disk_ids[disk]] = "Now"
        return owners

    # ------------------------------------------------------------------ helpers
    def _log(self, key: str, level: EventLevel = EventLevel.INFORMATION, source: EventSource = EventSource.HVLAB, rule: str | None = None, **values: object) -> None:
        """Log hvlab's narration (a catalog message) of what happened."""
        self.events.append(Event(self.lab.now, self.name, source, level, text(key, **values), rule, verbatim=False))

    def _log_text(self, message: str, source: EventSource, level: EventLevel = EventLevel.INFORMATION, rule: str | None = None, verbatim: bool = False, **fields: object) -> None:
        """Log a finished message, e.g. Hyper-V's own words quoted from a published source;
        ``fields`` are the event's provenance key, event id, log and source (see Event)."""
        self.events.append(Event(self.lab.now, self.name, source, level, message, rule, verbatim, **fields))  # type: ignore[arg-type]

    def _refuse_state(self, action: str, allowed: Iterable[VMState]) -> InvalidStateError:
        allowed_text = ", ".join(s.value for s in allowed)
        return InvalidStateError(
            text("error.invalid_state", action=text(f"action.{action}"), state=self.state.value, allowed=allowed_text),
            state=self.state,
        )

    def _require_state(self, action: str, *allowed: VMState) -> None:
        if self.state not in allowed:
            raise self._refuse_state(action, allowed)

    def _result(self, operation: str, summary: str, before: VMState, **kwargs: object) -> OperationResult:
        """Record what an operation did; notes raised along the way (e.g. by a merge that
        follows an assumed ruling) are added once."""
        notes = list(kwargs.pop("notes", ()))  # type: ignore[arg-type]
        notes += [n for n in self._pending_notes if n not in notes]
        self._pending_notes = []
        result = OperationResult(operation=operation, summary=summary, state_before=before, state_after=self.state, notes=tuple(notes), **kwargs)  # type: ignore[arg-type]
        self.last_result = result
        return result

    # ------------------------------------------------------------------ settings
    @operation
    def set_checkpoint_type(self, checkpoint_type: CheckpointType | str) -> OperationResult:
        """``Set-VM -CheckpointType`` (B1). Allowed in any state."""
        if isinstance(checkpoint_type, str):
            try:
                checkpoint_type = CheckpointType.parse(checkpoint_type)
            except ValueError:
                raise ConfigurationError(text("error.bad_checkpoint_type", value=checkpoint_type)) from None
        before = self.state
        self.checkpoint_type = checkpoint_type
        self.lab.tick()
        self._log("event.setting_changed", setting="CheckpointType", value=checkpoint_type.value)
        return self._result("set_checkpoint_type", text("result.checkpoint_type", value=checkpoint_type.value), before)

    @operation
    def set_integration_service(self, service: IntegrationService | str, enabled: bool) -> OperationResult:
        """``Enable-/Disable-VMIntegrationService`` on the host side (B4, IS-MANAGE)."""
        if isinstance(service, str):
            try:
                service = IntegrationService.from_name(service)
            except ValueError:
                raise ConfigurationError(text("error.bad_integration_service", value=service)) from None
        before = self.state
        self.integration_services[service] = bool(enabled)
        self.lab.tick()
        self._log("event.service_enabled" if enabled else "event.service_disabled", service=service.label)
        return self._result(
            "set_integration_service",
            text("result.service_enabled" if enabled else "result.service_disabled", service=service.label),
            before,
        )

    @operation
    def set_automatic_checkpoints(self, enabled: bool) -> OperationResult:
        """``Set-VM -AutomaticCheckpointsEnabled`` (B21)."""
        before = self.state
        self.automatic_checkpoints = bool(enabled)
        self.lab.tick()
        self._log("event.setting_changed", setting="AutomaticCheckpointsEnabled", value=str(bool(enabled)))
        return self._result("set_automatic_checkpoints", text("result.automatic_checkpoints", value=str(bool(enabled))), before)

    @operation
    def set_snapshot_file_location(self, path: str) -> OperationResult:
        """``Set-VM -SnapshotFileLocation``: only while the VM has no checkpoints (B20, USING)."""
        if self.checkpoints:
            raise ConfigurationError(text("error.location_has_checkpoints", vm=self.name), rule="B20")
        if not path.strip():
            raise ConfigurationError(text("error.location_blank"))
        before = self.state
        self.snapshot_file_location = path.strip().rstrip("\\")
        self.lab.tick()
        self._log("event.setting_changed", setting="SnapshotFileLocation", value=self.snapshot_file_location)
        return self._result("set_snapshot_file_location", text("result.location", value=self.snapshot_file_location), before)

    @operation
    def set_guest(self, guest: GuestProfile) -> OperationResult:
        """Lab control, not a Hyper-V action: choose what runs inside the VM."""
        before = self.state
        self.guest = guest
        self.lab.tick()
        self._log("event.guest_changed", guest=guest.os.value)
        return self._result("set_guest", text("result.guest", guest=guest.os.value), before)

    @operation
    def set_vss_requester_running(self, running: bool) -> OperationResult:
        """Guest-side: start or stop ``vmicvss`` / ``hv_vss_daemon`` (B5). Lab control."""
        before = self.state
        if not self.guest.integration_services:
            raise GuestNotReadyError(text("error.no_integration_services", guest=self.guest.os.value))
        self.guest = replace(self.guest, vss_requester_running=bool(running))
        self.lab.tick()
        key = "event.requester_started" if running else "event.requester_stopped"
        self._log(key, source=EventSource.GUEST, requester=self.guest.requester_name)
        return self._result("set_vss_requester_running", text(key, requester=self.guest.requester_name), before)

    @operation
    def set_configuration_version(self, version: tuple[int, int] | str) -> OperationResult:
        """Lab control: upgrade to a chosen configuration version, only while Off, only upward
        and only to a version the lab's host runs (B26, VMVER: "You can't downgrade a virtual
        machine configuration version after you've upgraded it."). Hyper-V's own way is
        :meth:`upgrade_configuration_version`, which always goes to the host's version."""
        return self._change_version("set_configuration_version", parse_version(version))

    @operation
    def upgrade_configuration_version(self) -> OperationResult:
        """``Update-VMVersion`` / Hyper-V Manager "Upgrade Configuration Version": the VM, shut
        down, moves to the host's configuration version; one way only (B26, VMVER). Refused when
        it is already there ("it's already at the highest configuration version supported by the
        Hyper-V host", VMVER)."""
        return self._change_version("upgrade_configuration_version", self.lab.host.default_version)

    def _change_version(self, operation: str, version: tuple[int, int]) -> OperationResult:
        self._require_state(operation, VMState.OFF)
        old = self.configuration_version
        values = {"vm": self.name, "current": format_version(old), "version": format_version(version), "host": self.lab.host.label}
        if version < old:
            raise ConfigurationError(text("error.version_downgrade", **values), rule="B26")
        if version == old:
            raise ConfigurationError(text("error.version_already", **values), rule="B26")
        if not self.lab.host.can_run(version):
            raise ConfigurationError(self.lab.host_refuses(version), rule="B26")
        before = self.state
        self.configuration_version = version
        self.lab.tick()
        self._log("event.setting_changed", setting="Version", value=self.configuration_version_text, rule="B26")
        return self._result(operation, text("result.version_upgraded", old=format_version(old), new=self.configuration_version_text), before)

    # ------------------------------------------------------------------ power
    @operation
    def start(self) -> OperationResult:
        """``Start-VM``: from Off a cold boot (guest booting), from Saved a resume (B14).

        With automatic checkpoints on and no checkpoints yet, a checkpoint is taken first (B21).
        With the checkpoint setting Disabled none is taken and Start goes ahead (B21, *assumed*:
        no source shows Start refused for this reason); the result and the event log say so.
        """
        self._require_state("start", VMState.OFF, VMState.SAVED)
        before = self.state
        notes: list[str] = []
        created: tuple[str, ...] = ()
        if self.automatic_checkpoints and not self.checkpoints and self.state is VMState.OFF:
            if self.checkpoint_type.enabled:
                auto = self._take_checkpoint(name=None, automatic=True)
                created = auto.created_disks
                notes.append(auto.summary)
                notes.append(text("note.assumed", ruling=text("assumed.B21")))
            else:
                self._log("event.automatic_checkpoint_skipped", rule="B21")
                notes.append(text("event.automatic_checkpoint_skipped"))
                notes.append(text("note.assumed", ruling=text("assumed.B21_disabled")))
        self.lab.tick()
        if self.state is VMState.SAVED:
            assert self.memory is not None
            self.state = self.memory.power
            self.open_apps = self.memory.open_apps
            self.memory = None
            summary = text("result.resumed", state=self.state.value)
            self._log("event.resumed_from_saved")
        else:
            self.state = VMState.STARTING
            self.open_apps = ()
            summary = text("result.cold_boot")
            self._log("event.cold_boot")
        return self._result("start", summary, before, created_disks=created, notes=tuple(notes))

    @operation
    def complete_boot(self) -> OperationResult:
        """The guest OS finishes booting: heartbeat up, VSS requester ready (B3)."""
        self._require_state("complete_boot", VMState.STARTING)
        before = self.state
        self.lab.tick()
        self.state = VMState.RUNNING
        self._log("event.boot_completed", source=EventSource.GUEST)
        notes = self._directory_after_boot()
        return self._result("complete_boot", text("result.booted"), before, notes=tuple(notes))

    @operation
    def shut_down(self) -> OperationResult:
        """``Stop-VM``: a clean guest shutdown through the Shutdown integration service.

        An automatic checkpoint is removed at a clean shutdown (B21)."""
        if self.state is VMState.STARTING:
            raise GuestNotReadyError(text("error.shutdown_booting"))
        self._require_state("shut_down", VMState.RUNNING)
        if not self.integration_services[IntegrationService.SHUTDOWN] or not self.guest.integration_services:
            raise GuestNotReadyError(text("error.shutdown_service_off"))
        before = self.state
        self.lab.tick()
        self.state = VMState.OFF
        self.open_apps = ()
        self._log("event.shut_down")
        notes: list[str] = []
        removed: list[str] = []
        done: list[DiskOperation] = []
        labels = self._disk_labels()
        for cp in [c for c in self.checkpoints.values() if c.automatic]:
            done += self._remove_checkpoint(cp)
            removed.append(cp.id)
            notes.append(text("result.automatic_removed", name=cp.name))
        notes += self._narrate_disks(done, labels)
        return self._result(
            "shut_down", text("result.shut_down"), before,
            removed_checkpoints=tuple(removed), disk_operations=tuple(done), notes=tuple(notes),
        )

    @operation
    def turn_off(self) -> OperationResult:
        """``Stop-VM -TurnOff``: pulls the plug; the guest gets no chance to shut down."""
        self._require_state("turn_off", VMState.STARTING, VMState.RUNNING, VMState.PAUSED)
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
        self._require_state("save", VMState.STARTING, VMState.RUNNING, VMState.PAUSED)
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
        self._require_state("pause", VMState.STARTING, VMState.RUNNING)
        before = self.state
        self.lab.tick()
        self.memory = MemoryState(self.state, self.open_apps)
        self.state = VMState.PAUSED
        self._log("event.paused")
        return self._result("pause", text("result.paused"), before)

    @operation
    def resume(self) -> OperationResult:
        """``Resume-VM``: a paused VM continues where it was."""
        self._require_state("resume", VMState.PAUSED)
        before = self.state
        self.lab.tick()
        assert self.memory is not None
        self.state = self.memory.power
        self.memory = None
        self._log("event.resumed")
        return self._result("resume", text("result.resumed", state=self.state.value), before)

    @operation
    def delete_saved_state(self) -> OperationResult:
        """``Remove-VMSavedState``: discard the saved memory; the VM is Off."""
        self._require_state("delete_saved_state", VMState.SAVED)
        before = self.state
        self.lab.tick()
        self.state = VMState.OFF
        self.memory = None
        self._log("event.saved_state_deleted")
        return self._result("delete_saved_state", text("result.saved_state_deleted"), before)

    @operation
    def put_in_state(self, target: VMState) -> OperationResult:
        """Lab shortcut: reach ``target`` by the same transitions a learner would click."""
        before = self.state
        paths = {
            VMState.OFF: {VMState.STARTING: ["turn_off"], VMState.RUNNING: ["turn_off"], VMState.PAUSED: ["turn_off"], VMState.SAVED: ["delete_saved_state"]},
            VMState.STARTING: {VMState.OFF: ["start"], VMState.SAVED: ["delete_saved_state", "start"], VMState.RUNNING: ["turn_off", "start"], VMState.PAUSED: ["turn_off", "start"]},
            VMState.RUNNING: {VMState.OFF: ["start", "complete_boot"], VMState.STARTING: ["complete_boot"], VMState.PAUSED: ["resume"], VMState.SAVED: ["start"]},
            VMState.PAUSED: {VMState.OFF: ["start", "complete_boot", "pause"], VMState.STARTING: ["complete_boot", "pause"], VMState.RUNNING: ["pause"], VMState.SAVED: ["start", "pause"]},
            VMState.SAVED: {VMState.OFF: ["start", "complete_boot", "save"], VMState.STARTING: ["complete_boot", "save"], VMState.RUNNING: ["save"], VMState.PAUSED: ["save"]},
        }
        for step in paths[target].get(self.state, []):
            if step == "complete_boot" and self.state is VMState.RUNNING:
                continue
            getattr(self, step)()
        if self.state is not target:  # a resumed Saved VM may come back still booting
            if target is VMState.RUNNING and self.state is VMState.STARTING:
                self.complete_boot()
            elif target is VMState.STARTING and self.state is VMState.RUNNING:
                self.turn_off()
                self.start()
            elif target is VMState.PAUSED and self.state is VMState.STARTING:
                self.complete_boot()
                self.pause()
        return self._result("put_in_state", text("result.now_in_state", state=self.state.value), before)

    # ------------------------------------------------------------------ guest actions
    def _require_guest(self, action: str) -> None:
        if self.state is not VMState.RUNNING:
            raise GuestNotReadyError(text("error.guest_not_running", action=text(f"action.{action}"), state=self.state.value))

    @operation
    def write_file(self, path: str, content: str, size_mb: float = 1.0, disk: int = 0) -> OperationResult:
        """The guest writes a file: the write lands in the active (Now) disk only (B17)."""
        self._require_guest("write_file")
        self._check_disk(disk)
        before = self.state
        self.lab.tick()
        self.disk_chains[disk].write(self.active_disk_ids[disk], path, content, size_mb)
        self._log("event.file_written", source=EventSource.GUEST, path=path, disk=self.active_disk(disk).file_name)
        return self._result("write_file", text("result.file_written", path=path, disk=self.active_disk(disk).file_name), before)

    @operation
    def delete_file(self, path: str, disk: int = 0) -> OperationResult:
        """The guest deletes a file: recorded in the active disk, parents untouched (B17)."""
        self._require_guest("delete_file")
        self._check_disk(disk)
        if self.read_file(path, disk) is None:
            raise GuestNotReadyError(text("error.no_such_file", path=path))
        before = self.state
        self.lab.tick()
        self.disk_chains[disk].write(self.active_disk_ids[disk], path, None, 0.0)
        self._log("event.file_deleted", source=EventSource.GUEST, path=path)
        return self._result("delete_file", text("result.file_deleted", path=path), before)

    @operation
    def install_update(self, name: str = "KB5048667", size_mb: float = 650.0) -> OperationResult:
        """The guest installs an update: several system files change at once."""
        self._require_guest("install_update")
        before = self.state
        self.lab.tick()
        disk_id = self.active_disk_ids[0]
        linux = self.guest.family.value == "Linux"
        for index, part in enumerate(("system", "drivers", "servicing")):
            path = f"/usr/lib/{part}/{name}.{index}" if linux else f"C:\\Windows\\{part}\\{name}.{index}"
            self.disk_chains[0].write(disk_id, path, name, size_mb / 3)
        self.disk_chains[0].write(disk_id, _UPDATE_LOG_PATH[self.guest.family.value], f"installed {name}", 0.1)
        self._log("event.update_installed", source=EventSource.GUEST, update=name)
        return self._result("install_update", text("result.update_installed", update=name, size=round(size_mb)), before)

    @operation
    def open_app(self, app: str) -> OperationResult:
        """The guest opens an application: it lives in memory only, never on disk."""
        self._require_guest("open_app")
        if app in self.open_apps:
            raise GuestNotReadyError(text("error.app_already_open", app=app))
        before = self.state
        self.lab.tick()
        self.open_apps = (*self.open_apps, app)
        self._log("event.app_opened", source=EventSource.GUEST, app=app)
        return self._result("open_app", text("result.app_opened", app=app), before)

    @operation
    def close_app(self, app: str) -> OperationResult:
        self._require_guest("close_app")
        if app not in self.open_apps:
            raise GuestNotReadyError(text("error.app_not_open", app=app))
        before = self.state
        self.lab.tick()
        self.open_apps = tuple(a for a in self.open_apps if a != app)
        self._log("event.app_closed", source=EventSource.GUEST, app=app)
        return self._result("close_app", text("result.app_closed", app=app), before)

    @operation
    def change_directory(self, change: str = "create user alice") -> OperationResult:
        """A change in Active Directory on a DC guest: a new USN, replicated to partners (B23)."""
        self._require_guest("change_directory")
        if not self.guest.is_domain_controller:
            raise GuestNotReadyError(text("error.not_a_dc", vm=self.name))
        if self.directory.health in (DirectoryHealth.QUARANTINED, DirectoryHealth.DEMOTED):
            raise GuestNotReadyError(text("error.directory_blocked", health=text(f"directory.{self.directory.health.name}")))
        before = self.state
        self.lab.tick()
        invocation, usn = parse_directory(self.read_file(DIRECTORY_PATH))
        usn += 1
        self.disk_chains[0].write(self.active_disk_ids[0], DIRECTORY_PATH, format_directory(invocation, usn), 0.2)
        self._log("event.directory_change", source=EventSource.GUEST, change=change, usn=usn)
        notes: list[str] = []
        d = self.directory
        if invocation != d.partner_invocation or usn > d.partner_usn:
            d.partner_invocation, d.partner_usn = invocation, usn
            self._log("event.replicated", usn=usn, rule="B22")
            summary = text("result.directory_replicated", change=change, usn=usn)
        else:
            # Same invocationID, a USN the partners already acknowledged: USN rollback (B23).
            d.health = DirectoryHealth.QUARANTINED
            self._log_text(text("guest_verbatim.event_2095"), EventSource.GUEST, EventLevel.ERROR, "B23", verbatim=True, **DIRECTORY_EVENT_2095)
            self._log("event.netlogon_paused", source=EventSource.GUEST, level=EventLevel.ERROR, rule="B23")
            summary = text("result.usn_rollback_detected", usn=usn)
            notes.append(text("note.usn_rollback_recovery"))
        return self._result("change_directory", summary, before, notes=tuple(notes))

    def _directory_after_boot(self) -> list[str]:
        """What a DC does when its guest comes up after a checkpoint was applied (B22, B23)."""
        d = self.directory
        if not self.guest.is_domain_controller or not d.restore_pending:
            return []
        d.restore_pending = False
        invocation, usn = parse_directory(self.read_file(DIRECTORY_PATH))
        if self.guest.os.has_vm_generation_id_support:
            invocation = max(invocation, d.partner_invocation) + 1
            self.disk_chains[0].write(self.active_disk_ids[0], DIRECTORY_PATH, format_directory(invocation, usn), 0.2)
            d.partner_invocation, d.partner_usn = invocation, usn
            d.health = DirectoryHealth.HEALTHY
            self._log("event.generation_id_changed", source=EventSource.GUEST, rule="B22")
            return [text("note.dc_generation_id_safe")]
        if invocation == d.partner_invocation and usn < d.partner_usn:
            d.health = DirectoryHealth.ROLLED_BACK
            self._log("event.usn_rollback_silent", source=EventSource.GUEST, level=EventLevel.WARNING, rule="B23", usn=usn, partner_usn=d.partner_usn)
            return [text("note.usn_rollback_silent", usn=usn, partner_usn=d.partner_usn)]
        return []

    @operation
    def restore_directory_in_dsrm(self) -> OperationResult:
        """Recover an old DC the supported way before it first starts after a restore (A11, B23):
        boot into Directory Services Restore Mode, set ``Database restored from backup`` = 1,
        restart normally; the DC takes a new invocationID (Event 1109)."""
        self._require_state("restore_directory_in_dsrm", VMState.OFF)
        if not self.guest.is_domain_controller:
            raise GuestNotReadyError(text("error.not_a_dc", vm=self.name))
        if not self.directory.restore_pending:
            raise GuestNotReadyError(text("error.dsrm_not_pending"))
        before = self.state
        self.lab.tick()
        invocation, usn = parse_directory(self.read_file(DIRECTORY_PATH))
        invocation = max(invocation, self.directory.partner_invocation) + 1
        self.state = VMState.RUNNING
        self.open_apps = ()
        self.disk_chains[0].write(self.active_disk_ids[0], DIRECTORY_PATH, format_directory(invocation, usn), 0.2)
        self.directory = DirectoryState(partner_invocation=invocation, partner_usn=usn)
        self._log("event.dsrm_boot", source=EventSource.GUEST, rule="B23")
        self._log_text(text("guest_verbatim.event_1109"), EventSource.GUEST, rule="B23", verbatim=True, **DIRECTORY_EVENT_1109)
        return self._result("restore_directory_in_dsrm", text("result.dsrm_restored"), before)

    @operation
    def force_demote(self) -> OperationResult:
        """The documented way out of a detected USN rollback: forcibly demote the DC (B23)."""
        if not self.guest.is_domain_controller:
            raise GuestNotReadyError(text("error.not_a_dc", vm=self.name))
        before = self.state
        self.lab.tick()
        self.directory.health = DirectoryHealth.DEMOTED
        self._log("event.force_demoted", source=EventSource.GUEST, rule="B23")
        return self._result("force_demote", text("result.force_demoted"), before)

    # ------------------------------------------------------------------ checkpoints
    @operation
    def checkpoint(self, name: str | None = None) -> OperationResult:
        """``Checkpoint-VM``: take a checkpoint as :meth:`preview_checkpoint` predicts (B1–B12, B17)."""
        return self._take_checkpoint(name, automatic=False)

    def _check_name(self, name: str) -> str:
        if not name.strip():
            raise InvalidNameError(text("error.name_blank"), rule="B20")
        if len(name) > MAX_NAME_LENGTH:
            raise InvalidNameError(text("error.name_too_long", length=len(name), limit=MAX_NAME_LENGTH), rule="B20")
        return name

    def _check_disk(self, disk: int) -> None:
        if not 0 <= disk < len(self.disk_chains):
            raise ConfigurationError(text("error.no_such_disk", disk=disk, count=len(self.disk_chains)))

    def _take_checkpoint(self, name: str | None, automatic: bool) -> OperationResult:
        if name is not None:
            self._check_name(name)
        plan = preview_checkpoint(self)
        if plan.outcome is Outcome.ERROR:
            refusal = CheckpointLimitError if plan.failing_rule == "B20" else CheckpointOperationFailed
            raise refusal(plan.reason, plan.hyperv_messages, rule=plan.failing_rule)
        before = self.state
        ids = self.lab.take_ids(1 + len(self.disk_chains))  # the very GUIDs the preview showed
        self.lab.tick()
        checkpoint_id = ids[0]
        if name is None:
            name = default_checkpoint_name(self.name, self.lab.now)
            if automatic:
                name = text("checkpoint.automatic_name", name=name)
        frozen: list[str] = []
        created: list[str] = []
        for index, (chain, new_id) in enumerate(zip(self.disk_chains, ids[1:])):
            frozen.append(self.active_disk_ids[index])
            chain.add_differencing(self.active_disk_ids[index], new_id)
            self.active_disk_ids[index] = new_id
            created.append(new_id)
        memory = None
        if plan.holds_memory:
            memory = self.memory if self.state in (VMState.SAVED, VMState.PAUSED) else MemoryState(self.state, self.open_apps)
        kind = plan.kind
        assert kind is not None
        cp = Checkpoint(
            id=checkpoint_id,
            name=name,
            kind=kind,
            setting=self.checkpoint_type,
            created=self.lab.now,
            parent_id=self.now_parent_id,
            disk_ids=tuple(frozen),
            vm_state=self.state,
            consistency=plan.consistency,  # type: ignore[arg-type]
            memory=memory,
            files=tuple(f for f in plan.files if not f.endswith(".avhdx")),
            automatic=automatic,
            guest_events=tuple(e.message for e in plan.guest_events),
        )
        self.checkpoints[cp.id] = cp
        self.now_parent_id = cp.id
        for event in plan.guest_events:
            level = EventLevel.WARNING if event.verbatim else EventLevel.INFORMATION
            self._log_text(event.message, EventSource.GUEST, level, event.rule, verbatim=event.verbatim, provenance=event.key, event_source=event.event_source)
        for message in plan.hyperv_messages[:1]:
            self._log_text(message, EventSource.HYPERV, verbatim=True)
        key = "result.checkpoint_fallback" if plan.fell_back else "result.checkpoint_created"
        self._log(key, name=name, kind=kind.value, rule=plan.failing_rule if plan.fell_back else None)
        summary = text(key, name=name, kind=kind.value)
        return self._result(
            "checkpoint", summary, before,
            checkpoint_id=cp.id, preview=plan, created_disks=tuple(created), notes=plan.notes,
        )

    @operation
    def apply(self, checkpoint: Checkpoint | str, create_checkpoint: bool = False) -> OperationResult:
        """Apply a checkpoint (``Restore-VMCheckpoint`` / Hyper-V Manager "Apply...").

        ``create_checkpoint=True`` is "Create Checkpoint and Apply": the current state is kept
        as a new checkpoint first; otherwise it is lost (B15). The VM gets new AVHDXs whose
        parents are the checkpoint's disks and Now moves under it (B16, *assumed*). A production
        checkpoint leaves the VM Off (B13); a standard one taken while running leaves it Saved,
        to resume where it was (B14, label *assumed*).
        """
        cp = self.find_checkpoint(checkpoint)
        before = self.state
        notes: list[str] = []
        created: list[str] = []
        done: list[DiskOperation] = []
        kept_id: str | None = None
        if create_checkpoint:
            kept = self._take_checkpoint(None, automatic=False)
            kept_id = kept.checkpoint_id
            notes.append(kept.summary)
        self.lab.tick()
        new_ids = self.lab.take_ids(len(self.disk_chains))
        owners = [self.disk_owners(i) for i in range(len(self.disk_chains))]
        labels = self._disk_labels()
        for index, chain in enumerate(self.disk_chains):
            old_now = self.active_disk_ids[index]
            chain.add_differencing(cp.disk_ids[index], new_ids[index])
            self.active_disk_ids[index] = new_ids[index]
            created.append(new_ids[index])
            if owners[index].get(old_now) == "Now":
                done += self._carried_out(index, chain.discard_unowned(old_now, self.disk_owners(index)))
        self.now_parent_id = cp.id
        if cp.memory is not None:
            self.state = VMState.SAVED
            self.memory = cp.memory
            notes.append(text("note.assumed", ruling=text("assumed.B14")))
        else:
            self.state = VMState.OFF
            self.memory = None
        self.open_apps = ()
        notes.append(text("note.assumed", ruling=text("assumed.B16")))
        notes += self._narrate_disks(done, labels)
        if self.guest.is_domain_controller:
            self.directory.restore_pending = True
            if self.guest.os.has_vm_generation_id_support:
                notes.append(text("note.dc_apply_modern"))
            else:
                notes.append(text("note.dc_apply_old"))
        self._log("event.applied", name=cp.name, state=self.state.value, rule="B13" if cp.memory is None else "B14")
        key = "result.applied_saved" if self.state is VMState.SAVED else "result.applied_off"
        return self._result(
            "apply", text(key, name=cp.name, kind=cp.kind.value), before,
            checkpoint_id=kept_id or cp.id, created_disks=tuple(created), disk_operations=tuple(done), notes=tuple(notes),
        )

    def _carried_out(self, index: int, done: list[DiskOperation]) -> list[DiskOperation]:
        """Bring the VM in line with disk operations just made on slot ``index``: after a merge
        whoever owned the file that went away owns the survivor (a child merged into the base
        VHDX, B18); a merge that followed the assumed tidy rule tells the learner so."""
        for op in done:
            if op.action is DiskAction.MERGED and op.into_id is not None:
                self._rename_disk(index, op.disk_id, op.into_id)
            if op.shared_parent:
                note = text("note.assumed", ruling=text("assumed.tidy"))
                if note not in self._pending_notes:
                    self._pending_notes.append(note)
        return done

    def _disk_labels(self) -> dict[str, str]:
        """Each disk file's name as the narration shows it (its owner beside it), taken before
        an operation changes anything."""
        labels: dict[str, str] = {}
        for index, chain in enumerate(self.disk_chains):
            owners = self.disk_owners(index)
            for disk in chain:
                owner = owners.get(disk.id)
                if owner == "Now":
                    labels[disk.id] = text("disk.label.now", file=disk.file_name)
                elif owner is not None:
                    labels[disk.id] = text("disk.label.checkpoint", file=disk.file_name, name=self.checkpoints[owner].name)
                else:
                    labels[disk.id] = text("disk.label.shared", file=disk.file_name)
        return labels

    @staticmethod
    def _narrate_disks(done: Iterable[DiskOperation], labels: dict[str, str]) -> list[str]:
        """One line per disk operation performed, naming the files as they were (B16, B18)."""
        lines = []
        for op in done:
            disk = labels.get(op.disk_id, op.file_name)
            if op.action is DiskAction.MERGED:
                into = labels.get(op.into_id or "", op.into_file_name or "")
                lines.append(text("disk.merged", disk=disk, into=into))
            else:
                lines.append(text("disk.deleted", disk=disk))
        return lines

    def _rename_disk(self, index: int, old_id: str, new_id: str) -> None:
        """After a merge into the base VHDX, whoever owned the child now owns the base."""
        if old_id == new_id:
            return
        if self.active_disk_ids[index] == old_id:
            self.active_disk_ids[index] = new_id
        for cp in self.checkpoints.values():
            if cp.disk_ids[index] == old_id:
                ids = list(cp.disk_ids)
                ids[index] = new_id
                cp.disk_ids = tuple(ids)

    def _remove_checkpoint(self, cp: Checkpoint) -> list[DiskOperation]:
        """Take one checkpoint out of the tree and deal with its disks per B18 (the disk chain's
        :meth:`~hvlab.disk_chain.DiskChain.tidy`). Returns the disk operations performed."""
        del self.checkpoints[cp.id]
        for child in self.checkpoints.values():
            if child.parent_id == cp.id:
                child.parent_id = cp.parent_id
        if self.now_parent_id == cp.id:
            self.now_parent_id = cp.parent_id
        done: list[DiskOperation] = []
        for index, disk_id in enumerate(cp.disk_ids):
            done += self._carried_out(index, self.disk_chains[index].tidy(disk_id, self.disk_owners(index)))
        return done

    @operation
    def delete_checkpoint(self, checkpoint: Checkpoint | str) -> OperationResult:
        """``Remove-VMCheckpoint`` (B18): no children and off the Now branch → its AVHDX is
        deleted; one child (or on the Now branch) → merged into its child; several children →
        its disk stays as their shared parent. The checkpoint leaves the tree in every case,
        and no other checkpoint's data, nor Now's, changes. Merges run live (WS2012+).

        The summary says what happened to *this* checkpoint's disk and the notes name every
        file merged or deleted, both read from the disk operations actually performed."""
        cp = self.find_checkpoint(checkpoint)
        before = self.state
        self.lab.tick()
        labels = self._disk_labels()
        own = cp.disk_ids[0]
        done = self._remove_checkpoint(cp)
        if any(op.action is DiskAction.DELETED and op.disk_id == own for op in done):
            key = "result.deleted_discarded"
        elif any(op.action is DiskAction.MERGED and own in (op.disk_id, op.into_id) for op in done):
            key = "result.deleted_merged"
        elif own in self.disk_chains[0] and own not in self.disk_owners(0) and len(self.disk_chains[0].children(own)) > 1:
            key = "result.deleted_shared"
        else:
            key = "result.deleted"
        self._log(key, name=cp.name, rule="B18")
        return self._result(
            "delete_checkpoint", text(key, name=cp.name), before,
            checkpoint_id=cp.id, disk_operations=tuple(done), removed_checkpoints=(cp.id,),
            notes=tuple(self._narrate_disks(done, labels)),
        )

    @operation
    def delete_checkpoint_subtree(self, checkpoint: Checkpoint | str) -> OperationResult:
        """``Remove-VMCheckpoint -IncludeAllChildSnapshots``: the checkpoint and every descendant (B19)."""
        cp = self.find_checkpoint(checkpoint)
        before = self.state
        self.lab.tick()
        doomed = [cp, *self.descendants(cp)]
        labels = self._disk_labels()
        done: list[DiskOperation] = []
        for victim in reversed(doomed):  # leaves first, so each step is a plain B18 delete
            done += self._remove_checkpoint(victim)
        self._log("result.deleted_subtree", name=cp.name, count=len(doomed), rule="B19")
        return self._result(
            "delete_checkpoint_subtree", text("result.deleted_subtree", name=cp.name, count=len(doomed)), before,
            checkpoint_id=cp.id, disk_operations=tuple(done), removed_checkpoints=tuple(c.id for c in doomed),
            notes=tuple(self._narrate_disks(done, labels)),
        )

    @operation
    def rename_checkpoint(self, checkpoint: Checkpoint | str, new_name: str) -> OperationResult:
        """``Rename-VMCheckpoint`` (names per B20)."""
        cp = self.find_checkpoint(checkpoint)
        self._check_name(new_name)
        before = self.state
        self.lab.tick()
        old = cp.name
        cp.name = new_name
        self._log("result.renamed", old=old, new=new_name)
        return self._result("rename_checkpoint", text("result.renamed", old=old, new=new_name), before, checkpoint_id=cp.id)

    # ------------------------------------------------------------------ persistence
    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "id": self.id,
            "guest": self.guest.to_dict(),
            "configuration_version": list(self.configuration_version),
            "checkpoint_type": self.checkpoint_type.name,
            "automatic_checkpoints": self.automatic_checkpoints,
            "snapshot_file_location": self.snapshot_file_location,
            "integration_services": {s.name: on for s, on in self.integration_services.items()},
            "state": self.state.name,
            "memory": self.memory.to_dict() if self.memory else None,
            "open_apps": list(self.open_apps),
            "checkpoints": [c.to_dict() for c in self.checkpoints.values()],
            "now_parent_id": self.now_parent_id,
            "directory": self.directory.to_dict(),
            "disk_chains": [c.to_dict() for c in self.disk_chains],
            "active_disk_ids": list(self.active_disk_ids),
            "events": [e.to_dict() for e in self.events],
        }

    def load_dict(self, data: dict) -> None:
        """Replace this VM's whole state in place (objects holding it stay valid)."""
        self.name = data["name"]
        self.id = data["id"]
        self.guest = GuestProfile.from_dict(data["guest"])
        self.configuration_version = (int(data["configuration_version"][0]), int(data["configuration_version"][1]))
        self.checkpoint_type = CheckpointType[data["checkpoint_type"]]
        self.automatic_checkpoints = bool(data["automatic_checkpoints"])
        self.snapshot_file_location = data["snapshot_file_location"]
        self.integration_services = {IntegrationService[k]: bool(v) for k, v in data["integration_services"].items()}
        if set(self.integration_services) != set(IntegrationService):
            raise KeyError("integration_services")
        self.state = VMState[data["state"]]
        self.memory = MemoryState.from_dict(data["memory"]) if data["memory"] else None
        self.open_apps = tuple(data["open_apps"])
        self.checkpoints = {c["id"]: Checkpoint.from_dict(c) for c in data["checkpoints"]}
        self.now_parent_id = data["now_parent_id"]
        self.directory = DirectoryState.from_dict(data["directory"])
        self.disk_chains = [DiskChain.from_dict(c) for c in data["disk_chains"]]
        self.active_disk_ids = list(data["active_disk_ids"])
        self.events = [Event.from_dict(e) for e in data["events"]]
        self.last_result = None
        self._pending_notes = []


_UPDATE_LOG_PATH = {"Windows": "C:\\Windows\\Logs\\CBS\\CBS.log", "Linux": "/var/log/apt/history.log"}


def _installed_os_blocks(guest: GuestProfile) -> dict[str, Block]:
    """What a freshly installed guest disk holds, roughly sized like the real thing."""
    if guest.family.value == "Linux":
        return {
            "/boot/vmlinuz": Block("kernel", 12.0),
            "/usr": Block("system files", 3500.0),
            "/home/student/notes.txt": Block("first notes", 0.1),
        }
    blocks = {
        "C:\\Windows\\System32": Block("system files", 9000.0),
        "C:\\Users\\Student\\Documents\\notes.txt": Block("first notes", 0.1),
    }
    if guest.is_domain_controller:
        blocks[DIRECTORY_PATH] = Block(format_directory(1, 0), 40.0)
    return blocks

