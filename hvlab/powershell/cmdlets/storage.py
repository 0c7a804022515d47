"""Cmdlets for a VM's drives and their sizes: Add-VMHardDiskDrive, Get-VMHardDiskDrive,
Remove-VMHardDiskDrive, Resize-VHD and Add-, Get-, Remove-VMFibreChannelHba (reference B29-B31), and the
lab-only Get-/Set-LabHostVolume (the host volume's size and its other files, B29).

Every change goes through the core operation a lab's button calls (``vm.add_hard_disk_drive``,
``vm.resize_disk``, ``lab.fill_volume``...), so a refused line changes nothing. hvlab's VMs have
one SCSI controller (number 0) and no IDE controller: another controller is not simulated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from ...catalog import text
from ...storage import ControllerType
from ..binder import Bound
from ..formatter import FormattedText
from ..objects import CustomObject, FibreChannelHbaObject, HardDiskDriveObject, VhdObject
from ..operators import iter_names
from ..runtime import CmdletContext
from .common import check_common, live_checkpoint, not_simulated, result_notes, should_process, vm_object, vms_of
from .registry import cmdlet

if TYPE_CHECKING:  # pragma: no cover
    from ...vm import VirtualMachine

__all__: list[str] = []


def _simulated_controller(ctx: CmdletContext, bound: Bound) -> None:
    """SCSI controller 0 is the one hvlab's (generation 2) VMs have."""
    kind = bound.get("ControllerType")
    if kind is not None and kind.upper() != ControllerType.SCSI.value:
        raise ctx.not_simulated("ps.hvlab.storage.scsi_only", type=kind)
    if bound.get("ControllerNumber") not in (None, 0):
        raise ctx.not_simulated("ps.hvlab.storage.controller_zero", number=bound.get("ControllerNumber"))


def _note_ignored(ctx: CmdletContext, bound: Bound) -> None:
    ignored = not_simulated(ctx, bound)
    if ignored:
        ctx.note(text("ps.note.not_simulated", parameters=", ".join("-" + p for p in ignored)))


