"""The steps of an operation, recorded while it runs: what a learner plays one at a time.

Why recorded, not scripted: the step view, ``result.steps`` in a notebook and the console's
``-Verbose`` lines all replay what the operation itself did, at the moment it did it, so they
can never disagree with the simulator. Each :class:`Step` carries the lab's state right after
it (``state``), so the state after the last step is the lab after the operation.

Each step says how far Microsoft stands behind it (:class:`hvlab.reference.Status`). The order
of the steps inside Hyper-V is only partly documented: VSS documents that its writers are
frozen, the shadow copy is made and the writers are thawed, in that order (VSS-PREBACKUP), and
that the guest's VSS work happens while the host's Hyper-V VSS writer prepares its snapshot
(VSSBACKUP, for host backups). Where in that sequence a checkpoint creates its AVHDX files and
writes its configuration, and in which order Apply turns the VM off and swaps its disks, no
Microsoft page says: those steps are *assumed* (their sources document *what* happens, not
*when*), and the learner is told so.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping

from ..catalog import text
from ..disk_chain import DiskAction, DiskOperation
from ..reference import Status

__all__ = ["STEP_RULES", "Step", "StepKind", "StepRule", "disk_step_kind", "lab_state", "new_step", "pack_state"]


class StepKind(Enum):
    """What one step does, named after what happens in Hyper-V or in the guest."""

    FELL_BACK = "fell_back"
    VSS_FREEZE = "vss_freeze"
    FILE_SYSTEM_FREEZE = "file_system_freeze"
    MEMORY_SAVED = "memory_saved"
    DISKS_FROZEN = "disks_frozen"
    CONFIGURATION_WRITTEN = "configuration_written"
    VSS_THAW = "vss_thaw"
    FILE_SYSTEM_THAW = "file_system_thaw"
    VM_TURNED_OFF = "vm_turned_off"
    VM_SAVED = "vm_saved"
    NEW_NOW_DISK = "new_now_disk"
    OLD_NOW_DISCARDED = "old_now_discarded"
    OLD_NOW_KEPT = "old_now_kept"
    MERGED_INTO_CHILD = "merged_into_child"
    SHARED_PARENT_KEPT = "shared_parent_kept"
    DISK_DELETED = "disk_deleted"
    VM_STARTED = "vm_started"
    DC_STARTS_ROLLED_BACK = "dc_starts_rolled_back"
    DC_USN_ROLLBACK = "dc_usn_rollback"
    DC_GENERATION_ID = "dc_generation_id"
    DC_NEW_INVOCATION_ID = "dc_new_invocation_id"


@dataclass(frozen=True)
class StepRule:
    """The ruling a kind of step follows, its status and the source keys it rests on."""

    rule: str
    status: Status
    sources: tuple[str, ...] = ()


_D, _O, _A = Status.DOCUMENTED, Status.OBSERVED, Status.ASSUMED

STEP_RULES: dict[StepKind, StepRule] = {
    # Decided before anything happens: Production falls back to standard (SETVM, CHOOSE).
    StepKind.FELL_BACK: StepRule("B1", _D, ("SETVM", "CHOOSE")),
    # The guest's VSS: its writers prepare and freeze first, thaw after the shadow copy
    # (VSS-PREBACKUP's table: PrepareForSnapshot, Freeze, Thaw, PostSnapshot), during the host's
    # PrepareForSnapshot (VSSBACKUP); a production checkpoint uses the guest's VSS (USING).
    StepKind.VSS_FREEZE: StepRule("A5", _D, ("USING", "VSSBACKUP", "VSS-PREBACKUP")),
    StepKind.VSS_THAW: StepRule("A5", _D, ("VSS-PREBACKUP",)),
    # "File System Freeze on a Linux virtual machine" (USING); the buffers flushed (WHATSNEW).
    StepKind.FILE_SYSTEM_FREEZE: StepRule("A7", _D, ("USING", "WHATSNEW")),
    # No Microsoft page says when the file systems are thawed: hvlab's order.
    StepKind.FILE_SYSTEM_THAW: StepRule("A7", _A),
    # What is saved and which files are made is documented; when, in the sequence, is not.
    StepKind.MEMORY_SAVED: StepRule("B10", _A, ("USING",)),
    StepKind.DISKS_FROZEN: StepRule("B17", _A, ("USING", "VMVER")),
    StepKind.CONFIGURATION_WRITTEN: StepRule("B11", _A, ("VMVER", "USING")),
    # Apply: the VM ends Off (B13) or back where it was (B14); the disk chain of Apply (B16) and
    # the order of the three are hvlab's.
    StepKind.VM_TURNED_OFF: StepRule("B13", _A, ("USING",)),
    StepKind.VM_SAVED: StepRule("B14", _A, ("USING",)),
    StepKind.NEW_NOW_DISK: StepRule("B16", _A),
    StepKind.OLD_NOW_DISCARDED: StepRule("B16", _A),
    StepKind.OLD_NOW_KEPT: StepRule("B15", _A, ("USING",)),
    # Delete: which disk is merged, deleted or kept is a published observation (SAVILL; USING
    # documents the merge); a lone shared parent merged or deleted later is hvlab's (B18).
    StepKind.MERGED_INTO_CHILD: StepRule("B18", _O, ("USING", "SAVILL")),
    StepKind.SHARED_PARENT_KEPT: StepRule("B18", _O, ("SAVILL",)),
    StepKind.DISK_DELETED: StepRule("B18", _O, ("SAVILL",)),
    # Start after an automatic checkpoint: taken just before the VM starts, hvlab's order (B21).
    StepKind.VM_STARTED: StepRule("B21", _A),
    # The domain controller's first start after Apply (B22, B23).
    StepKind.DC_STARTS_ROLLED_BACK: StepRule("B23", _D, ("DC-HYPERV", "KB875495")),
    StepKind.DC_USN_ROLLBACK: StepRule("B23", _D, ("DC-HYPERV", "KB875495")),
    StepKind.DC_GENERATION_ID: StepRule("B22", _D, ("DC-ARCH", "DC-L100")),
    StepKind.DC_NEW_INVOCATION_ID: StepRule("B22", _D, ("DC-ARCH", "DC-L100")),
}
"""Every kind of step with its ruling, status and sources, in one table."""


@dataclass(frozen=True)
class Step:
    """One step of an operation, as it happened.

    ``text``: one sentence in the learner's language (catalog ``step.*``). ``rule``, ``status``
    and ``sources``: the ruling it follows, how far Microsoft stands behind this step *and its
    place in the order*, and the source keys it rests on (an assumed step with sources: they
    document what happens, not when). ``created_disks`` / ``disk_operations``: what the step
    did to the disk files (the frame highlights them). ``state``: the lab right after the step,
    as :meth:`hvlab.lab.Lab.to_dict` gives it without the event logs; kept packed (``packed``,
    compressed JSON: a 50-checkpoint lab's state is ~100 kB as objects, a few kB packed, and a
    lab keeps many results for Undo), unpacked afresh on each read.
    """

    kind: StepKind
    text: str
    vm: str
    rule: str
    status: Status
    sources: tuple[str, ...] = ()
    created_disks: tuple[str, ...] = ()
    disk_operations: tuple[DiskOperation, ...] = ()
    packed: bytes = field(default=b"", repr=False)

    @property
    def state(self) -> dict[str, Any]:
        """The lab right after this step (a new dict on each read)."""
        return json.loads(zlib.decompress(self.packed)) if self.packed else {}

    @property
    def assumed(self) -> bool:
        return self.status is Status.ASSUMED

    @property
    def status_text(self) -> str:
        """How far this step is backed, in one phrase of the learner's language."""
        if self.status is Status.ASSUMED and self.sources:
            return text("step.status.order_assumed")
        return text(f"step.status.{self.status.value}")

    def __str__(self) -> str:
        return self.text


