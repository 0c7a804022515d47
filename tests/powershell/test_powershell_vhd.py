"""The console's backup and disk-file cmdlets: Get-VMSnapshot -SnapshotType, Get-VHD on files no
checkpoint explains, Merge-VHD, Set-VMHardDiskDrive -Path and the lab-only Start-LabBackup
(reference B32-B34; parameter sets from the Merge-VHD and Set-VMHardDiskDrive references).

Each cmdlet changes the lab only through the core operation a lab's button calls, so a refused
line changes nothing; malformed parameters fail as PowerShell's binder fails them.
"""

from __future__ import annotations

import pytest

from hvlab import Lab, VMState
from hvlab.checkpoint import SnapshotType
from hvlab.powershell import Session


@pytest.fixture
def session():
    lab = Lab(seed=11)
    vm = lab.new_vm("SRV")
    vm.start()
    vm.complete_boot()
    vm.write_file("C:\\orders.db", "monday")
    return Session(lab)


def run(session, line):
    return session.run(line)


def unchanged(session, line):
    """The line fails and the lab is exactly as before."""
    before = session.lab.to_dict()
    result = session.run(line)
    assert result.errors and session.lab.to_dict() == before, line
    return result


def test_start_labbackup_leaves_a_recovery_checkpoint_that_snapshottype_filters(session):
    """B32: Get-VMSnapshot -VMName X -SnapshotType Recovery | Remove-VMSnapshot cleans it up."""
    run(session, "Start-LabBackup SRV -Outcome CheckpointLeft")
    run(session, "Checkpoint-VM SRV mine")
    recovery = run(session, "Get-VMSnapshot -VMName SRV -SnapshotType Recovery")
    assert "Recovery" in recovery.output and "mine" not in recovery.output
    assert "mine" in run(session, "Get-VMSnapshot -VMName SRV -SnapshotType standard").output
    assert run(session, "Get-VMSnapshot -VMName SRV -SnapshotType Replica").output.strip() == ""
    run(session, "Get-VMSnapshot -VMName SRV -SnapshotType Recovery | Remove-VMSnapshot")
    vm = session.lab.vm("SRV")
    assert [c.snapshot_type for c in vm.checkpoints.values()] == [SnapshotType.STANDARD]


def test_snapshottype_has_no_production_value(session):
    """B25, PS-GET-VMSNAPSHOT: the binder lists the seven documented values."""
    result = unchanged(session, "Get-VMSnapshot -VMName SRV -SnapshotType Production")
    assert "Standard, Recovery, Planned, Missing, Replica, AppConsistentReplica, SyncedReplica" in result.errors[0]


def test_start_labbackup_is_lab_only_and_validates_its_outcome(session):
    help_text = run(session, "Get-Help Start-LabBackup").output
    assert "NOT a Hyper-V cmdlet" in help_text
    assert "ValidateSet" in unchanged(session, "Start-LabBackup SRV -Outcome Sometimes").errors[0]
    unchanged(session, "Start-LabBackup NoSuchVM")
    run(session, "Stop-VM SRV -TurnOff")
    assert "Running VM" in unchanged(session, "Start-LabBackup SRV").errors[0]


def test_get_vhd_shows_the_file_no_checkpoint_explains(session):
    """B33: Get-VHD's VhdType and ParentPath show the chain Hyper-V Manager's tree does not."""
    run(session, "Start-LabBackup SRV -Outcome FilesLeft")
    assert run(session, "Get-VMSnapshot -VMName SRV").output.strip() == ""
    shown = run(session, "Get-VHD -VMId (Get-VM SRV).VMId | Format-List Path, VhdType, ParentPath").output
    assert "Differencing" in shown and "SRV.vhdx" in shown and ".avhdx" in shown


def test_merge_vhd_offline_then_set_vmharddiskdrive_repairs_the_chain(session):
    """B33: the documented repair, in the console, keeps every file the guest saw."""
    vm = session.lab.vm("SRV")
    run(session, "Start-LabBackup SRV -Outcome FilesLeft")
    seen = vm.files()
    run(session, "$vhd = Get-VHD -VMId (Get-VM SRV).VMId; $path = $vhd.Path; $parent = $vhd.ParentPath")
    refused = unchanged(session, "Merge-VHD -Path $path")
    assert "offline operation" in refused.errors[0]
    run(session, "Stop-VM SRV -TurnOff")
    merged = run(session, "Merge-VHD -Path $path -DestinationPath $parent -Passthru")
    assert "Dynamic" in merged.output and not merged.errors
    assert "Set-VMHardDiskDrive -Path" in " ".join(merged.notes)
    unchanged(session, "Start-VM SRV")
    assert "no longer in this lab" in run(session, "$vhd.VhdType").errors[0]  # the merged-away file
    assert not run(session, "Set-VMHardDiskDrive -VMName SRV -Path $parent").errors
    assert not run(session, "Start-VM SRV").errors
    assert vm.state is VMState.RUNNING and vm.files() == seen


