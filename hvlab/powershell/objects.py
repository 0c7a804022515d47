"""The objects Hyper-V's cmdlets write to the pipeline, as views over the simulated lab.

``Get-VM`` returns ``Microsoft.HyperV.PowerShell.VirtualMachine``, ``Get-VMSnapshot``
``VMSnapshot``, ``Get-VMIntegrationService`` ``VMIntegrationComponent`` and ``Get-VHD``
``Microsoft.Vhd.PowerShell.VirtualHardDisk`` (OUTPUTS sections of the cmdlet reference,
learn.microsoft.com/powershell/module/hyper-v). hvlab's objects hold only IDs and read the lab
when a property is asked for, so a ``$snapshot`` kept in a variable always describes the lab as
it is now; a deleted checkpoint or VM reads as gone.

Property names are Hyper-V's. Values the simulator does not model (CPU usage, memory) are
fixed, plausible numbers and say so in :data:`UNMODELLED`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..catalog import text
from ..checkpoint import Checkpoint
from ..errors import CheckpointNotFoundError, ConfigurationError, VMNotFoundError
from ..integration_services import IntegrationService
from ..states import VMState

if TYPE_CHECKING:  # pragma: no cover
    from ..lab import Lab
    from ..vm import VirtualMachine

__all__ = [
    "CustomObject",
    "IntegrationServiceObject",
    "PSObject",
    "SnapshotObject",
    "UNMODELLED",
    "FibreChannelHbaObject",
    "HardDiskDriveObject",
    "VhdObject",
    "VMObject",
    "format_datetime",
    "format_timespan",
    "to_display",
]

UNMODELLED = ("CPUUsage", "MemoryAssigned", "MemoryStartup", "Generation")
"""Properties hvlab shows with fixed values because checkpoints do not depend on them."""

DEFAULT_MEMORY_BYTES = 512 * 1024 * 1024
"""New-VM: "The default value is 512 MB." (New-VM reference, -MemoryStartupBytes)."""


def format_datetime(value: datetime) -> str:
    """en-US ``DateTime.ToString()``: ``6/2/2023 12:14:05 PM``."""
    hour = value.hour % 12 or 12
    ampm = "AM" if value.hour < 12 else "PM"
    return f"{value.month}/{value.day}/{value.year} {hour}:{value.minute:02d}:{value.second:02d} {ampm}"


def format_timespan(value: timedelta) -> str:
    """``TimeSpan.ToString()``: ``[d.]hh:mm:ss``."""
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    core = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{days}.{core}" if days else core


def to_display(value: Any) -> str:
    """How PowerShell prints one property value in a table or list."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, timedelta):
        return format_timespan(value)
    if isinstance(value, (list, tuple)):
        return "{" + ", ".join(to_display(v) for v in value) + "}"
    if isinstance(value, PSObject):
        return value.to_string()
    return str(value)


class PSObject:
    """An object on the pipeline: a type name and properties, read on demand."""

    type_name = "System.Management.Automation.PSCustomObject"

    def property_names(self) -> list[str]:
        raise NotImplementedError

    def get(self, name: str) -> Any:
        """A property by name, case-insensitively; ``None`` if there is none (as PowerShell)."""
        for candidate in self.property_names():
            if candidate.casefold() == name.casefold():
                return self._get(candidate)
        return None

    def has(self, name: str) -> bool:
        return any(c.casefold() == name.casefold() for c in self.property_names())

    def _get(self, name: str) -> Any:
        raise NotImplementedError

    def to_string(self) -> str:
        return self.type_name


@dataclass
class CustomObject(PSObject):
    """``Select-Object -Property`` output: a PSCustomObject with chosen properties."""

    values: dict[str, Any] = field(default_factory=dict)

    def property_names(self) -> list[str]:
        return list(self.values)

    def _get(self, name: str) -> Any:
        return self.values[name]

    def to_string(self) -> str:
        return "@{" + "; ".join(f"{k}={to_display(v)}" for k, v in self.values.items()) + "}"


