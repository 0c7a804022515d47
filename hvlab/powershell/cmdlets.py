"""What each cmdlet does to the lab: the same core operations the lab widgets call.

Every state change goes through one public method of :class:`hvlab.VirtualMachine` or
:class:`hvlab.Lab` (``vm.checkpoint``, ``vm.apply``, ``vm.delete_checkpoint``, ...), never
around them, so the clock and GUID generator advance exactly as when a learner clicks the
matching button (tested in ``tests/test_powershell_equivalent.py``). Reading cmdlets build
:mod:`~hvlab.powershell.objects` views. Behaviour follows the reference pages cited in
:mod:`hvlab.powershell.specs`; where Hyper-V's behaviour or message is not documented, the
console says the wording is hvlab's.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..catalog import text
from ..checkpoint_type import CheckpointType
from ..errors import CheckpointNotFoundError, VMNotFoundError
from ..guest import GuestOS, GuestProfile, GuestRole
from ..integration_services import IntegrationService
from ..states import VMState
from .binder import Bound, CmdletSpec, ScriptBlock
from .formatter import FormattedText, format_list, format_table
from .objects import CustomObject, IntegrationServiceObject, PSObject, SnapshotObject, VhdObject, VMObject, to_display
from .session import _truthy, _unwrap, compare, has_wildcard, iter_names, wildcard_match
from .specs import ALIASES, SPECS

if TYPE_CHECKING:  # pragma: no cover
    from ..checkpoint import Checkpoint
    from ..vm import VirtualMachine
    from .session import _Context

__all__ = ["IMPLEMENTATIONS", "SUPPORTED_VERSIONS"]

Impl = Callable[["_Context", Bound, Any], Iterable[Any]]
IMPLEMENTATIONS: dict[str, Impl] = {}

SUPPORTED_VERSIONS = ("5.0", "6.2", "7.0", "7.1", "8.0", "8.1", "8.2", "8.3", "9.0", "9.1", "9.2", "9.3", "10.0", "11.0", "12.0")
"""VM configuration versions hvlab accepts for ``New-VM -Version`` (the VMVER table's versions;
5.0 is the Windows Server 2012 R2-compatible one that cannot take production checkpoints, B6)."""

_NOT_SIMULATED_SET_VM = (
    "GuestControlledCacheTypes", "LowMemoryMappedIoSpace", "HighMemoryMappedIoSpace", "ProcessorCount", "DynamicMemory",
    "StaticMemory", "MemoryMinimumBytes", "MemoryMaximumBytes", "MemoryStartupBytes", "AutomaticStartAction",
    "AutomaticStopAction", "AutomaticStartDelay", "AutomaticCriticalErrorAction", "AutomaticCriticalErrorActionTimeout",
    "LockOnDisconnect", "Notes", "NewVMName", "SmartPagingFilePath", "AllowUnverifiedPaths",
)
_GUEST_OS = {
    "WindowsServer2025": GuestOS.WINDOWS_SERVER_2025,
    "WindowsServer2022": GuestOS.WINDOWS_SERVER_2022,
    "WindowsServer2019": GuestOS.WINDOWS_SERVER_2019,
    "WindowsServer2016": GuestOS.WINDOWS_SERVER_2016,
    "WindowsServer2008R2": GuestOS.WINDOWS_SERVER_2008_R2,
    "Windows11": GuestOS.WINDOWS_11,
    "Windows10": GuestOS.WINDOWS_10,
    "Linux": GuestOS.LINUX,
}
_ROLES = {"sqlserver": GuestRole.SQL_SERVER, "domaincontroller": GuestRole.DOMAIN_CONTROLLER}


def cmdlet(name: str) -> Callable[[Impl], Impl]:
    def register(func: Impl) -> Impl:
        IMPLEMENTATIONS[name] = func
        return func

    return register


# ---------------------------------------------------------------------- shared helpers


def _check_common(ctx: "_Context", bound: Bound) -> None:
    """One simulated host, no background jobs."""
    for computer in iter_names(bound.get("ComputerName")):
        if computer.casefold() not in ("localhost", ".", ctx.session.host_name.casefold()):
            raise ctx.fail(text("ps.hvlab.one_host", computer=computer, host=ctx.session.host_name))
    if bound.get("AsJob"):
        raise ctx.fail(text("ps.hvlab.no_jobs"))


def _find_vms(ctx: "_Context", names: Iterable[str]) -> list["VirtualMachine"]:
    found: list[VirtualMachine] = []
    for name in names:
        if has_wildcard(name):
            found += [vm for vm in ctx.lab.vms.values() if wildcard_match(name, vm.name) and vm not in found]
            continue
        try:
            vm = ctx.lab.vm(name)
        except VMNotFoundError as error:
            raise ctx.from_core(error) from None
        if vm not in found:
            found.append(vm)
    return found


def _vms(ctx: "_Context", bound: Bound, name_param: str = "Name") -> list["VirtualMachine"]:
    _check_common(ctx, bound)
    if "VM" in bound:
        objs = bound.get("VM")
        objs = objs if isinstance(objs, list) else [objs]
        return [_live_vm(ctx, o) for o in objs]
    return _find_vms(ctx, iter_names(bound.get(name_param)))


def _live_vm(ctx: "_Context", obj: VMObject) -> "VirtualMachine":
    try:
        return obj.vm
    except VMNotFoundError:
        raise ctx.fail(text("ps.hvlab.object_gone")) from None


def _live_checkpoint(ctx: "_Context", obj: SnapshotObject) -> tuple["VirtualMachine", "Checkpoint"]:
    try:
        return obj.vm, obj.checkpoint
    except (VMNotFoundError, CheckpointNotFoundError):
        raise ctx.fail(text("ps.hvlab.object_gone")) from None


def _vm_object(ctx: "_Context", vm: "VirtualMachine") -> VMObject:
    return VMObject(ctx.lab, vm.id, ctx.session.vm_extras.setdefault(vm.id, {}))


def _should(ctx: "_Context", bound: Bound, action: str, target: str, confirm_by_default: bool = False, description: str | None = None) -> bool:
    """ShouldProcess: ``-WhatIf`` reports and skips; ``-Confirm`` (or a cmdlet that always asks,
    like Restore-VMSnapshot) prompts."""
    if bound.get("WhatIf"):
        ctx.session._whatif.append(text("ps.whatif", action=action, target=target))
        return False
    confirm = bound.get("Confirm")
    if confirm or (confirm_by_default and confirm is not False):
        return ctx.confirm(action, target, description)
    return True


def _result_notes(ctx: "_Context", result: Any) -> None:
    if result is None:
        return
    ctx.note(result.summary)
    for note in result.notes:
        ctx.note(note)


def _checkpoint_matches(ctx: "_Context", vm: "VirtualMachine", patterns: list[str] | None) -> list["Checkpoint"]:
    """Checkpoints by name or wildcard, in creation order; a plain name that matches none is an error."""
    if patterns is None:
        return list(vm.checkpoints.values())
    found: list[Checkpoint] = []
    for pattern in patterns:
        if has_wildcard(pattern):
            found += [c for c in vm.checkpoints.values() if wildcard_match(pattern, c.name) and c not in found]
            continue
        matches = [c for c in vm.checkpoints.values() if c.name.casefold() == pattern.casefold()]
        if not matches:
            raise ctx.from_core(CheckpointNotFoundError(text("error.checkpoint_not_found", name=pattern, vm=vm.name)))
        found += [c for c in matches if c not in found]
    return found


def _one_checkpoint(ctx: "_Context", vm: "VirtualMachine", name: str) -> "Checkpoint":
    matches = _checkpoint_matches(ctx, vm, [name])
    if len(matches) > 1 or has_wildcard(name) and not matches:
        if not matches:
            raise ctx.from_core(CheckpointNotFoundError(text("error.checkpoint_not_found", name=name, vm=vm.name)))
        raise ctx.from_core(CheckpointNotFoundError(text("error.checkpoint_ambiguous", name=name, vm=vm.name, count=len(matches))))
    return matches[0]


def _resolve_snapshot(ctx: "_Context", bound: Bound) -> tuple["VirtualMachine", "Checkpoint"]:
    """Restore-/Rename-VMSnapshot: by object, by VM object and name, or by VM name and name."""
    _check_common(ctx, bound)
    if "VMSnapshot" in bound:
        return _live_checkpoint(ctx, bound.get("VMSnapshot"))
    if "VM" in bound:
        vm = _live_vm(ctx, bound.get("VM"))
    else:
        vms = _find_vms(ctx, [bound.get("VMName")])
        if len(vms) != 1:
            raise ctx.fail(text("ps.hvlab.one_vm", pattern=bound.get("VMName")))
        vm = vms[0]
    return vm, _one_checkpoint(ctx, vm, bound.get("Name"))


# ---------------------------------------------------------------------- VMs


@cmdlet("Get-VM")
def get_vm(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    _check_common(ctx, bound)
    if bound.set_name == "ClusterObject":
        raise ctx.fail(text("ps.hvlab.no_cluster"))
    if "Id" in bound:
        vms = [vm for vm in ctx.lab.vms.values() if vm.id == bound.get("Id")]
        if not vms:
            raise ctx.fail(text("ps.hvlab.no_vm_id", id=bound.get("Id")))
    elif "Name" in bound:
        vms = _find_vms(ctx, iter_names(bound.get("Name")))
    else:
        vms = list(ctx.lab.vms.values())
    return [_vm_object(ctx, vm) for vm in vms]


@cmdlet("New-VM")
def new_vm(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    _check_common(ctx, bound)
    if bound.get("NoVHD"):
        raise ctx.fail(text("ps.hvlab.no_vhd"))
    name = bound.get("Name") or text("ps.new_vm_default_name")
    version = bound.get("Version")
    if version is not None and version not in SUPPORTED_VERSIONS:
        raise ctx.fail(text("ps.hvlab.bad_version", version=version, versions=", ".join(SUPPORTED_VERSIONS)))
    if not _should(ctx, bound, "New-VM", name):
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
    ignored = [p for p in ("BootDevice", "SwitchName", "Path", "Prerelease") if p in bound]
    if ignored:
        ctx.note(text("ps.note.not_simulated", parameters=", ".join("-" + p for p in ignored)))
    return [_vm_object(ctx, vm)]


def _power(action: Callable[["_Context", "VirtualMachine"], Any], verb: str) -> Impl:
    def run(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
        out = []
        for vm in _vms(ctx, bound):
            if not _should(ctx, bound, verb, vm.name):
                continue
            action(ctx, vm)
            if bound.get("Passthru"):
                out.append(_vm_object(ctx, vm))
        return out

    return run


def _start(ctx: "_Context", vm: "VirtualMachine") -> None:
    _result_notes(ctx, ctx.core(vm.start))
    if vm.state is VMState.STARTING and ctx.session.complete_boot_on_start and vm.id not in ctx.session.held_in_boot:
        ctx.core(vm.complete_boot)
        ctx.note(text("ps.note.boot_completed", vm=vm.name))
    elif vm.state is VMState.STARTING:
        ctx.note(text("ps.note.boot_held", vm=vm.name))


IMPLEMENTATIONS["Start-VM"] = _power(_start, "Start-VM")
IMPLEMENTATIONS["Save-VM"] = _power(lambda ctx, vm: _result_notes(ctx, ctx.core(vm.save)), "Save-VM")
IMPLEMENTATIONS["Suspend-VM"] = _power(lambda ctx, vm: _result_notes(ctx, ctx.core(vm.pause)), "Suspend-VM")
IMPLEMENTATIONS["Resume-VM"] = _power(lambda ctx, vm: _result_notes(ctx, ctx.core(vm.resume)), "Resume-VM")


@cmdlet("Stop-VM")
def stop_vm(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    if bound.get("TurnOff") and bound.get("Save"):
        raise ctx.fail(text("ps.hvlab.turnoff_and_save"))
    if bound.get("TurnOff"):
        op = "turn_off"
    elif bound.get("Save"):
        op = "save"
    else:
        op = "shut_down"
    return _power(lambda c, vm: _result_notes(c, c.core(getattr(vm, op))), "Stop-VM")(ctx, bound, item)


@cmdlet("Remove-VMSavedState")
def remove_vmsavedstate(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    if "VMSnapshot" in bound:
        raise ctx.fail(text("ps.hvlab.snapshot_saved_state"))
    for vm in _vms(ctx, bound, "VMName"):
        if _should(ctx, bound, "Remove-VMSavedState", vm.name):
            _result_notes(ctx, ctx.core(vm.delete_saved_state))
    return []


@cmdlet("Set-VM")
def set_vm(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    unsupported = [p for p in _NOT_SIMULATED_SET_VM if p in bound]
    if unsupported:
        raise ctx.fail(text("ps.hvlab.set_vm_not_simulated", parameters=", ".join("-" + p for p in unsupported)))
    out = []
    for vm in _vms(ctx, bound):
        if not _should(ctx, bound, "Set-VM", vm.name):
            continue
        if "CheckpointType" in bound:
            value = CheckpointType.parse(bound.get("CheckpointType"))
            _result_notes(ctx, ctx.core(lambda: vm.set_checkpoint_type(value)))
        if "AutomaticCheckpointsEnabled" in bound:
            _result_notes(ctx, ctx.core(lambda: vm.set_automatic_checkpoints(bound.get("AutomaticCheckpointsEnabled"))))
        if "SnapshotFileLocation" in bound:
            _result_notes(ctx, ctx.core(lambda: vm.set_snapshot_file_location(bound.get("SnapshotFileLocation") or "")))
        if bound.get("Passthru"):
            out.append(_vm_object(ctx, vm))
    return out


# ---------------------------------------------------------------------- integration services


def _services_named(ctx: "_Context", vm: "VirtualMachine", names: list[str] | None) -> list[IntegrationService]:
    ordered = sorted(IntegrationService, key=lambda s: s.powershell_name)
    if names is None:
        return ordered
    found: list[IntegrationService] = []
    for name in names:
        matches = [s for s in ordered if wildcard_match(name, s.powershell_name)] if has_wildcard(name) else [s for s in ordered if s.powershell_name.casefold() == name.casefold()]
        if not matches and not has_wildcard(name):
            raise ctx.fail(text("error.bad_integration_service", value=name))
        found += [s for s in matches if s not in found]
    return found


@cmdlet("Get-VMIntegrationService")
def get_vmintegrationservice(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    if "VMSnapshot" in bound:
        vm, cp = _live_checkpoint(ctx, bound.get("VMSnapshot"))
        ctx.note(text("ps.note.snapshot_services", name=cp.name))
        vms = [vm]
    else:
        vms = _vms(ctx, bound, "VMName")
    out = []
    for vm in vms:
        for service in _services_named(ctx, vm, bound.get("Name")):
            out.append(IntegrationServiceObject(ctx.lab, vm.id, service))
    return out


def _set_services(enabled: bool) -> Impl:
    verb = "Enable-VMIntegrationService" if enabled else "Disable-VMIntegrationService"

    def run(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
        targets: list[tuple[VirtualMachine, IntegrationService]] = []
        if "VMIntegrationService" in bound:
            for obj in bound.get("VMIntegrationService"):
                try:
                    targets.append((obj.vm, obj.service))
                except VMNotFoundError:
                    raise ctx.fail(text("ps.hvlab.object_gone")) from None
        else:
            for vm in _vms(ctx, bound, "VMName"):
                for service in _services_named(ctx, vm, bound.get("Name")):
                    targets.append((vm, service))
        out = []
        for vm, service in targets:
            if not _should(ctx, bound, verb, f"{vm.name}: {service.powershell_name}"):
                continue
            _result_notes(ctx, ctx.core(lambda: vm.set_integration_service(service, enabled)))
            if bound.get("Passthru"):
                out.append(IntegrationServiceObject(ctx.lab, vm.id, service))
        return out

    return run


IMPLEMENTATIONS["Enable-VMIntegrationService"] = _set_services(True)
IMPLEMENTATIONS["Disable-VMIntegrationService"] = _set_services(False)


# ---------------------------------------------------------------------- checkpoints


@cmdlet("Checkpoint-VM")
def checkpoint_vm(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    out = []
    name = bound.get("SnapshotName")
    for vm in _vms(ctx, bound):
        if bound.get("WhatIf"):
            ctx.note(vm.preview_checkpoint().explain())
        if not _should(ctx, bound, "Checkpoint-VM", vm.name):
            continue
        result = ctx.core(lambda: vm.checkpoint(name))
        _result_notes(ctx, result)
        if bound.get("Passthru"):
            out.append(SnapshotObject(ctx.lab, vm.id, result.checkpoint_id))
    return out


@cmdlet("Get-VMSnapshot")
def get_vmsnapshot(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    _check_common(ctx, bound)
    pairs: list[tuple[VirtualMachine, Checkpoint]] = []
    if bound.set_name == "Parent":
        target = bound.get("ParentOf")
        if isinstance(target, VMObject):
            vm = _live_vm(ctx, target)
            parent_id = vm.now_parent_id
        else:
            vm, cp = _live_checkpoint(ctx, target)
            parent_id = cp.parent_id
        pairs = [(vm, vm.checkpoints[parent_id])] if parent_id else []
    elif bound.set_name == "Child":
        vm, cp = _live_checkpoint(ctx, bound.get("ChildOf"))
        pairs = [(vm, c) for c in vm.children(cp)]
    elif bound.set_name == "Id":
        vms = [vm for vm in ctx.lab.vms.values() if vm.id == bound.get("Id")]
        if not vms:
            raise ctx.fail(text("ps.hvlab.no_vm_id", id=bound.get("Id")))
        pairs = [(vms[0], c) for c in vms[0].checkpoints.values()]
    else:
        for vm in _vms(ctx, bound, "VMName"):
            pairs += [(vm, c) for c in vm.checkpoints.values()]
    name = bound.get("Name")
    if name is not None:
        matched = [(vm, c) for vm, c in pairs if wildcard_match(name, c.name) or c.name.casefold() == name.casefold()]
        if not matched and not has_wildcard(name):
            vm_name = pairs[0][0].name if pairs else ", ".join(iter_names(bound.get("VMName"))) or "?"
            raise ctx.from_core(CheckpointNotFoundError(text("error.checkpoint_not_found", name=name, vm=vm_name)))
        pairs = matched
    wanted_type = bound.get("SnapshotType")
    if wanted_type is not None:
        pairs = [(vm, c) for vm, c in pairs if c.powershell_snapshot_type == wanted_type]
    return [SnapshotObject(ctx.lab, vm.id, c.id) for vm, c in pairs]


@cmdlet("Restore-VMSnapshot")
def restore_vmsnapshot(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    vm, cp = _resolve_snapshot(ctx, bound)
    # Restore-VMSnapshot asks before it acts (Example 1 of its reference page shows the prompt).
    if not _should(ctx, bound, "Restore-VMSnapshot", cp.name, confirm_by_default=True, description=text("ps.confirm.restore", name=cp.name)):
        return []
    result = ctx.core(lambda: vm.apply(cp))
    _result_notes(ctx, result)
    return [SnapshotObject(ctx.lab, vm.id, cp.id)] if bound.get("Passthru") else []


@cmdlet("Remove-VMSnapshot")
def remove_vmsnapshot(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    _check_common(ctx, bound)
    pairs: list[tuple[VirtualMachine, Checkpoint]] = []
    if "VMSnapshot" in bound:
        for obj in bound.get("VMSnapshot"):
            pairs.append(_live_checkpoint(ctx, obj))
    else:
        for vm in _vms(ctx, bound, "VMName"):
            names = bound.get("Name")
            pairs += [(vm, c) for c in _checkpoint_matches(ctx, vm, None if names is None else list(names))]
    subtree = bool(bound.get("IncludeAllChildSnapshots"))
    for vm, cp in pairs:
        if cp.id not in vm.checkpoints:  # already gone with an ancestor's subtree
            continue
        if not _should(ctx, bound, "Remove-VMSnapshot", cp.name):
            continue
        if subtree:
            _result_notes(ctx, ctx.core(lambda: vm.delete_checkpoint_subtree(cp)))
        else:
            _result_notes(ctx, ctx.core(lambda: vm.delete_checkpoint(cp)))
    return []


@cmdlet("Rename-VMSnapshot")
def rename_vmsnapshot(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    vm, cp = _resolve_snapshot(ctx, bound)
    if not _should(ctx, bound, "Rename-VMSnapshot", cp.name):
        return []
    _result_notes(ctx, ctx.core(lambda: vm.rename_checkpoint(cp, bound.get("NewName"))))
    return [SnapshotObject(ctx.lab, vm.id, cp.id)] if bound.get("Passthru") else []


@cmdlet("Export-VMSnapshot")
def export_vmsnapshot(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    _check_common(ctx, bound)
    pairs: list[tuple[VirtualMachine, Checkpoint]] = []
    if "VMSnapshot" in bound:
        pairs = [_live_checkpoint(ctx, o) for o in bound.get("VMSnapshot")]
    else:
        vms = _vms(ctx, bound, "VMName")
        for vm in vms:
            pairs += [(vm, c) for c in _checkpoint_matches(ctx, vm, list(bound.get("Name")))]
    out = []
    for vm, cp in pairs:
        if not _should(ctx, bound, "Export-VMSnapshot", cp.name):
            continue
        ctx.note(text("ps.note.exported", name=cp.name, vm=vm.name, path=bound.get("Path")))
        if bound.get("Passthru"):
            out.append(SnapshotObject(ctx.lab, vm.id, cp.id))
    return out


@cmdlet("Get-VHD")
def get_vhd(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    _check_common(ctx, bound)
    if bound.set_name == "Disk":
        raise ctx.fail(text("ps.hvlab.no_disk_numbers"))
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


# ---------------------------------------------------------------------- PowerShell utilities


def _inputs(bound: Bound, inputs: list[Any] | None) -> list[Any]:
    if inputs is not None:
        return inputs
    value = bound.get("InputObject")
    return [] if value is None else (value if isinstance(value, list) else [value])


@cmdlet("Where-Object")
def where_object(ctx: "_Context", bound: Bound, inputs: Any) -> Iterable[Any]:
    items = _inputs(bound, inputs)
    if bound.set_name == "ScriptBlockSet":
        block: ScriptBlock = bound.get("FilterScript")
        return [i for i in items if _truthy(_unwrap(ctx.session.run_script_block(block, i, ctx.answers)))]
    prop = bound.get("Property")
    operators = [p.name for p in ctx.spec.params if p.type == "switch" and p.name not in ("Verbose", "Debug") and bound.get(p.name)]
    kept = []
    for i in items:
        value = i.get(prop) if isinstance(i, PSObject) else None
        if not operators:
            keep = _truthy(value)
        else:
            keep = bool(compare(operators[0].lower(), value, bound.get("Value")))
        if keep:
            kept.append(i)
    return kept


@cmdlet("ForEach-Object")
def foreach_object(ctx: "_Context", bound: Bound, inputs: Any) -> Iterable[Any]:
    items = _inputs(bound, inputs)
    out: list[Any] = []
    if bound.set_name == "ScriptBlockSet":
        for i in items:
            out += ctx.session.run_script_block(bound.get("Process"), i, ctx.answers)
        return out
    member = bound.get("MemberName")
    return [i.get(member) for i in items if isinstance(i, PSObject)]


@cmdlet("Select-Object")
def select_object(ctx: "_Context", bound: Bound, inputs: Any) -> Iterable[Any]:
    items = _inputs(bound, inputs)
    if bound.get("Unique"):
        seen: list[str] = []
        unique = []
        for i in items:
            key = to_display(i)
            if key not in seen:
                seen.append(key)
                unique.append(i)
        items = unique
    if bound.get("Skip"):
        items = items[bound.get("Skip") :]
    if bound.get("First") is not None:
        items = items[: bound.get("First")]
    if bound.get("Last") is not None:
        items = items[-bound.get("Last") :] if bound.get("Last") else []
    expand = bound.get("ExpandProperty")
    if expand:
        out: list[Any] = []
        for i in items:
            value = i.get(expand) if isinstance(i, PSObject) else None
            if value is None and isinstance(i, PSObject) and not i.has(expand):
                raise ctx.fail(text("ps.select_expand_missing", name=expand))
            out += value if isinstance(value, list) else [value]
        return out
    props = bound.get("Property")
    if not props:
        return items
    names = [str(p) for p in props]
    result = []
    for i in items:
        if not isinstance(i, PSObject):
            result.append(CustomObject({n: None for n in names}))
            continue
        expanded: list[str] = []
        for n in names:
            if has_wildcard(n):
                expanded += [p for p in i.property_names() if wildcard_match(n, p) and p not in expanded]
            else:
                spelled = next((p for p in i.property_names() if p.casefold() == n.casefold()), n)
                expanded.append(spelled)
        result.append(CustomObject({n: i.get(n) for n in expanded}))
    return result


@cmdlet("Sort-Object")
def sort_object(ctx: "_Context", bound: Bound, inputs: Any) -> Iterable[Any]:
    items = list(_inputs(bound, inputs))
    props = [str(p) for p in (bound.get("Property") or [])]

    def key(obj: Any) -> tuple:
        if not props:
            return (_sort_value(obj.get(obj.property_names()[0]) if isinstance(obj, PSObject) else obj),)
        return tuple(_sort_value(obj.get(p) if isinstance(obj, PSObject) else None) for p in props)

    items.sort(key=key, reverse=bool(bound.get("Descending")))
    return items


def _sort_value(value: Any) -> tuple:
    from datetime import datetime

    if value is None:
        return (0, "")
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, (int, float)):
        return (1, value)
    if isinstance(value, datetime):
        return (2, value.isoformat())
    return (3, to_display(value).casefold())


@cmdlet("Format-Table")
def format_table_cmd(ctx: "_Context", bound: Bound, inputs: Any) -> Iterable[Any]:
    items = _inputs(bound, inputs)
    props = [str(p) for p in bound.get("Property")] if bound.get("Property") else None
    rendered = format_table(items, props)
    return [FormattedText(rendered)] if rendered else []


@cmdlet("Format-List")
def format_list_cmd(ctx: "_Context", bound: Bound, inputs: Any) -> Iterable[Any]:
    items = _inputs(bound, inputs)
    props = [str(p) for p in bound.get("Property")] if bound.get("Property") else None
    rendered = format_list(items, props)
    return [FormattedText(rendered)] if rendered else []


@cmdlet("Measure-Object")
def measure_object(ctx: "_Context", bound: Bound, inputs: Any) -> Iterable[Any]:
    items = _inputs(bound, inputs)
    return [CustomObject({"Count": len(items), "Average": None, "Sum": None, "Maximum": None, "Minimum": None, "Property": None})]


@cmdlet("Write-Output")
def write_output(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    if item is not None:
        return [item]
    value = bound.get("InputObject")
    return value if isinstance(value, list) else [value]


@cmdlet("Get-Command")
def get_command(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    patterns = iter_names(bound.get("Name")) or ["*"]
    out = []
    for spec in sorted(SPECS.values(), key=lambda s: s.name):
        if any(wildcard_match(p, spec.name) for p in patterns):
            source = "hvlab (lab only)" if spec.lab_only else ("Hyper-V" if "hyper-v" in spec.source else "Microsoft.PowerShell")
            out.append(CustomObject({"CommandType": "Cmdlet", "Name": spec.name, "Source": source}))
    for alias, target in sorted(ALIASES.items()):
        if any(wildcard_match(p, alias) for p in patterns) and "vm" in alias:
            out.append(CustomObject({"CommandType": "Alias", "Name": f"{_alias_spelling(alias)} -> {target}", "Source": "Hyper-V"}))
    return out


def _alias_spelling(alias: str) -> str:
    verb, noun = alias.split("-", 1)
    return verb.capitalize() + "-VMCheckpoint" if noun == "vmcheckpoint" else alias


@cmdlet("Get-Help")
def get_help(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    name = bound.get("Name")
    if not name:
        names = ", ".join(sorted(s.name for s in SPECS.values()))
        return [FormattedText(text("ps.help.overview", commands=names) + "\n")]
    spec = SPECS.get(ALIASES.get(name.casefold(), name).casefold())
    if spec is None:
        raise ctx.fail(text("ps.help.not_found", name=name))
    return [FormattedText(help_text(spec) + "\n")]


def help_text(spec: CmdletSpec) -> str:
    """NAME / SYNOPSIS / SYNTAX / REMARKS, the layout of ``Get-Help``; lab cmdlets say they are not Hyper-V's."""
    key = "ps.help." + spec.name
    try:
        synopsis = text(key)
    except KeyError:
        synopsis = ""
    lines = ["", "NAME", "    " + spec.name, "", "SYNOPSIS", "    " + synopsis, "", "SYNTAX"]
    common = {"Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ErrorVariable", "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm"}
    for set_name in spec.sets:
        parts = [spec.name]
        params = [p for p in spec.params if p.in_set(set_name) and p.name not in common]
        params.sort(key=lambda p: (p.position(set_name) is None, p.position(set_name) or 0))
        for p in params:
            type_name = p.net_type.rsplit(".", 1)[-1] if p.type != "switch" else ""
            name = f"-{p.name}" if p.position(set_name) is None else f"[-{p.name}]"
            piece = name if p.type == "switch" else f"{name} <{type_name}>"
            parts.append(piece if p.mandatory(set_name) else f"[{piece}]")
        if any(p.name == "WhatIf" for p in spec.params):
            parts += ["[-WhatIf]", "[-Confirm]"]
        parts.append("[<CommonParameters>]")
        lines.append("    " + " ".join(parts))
        lines.append("")
    lines.append("REMARKS")
    if spec.lab_only:
        lines.append("    " + text("ps.help.lab_only"))
    else:
        lines.append("    " + text("ps.help.online", url=spec.source))
    aliases = [a for a, t in ALIASES.items() if t == spec.name]
    if aliases:
        lines.append("    " + text("ps.help.aliases", aliases=", ".join(_alias_spelling(a) for a in aliases)))
    return "\n".join(lines)


