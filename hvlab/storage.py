"""Where a lab's virtual disks live: the host volume, its size and free space, and what kind of
disk each VM drive is.

Why this matters for checkpoints (reference B29–B31): a checkpoint's AVHDX grows with every
write the guest makes, on the same volume as everything else, and "Available space may run out
on the physical disk that stores the checkpoints files" (Best Practices Analyzer, BPA-CKPT); a
full volume "may" pause the running VMs on it ("paused-critical", BPA-CKPT; hvlab pauses the
one whose write does not fit); a merge needs free space before it can run (SUP-AVHDX). Some
drives cannot be checkpointed at all (pass-through disks, shared VHDX, virtual Fibre Channel,
B30), and a virtual disk cannot be expanded while checkpoints exist (B31).

Everything here is plain data a diagram or a lesson can read (:class:`VolumeUsage`,
:class:`StoredFile`, :class:`HardDiskDrive`); the operations that change it live on
:class:`~hvlab.lab.Lab` (the volume, lab-only) and :class:`~hvlab.vm.VirtualMachine` (drives).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from .catalog import text
from .disk_chain import HEADER_MB

if TYPE_CHECKING:  # pragma: no cover
    from .lab import Lab

__all__ = [
    "AttachmentKind",
    "ControllerType",
    "DEFAULT_VOLUME_GB",
    "HardDiskDrive",
    "HostVolume",
    "MB_PER_GB",
    "StoredFile",
    "VolumeUsage",
    "volume_from_data",
    "volume_usage",
]

MB_PER_GB = 1024.0
DEFAULT_VOLUME_GB = 1024.0
"""The size of a new lab's host volume: hvlab's round figure (*assumed*), large enough that only
a lab about storage ever fills it."""


class ControllerType(Enum):
    """Where a drive is attached (Add-VMHardDiskDrive ``-ControllerType``: IDE or SCSI)."""

    IDE = "IDE"
    SCSI = "SCSI"


class AttachmentKind(Enum):
    """What a VM drive is, as far as checkpoints care (B30, SUP-AVHDX, VHDS)."""

    VIRTUAL_HARD_DISK = "VirtualHardDisk"
    """A VHDX file: a checkpoint freezes it and adds an AVHDX."""
    VHD_SET = "VHDSet"
    """A VHD Set (.vhds), the shared-disk format that checkpoints include (VHDS)."""
    SHARED_VHDX = "SharedVHDX"
    """A VHDX shared between VMs (``-SupportPersistentReservations``): cannot be checkpointed."""
    PASS_THROUGH = "PassThrough"
    """A physical host disk (``-DiskNumber``): no file, cannot be checkpointed."""

    @property
    def checkpointable(self) -> bool:
        """Whether a checkpoint can include this drive (B30)."""
        return self in (AttachmentKind.VIRTUAL_HARD_DISK, AttachmentKind.VHD_SET)

    @property
    def label(self) -> str:
        return text(f"storage.kind.{self.name}")


@dataclass(frozen=True)
class HardDiskDrive:
    """One drive of a VM as ``Get-VMHardDiskDrive`` lists it, plus what a diagram needs.

    ``chain``: the index of its disk chain in ``vm.disk_chains`` (VHDX and VHD Set drives), else
    ``None``; ``path`` is the file the VM uses now (the newest AVHDX while checkpoints exist, as
    Get-VMHardDiskDrive reports it), ``None`` for a pass-through disk, which has ``disk_number``.
    ``virtual_size_gb``: the size the guest sees; ``file_size_mb``: what the file takes on the
    host volume (0 for a pass-through disk)."""

    kind: AttachmentKind
    controller_type: ControllerType
    controller_number: int
    controller_location: int
    path: str | None
    disk_number: int | None
    virtual_size_gb: float
    file_size_mb: float
    chain: int | None = None

    @property
    def checkpointable(self) -> bool:
        return self.kind.checkpointable

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.name, "controller_type": self.controller_type.name, "controller_number": self.controller_number,
            "controller_location": self.controller_location, "path": self.path, "disk_number": self.disk_number,
            "virtual_size_gb": self.virtual_size_gb, "file_size_mb": self.file_size_mb,
        }

    @classmethod
    def from_dict(cls, data: dict) -> HardDiskDrive:
        return cls(
            kind=AttachmentKind[data["kind"]], controller_type=ControllerType[data["controller_type"]],
            controller_number=int(data["controller_number"]), controller_location=int(data["controller_location"]),
            path=data["path"], disk_number=None if data["disk_number"] is None else int(data["disk_number"]),
            virtual_size_gb=float(data["virtual_size_gb"]), file_size_mb=float(data["file_size_mb"]),
        )


@dataclass(frozen=True)
class StoredFile:
    """One file on the host volume: a VM's disk file, or the volume's other files (``vm`` None)."""

    path: str
    vm: str | None
    size_mb: float


@dataclass(frozen=True)
class VolumeUsage:
    """The host volume at one moment: its size, what is used (every VM's disk files and the
    volume's other files) and what is free. Never negative (B29)."""

    size_gb: float
    other_files_gb: float
    files: tuple[StoredFile, ...]

    @property
    def size_mb(self) -> float:
        return self.size_gb * MB_PER_GB

    @property
    def used_mb(self) -> float:
        return sum(f.size_mb for f in self.files) + self.other_files_gb * MB_PER_GB

    @property
    def free_mb(self) -> float:
        return self.size_mb - self.used_mb

    @property
    def used_gb(self) -> float:
        return self.used_mb / MB_PER_GB

    @property
    def free_gb(self) -> float:
        return self.free_mb / MB_PER_GB

    @property
    def percent_used(self) -> float:
        return 100.0 * self.used_mb / self.size_mb if self.size_mb else 100.0


@dataclass
class HostVolume:
    """The host's one volume that holds every VM's disk files (one volume per lab: *assumed*,
    B29). ``other_files_gb``: what else the volume holds (other files, lab-only: fill the volume
    or delete some of them)."""

    size_gb: float = DEFAULT_VOLUME_GB
    other_files_gb: float = 0.0

    def to_dict(self) -> dict[str, float]:
        return {"size_gb": self.size_gb, "other_files_gb": self.other_files_gb}

    @classmethod
    def from_dict(cls, data: dict | None) -> HostVolume:
        """A volume as saved; a lab saved before volumes existed gets the default one."""
        if not data:
            return cls()
        return cls(size_gb=float(data["size_gb"]), other_files_gb=float(data["other_files_gb"]))


def volume_usage(lab: Lab) -> VolumeUsage:
    """Every file on ``lab``'s host volume and its size: each VM's disk files (all of a chain's
    VHDX/AVHDX files, shared VHDX counted once) and the volume's other files (B29)."""
    files: list[StoredFile] = []
    seen: set[str] = set()
    for vm in lab.vms.values():
        for chain in vm.disk_chains:
            for disk in chain:
                files.append(StoredFile(disk.path, vm.name, disk.size_mb))
        for drive in vm.extra_drives:
            if drive.kind is AttachmentKind.SHARED_VHDX and drive.path and drive.path.casefold() not in seen:
                seen.add(drive.path.casefold())
                files.append(StoredFile(drive.path, vm.name, HEADER_MB))
    return VolumeUsage(lab.volume.size_gb, lab.volume.other_files_gb, tuple(files))


def volume_from_data(data: dict) -> dict[str, float]:
    """The host volume of a lab saved as data (:meth:`~hvlab.lab.Lab.to_dict`): its size, other
    files and the MB every VM's disk files use, rounded to 0.1 MB, so that a picture of the
    volume's fill is drawn again when any of them changes (B29)."""
    volume = HostVolume.from_dict(data.get("volume"))
    used = 0.0
    for vm in data["vms"]:
        for chain in vm["disk_chains"]:
            used += sum(HEADER_MB + sum(float(b[1]) for b in disk["blocks"].values()) for disk in chain["disks"])
    return {"size_gb": volume.size_gb, "other_files_gb": volume.other_files_gb, "disks_mb": round(used, 1)}
