"""Cmdlets that manage virtual machines: Get-VM, New-VM, the power cmdlets, Set-VM, Get-VHD.

Behaviour follows each cmdlet's reference page (the URL in its spec); the settings Set-VM
accepts but hvlab does not simulate are refused by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable

from ...catalog import text
from ...checkpoint_type import CheckpointType
from ...guest import GuestProfile
from ...reference import configuration_versions
from ...states import VMState
from ..binder import Bound
from ..objects import VhdObject
from ..operators import iter_names, wildcard_match
from ..runtime import CmdletContext
from .common import check_common, find_vms, not_simulated, result_notes, should_process, verbose_steps, vm_object, vms_of
from .registry import IMPLEMENTATIONS, Impl, cmdlet

if TYPE_CHECKING:  # pragma: no cover
    from ...vm import VirtualMachine

__all__ = ["SUPPORTED_VERSIONS"]

SUPPORTED_VERSIONS = tuple(sorted({v for row in configuration_versions().values() for v in row}, key=lambda v: tuple(map(int, v.split(".")))))
"""VM configuration versions hvlab knows for ``New-VM -Version``: every version of the VMVER table
(B26; 5.0 is the Windows Server 2012 R2-compatible one that cannot take production checkpoints,
B6). Whether the lab's host can create one is the core's check (``Lab.new_vm``)."""

@cmdlet("Get-VM")
def get_vm(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    check_common(ctx, bound)
    if bound.set_name == "ClusterObject":
        raise ctx.not_simulated("ps.hvlab.no_cluster")
    if "Id" in bound:
        vms = [vm for vm in ctx.lab.vms.values() if vm.id == bound.get("Id")]
        if not vms:
            raise ctx.fail(text("ps.hvlab.no_vm_id", id=bound.get("Id")))
    elif "Name" in bound:
        vms = find_vms(ctx, iter_names(bound.get("Name")))
    else:
        vms = list(ctx.lab.vms.values())
    return [vm_object(ctx, vm) for vm in vms]


@cmdlet("New-VM")
def new_vm(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    check_common(ctx, bound)
    if bound.get("NoVHD"):
        raise ctx.not_simulated("ps.hvlab.no_vhd")
    name = bound.get("Name") or text("ps.new_vm_default_name")
    version = bound.get("Version")
    if version is not None and version not in SUPPORTED_VERSIONS:
        raise ctx.fail(text("ps.hvlab.bad_version", version=version, versions=", ".join(SUPPORTED_VERSIONS)))
    if not should_process(ctx, bound, "New-VM", name):
        return []
    path = bound.get("NewVHDPath") or bound.get("VHDPath")
    kwargs: dict[str, Any] = {}
    if version is not None:
        major, minor = version.split(".")
        kwargs["configuration_version"] = (int(major), int(minor))
    if path:
        normal = path.replace("/", "\\")
        folder, _, file_name = normal.rpartition("\\")
        stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
        kwargs["disks"] = [stem]
        if folder:
            kwargs["disk_folder"] = folder
        if bound.get("NewVHDSizeBytes") is not None:
            kwargs["disk_size_gb"] = int(bound.get("NewVHDSizeBytes")) / 1024**3
        # "If only a file name is specified, the virtual hard disk is created in the default
        # path configured for the host." (New-VM reference, -NewVHDPath)
    vm = ctx.core(lambda: ctx.lab.new_vm(name, GuestProfile(), **kwargs))
    extras = ctx.session.vm_extras.setdefault(vm.id, {})
    if bound.get("MemoryStartupBytes") is not None:
        extras["MemoryStartup"] = bound.get("MemoryStartupBytes")
    if bound.get("Generation") is not None:
        extras["Generation"] = bound.get("Generation")
    ctx.note(text("ps.note.new_vm_guest", name=vm.name, guest=vm.guest.os.value))
    if path:
        ctx.note(text("ps.note.new_vm_disk", path=path, actual=vm.disk_chains[0].base.path))
    else:
        ctx.note(text("ps.note.new_vm_default_disk", actual=vm.disk_chains[0].base.path))
    ignored = not_simulated(ctx, bound)
    if ignored:
        ctx.note(text("ps.note.not_simulated", parameters=", ".join("-" + p for p in ignored)))
    return [vm_object(ctx, vm)]


def _power(action: Callable[[CmdletContext, "VirtualMachine", Bound], Any], verb: str) -> Impl:
    def run(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
        out = []
        for vm in vms_of(ctx, bound):
            if not should_process(ctx, bound, verb, vm.name):
                continue
            action(ctx, vm, bound)
            if bound.get("Passthru"):
                out.append(vm_object(ctx, vm))
        return out

    return run


def _start(ctx: CmdletContext, vm: "VirtualMachine", bound: Bound) -> None:
    started = ctx.core(vm.start)
    verbose_steps(ctx, bound, started)  # an automatic checkpoint taken first
    result_notes(ctx, started)
    if vm.state is VMState.STARTING and ctx.session.complete_boot_on_start and vm.id not in ctx.session.held_in_boot:
        booted = ctx.core(vm.complete_boot)
        verbose_steps(ctx, bound, booted)  # a DC's first boot after Apply
        ctx.note(text("ps.note.boot_completed", vm=vm.name))
        result_notes(ctx, booted, summary=False)  # what the boot did, e.g. an old DC's USN rollback (B23)
    elif vm.state is VMState.STARTING:
        ctx.note(text("ps.note.boot_held", vm=vm.name))


IMPLEMENTATIONS["Start-VM"] = _power(_start, "Start-VM")
IMPLEMENTATIONS["Save-VM"] = _power(lambda ctx, vm, _: result_notes(ctx, ctx.core(vm.save)), "Save-VM")
IMPLEMENTATIONS["Suspend-VM"] = _power(lambda ctx, vm, _: result_notes(ctx, ctx.core(vm.pause)), "Suspend-VM")
IMPLEMENTATIONS["Resume-VM"] = _power(lambda ctx, vm, _: result_notes(ctx, ctx.core(vm.resume)), "Resume-VM")


@cmdlet("Stop-VM")
def stop_vm(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    if bound.get("TurnOff") and bound.get("Save"):
        raise ctx.fail(text("ps.hvlab.turnoff_and_save"))
    if bound.get("TurnOff"):
        op = "turn_off"
    elif bound.get("Save"):
        op = "save"
    else:
        op = "shut_down"
    return _power(lambda c, vm, _: result_notes(c, c.core(getattr(vm, op))), "Stop-VM")(ctx, bound, item)


@cmdlet("Remove-VMSavedState")
def remove_vmsavedstate(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    if "VMSnapshot" in bound:
        raise ctx.not_simulated("ps.hvlab.snapshot_saved_state")
    for vm in vms_of(ctx, bound, "VMName"):
        if should_process(ctx, bound, "Remove-VMSavedState", vm.name):
            result_notes(ctx, ctx.core(vm.delete_saved_state))
    return []


@cmdlet("Set-VM")
def set_vm(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    unsupported = not_simulated(ctx, bound)
    if unsupported:
        raise ctx.not_simulated("ps.hvlab.set_vm_not_simulated", parameters=", ".join("-" + p for p in unsupported))
    out = []
    for vm in vms_of(ctx, bound):
        if not should_process(ctx, bound, "Set-VM", vm.name):
            continue
        if "CheckpointType" in bound:
            value = CheckpointType.parse(bound.get("CheckpointType"))
            result_notes(ctx, ctx.core(lambda: vm.set_checkpoint_type(value)))
        if "AutomaticCheckpointsEnabled" in bound:
            result_notes(ctx, ctx.core(lambda: vm.set_automatic_checkpoints(bound.get("AutomaticCheckpointsEnabled"))))
        if "SnapshotFileLocation" in bound:
            result_notes(ctx, ctx.core(lambda: vm.set_snapshot_file_location(bound.get("SnapshotFileLocation") or "")))
        if bound.get("Passthru"):
            out.append(vm_object(ctx, vm))
    return out


@cmdlet("Get-VHD")
def get_vhd(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    check_common(ctx, bound)
    if bound.set_name == "Disk":
        raise ctx.not_simulated("ps.hvlab.no_disk_numbers")
    out: list[Any] = []
    if bound.set_name == "VMId":
        for vm_id in bound.get("VMId"):
            vms = [vm for vm in ctx.lab.vms.values() if vm.id == vm_id]
            if not vms:
                raise ctx.fail(text("ps.hvlab.no_vm_id", id=vm_id))
            vm = vms[0]
            out += [VhdObject(ctx.lab, vm.id, slot, disk_id) for slot, disk_id in enumerate(vm.active_disk_ids)]
        return out
    for path in bound.get("Path"):
        found = None
        for vm in ctx.lab.vms.values():
            for slot, chain in enumerate(vm.disk_chains):
                for disk in chain:
                    if disk.path.casefold() == path.casefold() or wildcard_match(path, disk.path):
                        found = VhdObject(ctx.lab, vm.id, slot, disk.id)
                        out.append(found)
        if found is None:
            raise ctx.fail(text("ps.hvlab.no_such_vhd", path=path))
    return out