@dataclass
class VMObject(PSObject):
    """``Microsoft.HyperV.PowerShell.VirtualMachine`` (Get-VM OUTPUTS)."""

    lab: "Lab"
    vm_id: str
    extras: dict[str, Any] = field(default_factory=dict)  # session-side: MemoryStartup, Generation

    type_name = "Microsoft.HyperV.PowerShell.VirtualMachine"

    @property
    def vm(self) -> "VirtualMachine":
        for vm in self.lab.vms.values():
            if vm.id == self.vm_id:
                return vm
        raise VMNotFoundError(self.vm_id)

    def property_names(self) -> list[str]:
        return [
            "Name", "State", "CPUUsage", "MemoryAssigned", "Uptime", "Status", "Version", "Generation",
            "CheckpointType", "AutomaticCheckpointsEnabled", "SnapshotFileLocation", "ParentSnapshotName",
            "ParentSnapshotId", "ParentCheckpointName", "ParentCheckpointId", "VMName", "VMId", "Id", "MemoryStartup",
        ]

    def _get(self, name: str) -> Any:
        vm = self.vm
        parent = vm.checkpoints.get(vm.now_parent_id) if vm.now_parent_id else None
        memory = int(self.extras.get("MemoryStartup", DEFAULT_MEMORY_BYTES))
        running = vm.state in (VMState.STARTING, VMState.RUNNING, VMState.PAUSED)
        values = {
            "Name": vm.name,
            "VMName": vm.name,
            "State": vm.hyperv_state,
            "CPUUsage": 0,
            "MemoryAssigned": memory if running else 0,
            "MemoryStartup": memory,
            "Uptime": self._uptime(vm) if running else timedelta(0),
            "Status": "Operating normally",
            "Version": vm.configuration_version_text,
            "Generation": int(self.extras.get("Generation", 2)),
            "CheckpointType": vm.checkpoint_type.value,
            "AutomaticCheckpointsEnabled": vm.automatic_checkpoints,
            "SnapshotFileLocation": vm.snapshot_file_location,
            **_parent_properties(parent),
            "VMId": vm.id,
            "Id": vm.id,
        }
        return values[name]

    def _uptime(self, vm: "VirtualMachine") -> timedelta:
        """Time since the VM last started, from the lab clock and its event log."""
        starts = [e.time for e in vm.events if e.message in _start_messages()]
        return vm.lab.now - starts[-1] if starts else timedelta(0)

    def to_string(self) -> str:
        vm = self.vm
        return f"VirtualMachine (Name = '{vm.name}') [Id = '{vm.id}']"


def _start_messages() -> set[str]:
    return {text("event.cold_boot"), text("event.resumed_from_saved")}


@dataclass
class SnapshotObject(PSObject):
    """``Microsoft.HyperV.PowerShell.VMSnapshot`` (Get-VMSnapshot OUTPUTS). ``SnapshotType`` is
    always ``Standard`` for a user checkpoint: it has no Production value (reference B25)."""

    lab: "Lab"
    vm_id: str
    checkpoint_id: str

    type_name = "Microsoft.HyperV.PowerShell.VMSnapshot"

    @property
    def vm(self) -> "VirtualMachine":
        return VMObject(self.lab, self.vm_id).vm

    @property
    def checkpoint(self) -> Checkpoint:
        vm = self.vm
        if self.checkpoint_id not in vm.checkpoints:
            raise CheckpointNotFoundError(self.checkpoint_id)
        return vm.checkpoints[self.checkpoint_id]

    def property_names(self) -> list[str]:
        return ["VMName", "Name", "SnapshotType", "CreationTime", "ParentSnapshotName", "ParentSnapshotId", "ParentCheckpointName", "ParentCheckpointId", "Id", "VMId", "IsAutomaticCheckpoint", "Path"]

    def _get(self, name: str) -> Any:
        vm = self.vm
        cp = self.checkpoint
        parent = vm.checkpoints.get(cp.parent_id) if cp.parent_id else None
        values = {
            "VMName": vm.name,
            "Name": cp.name,
            "SnapshotType": cp.powershell_snapshot_type,
            "CreationTime": cp.created,
            **_parent_properties(parent),
            "Id": cp.id,
            "VMId": vm.id,
            "IsAutomaticCheckpoint": cp.automatic,
            "Path": vm.snapshot_file_location,
        }
        return values[name]

    def to_string(self) -> str:
        return f"VMSnapshot (Name = '{self.checkpoint.name}') [Id = '{self.checkpoint_id}']"


