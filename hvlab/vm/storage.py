"""A VM's drives and the space they take: ``Add-VMHardDiskDrive``, ``Get-VMHardDiskDrive``,
``Remove-VMHardDiskDrive``, ``Resize-VHD`` (Hyper-V Manager's *Edit Disk* > *Expand*), virtual
Fibre Channel adapters, and what a full host volume does to a running VM (reference B29–B31).

The plain data a lesson or a diagram reads (:class:`~hvlab.storage.HardDiskDrive`, the volume's
:class:`~hvlab.storage.VolumeUsage`) lives in :mod:`hvlab.storage`.
"""

from __future__ import annotations

from ..catalog import text
from ..checkpoint import MemoryState
from ..disk_chain import HEADER_MB, Block, DiskChain, VirtualHardDisk
from ..errors import ConfigurationError, StorageError
from ..events import EventLevel, EventSource
from ..reference import manager_label
from ..states import VMState
from ..storage import MB_PER_GB, AttachmentKind, ControllerType, HardDiskDrive, volume_usage
from .base import DEFAULT_DISK_FOLDER, VMCore
from .result import OperationResult, operation

__all__ = ["MAX_FIBRE_CHANNEL_ADAPTERS", "SCSI_LOCATIONS", "VMStorage"]

SCSI_LOCATIONS = 64
"""Drives on one SCSI controller ("Each SCSI controller supports up to 64 disks", SCALE)."""
MAX_FIBRE_CHANNEL_ADAPTERS = 4
"""Virtual Fibre Channel adapters per VM (SCALE's maximum)."""


