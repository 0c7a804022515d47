"""Cmdlets that move a VM's state out and back in: ``Export-VMSnapshot`` (a checkpoint written
to a folder on the lab's host as a VM of its own, B27) and ``Import-VM`` (that folder registered
as a VM: in place, restored, or copied with a new ID, B28).

Both change the lab only through the core's ``VirtualMachine.export_checkpoint`` and
``Lab.import_vm``, the calls a lab widget or a notebook cell makes.
"""

from __future__ import annotations

from typing import Any, Iterable

from ...catalog import text
from ..binder import Bound
from ..objects import SnapshotObject
from ..runtime import CmdletContext
from .common import check_common, not_simulated, result_notes, should_process, snapshots_of, vm_object
from .registry import cmdlet

__all__: list[str] = []


@cmdlet("Export-VMSnapshot")
def export_vmsnapshot(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    check_common(ctx, bound)
    out = []
    for vm, cp in snapshots_of(ctx, bound):
        if not should_process(ctx, bound, "Export-VMSnapshot", cp.name):
            continue
        result_notes(ctx, ctx.core(lambda: vm.export_checkpoint(cp, bound.get("Path"))))
        if bound.get("Passthru"):  # "Passthru" returns the exported checkpoint (OUTPUTS: VMSnapshot)
            out.append(SnapshotObject(ctx.lab, vm.id, cp.id))
    return out


@cmdlet("Import-VM")
def import_vm(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    check_common(ctx, bound)
    if bound.set_name == "CompatibilityReport":
        raise ctx.not_simulated("ps.hvlab.no_compatibility_report")
    path = bound.get("Path")
    if not should_process(ctx, bound, "Import-VM", path):
        return []
    result = ctx.core(lambda: ctx.lab.import_vm(path, copy=bool(bound.get("Copy")), generate_new_id=bool(bound.get("GenerateNewId")),
                                                vhd_destination_path=bound.get("VhdDestinationPath")))
    result_notes(ctx, result)
    ignored = not_simulated(ctx, bound)
    if ignored:
        ctx.note(text("ps.note.not_simulated", parameters=", ".join("-" + p for p in ignored)))
    return [vm_object(ctx, ctx.lab.vm(result.vm_name))]  # OUTPUTS: Microsoft.HyperV.PowerShell.VirtualMachine
