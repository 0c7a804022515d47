"""hvlab's lab-only backup (``Start-LabBackup``): a host-side backup of a running VM that
succeeds or fails part-way, as the lab chooses (reference B32, B34).

Not a Hyper-V cmdlet: a real host is backed up by a backup application (Windows Server Backup,
or one using the Hyper-V VSS writer or WMI); its help says so. What it leaves is seen with
Hyper-V's own cmdlets: ``Get-VMSnapshot -SnapshotType Recovery``, ``Get-VHD``.
"""

from __future__ import annotations

from typing import Any, Iterable

from ...vm.backups import BackupOutcome
from ..binder import Bound
from ..objects import SnapshotObject
from ..runtime import CmdletContext
from .common import result_notes, vms_of
from .registry import cmdlet

__all__: list[str] = []

OUTCOMES = {"Succeeded": BackupOutcome.SUCCEEDED, "CheckpointLeft": BackupOutcome.CHECKPOINT_LEFT, "FilesLeft": BackupOutcome.FILES_LEFT}
"""``-Outcome``'s values, as the spec's ValidateSet lists them."""


@cmdlet("Start-LabBackup")
def start_labbackup(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    outcome = next(o for name, o in OUTCOMES.items() if name.casefold() == str(bound.get("Outcome") or "Succeeded").casefold())
    out = []
    for vm in vms_of(ctx, bound, "VMName"):
        result = ctx.core(lambda: vm.run_backup(outcome))
        result_notes(ctx, result)
        if bound.get("Passthru") and result.checkpoint_id:
            out.append(SnapshotObject(ctx.lab, vm.id, result.checkpoint_id))
    return out
