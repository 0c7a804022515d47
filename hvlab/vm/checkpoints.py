"""A VM's checkpoints: ``Checkpoint-VM``, ``Restore-VMCheckpoint`` (Apply),
``Remove-VMCheckpoint`` (with and without the subtree) and ``Rename-VMCheckpoint``.

A checkpoint is taken exactly as :func:`~hvlab.preview.preview_checkpoint` predicts (B1-B12);
the disk chain adds and removes the files (B16-B18, :mod:`hvlab.disk_chain`), and what an
operation says it did is read from the disk operations it performed.
"""

from __future__ import annotations

from typing import Callable, Iterable

from ..catalog import text
from ..checkpoint import Checkpoint, MemoryState, default_checkpoint_name
from ..disk_chain import DiskAction, DiskOperation
from ..errors import CheckpointLimitError, CheckpointOperationFailed, InvalidNameError
from ..events import EventLevel, EventSource
from ..guest import GuestFamily
from ..preview import Outcome, preview_checkpoint
from ..reference import Status
from ..states import VMState
from .base import VMCore
from .result import OperationResult, operation
from .steps import StepKind, disk_step_kind

__all__ = ["MAX_NAME_LENGTH", "VMCheckpoints"]

MAX_NAME_LENGTH = 100
"""Checkpoint names: not blank, at most 100 characters (B20, USING)."""


