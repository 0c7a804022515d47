"""What applying a checkpoint does to a domain controller (reference A10, A11, B22, B23).

The directory lives on the VM's disk, so a checkpoint rolls it back with everything else. What
happens next depends on the guest: a Windows Server 2012+ DC notices the VM-Generation ID
change, takes a new invocationID, discards its RID pool and re-syncs (B22); a Windows Server
2008 R2 DC does not, reuses USNs its partners have already seen, and ends in USN rollback
(B23). The old-VHD procedure in Directory Services Restore Mode before its first start avoids
that, but Microsoft calls it a last resort when no system state backup exists and does not
support it; the supported way back is an AD-aware restore of a system state backup (B23).

hvlab models the directory as one file on the guest disk holding the DC's invocationID and
highest USN, and the replication partners as the highest USN they have received from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .catalog import text

__all__ = ["DIRECTORY_EVENT_1109", "DIRECTORY_EVENT_2095", "DIRECTORY_PATH", "BootOutcome", "DirectoryHealth", "DirectoryState", "parse_directory", "format_directory"]

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


class BootOutcome(Enum):
    """What a DC's first boot after an applied checkpoint did (B22, B23)."""

    NOTHING = "nothing"
    GENERATION_ID_RESET = "new invocationID"
    ROLLED_BACK = "USN rollback"


class DirectoryHealth(Enum):
    HEALTHY = "healthy"
    ROLLED_BACK = "USN rollback (not yet detected)"
    QUARANTINED = "USN rollback detected: replication disabled, Netlogon paused"
    DEMOTED = "forcibly demoted"

    @property
    def label(self) -> str:
        """The health in the learner's language (catalog ``directory.*``)."""
        return text(f"directory.{self.name}")


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

    @property
    def accepts_changes(self) -> bool:
        """A DC whose rollback was detected (replication disabled) or that was demoted takes no
        directory changes (B23)."""
        return self.health not in (DirectoryHealth.QUARANTINED, DirectoryHealth.DEMOTED)

    def checkpoint_applied(self) -> None:
        """The VM's disk, directory included, went back to a checkpoint; the partners did not."""
        self.restore_pending = True

    def replicate(self, invocation: int, usn: int) -> bool:
        """A change the DC made with ``usn`` under ``invocation``: the partners take it (B22)
        unless they already hold that USN from the same invocationID, which is USN rollback
        detected: replication disabled, Netlogon paused (Event ID 2095, B23). Returns whether
        it replicated."""
        if invocation != self.partner_invocation or usn > self.partner_usn:
            self.partner_invocation, self.partner_usn = invocation, usn
            return True
        self.health = DirectoryHealth.QUARANTINED
        return False

    def first_boot(self, invocation: int, usn: int, generation_id_support: bool) -> BootOutcome:
        """What the DC does when its guest comes up after a checkpoint was applied (B22, B23): a
        DC that sees the VM-Generation ID change takes a new invocationID and re-syncs (its new
        invocationID is then ``partner_invocation``); an old one that comes back with a USN its
        partners have passed is rolled back, silently until it is detected."""
        if not self.restore_pending:
            return BootOutcome.NOTHING
        self.restore_pending = False
        if generation_id_support:
            new_invocation = max(invocation, self.partner_invocation) + 1
            self.partner_invocation, self.partner_usn = new_invocation, usn
            self.health = DirectoryHealth.HEALTHY
            return BootOutcome.GENERATION_ID_RESET
        if invocation == self.partner_invocation and usn < self.partner_usn:
            self.health = DirectoryHealth.ROLLED_BACK
            return BootOutcome.ROLLED_BACK
        return BootOutcome.NOTHING

    def after_dsrm_restore(self, invocation: int, usn: int) -> DirectoryState:
        """The directory after the old-VHD procedure (DSRM, ``Database restored from backup`` = 1,
        restart; Event 1109): a new invocationID the partners accept. Microsoft's last resort,
        "not supported by Microsoft" (B23)."""
        return DirectoryState(partner_invocation=max(invocation, self.partner_invocation) + 1, partner_usn=usn)

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