@dataclass
class IntegrationServiceObject(PSObject):
    """``Microsoft.HyperV.PowerShell.VMIntegrationComponent`` (Get-VMIntegrationService OUTPUTS)."""

    lab: "Lab"
    vm_id: str
    service: IntegrationService

    type_name = "Microsoft.HyperV.PowerShell.VMIntegrationComponent"

    @property
    def vm(self) -> "VirtualMachine":
        return VMObject(self.lab, self.vm_id).vm

    def property_names(self) -> list[str]:
        return ["VMName", "Name", "Enabled", "PrimaryStatusDescription", "SecondaryStatusDescription", "VMId"]

    def _get(self, name: str) -> Any:
        vm = self.vm
        enabled = vm.integration_services[self.service]
        # "OK" while the guest answers; hvlab leaves it blank when the guest is not up or has no
        # integration services (Microsoft's sample output shows OK for a running VM, IS-MANAGE).
        up = vm.state is VMState.RUNNING and vm.guest.integration_services
        values = {
            "VMName": vm.name,
            "Name": self.service.powershell_name,
            "Enabled": enabled,
            "PrimaryStatusDescription": "OK" if up else None,
            "SecondaryStatusDescription": "OK" if up and enabled and self.service is IntegrationService.HEARTBEAT else None,
            "VMId": vm.id,
        }
        return values[name]


def _parent_properties(parent: Any) -> dict[str, Any]:
    """The parent checkpoint as Get-VM and Get-VMSnapshot both show it, under the Snapshot and
    the Checkpoint names (the module keeps both, PS-Checkpoint-VM note)."""
    name = parent.name if parent else None
    ident = parent.id if parent else None
    return {"ParentSnapshotName": name, "ParentSnapshotId": ident, "ParentCheckpointName": name, "ParentCheckpointId": ident}


@dataclass
class VhdObject(PSObject):
    """``Microsoft.Vhd.PowerShell.VirtualHardDisk`` (Get-VHD OUTPUTS). Property order as a real
    host prints it with Format-List."""

    lab: "Lab"
    vm_id: str
    slot: int
    disk_id: str

    type_name = "Microsoft.Vhd.PowerShell.VirtualHardDisk"

    def property_names(self) -> list[str]:
        return [
            "ComputerName", "Path", "VhdFormat", "VhdType", "FileSize", "Size", "MinimumSize", "LogicalSectorSize",
            "PhysicalSectorSize", "BlockSize", "ParentPath", "DiskIdentifier", "FragmentationPercentage", "Alignment",
            "Attached", "DiskNumber", "IsPMEMCompatible", "AddressAbstractionType", "Number",
        ]

    def _get(self, name: str) -> Any:
        vm = VMObject(self.lab, self.vm_id).vm
        chain = vm.disk_chains[self.slot]
        if self.disk_id not in chain:  # merged away (Merge-VHD) or deleted since: reads as gone (B33)
            raise ConfigurationError(text("error.vhd_gone", id=self.disk_id), rule="B33")
        disk = chain[self.disk_id]
        parent = chain[disk.parent_id] if disk.parent_id else None
        values = {
            "ComputerName": self.lab_host_name(),
            "Path": disk.path,
            "VhdFormat": "VHDX",
            "VhdType": "Differencing" if disk.is_differencing else "Dynamic",
            "FileSize": int(disk.size_mb * 1024 * 1024),
            "Size": int(disk.virtual_size_gb * 1024**3),
            "MinimumSize": None,
            "LogicalSectorSize": 512,
            "PhysicalSectorSize": 4096,
            "BlockSize": 2097152 if disk.is_differencing else 33554432,
            "ParentPath": parent.path if parent else None,
            "DiskIdentifier": disk.id,
            "FragmentationPercentage": None if disk.is_differencing else 0,
            "Alignment": 1,
            "Attached": vm.state is not VMState.OFF and disk.id == vm.active_disk_ids[self.slot],
            "DiskNumber": None,
            "IsPMEMCompatible": False,
            "AddressAbstractionType": "None",
            "Number": None,
        }
        return values[name]

    def lab_host_name(self) -> str:
        return getattr(self.lab, "powershell_host_name", "HV-HOST")


