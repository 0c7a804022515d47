"""Cmdlets that manage checkpoints (snapshots in the cmdlet names): Checkpoint-VM and the
``*-VMSnapshot`` cmdlets, also reachable by their ``*-VMCheckpoint`` aliases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from ...catalog import text
from ...errors import CheckpointNotFoundError
from ..binder import Bound
from ..objects import SnapshotObject, VMObject
from ..operators import has_wildcard, iter_names, wildcard_match
from ..runtime import CmdletContext
from .common import check_common, console_preview, live_checkpoint, live_vm, resolve_snapshot, result_notes, should_process, snapshots_of, verbose_steps, vms_of
from .registry import cmdlet

if TYPE_CHECKING:  # pragma: no cover
    from ...checkpoint import Checkpoint
    from ...vm import VirtualMachine

__all__: list[str] = []


@cmdlet("Checkpoint-VM")
def checkpoint_vm(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    out = []
    name = bound.get("SnapshotName")
    for vm in vms_of(ctx, bound):
        if bound.get("WhatIf"):
            ctx.note(console_preview(vm))
        if not should_process(ctx, bound, "Checkpoint-VM", vm.name):
            continue
        result = ctx.core(lambda: vm.checkpoint(name))
        verbose_steps(ctx, bound, result)
        result_notes(ctx, result)
        if bound.get("Passthru"):
            out.append(SnapshotObject(ctx.lab, vm.id, result.checkpoint_id))
    return out


@cmdlet("Get-VMSnapshot")
def get_vmsnapshot(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    check_common(ctx, bound)
    pairs: list[tuple[VirtualMachine, Checkpoint]] = []
    if bound.set_name == "Parent":
        target = bound.get("ParentOf")
        if isinstance(target, VMObject):
            vm = live_vm(ctx, target)
            parent_id = vm.now_parent_id
        else:
            vm, cp = live_checkpoint(ctx, target)
            parent_id = cp.parent_id
        pairs = [(vm, vm.checkpoints[parent_id])] if parent_id else []
    elif bound.set_name == "Child":
        vm, cp = live_checkpoint(ctx, bound.get("ChildOf"))
        pairs = [(vm, c) for c in vm.children(cp)]
    elif bound.set_name == "Id":
        vms = [vm for vm in ctx.lab.vms.values() if vm.id == bound.get("Id")]
        if not vms:
            raise ctx.fail(text("ps.hvlab.no_vm_id", id=bound.get("Id")))
        pairs = [(vms[0], c) for c in vms[0].checkpoints.values()]
    else:
        for vm in vms_of(ctx, bound, "VMName"):
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
def restore_vmsnapshot(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    vm, cp = resolve_snapshot(ctx, bound)
    # Restore-VMSnapshot asks before it acts (Example 1 of its reference page shows the prompt).
    if not should_process(ctx, bound, "Restore-VMSnapshot", cp.name, confirm_by_default=True, description=text("ps.confirm.restore", name=cp.name)):
        return []
    result = ctx.core(lambda: vm.apply(cp))
    verbose_steps(ctx, bound, result)
    result_notes(ctx, result)
    return [SnapshotObject(ctx.lab, vm.id, cp.id)] if bound.get("Passthru") else []


@cmdlet("Remove-VMSnapshot")
def remove_vmsnapshot(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    pairs = snapshots_of(ctx, bound)
    subtree = bool(bound.get("IncludeAllChildSnapshots"))
    for vm, cp in pairs:
        if cp.id not in vm.checkpoints:  # already gone with an ancestor's subtree
            continue
        if not should_process(ctx, bound, "Remove-VMSnapshot", cp.name):
            continue
        result = ctx.core(lambda: vm.delete_checkpoint_subtree(cp) if subtree else vm.delete_checkpoint(cp))
        verbose_steps(ctx, bound, result)
        result_notes(ctx, result)
    return []


@cmdlet("Rename-VMSnapshot")
def rename_vmsnapshot(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    vm, cp = resolve_snapshot(ctx, bound)
    if not should_process(ctx, bound, "Rename-VMSnapshot", cp.name):
        return []
    result_notes(ctx, ctx.core(lambda: vm.rename_checkpoint(cp, bound.get("NewName"))))
    return [SnapshotObject(ctx.lab, vm.id, cp.id)] if bound.get("Passthru") else []

