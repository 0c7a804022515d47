"""The console's drive and disk-size cmdlets: Add-, Get-, Remove-VMHardDiskDrive, Resize-VHD,
Add-VMFibreChannelHba (parameter sets from their winserver2022-ps reference pages) and the
lab-only Get-/Set-LabHostVolume (reference B29-B31).

Each cmdlet changes the lab only through the core operation a lab's button calls, so a refused
line changes nothing; malformed parameters fail as PowerShell's binder fails them.
"""

from __future__ import annotations

import pytest

from hvlab import Lab, VMState
from hvlab.powershell import Session
from hvlab.storage import AttachmentKind

SYSTEM = "C:\\ProgramData\\Microsoft\\Windows\\Virtual Hard Disks\\SRV.vhdx"


@pytest.fixture
def session():
    lab = Lab(seed=12)
    vm = lab.new_vm("SRV")
    vm.start()
    vm.complete_boot()
    return Session(lab)


def run(session, line):
    result = session.run(line)
    assert not result.errors, (line, result.errors)
    return result


def unchanged(session, line):
    """The line fails and the lab is exactly as before."""
    before = session.lab.to_dict()
    result = session.run(line)
    assert result.errors and session.lab.to_dict() == before, line
    return result


# ---------------------------------------------------------------- Get-VMHardDiskDrive
def test_get_vmharddiskdrive_lists_the_vms_drives_with_their_place_and_file(session):
    shown = run(session, "Get-VMHardDiskDrive -VMName SRV | Format-Table VMName, ControllerType, ControllerNumber, ControllerLocation, Path").output
    assert "SCSI" in shown and SYSTEM in shown
    assert run(session, "(Get-VMHardDiskDrive SRV).Path").output.strip() == SYSTEM


def test_get_vmharddiskdrive_takes_a_vm_and_a_checkpoint_from_the_pipeline(session):
    """Microsoft's examples 2 and 4: Get-VM | Get-VMHardDiskDrive, Get-VMSnapshot | Get-VMHardDiskDrive."""
    run(session, "Checkpoint-VM SRV before")
    now = run(session, "Get-VM SRV | Get-VMHardDiskDrive -ControllerType SCSI -ControllerNumber 0 | Select-Object -ExpandProperty Path").output.strip()
    held = run(session, "Get-VMSnapshot -VMName SRV -Name before | Get-VMHardDiskDrive | Select-Object -ExpandProperty Path").output.strip()
    assert now.endswith(".avhdx") and held == SYSTEM


def test_get_vmharddiskdrive_filters_by_controller(session):
    run(session, "Add-VMHardDiskDrive -VMName SRV -DiskNumber 3")
    assert "DiskNumber" in run(session, "Get-VMHardDiskDrive -VMName SRV -ControllerLocation 1").output
    assert run(session, "Get-VMHardDiskDrive -VMName SRV -ControllerType IDE").output.strip() == ""


# ---------------------------------------------------------------- Add-VMHardDiskDrive (B30)
def test_a_pass_through_disk_refuses_checkpoint_vm_and_nothing_changes(session):
    run(session, "Add-VMHardDiskDrive -VMName SRV -DiskNumber 2")
    refused = unchanged(session, "Checkpoint-VM -Name SRV -SnapshotName nightly")
    assert any("pass-through disk 2" in n and "B30" in n for n in refused.notes)
    run(session, "Get-VMHardDiskDrive -VMName SRV -ControllerLocation 1 | Remove-VMHardDiskDrive")
    run(session, "Checkpoint-VM -Name SRV -SnapshotName nightly")
    assert len(session.lab.vm("SRV").checkpoints) == 1


def test_get_disk_style_pipeline_by_property_name_attaches_a_physical_disk(session):
    """Example 4's shape: an object with a Number property pipes into -DiskNumber (alias Number)."""
    run(session, "Add-VMHardDiskDrive -VMName SRV -Number 5")
    assert [d.disk_number for d in session.lab.vm("SRV").extra_drives] == [5]


def test_a_shared_vhdx_and_virtual_fibre_channel_refuse_the_checkpoint(session):
    run(session, "Add-VMHardDiskDrive -VMName SRV -Path D:\\Cluster\\quorum.vhdx -SupportPersistentReservations")
    kinds = [d.kind for d in session.lab.vm("SRV").hard_disk_drives()]
    assert AttachmentKind.SHARED_VHDX in kinds
    unchanged(session, "Checkpoint-VM SRV")
    lab = Lab(seed=13)
    lab.new_vm("FC")
    other = Session(lab)
    run(other, "Add-VMFibreChannelHba -VMName FC -SanName Production")
    unchanged(other, "Checkpoint-VM FC")


def test_a_vhd_set_is_added_and_included_in_the_next_checkpoint(session):
    run(session, "Add-VMHardDiskDrive -VMName SRV -ControllerType SCSI -ControllerNumber 0 -Path D:\\Shared\\data.vhds -Passthru")
    run(session, "Checkpoint-VM SRV with-set")
    vm = session.lab.vm("SRV")
    assert len(vm.disk_chains) == 2 and len(vm.disk_chains[1]) == 2