@dataclass
class HardDiskDriveObject(PSObject):
    """``Microsoft.HyperV.PowerShell.HardDiskDrive`` (Get-VMHardDiskDrive OUTPUTS): one drive of a
    VM, found again by its place on the controller whenever a property is read; with
    ``checkpoint_id``, the drive as that checkpoint holds it (``Get-VMSnapshot | Get-VMHardDiskDrive``).
    Property names are the cmdlets' parameters' and those Microsoft's xHyper-V DSC resource reads
    (VMName, Path, ControllerType, ControllerNumber, ControllerLocation); reference B30."""

    lab: "Lab"
    vm_id: str
    location: int
    checkpoint_id: str | None = None

    type_name = "Microsoft.HyperV.PowerShell.HardDiskDrive"

    vm = SnapshotObject.vm  # the VM found by its ID, as a checkpoint object finds it

    @property
    def drive(self) -> Any:
        """The core's :class:`~hvlab.storage.HardDiskDrive` at this place (gone: VMNotFoundError)."""
        found = [d for d in self.vm.hard_disk_drives() if d.controller_location == self.location]
        if not found:
            raise VMNotFoundError(f"{self.vm_id}:{self.location}")
        return found[0]

    def property_names(self) -> list[str]:
        return ["VMName", "ControllerType", "ControllerNumber", "ControllerLocation", "DiskNumber", "Path", "SupportPersistentReservations", "VMId"]

    def _get(self, name: str) -> Any:
        vm, drive = self.vm, self.drive
        path = drive.path
        if self.checkpoint_id is not None and drive.chain is not None:
            cp = vm.checkpoints.get(self.checkpoint_id)
            if cp is None:
                raise CheckpointNotFoundError(self.checkpoint_id)
            path = vm.disk_chains[drive.chain][cp.disk_ids[drive.chain]].path
        values = {
            "VMName": vm.name, "ControllerType": drive.controller_type.value, "ControllerNumber": drive.controller_number,
            "ControllerLocation": drive.controller_location, "DiskNumber": drive.disk_number, "Path": path,
            "SupportPersistentReservations": drive.kind.name == "SHARED_VHDX", "VMId": vm.id,
        }
        return values[name]

    def to_string(self) -> str:
        """The type name: no published output shows Hyper-V's HardDiskDrive as text (B30)."""
        return self.type_name


@dataclass
class FibreChannelHbaObject(PSObject):
    """``Microsoft.HyperV.PowerShell.VMFibreChannelHba`` (Get-VMFibreChannelHba OUTPUTS): a VM's
    virtual Fibre Channel adapter on one virtual SAN (``-SanName``); while it is there the VM
    cannot be checkpointed (reference B30). hvlab gives it no world wide names."""

    lab: "Lab"
    vm_id: str
    san_name: str

    type_name = "Microsoft.HyperV.PowerShell.VMFibreChannelHba"

    vm = SnapshotObject.vm  # the VM found by its ID, as a checkpoint object finds it

    def property_names(self) -> list[str]:
        return ["VMName", "SanName", "VMId"]

    def _get(self, name: str) -> Any:
        vm = self.vm
        if self.san_name not in vm.fibre_channel_adapters:
            raise VMNotFoundError(self.san_name)
        return {"VMName": vm.name, "SanName": self.san_name, "VMId": vm.id}[name]
