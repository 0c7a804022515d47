"""Helpers every Hyper-V cmdlet shares: finding VMs and checkpoints, ShouldProcess, notes.

Every state change goes through one public method of :class:`hvlab.VirtualMachine` or
:class:`hvlab.Lab`, never around them, so the clock and GUID generator advance exactly as when
a learner clicks the matching button.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Iterable

from ...catalog import text
from ...errors import CheckpointNotFoundError, VMNotFoundError
from ...preview import Outcome
from ..binder import Bound
from ..errors import PSError
from ..objects import SnapshotObject, VMObject
from ..operators import has_wildcard, iter_names, wildcard_match
from ..runtime import CmdletContext

if TYPE_CHECKING:  # pragma: no cover
    from ...checkpoint import Checkpoint
    from ...vm import VirtualMachine

__all__ = [
    "check_common", "checkpoint_matches", "console_preview", "find_vms", "live_checkpoint", "live_vm", "not_simulated", "one_checkpoint",
    "resolve_snapshot", "result_notes", "should_process", "snapshots_of", "vm_not_found", "vm_object", "vms_of",
]


def check_common(ctx: CmdletContext, bound: Bound) -> None:
    """One simulated host, no background jobs."""
    for computer in iter_names(bound.get("ComputerName")):
        if computer.casefold() not in ("localhost", ".", ctx.session.host_name.casefold()):
            raise ctx.not_simulated("ps.hvlab.one_host", computer=computer, host=ctx.session.host_name)
    if bound.get("AsJob"):
        raise ctx.not_simulated("ps.hvlab.no_jobs")


def find_vms(ctx: CmdletContext, names: Iterable[str]) -> list["VirtualMachine"]:
    found: list[VirtualMachine] = []
    for name in names:
        if has_wildcard(name):
            found += [vm for vm in ctx.lab.vms.values() if wildcard_match(name, vm.name) and vm not in found]
            continue
        try:
            vm = ctx.lab.vm(name)
        except VMNotFoundError as error:
            raise vm_not_found(ctx, name, error) from None
        if vm not in found:
            found.append(vm)
    return found


# CategoryInfo / FullyQualifiedErrorId as published with the message (provenance of
# hyperv.vm_not_found): Get-VM's and Stop-VM's; for other cmdlets none has been published.
_VM_NOT_FOUND_RECORDS = {
    "Get-VM": ("InvalidArgument: ({name}:String) [Get-VM], VirtualizationException", "InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVM"),
    "Stop-VM": ("ObjectNotFound: (:) [Stop-VM], VirtualizationException", "ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.StopVM"),
}


def vm_not_found(ctx: CmdletContext, name: str, error: VMNotFoundError) -> PSError:
    """``Hyper-V was unable to find a virtual machine with name "X".``: Hyper-V's output as third
    parties published it (observed, not in Microsoft's documentation); the note says where."""
    record = _VM_NOT_FOUND_RECORDS.get(ctx.spec.name)
    category, error_id = (record[0].format(name=name), record[1]) if record else (None, None)
    return ctx.observed([text("hyperv.vm_not_found", name=name)], category=category, error_id=error_id)


def not_simulated(ctx: CmdletContext, bound: Bound) -> list[str]:
    """The cmdlet's own documented parameters given here that hvlab does not simulate (their
    specs say ``simulated=False``); common parameters are the session's to note."""
    return [p.name for p in ctx.spec.params if not p.simulated and not p.common and p.name in bound]


def console_preview(vm: "VirtualMachine") -> str:
    """The checkpoint preview as the console shows it: without the success dialog's lines
    ("Production checkpoint created." is Hyper-V Manager's dialog, not PowerShell output);
    a refusal keeps the lines PowerShell prints for it."""
    preview = vm.preview_checkpoint()
    if preview.outcome is not Outcome.ERROR:
        preview = replace(preview, hyperv_messages=())
    return preview.explain()


def vms_of(ctx: CmdletContext, bound: Bound, name_param: str = "Name") -> list["VirtualMachine"]:
    check_common(ctx, bound)
    if "VM" in bound:
        objs = bound.get("VM")
        objs = objs if isinstance(objs, list) else [objs]
        return [live_vm(ctx, o) for o in objs]
    return find_vms(ctx, iter_names(bound.get(name_param)))


def live_vm(ctx: CmdletContext, obj: VMObject) -> "VirtualMachine":
    try:
        return obj.vm
    except VMNotFoundError:
        raise ctx.fail(text("ps.hvlab.object_gone")) from None


def live_checkpoint(ctx: CmdletContext, obj: SnapshotObject) -> tuple["VirtualMachine", "Checkpoint"]:
    try:
        return obj.vm, obj.checkpoint
    except (VMNotFoundError, CheckpointNotFoundError):
        raise ctx.fail(text("ps.hvlab.object_gone")) from None


def vm_object(ctx: CmdletContext, vm: "VirtualMachine") -> VMObject:
    return VMObject(ctx.lab, vm.id, ctx.session.vm_extras.setdefault(vm.id, {}))


def should_process(ctx: CmdletContext, bound: Bound, action: str, target: str, confirm_by_default: bool = False, description: str | None = None) -> bool:
    """ShouldProcess: ``-WhatIf`` reports and skips; ``-Confirm`` (or a cmdlet that always asks,
    like Restore-VMSnapshot) prompts."""
    if bound.get("WhatIf"):
        ctx.whatif(text("ps.whatif", action=action, target=target))
        return False
    confirm = bound.get("Confirm")
    if confirm or (confirm_by_default and confirm is not False):
        return ctx.confirm(action, target, description)
    return True


def result_notes(ctx: CmdletContext, result: Any, summary: bool = True) -> None:
    """hvlab's notes on one core operation: its summary (unless the cmdlet says it otherwise),
    its notes and, in one short line, the assumed rulings it followed."""
    if result is None:
        return
    if summary:
        ctx.note(result.summary)
    for note in result.notes:
        ctx.note(note)
    if result.assumption_line:  # the assumed rulings it followed, in one short line
        ctx.note(result.assumption_line)


def verbose_steps(ctx: CmdletContext, bound: Bound, result: Any) -> None:
    """With ``-Verbose``, the steps the operation recorded as it ran (:mod:`hvlab.vm.steps`), one
    ``VERBOSE:`` line each. Hyper-V's own verbose text is published nowhere, so these are
    hvlab's sentences, and a note says so once per input."""
    if not bound.get("Verbose") or result is None or not result.steps:
        return
    for step in result.steps:
        ctx.verbose(step.text)
    note = text("step.verbose_note")
    if note not in ctx.line.notes:
        ctx.note(note)


def checkpoint_matches(ctx: CmdletContext, vm: "VirtualMachine", patterns: list[str] | None) -> list["Checkpoint"]:
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


def one_checkpoint(ctx: CmdletContext, vm: "VirtualMachine", name: str) -> "Checkpoint":
    matches = checkpoint_matches(ctx, vm, [name])
    if len(matches) > 1 or has_wildcard(name) and not matches:
        if not matches:
            raise ctx.from_core(CheckpointNotFoundError(text("error.checkpoint_not_found", name=name, vm=vm.name)))
        raise ctx.from_core(CheckpointNotFoundError(text("error.checkpoint_ambiguous", name=name, vm=vm.name, count=len(matches))))
    return matches[0]


def snapshots_of(ctx: CmdletContext, bound: Bound) -> list[tuple["VirtualMachine", "Checkpoint"]]:
    """Remove-/Export-VMSnapshot: the ``-VMSnapshot`` objects, or the ``-Name`` matches (all
    checkpoints when no name is given) of each ``-VMName`` VM."""
    check_common(ctx, bound)
    if "VMSnapshot" in bound:
        return [live_checkpoint(ctx, obj) for obj in bound.get("VMSnapshot")]
    names = bound.get("Name")
    pairs: list[tuple[VirtualMachine, Checkpoint]] = []
    for vm in vms_of(ctx, bound, "VMName"):
        pairs += [(vm, c) for c in checkpoint_matches(ctx, vm, None if names is None else list(names))]
    return pairs


def resolve_snapshot(ctx: CmdletContext, bound: Bound) -> tuple["VirtualMachine", "Checkpoint"]:
    """Restore-/Rename-VMSnapshot: by object, by VM object and name, or by VM name and name."""
    check_common(ctx, bound)
    if "VMSnapshot" in bound:
        return live_checkpoint(ctx, bound.get("VMSnapshot"))
    if "VM" in bound:
        vm = live_vm(ctx, bound.get("VM"))
    else:
        vms = find_vms(ctx, [bound.get("VMName")])
        if len(vms) != 1:
            raise ctx.fail(text("ps.hvlab.one_vm", pattern=bound.get("VMName")))
        vm = vms[0]
    return vm, one_checkpoint(ctx, vm, bound.get("Name"))
