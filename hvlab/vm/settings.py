"""A VM's settings, as ``Set-VM`` and Hyper-V Manager's Settings pages change them, and the lab
controls that choose what runs inside it.

Each method is one operation (:func:`~.result.operation`): it succeeds and says what changed, or
is refused and changes nothing.
"""

from __future__ import annotations

from dataclasses import replace

from ..catalog import text
from ..checkpoint_type import CheckpointType
from ..errors import ConfigurationError, GuestNotReadyError
from ..events import EventSource
from ..guest import GuestProfile
from ..host import format_version, parse_version
from ..integration_services import IntegrationService
from ..states import VMState
from .base import VMCore
from .result import OperationResult, operation

__all__ = ["VMSettings"]


class VMSettings(VMCore):
    """``Set-VM``, the integration services, the configuration version and the guest."""

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
        self._log("event.setting_changed", setting="CheckpointType", value=checkpoint_type.label)
        return self._result("set_checkpoint_type", text("result.checkpoint_type", value=checkpoint_type.label), before)

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
        return self._result("set_automatic_checkpoints", text("result.automatic_checkpoints", value=text(f"switch.{bool(enabled)}")), before)

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