# ---------------------------------------------------------------------- lab-only cmdlets


@cmdlet("Set-LabGuest")
def set_labguest(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    roles_given = bound.get("Role")
    roles: list[GuestRole] = []
    for role in roles_given or []:
        found = _ROLES.get(role.replace(" ", "").casefold())
        if found is None:
            raise ctx.fail(text("ps.hvlab.bad_role", role=role))
        roles.append(found)
    for vm in _vms(ctx, bound, "VMName"):
        if any(p in bound for p in ("OperatingSystem", "Role", "IntegrationServicesInstalled")):
            profile = vm.guest
            if "OperatingSystem" in bound:
                profile = replace(profile, os=_GUEST_OS[bound.get("OperatingSystem")])
            if roles_given is not None:
                profile = profile.with_roles(*roles)
            if "IntegrationServicesInstalled" in bound:
                profile = replace(profile, integration_services=bound.get("IntegrationServicesInstalled"))
            if "VssRequesterRunning" in bound:  # one set_guest call, as the lab widgets make
                profile = replace(profile, vss_requester_running=bound.get("VssRequesterRunning"))
            _result_notes(ctx, ctx.core(lambda: vm.set_guest(profile)))
        elif "VssRequesterRunning" in bound:
            _result_notes(ctx, ctx.core(lambda: vm.set_vss_requester_running(bound.get("VssRequesterRunning"))))
    return []


@cmdlet("Complete-LabBoot")
def complete_labboot(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    for vm in _vms(ctx, bound, "VMName"):
        _result_notes(ctx, ctx.core(vm.complete_boot))
    return []


@cmdlet("Set-LabBootHold")
def set_labboothold(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    for vm in _vms(ctx, bound, "VMName"):
        if bound.get("Hold"):
            ctx.session.held_in_boot.add(vm.id)
        else:
            ctx.session.held_in_boot.discard(vm.id)
        ctx.note(text("ps.note.hold_on" if bound.get("Hold") else "ps.note.hold_off", vm=vm.name))
    return []


@cmdlet("Get-LabCheckpointPreview")
def get_labcheckpointpreview(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    return [FormattedText(vm.preview_checkpoint().explain() + "\n") for vm in _vms(ctx, bound, "VMName")]


@cmdlet("Get-LabEvent")
def get_labevent(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    out = []
    for vm in _vms(ctx, bound, "VMName"):
        events = vm.events
        if bound.get("Newest") is not None:
            events = events[-bound.get("Newest") :] if bound.get("Newest") else []
        out.append(FormattedText("\n".join(str(e) for e in events) + "\n"))
    return out


@cmdlet("Undo-LabOperation")
def undo_laboperation(ctx: "_Context", bound: Bound, item: Any) -> Iterable[Any]:
    ctx.core(ctx.session.undo_line)
    ctx.note(text("ps.note.undone"))
    return []