def test_add_vmharddiskdrive_shares_a_vhdx_alias_and_passthru(session):
    """-ShareVirtualDisk is -SupportPersistentReservations's alias; -Passthru writes the drive."""
    shown = run(session, "Add-VMHardDiskDrive SRV -Path q.vhdx -ShareVirtualDisk -Passthru | Select-Object -ExpandProperty SupportPersistentReservations").output
    assert shown.strip() == "True"


@pytest.mark.parametrize("line", [
    "Add-VMHardDiskDrive -VMName SRV",  # an empty drive: not simulated
    "Add-VMHardDiskDrive -VMName SRV -ControllerType IDE -Path x.vhdx",  # generation 2: no IDE
    "Add-VMHardDiskDrive -VMName SRV -ControllerType Floppy -Path x.vhdx",  # not IDE or SCSI
    "Add-VMHardDiskDrive -VMName SRV -ControllerNumber 1 -Path x.vhdx",
    "Add-VMHardDiskDrive -VMName SRV -ControllerLocation 0 -Path x.vhdx",  # taken by the system disk
    "Add-VMHardDiskDrive -VMName SRV -Path x.iso",
    "Add-VMHardDiskDrive -VMName SRV -Path x.vhdx -DiskNumber 2",
    "Add-VMHardDiskDrive -VMName SRV -DiskNumber -1",
    "Add-VMHardDiskDrive -VMName SRV -DiskNumber two",
    "Add-VMHardDiskDrive -VMName NoSuchVM -DiskNumber 2",
    "Add-VMHardDiskDrive -VMName SRV -Path",
    "Add-VMHardDiskDrive -VMName SRV -Path a.vhdx -Bogus",
    "Add-VMHardDiskDrive -VMName SRV -DiskNumber 2 -ComputerName far-away",
])
def test_malformed_add_vmharddiskdrive_changes_nothing(session, line):
    unchanged(session, line)


def test_add_vmharddiskdrive_whatif_changes_nothing(session):
    before = session.lab.to_dict()
    result = run(session, "Add-VMHardDiskDrive -VMName SRV -DiskNumber 2 -WhatIf")
    assert "What if:" in result.output and not result.changed and session.lab.to_dict() == before


def test_a_disk_number_passed_through_to_one_vm_is_refused_for_another(session):
    session.lab.new_vm("OTHER")
    run(session, "Add-VMHardDiskDrive SRV -DiskNumber 2")
    unchanged(session, "Add-VMHardDiskDrive OTHER -DiskNumber 2")


def test_not_simulated_parameters_are_accepted_and_named(session):
    result = run(session, "Add-VMHardDiskDrive SRV -DiskNumber 2 -MaximumIOPS 500")
    assert any("-MaximumIOPS" in n for n in result.notes)


# ---------------------------------------------------------------- Remove-VMHardDiskDrive
def test_remove_vmharddiskdrive_by_its_place_on_the_controller(session):
    """Example 1's VMName set: all three of -ControllerType, -ControllerNumber, -ControllerLocation."""
    run(session, "Add-VMHardDiskDrive SRV -DiskNumber 2")
    run(session, "Remove-VMHardDiskDrive -VMName SRV -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 1")
    assert session.lab.vm("SRV").extra_drives == []


@pytest.mark.parametrize("line", [
    "Remove-VMHardDiskDrive -VMName SRV -ControllerType SCSI -ControllerNumber 0",  # location is mandatory
    "Remove-VMHardDiskDrive -VMName SRV -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 7",
    "Remove-VMHardDiskDrive -VMName SRV -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 0",  # the chain: not simulated
    "Remove-VMHardDiskDrive -VMName SRV -ControllerType SCSI -ControllerNumber 0 -ControllerLocation x",
    "Get-VM SRV | Remove-VMHardDiskDrive",
    "Get-VMSnapshot SRV | Get-VMHardDiskDrive | Remove-VMHardDiskDrive",
])
def test_malformed_remove_vmharddiskdrive_changes_nothing(session, line):
    session.lab.vm("SRV").checkpoint("cp")
    unchanged(session, line)


# ---------------------------------------------------------------- Resize-VHD (B31)
def test_resize_vhd_is_refused_while_checkpoints_exist_then_expands(session):
    run(session, "Checkpoint-VM SRV before")
    refused = unchanged(session, f"Resize-VHD -Path '{SYSTEM}' -SizeBytes 200GB")
    assert "B31" in refused.errors[0]
    run(session, "Remove-VMSnapshot -VMName SRV -Name before")
    shown = run(session, f"Resize-VHD '{SYSTEM}' 200GB -Passthru | Select-Object -ExpandProperty Size").output.strip()
    assert shown == str(200 * 1024**3)
    assert session.lab.vm("SRV").disk_chains[0].base.virtual_size_gb == 200


def test_resize_vhd_to_minimum_size_and_not_below(session):
    run(session, f"Resize-VHD -Path '{SYSTEM}' -ToMinimumSize")
    minimum = session.lab.vm("SRV").disk_chains[0].base.virtual_size_gb
    unchanged(session, f"Resize-VHD -Path '{SYSTEM}' -SizeBytes {int(minimum - 1)}GB")


