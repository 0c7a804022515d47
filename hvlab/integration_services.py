"""The six integration services Hyper-V offers a VM (IS-MANAGE, reference B4).

Each has the label Hyper-V Manager shows, the name ``Get-VMIntegrationService`` uses and its
default. "Backup (volume shadow copy)" (``VSS``) is the one that decides whether a production
checkpoint is possible (reference A8, B4).
"""

from __future__ import annotations

from enum import Enum

__all__ = ["IntegrationService"]


class IntegrationService(Enum):
    """An integration service, valued by its PowerShell name (IS-MANAGE)."""

    SHUTDOWN = "Shutdown"
    TIME_SYNCHRONIZATION = "Time Synchronization"
    KEY_VALUE_PAIR_EXCHANGE = "Key-Value Pair Exchange"
    HEARTBEAT = "Heartbeat"
    BACKUP = "VSS"
    GUEST_SERVICE_INTERFACE = "Guest Service Interface"

    @property
    def powershell_name(self) -> str:
        """The ``-Name`` value of ``Enable-VMIntegrationService``."""
        return self.value

    @property
    def manager_label(self) -> str:
        """The label in Hyper-V Manager > Settings > Integration Services (SHOT-IS)."""
        return _LABELS[self]

    @property
    def label(self) -> str:
        """The Hyper-V Manager label in the learner's language (catalog ``integration_service.*``):
        the English label above, or the Japanese UI's, e.g. "バックアップ (ボリューム シャドウ コピー)"."""
        from .catalog import text

        return text(f"integration_service.{self.name}")

    @property
    def enabled_by_default(self) -> bool:
        """All but Guest Service Interface are on by default (IS-MANAGE)."""
        return self is not IntegrationService.GUEST_SERVICE_INTERFACE

    @property
    def windows_service(self) -> str:
        """The guest-side Windows service that answers it (IS-MANAGE)."""
        return _WINDOWS_SERVICES[self]

    @property
    def linux_component(self) -> str:
        """The Linux guest component that answers it (IS-REF)."""
        return _LINUX_COMPONENTS[self]

    @classmethod
    def from_name(cls, name: str) -> IntegrationService:
        """Find a service by PowerShell name or Manager label, case-insensitively."""
        wanted = name.strip().casefold()
        for service in cls:
            if wanted in (service.value.casefold(), service.manager_label.casefold(), service.name.casefold()):
                return service
        raise ValueError(name)


_LABELS = {
    IntegrationService.SHUTDOWN: "Operating system shutdown",
    IntegrationService.TIME_SYNCHRONIZATION: "Time synchronization",
    IntegrationService.KEY_VALUE_PAIR_EXCHANGE: "Data Exchange",
    IntegrationService.HEARTBEAT: "Heartbeat",
    IntegrationService.BACKUP: "Backup (volume shadow copy)",
    IntegrationService.GUEST_SERVICE_INTERFACE: "Guest services",
}
_WINDOWS_SERVICES = {
    IntegrationService.SHUTDOWN: "vmicshutdown",
    IntegrationService.TIME_SYNCHRONIZATION: "vmictimesync",
    IntegrationService.KEY_VALUE_PAIR_EXCHANGE: "vmickvpexchange",
    IntegrationService.HEARTBEAT: "vmicheartbeat",
    IntegrationService.BACKUP: "vmicvss",
    IntegrationService.GUEST_SERVICE_INTERFACE: "vmicguestinterface",
}
_LINUX_COMPONENTS = {
    IntegrationService.SHUTDOWN: "hv_utils",
    IntegrationService.TIME_SYNCHRONIZATION: "hv_utils",
    IntegrationService.KEY_VALUE_PAIR_EXCHANGE: "hv_kvp_daemon",
    IntegrationService.HEARTBEAT: "hv_utils",
    IntegrationService.BACKUP: "hv_vss_daemon",
    IntegrationService.GUEST_SERVICE_INTERFACE: "hv_fcopy_daemon",
}
