"""What the guest does inside a running VM: files, updates, applications, and on a domain
controller the directory (whose rules live in :mod:`hvlab.domain_controller`).

These are lab controls, not Hyper-V actions: they make the differences between checkpoints
visible (a file written after a checkpoint, an application open in memory, a USN).
"""

from __future__ import annotations

from ..catalog import text
from ..domain_controller import DIRECTORY_EVENT_1109, DIRECTORY_EVENT_2095, DIRECTORY_PATH, BootOutcome, DirectoryHealth, format_directory, parse_directory
from ..errors import ConfigurationError, GuestNotReadyError
from ..events import EventLevel, EventSource
from ..states import VMState
from .base import VMCore
from .result import OperationResult, operation
from .steps import StepKind

__all__ = ["GuestActions"]

_UPDATE_LOG_PATH = {"Windows": "C:\\Windows\\Logs\\CBS\\CBS.log", "Linux": "/var/log/apt/history.log"}


class GuestActions(VMCore):
    """The guest at work: what a learner makes it do between checkpoints."""

    def _check_disk(self, disk: int) -> None:
        if not 0 <= disk < len(self.disk_chains):
            raise ConfigurationError(text("error.no_such_disk", disk=disk, count=len(self.disk_chains)))

    def _require_guest(self, action: str) -> None:
        if self.state is not VMState.RUNNING:
            raise GuestNotReadyError(text("error.guest_not_running", action=text(f"action.{action}"), state=self.state.label))

    @operation
    def write_file(self, path: str, content: str, size_mb: float = 1.0, disk: int = 0) -> OperationResult:
        """The guest writes a file: the write lands in the active (Now) disk only (B17)."""
        self._require_guest("write_file")
        self._check_disk(disk)
        before = self.state
        self.lab.tick()
        held = self.active_disk(disk).blocks.get(path)
        paused = self._pause_critical_if_full(size_mb - (held.size_mb if held else 0.0), "write_file")  # type: ignore[attr-defined]  # B29
        if paused is not None:
            return paused
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
        writes = {(f"/usr/lib/{part}/{name}.{index}" if linux else f"C:\\Windows\\{part}\\{name}.{index}"): (name, size_mb / 3)
                  for index, part in enumerate(("system", "drivers", "servicing"))}
        writes[_UPDATE_LOG_PATH[self.guest.family.value]] = (f"installed {name}", 0.1)
        held = self.active_disk(0).blocks
        growth = sum(size - (held[path].size_mb if path in held else 0.0) for path, (_, size) in writes.items())
        paused = self._pause_critical_if_full(growth, "install_update")  # type: ignore[attr-defined]  # B29
        if paused is not None:
            return paused
        for path, (content, size) in writes.items():
            self.disk_chains[0].write(disk_id, path, content, size)
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
        """A change in Active Directory on a DC guest: a new USN, replicated to partners (B22),
        or USN rollback detected when the partners already hold that USN (B23)."""
        self._require_guest("change_directory")
        if not self.guest.is_domain_controller:
            raise GuestNotReadyError(text("error.not_a_dc", vm=self.name))
        if not self.directory.accepts_changes:
            raise GuestNotReadyError(text("error.directory_blocked", health=self.directory.health.label))
        before = self.state
        self.lab.tick()
        invocation, usn = parse_directory(self.read_file(DIRECTORY_PATH))
        usn += 1
        self._write_directory(invocation, usn)
        self._log("event.directory_change", source=EventSource.GUEST, change=change, usn=usn)
        notes: list[str] = []
        if self.directory.replicate(invocation, usn):
            self._log("event.replicated", usn=usn, rule="B22")
            summary = text("result.directory_replicated", change=change, usn=usn)
        else:
            self._log_text(text("guest_verbatim.event_2095"), EventSource.GUEST, EventLevel.ERROR, "B23", verbatim=True, **DIRECTORY_EVENT_2095)
            self._log("event.netlogon_paused", source=EventSource.GUEST, level=EventLevel.ERROR, rule="B23")
            summary = text("result.usn_rollback_detected", usn=usn)
            notes.append(text("note.usn_rollback_recovery"))
        return self._result("change_directory", summary, before, notes=tuple(notes))

    def _write_directory(self, invocation: int, usn: int) -> None:
        self.disk_chains[0].write(self.active_disk_ids[0], DIRECTORY_PATH, format_directory(invocation, usn), 0.2)

    def _directory_after_boot(self) -> list[str]:
        """What a DC does when its guest comes up after a checkpoint was applied (B22, B23; the
        rules: :meth:`hvlab.domain_controller.DirectoryState.first_boot`)."""
        if not self.guest.is_domain_controller:
            return []
        invocation, usn = parse_directory(self.read_file(DIRECTORY_PATH))
        outcome = self.directory.first_boot(invocation, usn, self.guest.os.has_vm_generation_id_support)
        if outcome is BootOutcome.GENERATION_ID_RESET:
            self._step(StepKind.DC_GENERATION_ID, invocation=invocation, usn=usn)
            self._write_directory(self.directory.partner_invocation, usn)
            self._step(StepKind.DC_NEW_INVOCATION_ID, invocation=self.directory.partner_invocation)
            self._log("event.generation_id_changed", source=EventSource.GUEST, rule="B22")
            return [text("note.dc_generation_id_safe")]
        if outcome is BootOutcome.ROLLED_BACK:
            partner_usn = self.directory.partner_usn
            self._step(StepKind.DC_STARTS_ROLLED_BACK, invocation=invocation, usn=usn)
            self._step(StepKind.DC_USN_ROLLBACK, usn=usn, partner_usn=partner_usn)
            self._log("event.usn_rollback_silent", source=EventSource.GUEST, level=EventLevel.WARNING, rule="B23", usn=usn, partner_usn=partner_usn)
            return [text("note.usn_rollback_silent", usn=usn, partner_usn=partner_usn)]
        return []

    @operation
    def restore_directory_in_dsrm(self) -> OperationResult:
        """The old-VHD procedure for an old DC before it first starts after a restore (A11, B23):
        boot into Directory Services Restore Mode, set ``Database restored from backup`` = 1,
        restart normally; the DC takes a new invocationID (Event 1109). Microsoft's last resort
        when no system state backup exists, and "not supported by Microsoft" (B23)."""
        self._require_state("restore_directory_in_dsrm", VMState.OFF)
        if not self.guest.is_domain_controller:
            raise GuestNotReadyError(text("error.not_a_dc", vm=self.name))
        if not self.directory.restore_pending:
            raise GuestNotReadyError(text("error.dsrm_not_pending"))
        before = self.state
        self.lab.tick()
        invocation, usn = parse_directory(self.read_file(DIRECTORY_PATH))
        self.directory = self.directory.after_dsrm_restore(invocation, usn)
        self.state = VMState.RUNNING
        self.open_apps = ()
        self._write_directory(self.directory.partner_invocation, usn)
        self._log("event.dsrm_boot", source=EventSource.GUEST, rule="B23")
        self._log_text(text("guest_verbatim.event_1109"), EventSource.GUEST, rule="B23", verbatim=True, **DIRECTORY_EVENT_1109)
        return self._result("restore_directory_in_dsrm", text("result.dsrm_restored"), before)

    @operation
    def force_demote(self) -> OperationResult:
        """One way out of a detected USN rollback: forcibly demote the DC (metadata cleanup), the
        first of the recovery approaches KB875495 lists (B23)."""
        if not self.guest.is_domain_controller:
            raise GuestNotReadyError(text("error.not_a_dc", vm=self.name))
        before = self.state
        self.lab.tick()
        self.directory.health = DirectoryHealth.DEMOTED
        self._log("event.force_demoted", source=EventSource.GUEST, rule="B23")
        return self._result("force_demote", text("result.force_demoted"), before)
