"""The checkpoint setting of a VM and the kinds of checkpoint it can produce.

``CheckpointType`` is ``Set-VM -CheckpointType`` (reference B1, SETVM); ``CheckpointKind`` is what a
checkpoint actually became. Hyper-V does not expose the kind afterwards (reference B25); hvlab
shows it, and says what real Hyper-V shows instead.
"""

from __future__ import annotations

from enum import Enum

from .catalog import text

__all__ = ["CheckpointKind", "CheckpointType", "Consistency"]


class CheckpointType(Enum):
    """The four values of ``Set-VM -CheckpointType`` (reference B1)."""

    DISABLED = "Disabled"
    PRODUCTION = "Production"
    PRODUCTION_ONLY = "ProductionOnly"
    STANDARD = "Standard"

    @property
    def label(self) -> str:
        """The setting in the learner's language (catalog ``checkpoint_type.*``); Japanese
        keeps the ``Set-VM`` value in parentheses, e.g. 運用 (Production)."""
        return text(f"checkpoint_type.{self.name}")

    @property
    def enabled(self) -> bool:
        """Hyper-V Manager's "Enable checkpoints" box (cleared only for Disabled)."""
        return self is not CheckpointType.DISABLED

    @property
    def wants_production(self) -> bool:
        """Production and ProductionOnly both try a production checkpoint first."""
        return self in (CheckpointType.PRODUCTION, CheckpointType.PRODUCTION_ONLY)

    @property
    def falls_back(self) -> bool:
        """Only Production falls back to standard: the "Create standard checkpoints if it's
        not possible to create a production checkpoint." box (B1)."""
        return self is CheckpointType.PRODUCTION

    @classmethod
    def parse(cls, value: str) -> CheckpointType:
        """Accept the PowerShell value, case-insensitively, as ``Set-VM`` does."""
        for member in cls:
            if member.value.casefold() == value.strip().casefold():
                return member
        raise ValueError(value)


class CheckpointKind(Enum):
    """What a checkpoint became (production or standard)."""

    PRODUCTION = "Production"
    STANDARD = "Standard"

    @property
    def label(self) -> str:
        """The kind in the learner's language (catalog ``kind.*``): 運用 or 標準 in Japanese."""
        return text(f"kind.{self.name}")


class Consistency(Enum):
    """How consistent a checkpoint's disk image is (reference A7, B9, B10)."""

    APPLICATION_CONSISTENT = "application-consistent"
    FILE_SYSTEM_CONSISTENT = "file-system-consistent"
    CRASH_CONSISTENT = "crash-consistent"
    SHUT_DOWN = "offline"  # one word per state: the catalogs call it "offline" too

    @property
    def label(self) -> str:
        """The consistency in a word or two, in the learner's language (catalog
        ``consistency_short.*``; ``consistency.*`` explains it)."""
        return text(f"consistency_short.{self.name}")