class VMCheckpoints(VMCore):
    """Taking, applying, deleting and renaming checkpoints."""

    @operation
    def checkpoint(self, name: str | None = None) -> OperationResult:
        """``Checkpoint-VM``: take a checkpoint as :meth:`preview_checkpoint` predicts (B1–B12, B17)."""
        return self._take_checkpoint(name, automatic=False)

    def _check_name(self, name: str) -> str:
        if not name.strip():
            raise InvalidNameError(text("error.name_blank"), rule="B20")
        if len(name) > MAX_NAME_LENGTH:
            raise InvalidNameError(text("error.name_too_long", length=len(name), limit=MAX_NAME_LENGTH), rule="B20")
        return name

    def _take_checkpoint(self, name: str | None, automatic: bool) -> OperationResult:
        if name is not None:
            self._check_name(name)
        plan = preview_checkpoint(self)
        if plan.outcome is Outcome.ERROR:
            refusal = CheckpointLimitError if plan.failing_rule == "B20" else CheckpointOperationFailed
            raise refusal(plan.reason, plan.hyperv_messages, rule=plan.failing_rule)
        before = self.state
        ids = self.lab.take_ids(1 + len(self.disk_chains))  # the very GUIDs the preview showed
        self.lab.tick()
        checkpoint_id = ids[0]
        if name is None:
            name = default_checkpoint_name(self.name, self.lab.now)
            if automatic:
                name = text("checkpoint.automatic_name", name=name)
        quiesced = plan.outcome is Outcome.PRODUCTION and self.state is not VMState.OFF
        linux = self.guest.family is GuestFamily.LINUX
        if plan.fell_back:
            self._step(StepKind.FELL_BACK, why=next((c.detail.rstrip(".。") for c in plan.failing_checks), ""), rule=plan.failing_rule or "")
        if quiesced:
            self._step(StepKind.FILE_SYSTEM_FREEZE if linux else StepKind.VSS_FREEZE, requester=self.guest.requester_name)
        memory = None
        if plan.holds_memory:
            memory = self.memory if self.state in (VMState.SAVED, VMState.PAUSED) else MemoryState(self.state, self.open_apps)
            self._step(StepKind.MEMORY_SAVED)
        frozen: list[str] = []
        created: list[str] = []
        for index, (chain, new_id) in enumerate(zip(self.disk_chains, ids[1:])):
            frozen.append(self.active_disk_ids[index])
            chain.add_differencing(self.active_disk_ids[index], new_id)
            self.active_disk_ids[index] = new_id
            created.append(new_id)
            self._step(StepKind.DISKS_FROZEN, created_disks=(new_id,), disk=chain[frozen[-1]].file_name, new=chain[new_id].file_name)
        kind = plan.kind
        assert kind is not None
        cp = Checkpoint(
            id=checkpoint_id,
            name=name,
            kind=kind,
            setting=self.checkpoint_type,
            created=self.lab.now,
            parent_id=self.now_parent_id,
            disk_ids=tuple(frozen),
            vm_state=self.state,
            consistency=plan.consistency,  # type: ignore[arg-type]
            memory=memory,
            files=tuple(f for f in plan.files if not f.endswith(".avhdx")),
            automatic=automatic,
            guest_events=tuple(e.message for e in plan.guest_events),
        )
        self.checkpoints[cp.id] = cp
        self.now_parent_id = cp.id
        vmcx, vmrs = (f.rsplit("\\", 1)[-1] for f in cp.files[:2])
        self._step(StepKind.CONFIGURATION_WRITTEN, name=name, vmcx=vmcx, vmrs=vmrs,
                   memory=text("step.part.with_memory" if memory is not None else "step.part.without_memory"))
        if quiesced:
            self._step(StepKind.FILE_SYSTEM_THAW if linux else StepKind.VSS_THAW, new=self.active_disk(0).file_name)
        for event in plan.guest_events:
            level = EventLevel.WARNING if event.verbatim else EventLevel.INFORMATION
            self._log_text(event.message, EventSource.GUEST, level, event.rule, verbatim=event.verbatim, provenance=event.key, event_source=event.event_source)
        # plan.hyperv_messages of a production checkpoint is Hyper-V Manager's success dialog
        # (SHOT-PRODDLG), not an event Hyper-V logs: it is shown with the result, never logged.
        key = "result.checkpoint_fallback" if plan.fell_back else "result.checkpoint_created"
        # A fallback names the rule that made it fall back, and why (the failing check's words).
        why = next((c.detail.rstrip(".。") for c in plan.failing_checks), "") if plan.fell_back else ""
        values = {"name": name, "kind": kind.label, "why": why}
        self._log_text(text(key, rule=plan.failing_rule or "", **values), EventSource.HVLAB,
                       rule=plan.failing_rule if plan.fell_back else None)
        summary = text(key, rule=plan.failing_rule or "", **values)
        return self._result(
            "checkpoint", summary, before,
            checkpoint_id=cp.id, preview=plan, created_disks=tuple(created), notes=plan.notes, assumptions=plan.assumptions,
        )

    @operation
    def apply(self, checkpoint: Checkpoint | str, create_checkpoint: bool = False) -> OperationResult:
        """Apply a checkpoint (``Restore-VMCheckpoint`` / Hyper-V Manager "Apply...").

        ``create_checkpoint=True`` is "Create Checkpoint and Apply": the current state is kept
        as a new checkpoint first; otherwise it is lost (B15). The VM gets new AVHDXs whose
        parents are the checkpoint's disks and Now moves under it (B16, *assumed*). A production
        checkpoint leaves the VM Off (B13); a standard one taken while running leaves it Saved,
        to resume where it was (B14, label *assumed*).
        """
        cp = self.find_checkpoint(checkpoint)
        before = self.state
        notes: list[str] = []
        assumed: list[str] = []
        created: list[str] = []
        done: list[DiskOperation] = []
        kept_id: str | None = None
        if create_checkpoint:
            kept = self._take_checkpoint(None, automatic=False)
            kept_id = kept.checkpoint_id
            notes.append(kept.summary)
            self._pending_steps = list(kept.steps)  # the kept checkpoint's steps come first
        self.lab.tick()
        new_ids = self.lab.take_ids(len(self.disk_chains))
        owners = [self.disk_owners(i) for i in range(len(self.disk_chains))]
        labels = self._disk_labels()
        # The steps follow the code: the VM stops first, then its disks change (B16, *assumed*).
        was = self.state.label
        if cp.memory is not None:
            self.state = VMState.SAVED
            self.memory = cp.memory
            assumed.append("B14")
        else:
            self.state = VMState.OFF
            self.memory = None
        self.open_apps = ()
        if self.guest.is_domain_controller:
            self.directory.checkpoint_applied()  # its disk, directory included, goes back; its partners do not
        self._step(StepKind.VM_SAVED if cp.memory is not None else StepKind.VM_TURNED_OFF, name=cp.name, state=was,
                   variant="already_off" if before is VMState.OFF and cp.memory is None else "")
        self.now_parent_id = cp.id
        for index, chain in enumerate(self.disk_chains):
            old_now = self.active_disk_ids[index]
            chain.add_differencing(cp.disk_ids[index], new_ids[index])
            self.active_disk_ids[index] = new_ids[index]
            created.append(new_ids[index])
            self._step(StepKind.NEW_NOW_DISK, created_disks=(new_ids[index],), name=cp.name, new=chain[new_ids[index]].file_name,
                       parent=chain[cp.disk_ids[index]].file_name)
            if owners[index].get(old_now) == "Now":
                first = StepKind.OLD_NOW_KEPT if kept_id else StepKind.OLD_NOW_DISCARDED
                kept_name = self.checkpoints[kept_id].name if kept_id else ""
                done += chain.discard_unowned(old_now, self.disk_owners(index), self._on_disk_operation(index, labels, first, kept=kept_name),
                                              before_merge=self._check_merge_space)  # type: ignore[attr-defined]
        assumed.append("B16")
        notes += self._narrate_disks(done, labels)
        if self.guest.is_domain_controller:
            if self.guest.os.has_vm_generation_id_support:
                notes.append(text("note.dc_apply_modern"))
            else:
                notes.append(text("note.dc_apply_old"))
        self._log("event.applied", name=cp.name, state=self.state.label, rule="B13" if cp.memory is None else "B14")
        key = "result.applied_saved" if self.state is VMState.SAVED else "result.applied_off"
        return self._result(
            "apply", text(key, name=cp.name, kind=cp.kind.label), before,
            checkpoint_id=kept_id or cp.id, created_disks=tuple(created), disk_operations=tuple(done), notes=tuple(notes),
            assumptions=tuple(assumed),
        )

    def _on_disk_operation(self, index: int, labels: dict[str, str], first: StepKind | None = None,
                           status: Status | None = None, **values: object) -> Callable[[DiskOperation], None]:
        """What happens right after each disk operation on slot ``index`` (the disk chain calls
        it): the VM is brought in line (:meth:`_carried_out`) and the step recorded, naming the
        files as they were (``labels``). ``first`` is the kind of the first operation's step
        (Apply's old Now disk); ``status`` overrides the table's (a subtree's order is hvlab's).
        A lone shared parent merged or deleted later is always *assumed* (B18)."""
        pending = [first] if first is not None else []

        def done(op: DiskOperation) -> None:
            self._carried_out(index, [op])
            kind = pending.pop() if pending else disk_step_kind(op)
            self._step(kind, status=Status.ASSUMED if op.shared_parent else status, disk_operations=(op,),
                       disk=labels.get(op.disk_id, op.file_name), into=labels.get(op.into_id or "", op.into_file_name or ""), **values)

        return done

    def _carried_out(self, index: int, done: list[DiskOperation]) -> list[DiskOperation]:
        """Bring the VM in line with disk operations just made on slot ``index``: after a merge
        whoever owned the file that went away owns the survivor (a child merged into the base
        VHDX, B18); a merge that followed the assumed tidy rule tells the learner so."""
        for op in done:
            if op.action is DiskAction.MERGED and op.into_id is not None:
                self._rename_disk(index, op.disk_id, op.into_id)
            if op.shared_parent:
                if "tidy" not in self._pending_assumptions:
                    self._pending_assumptions.append("tidy")
        return done

    def _disk_labels(self) -> dict[str, str]:
        """Each disk file's name as the narration shows it (its owner beside it), taken before
        an operation changes anything."""
        labels: dict[str, str] = {}
        for index, chain in enumerate(self.disk_chains):
            owners = self.disk_owners(index)
            for disk in chain:
                owner = owners.get(disk.id)
                if owner == "Now":
                    labels[disk.id] = text("disk.label.now", file=disk.file_name)
                elif owner is not None:
                    labels[disk.id] = text("disk.label.checkpoint", file=disk.file_name, name=self.checkpoints[owner].name)
                else:
                    labels[disk.id] = text("disk.label.shared", file=disk.file_name)
        return labels

    @staticmethod
    def _narrate_disks(done: Iterable[DiskOperation], labels: dict[str, str]) -> list[str]:
        """One line per disk operation performed, naming the files as they were (B16, B18)."""
        lines = []
        for op in done:
            disk = labels.get(op.disk_id, op.file_name)
            if op.action is DiskAction.MERGED:
                into = labels.get(op.into_id or "", op.into_file_name or "")
                lines.append(text("disk.merged", disk=disk, into=into))
            else:
                lines.append(text("disk.deleted", disk=disk))
        return lines

    def _rename_disk(self, index: int, old_id: str, new_id: str) -> None:
        """After a merge into the base VHDX, whoever owned the child now owns the base."""
        if old_id == new_id:
            return
        if self.active_disk_ids[index] == old_id:
            self.active_disk_ids[index] = new_id
        for cp in self.checkpoints.values():
            if cp.disk_ids[index] == old_id:
                ids = list(cp.disk_ids)
                ids[index] = new_id
                cp.disk_ids = tuple(ids)

    def _remove_checkpoint(self, cp: Checkpoint, labels: dict[str, str] | None = None, status: Status | None = None) -> list[DiskOperation]:
        """Take one checkpoint out of the tree and deal with its disks per B18 (the disk chain's
        :meth:`~hvlab.disk_chain.DiskChain.tidy`), each disk operation a step (files named by
        ``labels``, taken before the operation). Returns the disk operations performed."""
        labels = labels if labels is not None else self._disk_labels()
        del self.checkpoints[cp.id]
        for child in self.checkpoints.values():
            if child.parent_id == cp.id:
                child.parent_id = cp.parent_id
        if self.now_parent_id == cp.id:
            self.now_parent_id = cp.parent_id
        done: list[DiskOperation] = []
        for index, disk_id in enumerate(cp.disk_ids):
            chain = self.disk_chains[index]
            ops = chain.tidy(disk_id, self.disk_owners(index), on_done=self._on_disk_operation(index, labels, status=status),
                             before_merge=self._check_merge_space)  # type: ignore[attr-defined]  # B29
            if not ops and disk_id in chain and disk_id not in self.disk_owners(index):
                self._step(StepKind.SHARED_PARENT_KEPT, status=status, disk=labels.get(disk_id, chain[disk_id].file_name),
                           name=cp.name, count=len(chain.children(disk_id)))
            done += ops
        return done

    def _remove_automatic_checkpoints(self) -> tuple[list[str], list[str], list[DiskOperation]]:
        """At a clean shutdown the automatic checkpoint goes (B21): (notes, removed IDs, disk
        operations performed)."""
        notes: list[str] = []
        removed: list[str] = []
        done: list[DiskOperation] = []
        labels = self._disk_labels()
        for cp in [c for c in self.checkpoints.values() if c.automatic]:
            done += self._remove_checkpoint(cp, labels)
            removed.append(cp.id)
            notes.append(text("result.automatic_removed", name=cp.name))
        return notes + self._narrate_disks(done, labels), removed, done

    @operation
    def delete_checkpoint(self, checkpoint: Checkpoint | str) -> OperationResult:
        """``Remove-VMCheckpoint`` (B18): no children and off the Now branch → its AVHDX is
        deleted; one child (or on the Now branch) → merged into its child; several children →
        its disk stays as their shared parent. The checkpoint leaves the tree in every case,
        and no other checkpoint's data, nor Now's, changes. Merges run live (WS2012+).

        The summary says what happened to *this* checkpoint's disk and the notes name every
        file merged or deleted, both read from the disk operations actually performed."""
        cp = self.find_checkpoint(checkpoint)
        before = self.state
        self.lab.tick()
        labels = self._disk_labels()
        own = cp.disk_ids[0]
        done = self._remove_checkpoint(cp, labels)
        if any(op.action is DiskAction.DELETED and op.disk_id == own for op in done):
            key = "result.deleted_discarded"
        elif any(op.action is DiskAction.MERGED and own in (op.disk_id, op.into_id) for op in done):
            key = "result.deleted_merged"
        elif own in self.disk_chains[0] and own not in self.disk_owners(0) and len(self.disk_chains[0].children(own)) > 1:
            key = "result.deleted_shared"
        else:
            key = "result.deleted"
        self._log(key, name=cp.name, rule="B18")
        return self._result(
            "delete_checkpoint", text(key, name=cp.name), before,
            checkpoint_id=cp.id, disk_operations=tuple(done), removed_checkpoints=(cp.id,),
            notes=tuple(self._narrate_disks(done, labels)),
        )

    @operation
    def delete_checkpoint_subtree(self, checkpoint: Checkpoint | str) -> OperationResult:
        """``Remove-VMCheckpoint -IncludeAllChildSnapshots``: the checkpoint and every descendant (B19)."""
        cp = self.find_checkpoint(checkpoint)
        before = self.state
        self.lab.tick()
        doomed = [cp, *self.descendants(cp)]
        labels = self._disk_labels()
        done: list[DiskOperation] = []
        for victim in reversed(doomed):  # leaves first, so each step is a plain B18 delete (order *assumed*)
            done += self._remove_checkpoint(victim, labels, Status.ASSUMED)
        self._log("result.deleted_subtree", name=cp.name, count=len(doomed), rule="B19")
        return self._result(
            "delete_checkpoint_subtree", text("result.deleted_subtree", name=cp.name, count=len(doomed)), before,
            checkpoint_id=cp.id, disk_operations=tuple(done), removed_checkpoints=tuple(c.id for c in doomed),
            notes=tuple(self._narrate_disks(done, labels)),
        )

    @operation
    def rename_checkpoint(self, checkpoint: Checkpoint | str, new_name: str) -> OperationResult:
        """``Rename-VMCheckpoint`` (names per B20)."""
        cp = self.find_checkpoint(checkpoint)
        self._check_name(new_name)
        before = self.state
        self.lab.tick()
        old = cp.name
        cp.name = new_name
        self._log("result.renamed", old=old, new=new_name)
        return self._result("rename_checkpoint", text("result.renamed", old=old, new=new_name), before, checkpoint_id=cp.id)