@cmdlet("Add-VMHardDiskDrive")
def add_vmharddiskdrive(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    if bound.set_name == "VMDriveController":
        raise ctx.not_simulated("ps.hvlab.storage.drive_controller")
    _simulated_controller(ctx, bound)
    path, number = bound.get("Path"), bound.get("DiskNumber")
    if path is None and number is None:
        raise ctx.not_simulated("ps.hvlab.storage.empty_drive")
    out = []
    for vm in vms_of(ctx, bound, "VMName"):
        target = path if path is not None else text("storage.disk_number", number=number)
        if not should_process(ctx, bound, "Add-VMHardDiskDrive", f"{vm.name}: {target}"):
            continue
        before = {d.controller_location for d in vm.hard_disk_drives()}
        result = ctx.core(lambda: vm.add_hard_disk_drive(path, disk_number=None if number is None else int(number),
                                                         shared=bool(bound.get("SupportPersistentReservations")),
                                                         controller_location=bound.get("ControllerLocation")))
        result_notes(ctx, result)
        if bound.get("Passthru"):
            added = [d.controller_location for d in vm.hard_disk_drives() if d.controller_location not in before]
            out += [HardDiskDriveObject(ctx.lab, vm.id, location) for location in added]
    _note_ignored(ctx, bound)
    return out


@cmdlet("Get-VMHardDiskDrive")
def get_vmharddiskdrive(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    check_common(ctx, bound)
    if bound.set_name == "VMDriveController":
        raise ctx.not_simulated("ps.hvlab.storage.drive_controller")
    checkpoint_id = None
    if bound.set_name == "VMSnapshot":
        vm, cp = live_checkpoint(ctx, bound.get("VMSnapshot"))
        vms, checkpoint_id = [vm], cp.id
    else:
        vms = vms_of(ctx, bound, "VMName")
    wanted_type = bound.get("ControllerType")
    out = []
    for vm in vms:
        for drive in vm.hard_disk_drives():
            if checkpoint_id is not None and drive.chain is None:
                continue  # a checkpoint holds only the drives it can checkpoint (B30)
            if wanted_type is not None and drive.controller_type.value != wanted_type.upper():
                continue
            if bound.get("ControllerNumber") is not None and drive.controller_number != bound.get("ControllerNumber"):
                continue
            if bound.get("ControllerLocation") is not None and drive.controller_location != bound.get("ControllerLocation"):
                continue
            out.append(HardDiskDriveObject(ctx.lab, vm.id, drive.controller_location, checkpoint_id))
    return out


@cmdlet("Remove-VMHardDiskDrive")
def remove_vmharddiskdrive(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    check_common(ctx, bound)
    if bound.set_name == "VMHardDiskDrive":
        targets = []
        for obj in bound.get("VMHardDiskDrive"):
            if not isinstance(obj, HardDiskDriveObject) or obj.checkpoint_id is not None:
                raise ctx.fail(text("ps.hvlab.storage.not_a_drive"))
            try:
                targets.append((obj.vm, obj.location))
            except Exception:  # the VM is gone
                raise ctx.fail(text("ps.hvlab.object_gone")) from None
    else:
        _simulated_controller(ctx, bound)
        targets = [(vm, int(bound.get("ControllerLocation"))) for vm in vms_of(ctx, bound, "VMName")]
    out = []
    for vm, location in targets:
        if not should_process(ctx, bound, "Remove-VMHardDiskDrive", f"{vm.name}: SCSI 0:{location}"):
            continue
        result_notes(ctx, ctx.core(lambda: vm.remove_hard_disk_drive(location)))
        if bound.get("Passthru"):
            out.append(vm_object(ctx, vm))
    return out


def _disk_at(ctx: CmdletContext, path: str) -> tuple["VirtualMachine", int]:
    """The VM and disk slot whose chain holds the file ``path`` (Resize-VHD names files)."""
    wanted = path.strip().replace("/", "\\").casefold()
    for vm in ctx.lab.vms.values():
        for slot, chain in enumerate(vm.disk_chains):
            if any(d.path.casefold() == wanted for d in chain):
                return vm, slot
        for drive in vm.extra_drives:
            if drive.path and drive.path.casefold() == wanted:
                raise ctx.not_simulated("ps.hvlab.storage.resize_shared", path=path)
    raise ctx.fail(text("ps.hvlab.storage.no_such_file", path=path))


@cmdlet("Resize-VHD")
def resize_vhd(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    check_common(ctx, bound)
    out = []
    for path in iter_names(bound.get("Path")):
        vm, slot = _disk_at(ctx, path)
        if not should_process(ctx, bound, "Resize-VHD", path):
            continue
        if bound.set_name == "MinimumSize":
            result = ctx.core(lambda: vm.resize_disk(slot, to_minimum=True))
        else:
            result = ctx.core(lambda: vm.resize_disk(slot, int(bound.get("SizeBytes")) / 1024**3))
        result_notes(ctx, result)
        if bound.get("Passthru"):
            out.append(VhdObject(ctx.lab, vm.id, slot, vm.disk_chains[slot].base_id))
    return out


@cmdlet("Add-VMFibreChannelHba")
def add_vmfibrechannelhba(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    out = []
    for vm in vms_of(ctx, bound, "VMName"):
        if not should_process(ctx, bound, "Add-VMFibreChannelHba", vm.name):
            continue
        result_notes(ctx, ctx.core(lambda: vm.add_fibre_channel_adapter(bound.get("SanName"))))
        if bound.get("Passthru"):
            out.append(vm_object(ctx, vm))
    _note_ignored(ctx, bound)
    return out


@cmdlet("Get-VMFibreChannelHba")
def get_vmfibrechannelhba(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    return [FibreChannelHbaObject(ctx.lab, vm.id, san) for vm in vms_of(ctx, bound, "VMName") for san in vm.fibre_channel_adapters]


@cmdlet("Remove-VMFibreChannelHba")
def remove_vmfibrechannelhba(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    check_common(ctx, bound)
    if bound.set_name == "VMName and WWN":
        raise ctx.not_simulated("ps.hvlab.storage.no_wwn")
    out = []
    for obj in bound.get("VMFibreChannelHba"):
        if not isinstance(obj, FibreChannelHbaObject):
            raise ctx.fail(text("ps.hvlab.storage.not_an_adapter"))
        try:
            vm = obj.vm
        except Exception:
            raise ctx.fail(text("ps.hvlab.object_gone")) from None
        if not should_process(ctx, bound, "Remove-VMFibreChannelHba", f"{vm.name}: {obj.san_name}"):
            continue
        result_notes(ctx, ctx.core(lambda: vm.remove_fibre_channel_adapter(obj.san_name)))
        if bound.get("Passthru"):
            out.append(obj)
    return out


# ---------------------------------------------------------------- lab-only: the host volume
def _volume_object(ctx: CmdletContext) -> CustomObject:
    usage = ctx.lab.volume_usage()
    return CustomObject({
        "SizeGB": round(usage.size_gb, 1), "UsedGB": round(usage.used_gb, 1), "FreeGB": round(usage.free_gb, 1),
        "OtherFilesGB": round(usage.other_files_gb, 1), "PercentUsed": round(usage.percent_used, 1),
    })


@cmdlet("Get-LabHostVolume")
def get_labhostvolume(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    usage = ctx.lab.volume_usage()
    lines = [text("ps.hvlab.storage.volume_file", path=f.path, vm=f.vm or "", size=f"{f.size_mb:,.1f}") for f in usage.files]
    return [_volume_object(ctx), FormattedText("\n".join(lines) + "\n")]


@cmdlet("Set-LabHostVolume")
def set_labhostvolume(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    if bound.set_name == "Size":
        result = ctx.core(lambda: ctx.lab.set_volume_size(float(bound.get("SizeGB"))))
    elif bound.set_name == "Fill":
        result = ctx.core(lambda: ctx.lab.fill_volume(float(bound.get("FreeGB"))))
    elif bound.set_name == "Delete":
        result = ctx.core(lambda: ctx.lab.delete_other_files(float(bound.get("DeleteOtherFilesGB"))))
    else:
        result = ctx.core(lambda: ctx.lab.delete_other_files())
    result_notes(ctx, result)
    return []

