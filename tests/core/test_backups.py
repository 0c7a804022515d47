"""A host-side backup of a running VM, as the lab runs it (reference B32, B34).

Rules under test: a backup's checkpoint is of type Recovery (WMI-RECOVERY); a completed backup
merges it back and deletes its AVHDX (KB3059372); a failed one can leave it, listed by
Get-VMSnapshot as Recovery, with no Delete on Hyper-V Manager's menu (SUP-MERGE), still deleted
by Remove-VMSnapshot; with the guest's backup service stopped or the host's Backup integration
service off, the VM is backed up from a saved state and returned to Running (VSSBACKUP, IS-REF).
"""

from __future__ import annotations

import pytest

from hvlab import GuestProfile, HvlabError, IntegrationService, Lab, VMState
from hvlab.checkpoint import Checkpoint, ManagerAction, SnapshotType
from hvlab.checkpoint_type import CheckpointKind
from hvlab.vm.backups import BackupMethod, BackupOutcome


@pytest.fixture
def running(vm):
    vm.start()
    vm.complete_boot()
    vm.write_file("C:\\data\\orders.db", "monday")
    return vm


def test_a_completed_backup_leaves_no_checkpoint_and_the_chain_as_it_was(running):
    """B32: "Hyper-V merges the checkpoint back into the primary .vhd file and deletes the .avhd file"."""
    files_before = running.files()
    result = running.run_backup(BackupOutcome.SUCCEEDED)
    assert running.checkpoints == {}
    assert [d.id for d in running.disk_chains[0]] == [running.disk_chains[0].base_id]
    assert running.files() == files_before and running.state is VMState.RUNNING
    assert result.merged_disks and "B32" in result.assumptions


def test_a_failed_backup_can_leave_its_recovery_checkpoint(running):
    """B32: the checkpoint left is Recovery, the VM writes to its new AVHDX, a user's is Standard."""
    result = running.run_backup(BackupOutcome.CHECKPOINT_LEFT)
    (left,) = running.checkpoints.values()
    assert left.id == result.checkpoint_id and left.snapshot_type is SnapshotType.RECOVERY
    assert left.powershell_snapshot_type == "Recovery" and running.now_parent_id == left.id
    assert running.active_disk().parent_id == left.disk_ids[0]
    running.checkpoint("mine")
    assert running.find_checkpoint("mine").snapshot_type is SnapshotType.STANDARD
    assert running.orphan_disks() == ()  # the Recovery checkpoint explains its AVHDX


def test_hyperv_manager_offers_no_delete_on_a_recovery_checkpoint_but_removing_it_works(running):
    """B32: "Delete Checkpoint and Delete Checkpoint Subtree don't appear" (SUP-MERGE); PowerShell deletes it."""
    running.run_backup(BackupOutcome.CHECKPOINT_LEFT)
    running.checkpoint("mine")
    recovery, mine = running.checkpoints.values()
    assert ManagerAction.DELETE_CHECKPOINT not in recovery.manager_actions
    assert ManagerAction.DELETE_CHECKPOINT_SUBTREE not in recovery.manager_actions
    assert ManagerAction.APPLY in recovery.manager_actions
    assert mine.manager_actions == tuple(ManagerAction)
    files = running.files()
    running.delete_checkpoint(recovery)
    assert list(running.checkpoints) == [mine.id] and running.files() == files


def test_a_backup_that_fails_without_its_checkpoint_leaves_its_disk(running):
    """B32, B33: no checkpoint listed, the VM runs on an AVHDX no checkpoint explains."""
    running.run_backup(BackupOutcome.FILES_LEFT)
    assert running.checkpoints == {} and running.active_disk().is_differencing
    (orphan,) = running.orphan_disks()
    assert orphan.in_use and orphan.disk_id == running.active_disk_ids[0]


@pytest.mark.parametrize("state", [VMState.OFF, VMState.SAVED, VMState.PAUSED])
def test_the_labs_backup_runs_on_a_running_vm_only_and_a_refusal_changes_nothing(vm, state):
    """B32 (assumed): the lab backs up a Running VM, the case that takes a Recovery checkpoint."""
    vm.put_in_state(state)
    before = vm.lab.to_dict()
    with pytest.raises(HvlabError):
        vm.run_backup()
    assert vm.lab.to_dict() == before


def test_through_the_guests_vss_the_backup_holds_no_memory(running):
    """B34: backup service running in the guest, VM Running: "Child VM Snapshot"."""
    assert running.backup_method() is BackupMethod.CHILD_VM_SNAPSHOT
    running.run_backup(BackupOutcome.CHECKPOINT_LEFT)
    (cp,) = running.checkpoints.values()
    assert cp.kind is CheckpointKind.PRODUCTION and cp.memory is None


@pytest.mark.parametrize("setup", ["guest service stopped", "host service off", "no integration services", "linux daemon stopped"])
def test_without_the_guests_vss_the_vm_is_backed_up_from_a_saved_state(lab, setup):
    """B34: otherwise the VM "is put into a saved state" and "returned to the previous state"."""
    guest = {"guest service stopped": GuestProfile(vss_requester_running=False),
             "linux daemon stopped": GuestProfile.linux(False),
             "no integration services": GuestProfile(integration_services=False)}.get(setup, GuestProfile.windows())
    vm = lab.new_vm("db01", guest)
    if setup == "host service off":
        vm.set_integration_service(IntegrationService.BACKUP, False)
    vm.start()
    vm.complete_boot()
    assert vm.backup_method() is BackupMethod.SAVED_STATE
    result = vm.run_backup(BackupOutcome.CHECKPOINT_LEFT)
    (cp,) = vm.checkpoints.values()
    assert vm.state is VMState.RUNNING and cp.memory is not None and cp.kind is CheckpointKind.STANDARD
    assert any("Saved State" in note for note in result.notes)


def test_a_saved_lab_keeps_its_recovery_checkpoints_and_an_old_one_loads_as_standard(running):
    running.run_backup(BackupOutcome.CHECKPOINT_LEFT)
    assert Lab.from_dict(running.lab.to_dict()) == running.lab
    data = next(iter(running.checkpoints.values())).to_dict()
    del data["snapshot_type"]
    assert Checkpoint.from_dict(data).snapshot_type is SnapshotType.STANDARD


def test_every_documented_snapshot_type_value_parses():
    """Get-VMSnapshot -SnapshotType's accepted values (PS-GET-VMSNAPSHOT); none is Production (B25)."""
    values = ["Standard", "Recovery", "Planned", "Missing", "Replica", "AppConsistentReplica", "SyncedReplica"]
    assert [t.value for t in SnapshotType] == values
    assert SnapshotType.parse("recovery") is SnapshotType.RECOVERY
    with pytest.raises(ValueError):
        SnapshotType.parse("Production")