class VMStorage(VMCore):
    """The VM's drives, and the host volume as the VM meets it."""

    # ------------------------------------------------------------------ reading
    def hard_disk_drives(self) -> list[HardDiskDrive]:
        """Every drive as ``Get-VMHardDiskDrive`` lists it, by controller location: the VHDX and
        VHD Set drives (their chains, the file in use now) and the pass-through and shared VHDX
        drives (B30)."""
        drives = [
            HardDiskDrive(
                kind=AttachmentKind.VHD_SET if chain.base.path.casefold().endswith(".vhds") else AttachmentKind.VIRTUAL_HARD_DISK,
                controller_type=ControllerType.SCSI, controller_number=0, controller_location=self._chain_location(index),
                path=chain[self.active_disk_ids[index]].path, disk_number=None, virtual_size_gb=chain.base.virtual_size_gb,
                file_size_mb=sum(d.size_mb for d in chain), chain=index,
            )
            for index, chain in enumerate(self.disk_chains)
        ]
        drives += self.extra_drives
        return sorted(drives, key=lambda d: (d.controller_type.name, d.controller_number, d.controller_location))

    @property
    def manager_state(self) -> str:
        """The state as Hyper-V Manager shows it, in the learner's language: ``Paused-Critical``
        for a VM its full volume paused (BPA-CKPT, B29), else the state's usual label. A Japanese
        label no published Japanese Hyper-V Manager confirms carries the English one beside it."""
        if self.paused_critical and self.state is VMState.PAUSED:
            label = manager_label("storage.paused_critical")
            return label.text if label.confirmed else f"{label.text} ({label.english})"
        return self.state.hyperv_display

    def _chain_location(self, index: int) -> int:
        if index < len(self.chain_locations):
            return self.chain_locations[index]
        taken = set(self.chain_locations[:index]) | {d.controller_location for d in self.extra_drives}
        return next(loc for loc in range(SCSI_LOCATIONS * 2) if loc not in taken)

    def _free_location(self) -> int:
        taken = {d.controller_location for d in self.hard_disk_drives()}
        for location in range(SCSI_LOCATIONS):
            if location not in taken:
                return location
        raise ConfigurationError(text("error.storage.controller_full", count=SCSI_LOCATIONS))

    def _check_location(self, location: int) -> int:
        if not 0 <= location < SCSI_LOCATIONS:
            raise ConfigurationError(text("error.storage.bad_location", location=location, count=SCSI_LOCATIONS))
        if any(d.controller_location == location for d in self.hard_disk_drives()):
            raise ConfigurationError(text("error.storage.location_taken", location=location, vm=self.name))
        return location

    def checkpoint_blockers(self) -> list[str]:
        """What on this VM cannot be checkpointed, one phrase each (B30): pass-through disks,
        shared VHDX drives and virtual Fibre Channel adapters; empty when none."""
        blockers = [
            text("storage.blocker.pass_through", number=d.disk_number) if d.kind is AttachmentKind.PASS_THROUGH
            else text("storage.blocker.shared_vhdx", path=d.path)
            for d in self.extra_drives if not d.checkpointable
        ]
        blockers += [text("storage.blocker.fibre_channel", san=san) for san in self.fibre_channel_adapters]
        return blockers

    def minimum_size_gb(self, disk: int = 0) -> float:
        """The smallest size Resize-VHD can shrink the disk to (its ``MinimumSize``): hvlab takes
        the data the guest sees on it, rounded up to a whole GB (*assumed*, B31)."""
        chain = self.disk_chains[disk]
        seen: dict[str, Block] = {}
        for held in reversed(chain.lineage(self.active_disk_ids[disk])):
            seen.update(held.blocks)
        used_mb = sum(b.size_mb for b in seen.values() if b.content is not None)
        return float(max(1, -(-used_mb // MB_PER_GB)))

    # ------------------------------------------------------------------ drives
    @operation
    def add_hard_disk_drive(self, path: str | None = None, *, disk_number: int | None = None, shared: bool = False,
                            size_gb: float = 127.0, controller_location: int | None = None) -> OperationResult:
        """``Add-VMHardDiskDrive`` on SCSI controller 0, first free location: ``path`` a VHDX
        (``shared``: ``-SupportPersistentReservations``, a shared VHDX) or a VHD Set (.vhds), or
        ``disk_number`` a pass-through disk (B30). hvlab creates the new disk file empty
        (``size_gb`` the size the guest sees); adding a VHDX or VHD Set to a VM that already has
        checkpoints is not simulated (its checkpoints would not know the disk). ``controller_location``:
        a free location to use ("If not specified, the first available location", the reference)."""
        if (path is None) == (disk_number is None):
            raise ConfigurationError(text("error.storage.path_or_number"))
        if size_gb <= 0:
            raise ConfigurationError(text("error.storage.bad_size", size=size_gb))
        before = self.state
        self.lab.tick()
        location = self._free_location() if controller_location is None else self._check_location(controller_location)
        if disk_number is not None:
            if disk_number < 0:
                raise ConfigurationError(text("error.storage.bad_disk_number", number=disk_number))
            for vm in self.lab.vms.values():
                if any(d.disk_number == disk_number for d in vm.extra_drives):
                    raise ConfigurationError(text("error.storage.disk_number_in_use", number=disk_number, vm=vm.name))
            drive = HardDiskDrive(AttachmentKind.PASS_THROUGH, ControllerType.SCSI, 0, location, None, disk_number, size_gb, 0.0)
            self.extra_drives.append(drive)
            summary = text("result.storage.pass_through_added", number=disk_number, location=location, vm=self.name)
        else:
            assert path is not None
            full = self._full_path(path)
            self._refuse_taken_path(full, shared)
            if full.casefold().endswith(".vhds") or not shared:
                if self.checkpoints:
                    raise ConfigurationError(text("error.storage.add_with_checkpoints", vm=self.name, count=len(self.checkpoints)))
                disk_id = self.lab.take_ids(1)[0]
                self.disk_chains.append(DiskChain(VirtualHardDisk(id=disk_id, path=full, parent_id=None, virtual_size_gb=size_gb)))
                self.active_disk_ids.append(disk_id)
                self.chain_locations = [self._chain_location(i) for i in range(len(self.disk_chains) - 1)] + [location]
                kind = AttachmentKind.VHD_SET if full.casefold().endswith(".vhds") else AttachmentKind.VIRTUAL_HARD_DISK
            else:
                kind = AttachmentKind.SHARED_VHDX
                existing = self._shared_size(full)
                self.extra_drives.append(HardDiskDrive(kind, ControllerType.SCSI, 0, location, full, None, existing or size_gb, HEADER_MB))
            summary = text("result.storage.drive_added", kind=kind.label, path=full, location=location, vm=self.name)
        self._log_text(summary, EventSource.HVLAB, rule="B30")
        return self._result("add_hard_disk_drive", summary, before)

    def _full_path(self, path: str) -> str:
        """A file name alone goes to the host's default Virtual Hard Disks folder (as New-VM's
        ``-NewVHDPath`` does); a path without an extension is refused."""
        normal = path.strip().replace("/", "\\")
        if not normal.casefold().endswith((".vhdx", ".vhds")):
            raise ConfigurationError(text("error.storage.bad_extension", path=path))
        return normal if "\\" in normal else f"{DEFAULT_DISK_FOLDER}\\{normal}"

    def _refuse_taken_path(self, path: str, shared: bool) -> None:
        """A file in use by a VM is refused, except a shared VHDX added as shared to another VM
        (what sharing is for) and a VHD Set (a VHD Set is a shared disk, VHDS)."""
        for vm in self.lab.vms.values():
            for drive in vm.hard_disk_drives():  # type: ignore[attr-defined]
                in_chain = drive.chain is not None and any(d.path.casefold() == path.casefold() for d in vm.disk_chains[drive.chain])
                if drive.path and (drive.path.casefold() == path.casefold() or in_chain):
                    if vm is not self and drive.kind is AttachmentKind.SHARED_VHDX and shared:
                        continue
                    raise ConfigurationError(text("error.storage.path_in_use", path=path, vm=vm.name))

    def _shared_size(self, path: str) -> float | None:
        for vm in self.lab.vms.values():
            for drive in vm.extra_drives:
                if drive.path and drive.path.casefold() == path.casefold():
                    return drive.virtual_size_gb
        return None

    @operation
    def remove_hard_disk_drive(self, controller_location: int, controller_number: int = 0,
                               controller_type: ControllerType = ControllerType.SCSI) -> OperationResult:
        """``Remove-VMHardDiskDrive``: detach a pass-through or shared VHDX drive (the file stays
        on the host volume, among its other files). Detaching a VHDX or VHD Set, whose files
        checkpoints may hold, is not simulated."""
        found = [d for d in self.hard_disk_drives()
                 if (d.controller_type, d.controller_number, d.controller_location) == (controller_type, controller_number, controller_location)]
        if not found:
            raise ConfigurationError(text("error.storage.no_drive", vm=self.name, type=controller_type.value,
                                          number=controller_number, location=controller_location))
        drive = found[0]
        if drive.chain is not None:
            raise ConfigurationError(text("error.storage.remove_chain", path=drive.path, vm=self.name))
        before = self.state
        self.lab.tick()
        self.extra_drives.remove(drive)
        if drive.kind is AttachmentKind.SHARED_VHDX and drive.path and self._shared_size(drive.path) is None:
            self.lab.volume.other_files_gb += drive.file_size_mb / MB_PER_GB
        summary = text("result.storage.drive_removed", kind=drive.kind.label, location=controller_location, vm=self.name,
                       what=drive.path if drive.path else text("storage.disk_number", number=drive.disk_number))
        self._log_text(summary, EventSource.HVLAB, rule="B30")
        return self._result("remove_hard_disk_drive", summary, before)

    @operation
    def add_fibre_channel_adapter(self, san_name: str) -> OperationResult:
        """``Add-VMFibreChannelHba``: a virtual Fibre Channel adapter on virtual SAN ``san_name``;
        while it is there the VM cannot be checkpointed (B30)."""
        if not san_name.strip():
            raise ConfigurationError(text("error.storage.san_name"))
        if len(self.fibre_channel_adapters) >= MAX_FIBRE_CHANNEL_ADAPTERS:
            raise ConfigurationError(text("error.storage.fibre_channel_limit", count=MAX_FIBRE_CHANNEL_ADAPTERS))
        before = self.state
        self.lab.tick()
        self.fibre_channel_adapters.append(san_name)
        summary = text("result.storage.fibre_channel_added", san=san_name, vm=self.name)
        self._log_text(summary, EventSource.HVLAB, rule="B30")
        return self._result("add_fibre_channel_adapter", summary, before)

    @operation
    def remove_fibre_channel_adapter(self, san_name: str) -> OperationResult:
        """``Remove-VMFibreChannelHba``: the adapter on ``san_name`` goes."""
        if san_name not in self.fibre_channel_adapters:
            raise ConfigurationError(text("error.storage.no_fibre_channel", san=san_name, vm=self.name))
        before = self.state
        self.lab.tick()
        self.fibre_channel_adapters.remove(san_name)
        summary = text("result.storage.fibre_channel_removed", san=san_name, vm=self.name)
        self._log_text(summary, EventSource.HVLAB, rule="B30")
        return self._result("remove_fibre_channel_adapter", summary, before)

    # ------------------------------------------------------------------ Resize-VHD
    @operation
    def resize_disk(self, disk: int = 0, size_gb: float | None = None, *, to_minimum: bool = False) -> OperationResult:
        """``Resize-VHD`` / *Edit Disk* > *Expand* on the VM's disk ``disk``: refused while the
        disk has checkpoints (differencing disks on it, B31, SUP-AVHDX), and below its minimum
        size (Resize-VHD reference). A dynamic VHDX's file does not grow when it is expanded."""
        if not 0 <= disk < len(self.disk_chains):
            raise ConfigurationError(text("error.no_such_disk", disk=disk, count=len(self.disk_chains)))
        chain = self.disk_chains[disk]
        base = chain.base
        if len(chain) > 1:
            owners = {cp.disk_ids[disk] for cp in self.checkpoints.values() if len(cp.disk_ids) > disk}
            raise StorageError(text("error.storage.resize_with_checkpoints", file=base.file_name, count=len(chain) - 1,
                                    checkpoints=len(owners)), rule="B31")
        minimum = self.minimum_size_gb(disk)
        new_size = minimum if to_minimum else size_gb
        if new_size is None or new_size <= 0:
            raise ConfigurationError(text("error.storage.bad_size", size=new_size))
        if new_size < minimum:
            raise StorageError(text("error.storage.below_minimum", file=base.file_name, size=_gb(new_size), minimum=_gb(minimum)), rule="B31")
        before = self.state
        self.lab.tick()
        old = base.virtual_size_gb
        base.virtual_size_gb = float(new_size)
        key = "result.storage.expanded" if new_size > old else "result.storage.shrunk" if new_size < old else "result.storage.same_size"
        summary = text(key, file=base.file_name, old=_gb(old), new=_gb(new_size))
        self._log_text(summary, EventSource.HVLAB, rule="B31")
        return self._result("resize_disk", summary, before, assumptions=("B31_minimum",) if to_minimum or new_size < old else ())

    # ------------------------------------------------------------------ a full volume
    def _pause_critical_if_full(self, growth_mb: float, action: str) -> OperationResult | None:
        """When a guest write needs more space than the host volume has free, the VM is paused,
        Paused-Critical (B29, BPA-CKPT), and the write waits: hvlab drops it, the guest writes
        again after Resume (*assumed*). ``None`` when the write fits."""
        free = volume_usage(self.lab).free_mb
        if growth_mb <= free:
            return None
        before = self.state
        self.memory = MemoryState(self.state, self.open_apps)
        self.state = VMState.PAUSED
        self.paused_critical = True
        self._log("event.storage.paused_critical", EventLevel.WARNING, rule="B29", need=_mb(growth_mb), free=_mb(max(free, 0.0)))
        summary = text("result.storage.paused_critical", vm=self.name, need=_mb(growth_mb), free=_mb(max(free, 0.0)))
        return self._result(action, summary, before, assumptions=("B29_write",))

    def _check_merge_space(self, parent: VirtualHardDisk, child: VirtualHardDisk) -> None:
        """Before a merge: the data of the file that goes away is written into the one that stays
        first, so the volume needs that much free space (B29, SUP-AVHDX; the amount *assumed*);
        otherwise the whole operation is refused and nothing changes."""
        moving = child if parent.parent_id is None else parent
        need = sum(b.size_mb for b in moving.blocks.values())
        free = volume_usage(self.lab).free_mb
        if need > free:
            raise StorageError(text("error.storage.merge_no_space", file=moving.file_name, need=_mb(need), free=_mb(max(free, 0.0))), rule="B29")


def _gb(value: float) -> str:
    return f"{value:g}"


def _mb(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


