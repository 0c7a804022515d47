"""Exporting a checkpoint (``Export-VMSnapshot``) and importing an export (``Import-VM``).

An exported checkpoint is a virtual machine of its own in a folder on the host: its
configuration and runtime state, and one new VHDX per virtual disk into which the differencing
disks are merged (Msvm_VirtualSystemExportSettingData, ``ExportOneSnapshot``: "any VHD
differencing disks will be merged into a new VHD"; reference B27). The VM and its checkpoints
do not change. ``Import-VM`` registers such an export as a VM: in place (the export becomes the
VM's own files), as a restore (copied, same ID) or as a copy with a new ID that can be imported
again and again (EXPORT-IMPORT, PS-IMPORT-VM; reference B28).

The host's exports live on the lab (:attr:`hvlab.lab.Lab.exports`) as :class:`VMExport` records,
so Undo, Reset and a saved lab keep them like everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Mapping

from ..catalog import text
from ..checkpoint import Checkpoint, MemoryState
from ..checkpoint_type import CheckpointType
from ..disk_chain import Block, DiskChain, VirtualHardDisk
from ..errors import ConfigurationError, InvalidNameError
from ..guest import GuestProfile
from ..host import Version, format_version, parse_version
from ..integration_services import IntegrationService
from ..states import VMState
from .base import DEFAULT_DISK_FOLDER, VMCore
from .result import OperationResult, operation

if TYPE_CHECKING:  # pragma: no cover
    from ..lab import Lab
    from . import VirtualMachine

__all__ = ["ExportedDisk", "ImportType", "VMExport", "VMExports", "import_vm"]

SUBFOLDERS = ("Snapshots", "Virtual Hard Disks", "Virtual Machines")
"""The folders an export holds, as Export-VM makes them ("a folder at a specified location
having three subfolders: Snapshots, Virtual Hard Disks, and Virtual Machines", PS-EXPORT-VM);
a checkpoint's export uses the same layout (*assumed*, B27)."""


@dataclass(frozen=True)
class ExportedDisk:
    """One virtual disk of an export: a single VHDX holding what the checkpoint saw (B27)."""

    file_name: str
    virtual_size_gb: float
    blocks: Mapping[str, Block] = field(default_factory=dict)

    @property
    def size_mb(self) -> float:
        return VirtualHardDisk(id="", path=self.file_name, parent_id=None, blocks=dict(self.blocks)).size_mb

    def to_dict(self) -> dict[str, object]:
        return {"file_name": self.file_name, "virtual_size_gb": self.virtual_size_gb,
                "blocks": {k: v.to_list() for k, v in sorted(self.blocks.items())}}

    @classmethod
    def from_dict(cls, data: dict) -> ExportedDisk:
        return cls(str(data["file_name"]), float(data["virtual_size_gb"]),
                   {str(k): Block(v[0], float(v[1])) for k, v in data["blocks"].items()})


@dataclass(frozen=True)
class VMExport:
    """An exported checkpoint in its folder on the host: a VM with no checkpoints (B27)."""

    folder: str
    vm_name: str
    vm_id: str
    """The exported configuration's ID: its own, not the VM's (*assumed*, B27: Microsoft names
    the VM's ID only for the backup kind of export, ``ExportOneSnapshotForBackup``)."""
    source_vm: str
    checkpoint_name: str
    configuration_version: Version
    guest: GuestProfile
    checkpoint_type: CheckpointType
    automatic_checkpoints: bool
    integration_services: Mapping[IntegrationService, bool]
    memory: MemoryState | None
    disks: tuple[ExportedDisk, ...]

    @property
    def configuration_path(self) -> str:
        """The ``.vmcx`` that ``Import-VM -Path`` names (EXPORT-IMPORT's examples)."""
        return f"{self.folder}\\Virtual Machines\\{self.vm_id}.vmcx"

    @property
    def files(self) -> tuple[str, ...]:
        """Every file of the export: configuration, runtime state, the merged disks (B27)."""
        vms = f"{self.folder}\\Virtual Machines\\{self.vm_id}"
        return (f"{vms}.vmcx", f"{vms}.vmrs", *(f"{self.folder}\\Virtual Hard Disks\\{d.file_name}" for d in self.disks))

    @property
    def subfolders(self) -> tuple[str, ...]:
        return tuple(f"{self.folder}\\{name}" for name in SUBFOLDERS)

    @property
    def size_mb(self) -> float:
        return sum(d.size_mb for d in self.disks)

    def matches(self, path: str) -> bool:
        """Whether ``path`` names this export: its ``.vmcx`` (Import-VM -Path) or its folder
        (Hyper-V Manager's Import wizard asks for the folder), in any letter case."""
        wanted = path.strip().rstrip("\\").casefold()
        return wanted in (self.configuration_path.casefold(), self.folder.casefold())

    def to_dict(self) -> dict[str, object]:
        return {
            "folder": self.folder, "vm_name": self.vm_name, "vm_id": self.vm_id, "source_vm": self.source_vm,
            "checkpoint_name": self.checkpoint_name, "configuration_version": list(self.configuration_version),
            "guest": self.guest.to_dict(), "checkpoint_type": self.checkpoint_type.name,
            "automatic_checkpoints": self.automatic_checkpoints,
            "integration_services": {s.name: on for s, on in self.integration_services.items()},
            "memory": self.memory.to_dict() if self.memory else None, "disks": [d.to_dict() for d in self.disks],
        }

    @classmethod
    def from_dict(cls, data: dict) -> VMExport:
        return cls(
            folder=str(data["folder"]), vm_name=str(data["vm_name"]), vm_id=str(data["vm_id"]), source_vm=str(data["source_vm"]),
            checkpoint_name=str(data["checkpoint_name"]), configuration_version=parse_version(data["configuration_version"]),
            guest=GuestProfile.from_dict(data["guest"]), checkpoint_type=CheckpointType[data["checkpoint_type"]],
            automatic_checkpoints=bool(data["automatic_checkpoints"]),
            integration_services={IntegrationService[k]: bool(v) for k, v in data["integration_services"].items()},
            memory=MemoryState.from_dict(data["memory"]) if data["memory"] else None,
            disks=tuple(ExportedDisk.from_dict(d) for d in data["disks"]),
        )


def merged_blocks(chain: DiskChain, disk_id: str) -> dict[str, Block]:
    """What a new VHDX merged from ``disk_id`` and its parents holds: every path's newest block,
    deletions dropped (reads fall through the chain, B17; the merge of B27)."""
    merged: dict[str, Block] = {}
    for disk in reversed(chain.lineage(disk_id)):
        for path, block in disk.blocks.items():
            if block.content is None:
                merged.pop(path, None)
            else:
                merged[path] = block
    return merged


class VMExports(VMCore):
    """``Export-VMSnapshot``: a checkpoint written out as a VM of its own (B27)."""

    @operation
    def export_checkpoint(self, checkpoint: Checkpoint | str, path: str) -> OperationResult:
        """``Export-VMSnapshot -Path``: write ``checkpoint`` to ``<path>\\<VM name>`` as a VM
        with one merged VHDX per disk, its configuration and runtime state, and no checkpoints
        (B27). Allowed in any power state (an export can be made "in either a started or
        stopped state", EXPORT-IMPORT; the checkpoint's files are read-only). Refused, nothing
        written, when the path is blank or the folder already holds an export (*assumed*)."""
        cp = self.find_checkpoint(checkpoint)
        root = path.strip().rstrip("\\")
        if not root:
            raise ConfigurationError(text("error.export_path_blank"), rule="B27")
        folder = f"{root}\\{self.name}"
        in_use = any(d.path.casefold().startswith(folder.casefold() + "\\") for vm in self.lab.vms.values() for c in vm.disk_chains for d in c)
        if self.lab.find_export(folder) is not None or in_use:
            raise ConfigurationError(text("error.export_exists", folder=folder, vm=self.name), rule="B27")
        before = self.state
        self.lab.tick()
        disks = tuple(
            ExportedDisk(chain.base.file_name.rsplit(".", 1)[0] + ".vhdx", chain.base.virtual_size_gb, merged_blocks(chain, cp.disk_ids[i]))
            for i, chain in enumerate(self.disk_chains)
        )
        export = VMExport(
            folder=folder, vm_name=self.name, vm_id=self.lab.take_ids(1)[0], source_vm=self.name, checkpoint_name=cp.name,
            configuration_version=self.configuration_version, guest=self.guest, checkpoint_type=self.checkpoint_type,
            automatic_checkpoints=self.automatic_checkpoints, integration_services=dict(self.integration_services),
            memory=cp.memory, disks=disks,
        )
        self.lab.exports.append(export)
        self._log("event.checkpoint_exported", name=cp.name, folder=folder, rule="B27")
        notes = [text("note.export_contents", disks=", ".join(d.file_name for d in disks), memory=text(
            "note.export_with_memory" if cp.memory is not None else "note.export_without_memory"))]
        return self._result("export_checkpoint", text("result.checkpoint_exported", name=cp.name, folder=folder), before,
                            checkpoint_id=cp.id, notes=tuple(notes), assumptions=("B27",))


class ImportType(Enum):
    """The three import types of Hyper-V Manager's wizard and ``Import-VM`` (EXPORT-IMPORT, B28)."""

    REGISTER = "register"
    """``Import-VM -Path`` (-Register): the files where they are, the same ID."""
    RESTORE = "restore"
    """``-Copy``: copied to the host's folders, the same ID."""
    COPY = "copy"
    """``-Copy -GenerateNewId``: copied, a new ID: can be imported again and again."""

    @classmethod
    def of(cls, copy: bool, generate_new_id: bool) -> ImportType:
        if not copy:
            return cls.REGISTER
        return cls.COPY if generate_new_id else cls.RESTORE


def import_vm(lab: Lab, path: str, *, copy: bool = False, generate_new_id: bool = False,
              vhd_destination_path: str | None = None) -> OperationResult:
    """``Import-VM``; run inside :meth:`Lab.run_operation` (see :meth:`hvlab.lab.Lab.import_vm`).

    ``-GenerateNewId`` belongs to the Copy set (PS-IMPORT-VM); without ``copy`` it is refused.
    Refused, nothing changed: no export at ``path``; a configuration version the host does not
    run ("You can only import a virtual machine if the Hyper-V host supports that configuration
    version.", VMVER); the export's ID already registered (EXPORT-IMPORT: the VM "needs to be
    deleted before the import works"); a copied disk file that already exists (*assumed*).
    """
    from . import VirtualMachine

    if generate_new_id and not copy:
        raise ConfigurationError(text("error.import_new_id_needs_copy"), rule="B28")
    export = lab.find_export(path)
    if export is None:
        raise ConfigurationError(text("error.import_not_found", path=path.strip()), rule="B28")
    if not lab.host.can_run(export.configuration_version):
        raise ConfigurationError(lab.host_refuses(export.configuration_version), rule="B28")
    kind = ImportType.of(copy, generate_new_id)
    vm_id = lab.take_ids(1)[0] if kind is ImportType.COPY else export.vm_id
    if any(vm.id == vm_id for vm in lab.vms.values()):
        raise ConfigurationError(text("error.import_id_registered", id=vm_id), rule="B28")
    if kind is ImportType.REGISTER:
        folder = f"{export.folder}\\Virtual Hard Disks"
    else:
        folder = (vhd_destination_path or DEFAULT_DISK_FOLDER).strip().rstrip("\\")
    paths = [f"{folder}\\{disk.file_name}" for disk in export.disks]
    taken = {d.path.casefold() for vm in lab.vms.values() for chain in vm.disk_chains for d in chain}
    clash = next((p for p in paths if p.casefold() in taken), None)
    if clash is not None:
        raise ConfigurationError(text("error.import_disk_exists", path=clash), rule="B28")
    name = _free_name(lab, export.vm_name)
    notes: list[str] = []
    if name != export.vm_name:
        notes.append(text("note.import_renamed", name=export.vm_name, new=name))
    lab.tick()
    chains = []
    for disk, disk_path in zip(export.disks, paths):
        chains.append(DiskChain(VirtualHardDisk(id=lab.take_ids(1)[0], path=disk_path, parent_id=None,
                                                blocks=dict(disk.blocks), virtual_size_gb=disk.virtual_size_gb)))
    vm: VirtualMachine = VirtualMachine(
        lab, name, vm_id, guest=export.guest, configuration_version=export.configuration_version,
        checkpoint_type=export.checkpoint_type, automatic_checkpoints=export.automatic_checkpoints, disk_chains=chains,
    )
    vm.integration_services = dict(export.integration_services)
    if export.memory is not None:  # the runtime state came with the export (B27): it resumes
        vm.state, vm.memory = VMState.SAVED, export.memory
    lab.vms[name] = vm
    if kind is ImportType.REGISTER:  # "the export files become the running state files" (EXPORT-IMPORT)
        lab.exports.remove(export)
        notes.append(text("note.import_registered", folder=export.folder))
    else:
        notes.append(text("note.import_copied", folder=export.folder))
    vm._log("event.vm_imported", name=name, folder=export.folder, rule="B28")
    summary = text(f"result.imported_{kind.value}", name=name, checkpoint=export.checkpoint_name, source=export.source_vm,
                   id=vm_id, version=format_version(export.configuration_version))
    return vm._result("import_vm", summary, VMState.OFF, created_disks=tuple(c.base_id for c in chains),
                      notes=tuple(notes), assumptions=("B28",), vm_name=name)


def _free_name(lab: Lab, wanted: str) -> str:
    """``wanted``, or ``wanted (2)``, ``(3)``...: Hyper-V lets two VMs share a name, hvlab's labs
    name each VM once (*assumed*, B28)."""
    taken = {n.casefold() for n in lab.vms}
    if wanted.casefold() not in taken:
        return wanted
    number = 2
    while f"{wanted} ({number})".casefold() in taken:
        number += 1
    candidate = f"{wanted} ({number})"
    if len(candidate) > 100:
        raise InvalidNameError(text("error.vm_name", name=candidate))
    return candidate