def pack_state(lab_data: Mapping[str, Any]) -> bytes:
    """A lab's data (:meth:`hvlab.lab.Lab.to_dict`) as a step keeps it: JSON, compressed fast."""
    return zlib.compress(json.dumps(lab_data, separators=(",", ":"), ensure_ascii=False).encode("utf-8"), 1)


def new_step(kind: StepKind, vm: str, packed: bytes, /, *, status: Status | None = None, variant: str = "",
             created_disks: tuple[str, ...] = (), disk_operations: tuple[DiskOperation, ...] = (), **values: object) -> Step:
    """A step of ``kind`` with its sentence from the catalog (``step.<kind>``, filled with
    ``values``; ``variant`` picks ``step.<kind>.<variant>``, a wording that fits the case);
    ``status`` overrides the table's (a step whose order is hvlab's)."""
    entry = STEP_RULES[kind]
    return Step(kind=kind, text=text(f"step.{kind.value}.{variant}" if variant else f"step.{kind.value}", **values), vm=vm, rule=entry.rule,
                status=status or entry.status, sources=entry.sources,
                created_disks=created_disks, disk_operations=disk_operations, packed=packed)


def disk_step_kind(op: DiskOperation) -> StepKind:
    return StepKind.MERGED_INTO_CHILD if op.action is DiskAction.MERGED else StepKind.DISK_DELETED


def lab_state(lab_data: dict) -> dict:
    """The lab's data without the VMs' event logs: what a step's picture is drawn from (the
    narration is not state; the operation logs it after its last step)."""
    return {**lab_data, "vms": [{**vm, "events": []} for vm in lab_data["vms"]]}
