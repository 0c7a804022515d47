"""A checkpoint: what it froze, what it holds, and where it sits in the checkpoint tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from .checkpoint_type import CheckpointKind, CheckpointType, Consistency
from .states import VMState

__all__ = ["Checkpoint", "ManagerAction", "MemoryState", "SnapshotType", "default_checkpoint_name"]


class SnapshotType(Enum):
    """A checkpoint's kind as ``Get-VMSnapshot`` reports it (``-SnapshotType``'s accepted values,
    PS-GET-VMSNAPSHOT): a user's checkpoint is ``Standard`` whichever way it was taken (B25); a
    backup's is ``Recovery`` ("Snapshot for recovery scenarios including failover replication
    and backup", WMI-RECOVERY; B32). hvlab's labs make only these two; the others (Hyper-V
    Replica's, planned and missing ones) exist so the console accepts every documented value."""

    STANDARD = "Standard"
    RECOVERY = "Recovery"
    PLANNED = "Planned"
    MISSING = "Missing"
    REPLICA = "Replica"
    APP_CONSISTENT_REPLICA = "AppConsistentReplica"
    SYNCED_REPLICA = "SyncedReplica"

    @classmethod
    def parse(cls, value: str) -> SnapshotType:
        """A value as PowerShell binds an enum: its name, case-insensitively."""
        for member in cls:
            if member.value.casefold() == value.strip().casefold():
                return member
        raise ValueError(value)


class ManagerAction(Enum):
    """An item of Hyper-V Manager's context menu on a checkpoint, in its order (SHOT-MENU)."""

    SETTINGS = "settings"
    APPLY = "apply"
    EXPORT = "export"
    RENAME = "rename"
    DELETE_CHECKPOINT = "delete_checkpoint"
    DELETE_CHECKPOINT_SUBTREE = "delete_checkpoint_subtree"


_NO_DELETE = (ManagerAction.DELETE_CHECKPOINT, ManagerAction.DELETE_CHECKPOINT_SUBTREE)


@dataclass(frozen=True)
class MemoryState:
    """Memory and device state: what a standard checkpoint of a running VM keeps (B10)
    and what a Saved VM holds. ``power`` is the state it resumes into."""

    power: VMState
    open_apps: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"power": self.power.name, "open_apps": list(self.open_apps)}

    @classmethod
    def from_dict(cls, data: dict) -> MemoryState:
        return cls(VMState[data["power"]], tuple(data["open_apps"]))


@dataclass
class Checkpoint:
    """One node of the checkpoint tree.

    ``disk_ids`` are the disks frozen by this checkpoint, one per virtual disk slot: the
    checkpoint's view of the data is what a guest reading through those disks sees (B17).
    """

    id: str
    name: str
    kind: CheckpointKind
    setting: CheckpointType
    created: datetime
    parent_id: str | None
    disk_ids: tuple[str, ...]
    vm_state: VMState
    consistency: Consistency
    memory: MemoryState | None = None
    files: tuple[str, ...] = ()
    automatic: bool = False
    guest_events: tuple[str, ...] = field(default=())
    snapshot_type: SnapshotType = SnapshotType.STANDARD
    """How ``Get-VMSnapshot`` reports it: ``Recovery`` for a backup's checkpoint (B32)."""

    @property
    def holds_memory(self) -> bool:
        """Memory and device state saved in the .vmrs: standard of a non-Off VM (B10). Every
        checkpoint has a .vmrs; a production one holds no memory in it (B9)."""
        return self.memory is not None

    @property
    def has_thumbnail(self) -> bool:
        """Hyper-V Manager shows a console thumbnail only when running state was saved (A2)."""
        return self.holds_memory

    @property
    def powershell_snapshot_type(self) -> str:
        """``Get-VMSnapshot``'s SnapshotType: it has no "Production" value (B25); a backup's
        checkpoint is ``Recovery`` (B32)."""
        return self.snapshot_type.value

    @property
    def is_recovery(self) -> bool:
        """Left by a host-side backup: Hyper-V Manager offers no Delete on it (B32)."""
        return self.snapshot_type is SnapshotType.RECOVERY

    @property
    def manager_actions(self) -> tuple[ManagerAction, ...]:
        """What Hyper-V Manager's context menu offers on this checkpoint: on a backup's
        checkpoint "Delete Checkpoint and Delete Checkpoint Subtree don't appear" (SUP-MERGE);
        the Del key and Remove-VMSnapshot still delete it (B32)."""
        return tuple(a for a in ManagerAction if not (self.is_recovery and a in _NO_DELETE))

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.name,
            "setting": self.setting.name,
            "created": self.created.isoformat(),
            "parent_id": self.parent_id,
            "disk_ids": list(self.disk_ids),
            "vm_state": self.vm_state.name,
            "consistency": self.consistency.name,
            "memory": self.memory.to_dict() if self.memory else None,
            "files": list(self.files),
            "automatic": self.automatic,
            "guest_events": list(self.guest_events),
            "snapshot_type": self.snapshot_type.name,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Checkpoint:
        return cls(
            id=data["id"],
            name=data["name"],
            kind=CheckpointKind[data["kind"]],
            setting=CheckpointType[data["setting"]],
            created=datetime.fromisoformat(data["created"]),
            parent_id=data["parent_id"],
            disk_ids=tuple(data["disk_ids"]),
            vm_state=VMState[data["vm_state"]],
            consistency=Consistency[data["consistency"]],
            memory=MemoryState.from_dict(data["memory"]) if data["memory"] else None,
            files=_with_runtime_state(tuple(data["files"])),
            automatic=bool(data["automatic"]),
            guest_events=tuple(data["guest_events"]),
            # A lab saved before backups were modelled holds only user checkpoints (B32).
            snapshot_type=SnapshotType[data.get("snapshot_type", "STANDARD")],
        )


def _with_runtime_state(files: tuple[str, ...]) -> tuple[str, ...]:
    """Every checkpoint has a .vmrs beside its .vmcx (B9 as corrected, B11): a lab saved before
    that correction listed none for production checkpoints; add it on load."""
    if any(f.endswith(".vmrs") for f in files):
        return files
    return tuple(f for c in files for f in ((c, c[: -len(".vmcx")] + ".vmrs") if c.endswith(".vmcx") else (c,)))


def default_checkpoint_name(vm_name: str, when: datetime) -> str:
    """``<VM> - (M/D/YYYY - h:mm:ss AM/PM)`` as Hyper-V Manager names it (B20, SHOT-NOW)."""
    hour = when.hour % 12 or 12
    ampm = "AM" if when.hour < 12 else "PM"
    return f"{vm_name} - ({when.month}/{when.day}/{when.year} - {hour}:{when.minute:02d}:{when.second:02d} {ampm})"