def test_resize_vhd_takes_paths_from_the_pipeline(session):
    run(session, f"'{SYSTEM}' | Resize-VHD -SizeBytes 150GB")
    assert session.lab.vm("SRV").disk_chains[0].base.virtual_size_gb == 150


@pytest.mark.parametrize("line", [
    "Resize-VHD",
    "Resize-VHD -Path nope.vhdx -SizeBytes 1GB",
    f"Resize-VHD -Path '{SYSTEM}'",
    f"Resize-VHD -Path '{SYSTEM}' -SizeBytes -5",
    f"Resize-VHD -Path '{SYSTEM}' -SizeBytes big",
    f"Resize-VHD -Path '{SYSTEM}' -SizeBytes 0",
    f"Resize-VHD -Path '{SYSTEM}' -ToMinimumSize -SizeBytes 3GB",
    f"Resize-VHD -Path '{SYSTEM}' -SizeBytes 200GB -AsJob",
])
def test_malformed_resize_vhd_changes_nothing(session, line):
    unchanged(session, line)


# ---------------------------------------------------------------- the host volume (lab-only, B29)
def test_a_full_volume_pauses_the_vm_and_the_console_recovers_it(session):
    vm = session.lab.vm("SRV")
    run(session, "Set-LabHostVolume -FreeGB 0")
    vm.write_file("C:\\big.iso", "iso", size_mb=100)
    assert run(session, "(Get-VM SRV).State").output.strip() == "PausedCritical"
    run(session, "Resume-VM SRV")
    assert vm.paused_critical  # still full: paused again at once
    run(session, "Set-LabHostVolume -DeleteOtherFilesGB 2")
    run(session, "Resume-VM SRV")
    assert vm.state is VMState.RUNNING and run(session, "(Get-VM SRV).State").output.strip() == "Running"


def test_get_labhostvolume_shows_size_used_free_and_each_file(session):
    shown = run(session, "Get-LabHostVolume").output
    assert "FreeGB" in shown and SYSTEM in shown
    run(session, "Set-LabHostVolume -SizeGB 2048")
    assert session.lab.volume.size_gb == 2048
    run(session, "Set-LabHostVolume -FreeGB 10")
    run(session, "Set-LabHostVolume -AllOtherFiles")
    assert session.lab.volume.other_files_gb == 0


@pytest.mark.parametrize("line", [
    "Set-LabHostVolume -SizeGB 1",  # smaller than the files on it
    "Set-LabHostVolume -SizeGB 0",
    "Set-LabHostVolume -FreeGB 999999",
    "Set-LabHostVolume -DeleteOtherFilesGB 5",  # there are none
    "Set-LabHostVolume",
    "Set-LabHostVolume -SizeGB 100 -FreeGB 1",
    "Set-LabHostVolume -SizeGB lots",
])
def test_malformed_set_labhostvolume_changes_nothing(session, line):
    unchanged(session, line)


def test_the_volume_cmdlets_are_lab_only(session):
    for name in ("Get-LabHostVolume", "Set-LabHostVolume"):
        assert "NOT a Hyper-V cmdlet" in run(session, f"Get-Help {name}").output


def test_undo_labopration_gives_back_the_drive_and_the_volume(session):
    run(session, "Add-VMHardDiskDrive SRV -DiskNumber 2")
    run(session, "Undo-LabOperation")
    assert session.lab.vm("SRV").extra_drives == []


# ---------------------------------------------------------------- virtual Fibre Channel (B30)
def test_get_vmfibrechannelhba_piped_into_remove_lets_the_checkpoint_go_ahead(session):
    """Remove-VMFibreChannelHba's Example 1: Get-VMFibreChannelHba -VMName MyVM | Remove-VMFibreChannelHba."""
    run(session, "Add-VMFibreChannelHba -VMName SRV -SanName Production")
    assert "Production" in run(session, "Get-VMFibreChannelHba -VMName SRV").output
    unchanged(session, "Checkpoint-VM SRV")
    run(session, "Get-VMFibreChannelHba -VMName SRV | Remove-VMFibreChannelHba")
    run(session, "Checkpoint-VM SRV")
    assert len(session.lab.vm("SRV").checkpoints) == 1


@pytest.mark.parametrize("line", [
    "Add-VMFibreChannelHba -VMName SRV",  # -SanName is mandatory
    "Add-VMFibreChannelHba -VMName SRV -SanName ''",
    "Add-VMFibreChannelHba -VMName SRV -SanName A -GenerateWwn -WorldWideNodeNameSetA C003FF0000FFFF00",
    "Remove-VMFibreChannelHba -VMName SRV C003FF0000FFFF00 C003FF5778E50002 C003FF0000FFFF00 C003FF5778E50003",
    "Get-VM SRV | Remove-VMFibreChannelHba",
    "Get-VMFibreChannelHba -VMName NoSuchVM",
])
def test_malformed_fibre_channel_lines_change_nothing(session, line):
    unchanged(session, line)
