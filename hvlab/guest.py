"""The guest operating system inside a VM, and what it offers Hyper-V.

A production checkpoint needs the guest's side of backup: on Windows the Hyper-V Volume Shadow
Copy Requestor (``vmicvss``), on Linux ``hv_vss_daemon`` (reference B5). The guest also decides
how consistent a production checkpoint is (application-consistent with Windows VSS,
file-system-consistent with a Linux freeze; reference A7) and, for domain controllers, what
applying a checkpoint does to the directory (reference B22, B23).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

from .checkpoint_type import Consistency

__all__ = ["GuestFamily", "GuestOS", "GuestProfile", "GuestRole"]


class GuestFamily(Enum):
    WINDOWS = "Windows"
    LINUX = "Linux"


class GuestOS(Enum):
    """Guest operating systems a learner can pick."""

    WINDOWS_SERVER_2025 = "Windows Server 2025"
    WINDOWS_SERVER_2022 = "Windows Server 2022"
    WINDOWS_SERVER_2019 = "Windows Server 2019"
    WINDOWS_SERVER_2016 = "Windows Server 2016"
    WINDOWS_SERVER_2008_R2 = "Windows Server 2008 R2"
    WINDOWS_11 = "Windows 11"
    WINDOWS_10 = "Windows 10"
    LINUX = "Linux (Ubuntu)"

    @property
    def family(self) -> GuestFamily:
        return GuestFamily.LINUX if self is GuestOS.LINUX else GuestFamily.WINDOWS

    @property
    def is_server(self) -> bool:
        return self.value.startswith("Windows Server")

    @property
    def has_vm_generation_id_support(self) -> bool:
        """Windows Server 2012 and later DCs detect a rollback by VM-Generation ID (B22)."""
        return self.is_server and self is not GuestOS.WINDOWS_SERVER_2008_R2


class GuestRole(Enum):
    """Server roles that change what checkpoints do (reference B12, B22, B23)."""

    SQL_SERVER = "SQL Server"
    DOMAIN_CONTROLLER = "Active Directory Domain Services (domain controller)"


@dataclass(frozen=True)
class GuestProfile:
    """What runs inside the VM.

    ``integration_services`` says whether the guest has Hyper-V integration services at all;
    ``vss_requester_running`` whether its backup requester (``vmicvss`` or ``hv_vss_daemon``)
    runs, which production checkpoints need (reference B5).
    """

    os: GuestOS = GuestOS.WINDOWS_SERVER_2022
    roles: frozenset[GuestRole] = field(default_factory=frozenset)
    integration_services: bool = True
    vss_requester_running: bool = True

    @classmethod
    def windows(cls, os: GuestOS = GuestOS.WINDOWS_SERVER_2022, *roles: GuestRole) -> GuestProfile:
        """A Windows guest with integration services and ``vmicvss`` running."""
        return cls(os=os, roles=frozenset(roles))

    @classmethod
    def linux(cls, vss_daemon: bool = True) -> GuestProfile:
        """A Linux guest, with or without ``hv_vss_daemon`` (package hyperv-daemons) running."""
        return cls(os=GuestOS.LINUX, vss_requester_running=vss_daemon)

    @classmethod
    def old_domain_controller(cls) -> GuestProfile:
        """A Windows Server 2008 R2 domain controller: no VM-Generation ID safeguard (B23)."""
        return cls(os=GuestOS.WINDOWS_SERVER_2008_R2, roles=frozenset({GuestRole.DOMAIN_CONTROLLER}))

    @property
    def family(self) -> GuestFamily:
        return self.os.family

    @property
    def requester_name(self) -> str:
        """The guest component a production checkpoint talks to (reference B5)."""
        return "hv_vss_daemon" if self.family is GuestFamily.LINUX else "vmicvss"

    @property
    def vss_ready(self) -> bool:
        """The guest can answer a production checkpoint's freeze request (reference B5)."""
        return self.integration_services and self.vss_requester_running

    @property
    def production_consistency(self) -> Consistency:
        """Windows VSS gives application consistency, a Linux freeze file-system consistency (A7)."""
        if self.family is GuestFamily.LINUX:
            return Consistency.FILE_SYSTEM_CONSISTENT
        return Consistency.APPLICATION_CONSISTENT

    @property
    def is_domain_controller(self) -> bool:
        return GuestRole.DOMAIN_CONTROLLER in self.roles

    @property
    def runs_sql_server(self) -> bool:
        return GuestRole.SQL_SERVER in self.roles

    def with_roles(self, *roles: GuestRole) -> GuestProfile:
        return replace(self, roles=frozenset(roles))

    def to_dict(self) -> dict[str, object]:
        return {
            "os": self.os.name,
            "roles": sorted(r.name for r in self.roles),
            "integration_services": self.integration_services,
            "vss_requester_running": self.vss_requester_running,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> GuestProfile:
        return cls(
            os=GuestOS[str(data["os"])],
            roles=frozenset(GuestRole[str(r)] for r in data["roles"]),  # type: ignore[union-attr]
            integration_services=bool(data["integration_services"]),
            vss_requester_running=bool(data["vss_requester_running"]),
        )
