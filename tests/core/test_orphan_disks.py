"""Disk files no checkpoint explains, Get-VHD's truth, and the safe repair (reference B33).

Rules under test: orphaned differencing files are not in the checkpoint tree but are in the
chain data (SUP-AVHDX); a shutdown usually merges them (SUP-MERGE); Merge-VHD is offline, "the
virtual hard disk chain must not be attached" (PS-MERGE-VHD), goes from child to parent,
youngest first (SUP-AVHDX), leaves the merged-away files invalid, after which the VM is
pointed at the merged file (SUP-AVHDX); pointing the VM at the base VHDX hides what was written
since; every refusal changes nothing.
"""

from __future__ import annotations

import pytest

from hvlab import ConfigurationError, HvlabError, InvalidStateError
from hvlab.vm.backups import BackupOutcome
from hvlab.vm.disk_files import OrphanKind


@pytest.fixture
def leftover(vm):
    """Two failed backups in a row: base ← first AVHDX ← second AVHDX (the VM runs on it)."""
    vm.start()
    vm.complete_boot()
    vm.write_file("C:\\a.txt", "before backups")
    vm.run_backup(BackupOutcome.FILES_LEFT)
    vm.write_file("C:\\b.txt", "after the first")
    vm.run_backup(BackupOutcome.FILES_LEFT)
    vm.write_file("C:\\c.txt", "after the second")
    return vm


def refused(vm, action, *args, error=HvlabError):
    before = vm.lab.to_dict()
    with pytest.raises(error) as caught:
        action(*args)
    assert vm.lab.to_dict() == before
    return caught.value


def test_files_left_by_failed_backups_are_in_the_chain_data_not_in_the_tree(leftover):
    """B33: Hyper-V Manager shows no checkpoint; the chain data lists both AVHDX files."""
    assert leftover.checkpoints == {}
    orphans = leftover.orphan_disks()
    assert [o.kind for o in orphans] == [OrphanKind.UNEXPLAINED] * 2
    first, second = orphans
    assert first.parent_path == leftover.disk_chains[0].base.path and second.parent_path == first.path
    assert second.in_use and not first.in_use


def test_a_merge_while_the_vm_uses_the_chain_is_refused(leftover):
    """B33: "Merge is an offline operation; the virtual hard disk chain must not be attached"."""
    error = refused(leftover, leftover.merge_vhd, leftover.active_disk().path, error=InvalidStateError)
    assert error.rule == "B33" and "offline operation" in error.explanation


def test_a_parent_merged_before_its_child_is_refused(leftover):
    """B33: merge "from child to parent", youngest first (SUP-AVHDX)."""
    leftover.turn_off()
    first = leftover.orphan_disks()[0]
    refused(leftover, leftover.merge_vhd, first.path, error=ConfigurationError)


def test_the_safe_repair_keeps_every_byte(leftover):
    """B33: turn off, merge youngest first, point the VM at the merged VHDX, start it."""
    seen = leftover.files()
    leftover.turn_off()
    base = leftover.disk_chains[0].base.path
    for orphan in reversed(leftover.orphan_disks()):
        leftover.merge_vhd(orphan.path)
    assert leftover.orphan_disks() == () and len(leftover.disk_chains[0]) == 1
    refused(leftover, leftover.start)  # its configuration still names the merged-away file
    assert leftover.hard_disk_drives()[0].path == leftover.disk_paths_invalid[0] != base
    leftover.set_disk_path(base)
    leftover.start()
    assert leftover.files() == seen and leftover.active_disk().path == base


def test_one_merge_to_a_destination_takes_every_disk_between(leftover):
    """B33: Merge-VHD -Path <child> -DestinationPath <ancestor> merges all the disks between."""
    seen = leftover.files()
    leftover.turn_off()
    result = leftover.merge_vhd(leftover.active_disk().path, leftover.disk_chains[0].base.path)
    assert len(leftover.disk_chains[0]) == 1 and len(result.notes) == 3  # two invalid files, repoint
    leftover.set_disk_path(leftover.disk_chains[0].base.path)
    assert leftover.files() == seen


