"""Cmdlets for the virtual hard disk files themselves: Merge-VHD and Set-VMHardDiskDrive -Path.

Both change the lab only through the VM's core operations (:meth:`~hvlab.vm.disk_files.VMDiskFiles.merge_vhd`,
:meth:`~hvlab.vm.disk_files.VMDiskFiles.set_disk_path`), so a refusal changes nothing (reference
B33). ``Get-VHD`` (in :mod:`.vm`) shows every file of a chain, those no checkpoint explains too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from ...catalog import text
from ...errors import ConfigurationError
from ..binder import Bound
from ..objects import HardDiskDriveObject, VhdObject, VMObject
from ..runtime import CmdletContext
from .common import check_common, live_vm, not_simulated, result_notes, should_process, vms_of
from .registry import cmdlet

if TYPE_CHECKING:  # pragma: no cover
    from ...vm import VirtualMachine

__all__: list[str] = []


def _owner_of(ctx: CmdletContext, path: str) -> "VirtualMachine":
    """The VM whose disk chain holds the file at ``path`` (Merge-VHD names files, not VMs)."""
    for vm in ctx.lab.vms.values():
        try:
            vm.find_disk_file(path)
        except ConfigurationError:
            continue
        return vm
    raise ctx.fail(text("ps.hvlab.no_such_vhd", path=path))


@cmdlet("Merge-VHD")
def merge_vhd(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    check_common(ctx, bound)
    path = bound.get("Path")
    destination = bound.get("DestinationPath")
    vm = _owner_of(ctx, path)
    if not should_process(ctx, bound, "Merge-VHD", path):
        return []
    # The file merged into survives the merge: found first, for -Passthru.
    slot, source = vm.find_disk_file(path)
    target = ctx.core(lambda: vm.find_disk_file(destination))[1] if destination else vm.disk_chains[slot].disks.get(source.parent_id or "")
    result_notes(ctx, ctx.core(lambda: vm.merge_vhd(path, destination)))
    # -Passthru: "an object ... representing the merged virtual hard disk" (PS-MERGE-VHD).
    return [VhdObject(ctx.lab, vm.id, slot, target.id)] if bound.get("Passthru") and target is not None else []


@cmdlet("Set-VMHardDiskDrive")
def set_vmharddiskdrive(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    check_common(ctx, bound)
    unsupported = not_simulated(ctx, bound) + [p for p in ("ToControllerType", "ToControllerNumber", "ToControllerLocation", "DiskNumber") if p in bound]
    if unsupported or "Path" not in bound:
        raise ctx.not_simulated("ps.hvlab.set_disk_path_only", parameters=", ".join("-" + p for p in unsupported) or "-Path")
    if bound.set_name == "Object":
        drives = bound.get("VMHardDiskDrive")
        targets = [(live_vm(ctx, VMObject(ctx.lab, d.vm_id)), d.location) for d in (drives if isinstance(drives, list) else [drives])
                   if isinstance(d, HardDiskDriveObject)]
        if not targets:
            raise ctx.fail(text("ps.hvlab.not_a_drive"))
    else:
        targets = [(vm, bound.get("ControllerLocation")) for vm in vms_of(ctx, bound, "VMName")]
    out = []
    for vm, location in targets:
        slot = _slot(ctx, vm, location)
        if not should_process(ctx, bound, "Set-VMHardDiskDrive", vm.name):
            continue
        result_notes(ctx, ctx.core(lambda: vm.set_disk_path(bound.get("Path"), slot)))
        if bound.get("Passthru"):
            out.append(HardDiskDriveObject(ctx.lab, vm.id, next(d.controller_location for d in vm.hard_disk_drives() if d.chain == slot)))
    return out


def _slot(ctx: CmdletContext, vm: "VirtualMachine", location: int | None) -> int:
    """Which of the VM's virtual hard disks, by its drive's controller location (as
    Get-VMHardDiskDrive lists it); without one, the VM must have a single one ("If not
    specified, all hard drives are configured", and one file cannot be every disk)."""
    chains = [d for d in vm.hard_disk_drives() if d.chain is not None and (location is None or d.controller_location == location)]
    if len(chains) == 1 and chains[0].chain is not None:
        return chains[0].chain
    if location is not None:
        raise ctx.fail(text("ps.hvlab.no_drive_at", vm=vm.name, location=location))
    raise ctx.fail(text("ps.hvlab.which_disk", vm=vm.name, count=len(chains)))