@pytest.mark.parametrize("line", [
    "Merge-VHD",
    "Merge-VHD -Path ''",
    "Merge-VHD -Path C:\\nowhere.avhdx",
    "Merge-VHD -Path $null",
    "Merge-VHD -Path a b c",
    "Merge-VHD -Path (Get-VHD -VMId (Get-VM SRV).VMId).Path -DestinationPath ''",
    "Merge-VHD -Path (Get-VHD -VMId (Get-VM SRV).VMId).Path -NoSuchParameter",
    "Merge-VHD -Path (Get-VHD -VMId (Get-VM SRV).VMId).Path -ComputerName other",
    "Merge-VHD -Path (Get-VHD -VMId (Get-VM SRV).VMId).Path -AsJob",
])
def test_malformed_merge_vhd_lines_change_nothing(session, line):
    run(session, "Start-LabBackup SRV -Outcome FilesLeft")
    run(session, "Stop-VM SRV -TurnOff")
    unchanged(session, line)


@pytest.mark.parametrize("line", [
    "Set-VMHardDiskDrive -Path C:\\x.vhdx",
    "Set-VMHardDiskDrive -VMName SRV",
    "Set-VMHardDiskDrive -VMName SRV -Path C:\\x.vhdx",
    "Set-VMHardDiskDrive -VMName SRV -ControllerType Floppy -Path C:\\x.vhdx",
    "Set-VMHardDiskDrive -VMName SRV -ControllerLocation many -Path C:\\x.vhdx",
    "Set-VMHardDiskDrive -VMName SRV -ControllerLocation 5 -Path C:\\x.vhdx",
    "Set-VMHardDiskDrive -VMName SRV -ToControllerLocation 1",
    "Set-VMHardDiskDrive -VMName SRV -Path C:\\x.vhdx -MaximumIOPS 100",
    "Set-VMHardDiskDrive -VMName NoSuchVM -Path C:\\x.vhdx",
    "Get-VM SRV | Set-VMHardDiskDrive -Path C:\\x.vhdx",
])
def test_malformed_set_vmharddiskdrive_lines_change_nothing(session, line):
    run(session, "Stop-VM SRV -TurnOff")
    unchanged(session, line)


def test_set_vmharddiskdrive_to_the_base_hides_what_the_avhdx_holds(session):
    """B33: the common mistake, as the console shows it: the guest's newest file is gone from view."""
    vm = session.lab.vm("SRV")
    run(session, "Start-LabBackup SRV -Outcome FilesLeft")
    vm.write_file("C:\\today.txt", "new")
    run(session, "Stop-VM SRV -TurnOff")
    result = run(session, "Set-VMHardDiskDrive -VMName SRV -Path (Get-VHD -VMId (Get-VM SRV).VMId).ParentPath")
    assert "C:\\today.txt" in " ".join(result.notes) and vm.read_file("C:\\today.txt") is None
    assert "today" not in run(session, "Get-VHD -Path *.avhdx | Select-Object -ExpandProperty Path").errors


def test_set_vmharddiskdrive_takes_the_drive_get_vmharddiskdrive_writes(session):
    """PS-SET-VMHARDDISKDRIVE's Object set: Get-VMHardDiskDrive | Set-VMHardDiskDrive -Path."""
    vm = session.lab.vm("SRV")
    run(session, "Start-LabBackup SRV -Outcome FilesLeft")
    run(session, "Stop-VM SRV -TurnOff")
    base = vm.disk_chains[0].base.path
    result = run(session, f"Get-VMHardDiskDrive -VMName SRV | Set-VMHardDiskDrive -Path '{base}' -Passthru | Select-Object -ExpandProperty Path")
    assert not result.errors and result.output.strip() == base and vm.active_disk().path == base
    unchanged(session, "Set-VMHardDiskDrive -VMName SRV -ControllerLocation 7 -Path x")
