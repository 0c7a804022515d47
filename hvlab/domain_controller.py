"""What applying a checkpoint does to a domain controller (reference A10, A11, B22, B23).

The directory lives on the VM's disk, so a checkpoint rolls it back with everything else. What
happens next depends on the guest: a Windows Server 2012+ DC notices the VM-Generation ID
change, takes a new invocationID, discards its RID pool and re-syncs (B22); a Windows Server
2008 R2 DC does not, reuses USNs its partners have already seen, and ends in USN rollback
(B23) unless it is restored through Directory Services Restore Mode before it first starts.

hvlab models the directory as one file on the guest disk holding the DC's invocationID and
highest USN, and the replication partners as the highest USN they have received from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["DIRECTORY_EVENT_1109", "DIRECTORY_EVENT_2095", "DIRECTORY_PATH", "DirectoryHealth", "DirectoryState", "parse_directory", "format_directory"]

DIRECTORY_PATH = "C:\\Windows\\NTDS\\ntds.dit"

DIRECTORY_EVENT_2095 = {
    "provenance": "guest_verbatim.event_2095",
    "event_id": 2095,
    "event_log": "Directory Services",
    "event_source": "Microsoft-Windows-ActiveDirectory_DomainService",
}
"""USN rollback detected: the fields of KB875495's example entry (its text: the catalog)."""

DIRECTORY_EVENT_1109 = {"provenance": "guest_verbatim.event_1109", "event_id": 1109, "event_log": "Directory Services"}
"""The invocationID changed after a restore: DC-RESTORE's Event Viewer example (B23)."""


class DirectoryHealth(Enum):
    HEALTHY = "healthy"
    ROLLED_BACK = "USN rollback (not yet detected)"
    QUARANTINED = "USN rollback detected: replication disabled, Netlogon paused"
    DEMOTED = "forcibly demoted"


@dataclass
class DirectoryState:
    """The replication partners' side of the story, which no checkpoint rolls back.

    ``partner_usn`` is the highest USN partners have received under ``partner_invocation``.
    ``restore_pending`` is set when a checkpoint was applied and the DC has not started since.
    """

    partner_invocation: int = 1
    partner_usn: int = 0
    health: DirectoryHealth = DirectoryHealth.HEALTHY
    restore_pending: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "partner_invocation": self.partner_invocation,
            "partner_usn": self.partner_usn,
            "health": self.health.name,
            "restore_pending": self.restore_pending,
        }

    @classmethod
    def from_dict(cls, data: dict) -> DirectoryState:
        return cls(
            partner_invocation=int(data["partner_invocation"]),
            partner_usn=int(data["partner_usn"]),
            health=DirectoryHealth[data["health"]],
            restore_pending=bool(data["restore_pending"]),
        )


def parse_directory(content: str | None) -> tuple[int, int]:
    """(invocation, usn) from the directory file's content; a fresh DC is (1, 0)."""
    if not content:
        return 1, 0
    fields = dict(part.split("=", 1) for part in content.split(";"))
    return int(fields["invocationID"]), int(fields["usn"])


def format_directory(invocation: int, usn: int) -> str:
    return f"invocationID={invocation};usn={usn}"