def test_a_shutdown_merges_what_no_checkpoint_explains(leftover):
    """B33: "Typically, the differencing disk files merge as part of the VM shutdown process"."""
    seen = leftover.files()
    result = leftover.shut_down()
    assert leftover.orphan_disks() == () and leftover.files() == seen
    assert len(result.disk_operations) == 2 and leftover.active_disk().path == leftover.disk_chains[0].base.path


def test_pointing_the_vm_at_the_base_hides_what_was_written_since_and_it_comes_back(leftover):
    """B33: the common mistake, then the way back (merge the detached file into the base)."""
    leftover.shut_down()
    leftover.start()
    leftover.complete_boot()
    leftover.run_backup(BackupOutcome.FILES_LEFT)
    leftover.write_file("C:\\d.txt", "today")
    leftover.turn_off()
    base = leftover.disk_chains[0].base.path
    result = leftover.set_disk_path(base)
    assert leftover.read_file("C:\\d.txt") is None and any("C:\\d.txt" in n for n in result.notes)
    (detached,) = leftover.orphan_disks()
    assert detached.kind is OrphanKind.DETACHED and not detached.in_use
    leftover.merge_vhd(detached.path)
    assert leftover.read_file("C:\\d.txt") == "today" and leftover.orphan_disks() == ()


def test_a_checkpoints_file_is_not_merged_by_hand(vm):
    """B33 (assumed): delete the checkpoint instead; a hand merge would leave it without data."""
    vm.checkpoint("before")
    own = vm.find_checkpoint("before").disk_ids[0]
    refused(vm, vm.merge_vhd, vm.active_disk().path, error=ConfigurationError)
    assert own in vm.disk_chains[0]


def test_a_base_vhdx_or_a_file_of_another_chain_is_refused(leftover):
    leftover.turn_off()
    refused(leftover, leftover.merge_vhd, leftover.disk_chains[0].base.path, error=ConfigurationError)
    refused(leftover, leftover.merge_vhd, "C:\\nowhere.avhdx", error=ConfigurationError)
    refused(leftover, leftover.merge_vhd, leftover.active_disk().path, "C:\\nowhere.vhdx", error=ConfigurationError)


def test_the_disk_path_changes_only_off_and_without_checkpoints(vm):
    """B33 (assumed): the lab's limits on Set-VMHardDiskDrive -Path; refusals change nothing."""
    base = vm.disk_chains[0].base.path
    vm.start()
    refused(vm, vm.set_disk_path, base, error=InvalidStateError)
    vm.turn_off()
    vm.checkpoint("keep")
    refused(vm, vm.set_disk_path, base, error=ConfigurationError)
    vm.delete_checkpoint("keep")
    refused(vm, vm.set_disk_path, "C:\\elsewhere.vhdx", error=ConfigurationError)
    assert vm.set_disk_path(base).notes == ()


def test_a_lab_with_an_invalid_disk_path_saves_and_loads(leftover):
    from hvlab import Lab

    leftover.turn_off()
    leftover.merge_vhd(leftover.active_disk().path)
    copy = Lab.from_dict(leftover.lab.to_dict())
    assert copy == leftover.lab and copy.vm(leftover.name).disk_paths_invalid == leftover.disk_paths_invalid != {}


def test_merge_vhd_needs_room_for_the_data_it_moves_and_a_shutdown_leaves_the_files_without_it(leftover):
    """B29, B33: a merge writes the child's data into its parent first; with no room, Merge-VHD
    is refused and changes nothing, and a shutdown leaves the files ("if possible")."""
    leftover.write_file("C:\\big.iso", "image", 5000.0)
    leftover.lab.fill_volume(0.001)
    leftover.shut_down()  # the small first file fits and is merged; the one holding the image does not
    (left,) = leftover.orphan_disks()
    assert left.in_use and "C:\\big.iso" in leftover.active_disk().blocks
    refused(leftover, leftover.merge_vhd, left.path)
    leftover.lab.delete_other_files()
    leftover.merge_vhd(left.path)
    assert leftover.orphan_disks() == ()
