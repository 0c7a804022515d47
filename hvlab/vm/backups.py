"""A host-side backup of a running VM, as a lab-only action (reference B32, B34).

A backup application asks Hyper-V for a checkpoint of type *Recovery* ("Snapshot for recovery
scenarios including failover replication and backup", WMI-RECOVERY), copies the frozen disks,
and when it is done Hyper-V "merges the checkpoint back into the primary .vhd file and deletes
the .avhd file" (KB3059372). A backup that fails or is interrupted can leave that checkpoint
behind, or its differencing disks without any checkpoint (SUP-MERGE). Which of the two a
failure leaves is the lab's choice (:class:`BackupOutcome`), not a prediction.

How the guest takes part is B34: with the guest's backup service (*Hyper-V Volume Shadow Copy
Requestor*, ``vmicvss``; ``hv_vss_daemon`` on Linux) running and the host's *Backup (volume
shadow copy)* integration service on, the guest's VSS prepares its own data ("Child VM
Snapshot"); otherwise the VM "is put into a saved state" for the snapshot and "returned to the
previous state" after it ("Saved State", VSSBACKUP; IS-REF: with the service off "the virtual
machine can not be backed up while running (using VSS)").
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from ..catalog import text
from ..checkpoint import Checkpoint, MemoryState, SnapshotType, default_checkpoint_name
from ..checkpoint_type import CheckpointKind, Consistency
from ..disk_chain import DiskOperation
from ..errors import InvalidStateError, StorageError
from ..events import EventSource
from ..integration_services import IntegrationService
from ..states import VMState
from .checkpoints import VMCheckpoints
from .disk_files import OrphanKind, VMDiskFiles
from .result import OperationResult, operation

__all__ = ["BackupMethod", "BackupOutcome", "VMBackups"]


class BackupOutcome(Enum):
    """How the lab's backup ends (lab-only: a real backup's failure is not chosen)."""

    SUCCEEDED = "succeeded"
    """Copied; the Recovery checkpoint is merged back and its AVHDX deleted (KB3059372)."""
    CHECKPOINT_LEFT = "checkpoint_left"
    """Failed part-way: the Recovery checkpoint stays; Get-VMSnapshot lists it (KB3059372)."""
    FILES_LEFT = "files_left"
    """Failed part-way: no checkpoint is listed, its differencing disk stays and the VM keeps
    running on it (SUP-MERGE: "checkpoints that don't appear in Hyper-V Manager")."""


class BackupMethod(Enum):
    """The two ways the Hyper-V VSS writer backs up a VM (VSSBACKUP, B34)."""

    CHILD_VM_SNAPSHOT = "child_vm_snapshot"
    SAVED_STATE = "saved_state"


class VMBackups(VMCheckpoints, VMDiskFiles):
    """The lab's backup application, and what Hyper-V does with unexplained files at shutdown."""

    @operation
    def start(self) -> OperationResult:
        """``Start-VM``, refused while the VM's disk path names a file Merge-VHD made invalid (B33)."""
        self._require_valid_disks()
        return super().start()  # type: ignore[misc]

    @operation
    def checkpoint(self, name: str | None = None) -> OperationResult:
        """``Checkpoint-VM``, refused while the VM's disk path names an invalid file (B33)."""
        self._require_valid_disks()
        return super().checkpoint(name)

    @operation
    def shut_down(self) -> OperationResult:
        """``Stop-VM``, then the differencing disks no checkpoint explains are merged (B33)."""
        result: OperationResult = super().shut_down()  # type: ignore[misc]
        notes, done = self._merge_unexplained_at_shutdown()
        if not done:
            return result
        self.last_result = replace(result, notes=result.notes + tuple(notes), disk_operations=result.disk_operations + tuple(done))
        return self.last_result

    def backup_method(self) -> BackupMethod:
        """"Child VM Snapshot" needs the guest's backup service installed and running and the VM
        Running; the host's Backup integration service off means no VSS while running (B34)."""
        guest_ready = self.guest.vss_ready and self.state is VMState.RUNNING
        if guest_ready and self.integration_services[IntegrationService.BACKUP]:
            return BackupMethod.CHILD_VM_SNAPSHOT
        return BackupMethod.SAVED_STATE

    @operation
    def run_backup(self, outcome: BackupOutcome = BackupOutcome.SUCCEEDED) -> OperationResult:
        """Lab-only: a host-side backup of the running VM that ends as ``outcome`` (B32, B34).

        Only a Running VM is backed up here (*assumed*: the lab models the backup of a running
        VM, the one that takes a Recovery checkpoint); its name is the default checkpoint name
        (*assumed*: backup applications name their own)."""
        if self.state is not VMState.RUNNING:
            raise InvalidStateError(text("error.backup_not_running", vm=self.name, state=self.state.label), state=self.state, rule="B32")
        self._require_valid_disks()
        before = self.state
        method = self.backup_method()
        notes: list[str] = []
        self.lab.tick()
        if method is BackupMethod.SAVED_STATE:
            self._log("event.backup_saved_state", vm=self.name, rule="B34")
            notes.append(text("note.backup_saved_state", vm=self.name, why=self._why_saved_state()))
        cp = self._recovery_checkpoint(method)
        self._log("event.backup_checkpoint", name=cp.name, rule="B32")
        done: list[DiskOperation] = []
        if outcome is BackupOutcome.SUCCEEDED:
            labels = self._disk_labels()
            done = self._remove_checkpoint(cp, labels)
            notes += self._narrate_disks(done, labels)
        elif outcome is BackupOutcome.FILES_LEFT:
            del self.checkpoints[cp.id]
            self.now_parent_id = cp.parent_id
            notes.append(text("note.backup_files_left", files=", ".join(o.file_name for o in self.orphan_disks())))
        else:
            notes.append(text("note.backup_checkpoint_left", name=cp.name, vm=self.name))
        key = f"result.backup_{outcome.value}"
        self._log(key, vm=self.name, name=cp.name, rule="B32")
        return self._result("run_backup", text(key, vm=self.name, name=cp.name), before,
                            checkpoint_id=cp.id if outcome is BackupOutcome.CHECKPOINT_LEFT else None,
                            disk_operations=tuple(done), notes=tuple(notes), assumptions=("B32",))

    def _why_saved_state(self) -> str:
        """Which condition of the "Child VM Snapshot" method failed (B34), as a clause."""
        if not self.integration_services[IntegrationService.BACKUP]:
            why = text("backup.why.host_service_off", service=IntegrationService.BACKUP.label)
        elif not self.guest.integration_services:
            why = text("guest.no_integration_services")
        else:
            why = text("guest.requester_stopped", requester=self.guest.requester_name)
        return why.rstrip(".。")

    def _recovery_checkpoint(self, method: BackupMethod) -> Checkpoint:
        """The backup's checkpoint: every disk frozen, writes go to a new AVHDX (B17), typed
        Recovery (B32). Through the guest's VSS it holds consistent data and no memory, like a
        production checkpoint; by the Saved State method it holds the saved memory (B34)."""
        ids = self.lab.take_ids(1 + len(self.disk_chains))
        frozen = []
        for index, (chain, new_id) in enumerate(zip(self.disk_chains, ids[1:])):
            frozen.append(self.active_disk_ids[index])
            chain.add_differencing(self.active_disk_ids[index], new_id)
            self.active_disk_ids[index] = new_id
        folder = self.snapshot_file_location.rstrip("\\") + "\\Snapshots"
        through_guest = method is BackupMethod.CHILD_VM_SNAPSHOT
        cp = Checkpoint(
            id=ids[0],
            name=default_checkpoint_name(self.name, self.lab.now),
            kind=CheckpointKind.PRODUCTION if through_guest else CheckpointKind.STANDARD,
            setting=self.checkpoint_type,
            created=self.lab.now,
            parent_id=self.now_parent_id,
            disk_ids=tuple(frozen),
            vm_state=self.state,
            consistency=self.guest.production_consistency if through_guest else Consistency.CRASH_CONSISTENT,
            memory=None if through_guest else MemoryState(self.state, self.open_apps),
            files=(f"{folder}\\{ids[0]}.vmcx", f"{folder}\\{ids[0]}.vmrs"),
            snapshot_type=SnapshotType.RECOVERY,
        )
        self.checkpoints[cp.id] = cp
        self.now_parent_id = cp.id
        return cp

    def _merge_unexplained_at_shutdown(self) -> tuple[list[str], list[DiskOperation]]:
        """At a shutdown the differencing disks no checkpoint explains are merged: "Typically,
        the differencing disk files merge as part of the VM shutdown process" (SUP-MERGE;
        SUP-AVHDX: "the shutdown triggers an auto-merge, if possible"). Each is merged into its
        child by the B18 rule for a disk nobody owns; a Recovery checkpoint stays (B32, B33)."""
        labels = self._disk_labels()
        done: list[DiskOperation] = []
        for slot, chain in enumerate(self.disk_chains):
            # Oldest first; each merge leaves the next file's parent unowned in turn.
            while unexplained := [o for o in self.orphan_disks(slot) if o.kind is OrphanKind.UNEXPLAINED]:
                parent_id = chain[unexplained[0].disk_id].parent_id
                assert parent_id is not None
                try:
                    merged = chain.tidy(parent_id, self.disk_owners(slot), on_done=lambda op, s=slot: self._carried_out(s, [op]),
                                        before_merge=self._check_merge_space)  # type: ignore[attr-defined]
                except StorageError:  # "if possible": no room to merge, the files stay (B29)
                    break
                if not merged:
                    break
                done += merged
        if done:
            self._log_text(text("event.unexplained_merged", count=len(done)), EventSource.HVLAB, rule="B33")
        lines = [text("note.unexplained_merged_file", disk=labels.get(op.disk_id, op.file_name),
                      into=labels.get(op.into_id or "", op.into_file_name or "")) for op in done]
        return lines, done
