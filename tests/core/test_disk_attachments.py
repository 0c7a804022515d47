"""Drives a checkpoint cannot hold, and disks that cannot grow while checkpoints exist
(reference B30, B31): pass-through disks, shared VHDX and virtual Fibre Channel refuse the
checkpoint and nothing changes; a VHD Set is included; Resize-VHD is refused while a disk has
differencing disks. Every refusal leaves the lab exactly as it was."""

from __future__ import annotations

import pytest

from hvlab import HvlabError, Lab, VMState
from hvlab.errors import CheckpointOperationFailed, ConfigurationError, StorageError
from hvlab.reference import ruling
from hvlab.storage import AttachmentKind, ControllerType


def _refused_unchanged(lab, action, error=HvlabError):
    before = lab.to_dict()
    with pytest.raises(error) as caught:
        action()
    assert lab.to_dict() == before
    return caught.value


@pytest.mark.parametrize("attach", [
    lambda vm: vm.add_hard_disk_drive(disk_number=3),
    lambda vm: vm.add_hard_disk_drive("D:\\Cluster\\quorum.vhdx", shared=True),
    lambda vm: vm.add_fibre_channel_adapter("SAN01"),
], ids=["pass-through", "shared VHDX", "virtual Fibre Channel"])
def test_a_drive_no_checkpoint_can_hold_refuses_the_checkpoint_and_nothing_changes(attach):
    lab = Lab(seed=4)
    vm = lab.new_vm("sql")
    attach(vm)
    error = _refused_unchanged(lab, lambda: vm.checkpoint("nightly"), CheckpointOperationFailed)
    assert error.rule == "B30"
    assert vm.preview_checkpoint().failing_rule == "B30" and not vm.checkpoints


def test_detaching_the_pass_through_disk_lets_the_checkpoint_go_ahead():
    lab = Lab(seed=4)
    vm = lab.new_vm("sql")
    vm.add_hard_disk_drive(disk_number=3)
    drive = next(d for d in vm.hard_disk_drives() if d.kind is AttachmentKind.PASS_THROUGH)
    vm.remove_hard_disk_drive(drive.controller_location)
    vm.checkpoint("now it works")
    assert len(vm.checkpoints) == 1


def test_removing_the_fibre_channel_adapter_lets_the_checkpoint_go_ahead():
    lab = Lab(seed=4)
    vm = lab.new_vm("sql")
    vm.add_fibre_channel_adapter("SAN01")
    vm.remove_fibre_channel_adapter("SAN01")
    vm.checkpoint()
    assert len(vm.checkpoints) == 1


def test_a_vhd_set_is_included_in_checkpoints():
    lab = Lab(seed=5)
    vm = lab.new_vm("node1")
    vm.add_hard_disk_drive("D:\\Shared\\data.vhds", size_gb=50)
    result = vm.checkpoint("with the set")
    assert len(result.created_disks) == 2
    vhds = vm.disk_chains[1]
    assert vhds.base.path.endswith(".vhds") and len(vhds) == 2
    kinds = {d.kind for d in vm.hard_disk_drives()}
    assert kinds == {AttachmentKind.VIRTUAL_HARD_DISK, AttachmentKind.VHD_SET}
    assert vm.preview_checkpoint().failing_rule is None


def test_get_vmharddiskdrive_data_names_each_drive_its_kind_place_and_sizes():
    lab = Lab(seed=6)
    vm = lab.new_vm("app")
    vm.add_hard_disk_drive(disk_number=1, size_gb=500)
    vm.add_hard_disk_drive("quorum.vhdx", shared=True, size_gb=1)
    drives = vm.hard_disk_drives()
    assert [d.controller_location for d in drives] == [0, 1, 2]
    assert all(d.controller_type is ControllerType.SCSI and d.controller_number == 0 for d in drives)
    system, passthrough, shared = drives
    assert system.kind is AttachmentKind.VIRTUAL_HARD_DISK and system.file_size_mb > 0 and system.chain == 0
    assert passthrough.path is None and passthrough.disk_number == 1 and passthrough.file_size_mb == 0
    assert shared.path.endswith("\\Virtual Hard Disks\\quorum.vhdx") and not shared.checkpointable


def test_a_physical_disk_is_passed_through_to_one_vm_only():
    lab = Lab(seed=7)
    first, second = lab.new_vm("a"), lab.new_vm("b")
    first.add_hard_disk_drive(disk_number=2)
    _refused_unchanged(lab, lambda: second.add_hard_disk_drive(disk_number=2), ConfigurationError)


def test_a_shared_vhdx_may_serve_two_vms_and_is_counted_once_on_the_volume():
    lab = Lab(seed=7)
    first, second = lab.new_vm("a"), lab.new_vm("b")
    first.add_hard_disk_drive("D:\\c\\q.vhdx", shared=True)
    used = lab.volume_usage().used_mb
    second.add_hard_disk_drive("D:\\c\\q.vhdx", shared=True)
    assert lab.volume_usage().used_mb == pytest.approx(used)
    _refused_unchanged(lab, lambda: second.add_hard_disk_drive("D:\\c\\q.vhdx"), ConfigurationError)


@pytest.mark.parametrize("call", [
    lambda vm: vm.add_hard_disk_drive(),
    lambda vm: vm.add_hard_disk_drive("x.vhdx", disk_number=1),
    lambda vm: vm.add_hard_disk_drive("x.iso"),
    lambda vm: vm.add_hard_disk_drive(disk_number=-1),
    lambda vm: vm.add_hard_disk_drive("x.vhdx", size_gb=0),
    lambda vm: vm.remove_hard_disk_drive(9),
    lambda vm: vm.remove_hard_disk_drive(0),  # the system disk's chain: not simulated
    lambda vm: vm.add_fibre_channel_adapter(" "),
    lambda vm: vm.remove_fibre_channel_adapter("nope"),
], ids=["neither", "both", "not a disk", "negative", "size 0", "no drive", "chain", "blank SAN", "no adapter"])
def test_a_malformed_drive_request_is_refused_and_changes_nothing(call):
    lab = Lab(seed=8)
    vm = lab.new_vm("vm")
    _refused_unchanged(lab, lambda: call(vm), ConfigurationError)


def test_a_vhdx_is_not_added_to_a_vm_with_checkpoints_hvlab_does_not_simulate_it():
    lab = Lab(seed=8)
    vm = lab.new_vm("vm")
    vm.checkpoint()
    _refused_unchanged(lab, lambda: vm.add_hard_disk_drive("data.vhdx"), ConfigurationError)


def test_at_most_four_virtual_fibre_channel_adapters():
    lab = Lab(seed=8)
    vm = lab.new_vm("vm")
    for n in range(4):
        vm.add_fibre_channel_adapter(f"SAN{n}")
    _refused_unchanged(lab, lambda: vm.add_fibre_channel_adapter("SAN9"), ConfigurationError)


def test_a_vm_whose_checkpoint_would_be_refused_starts_without_its_automatic_checkpoint():
    lab = Lab(seed=9, host="WINDOWS_11")
    vm = lab.new_vm("desk")
    assert vm.automatic_checkpoints
    vm.add_hard_disk_drive(disk_number=4)
    result = vm.start()
    assert vm.state is VMState.STARTING and not vm.checkpoints
    assert "B30_automatic" in result.assumptions


# ---------------------------------------------------------------- Resize-VHD (B31)
def test_a_disk_cannot_be_expanded_while_checkpoints_exist():
    lab = Lab(seed=10)
    vm = lab.new_vm("vm")
    vm.checkpoint("before")
    error = _refused_unchanged(lab, lambda: vm.resize_disk(0, 200), StorageError)
    assert error.rule == "B31"


def test_after_deleting_the_checkpoints_the_disk_expands_and_its_file_does_not_grow():
    lab = Lab(seed=10)
    vm = lab.new_vm("vm")
    vm.checkpoint("before")
    vm.delete_checkpoint("before")
    size = vm.disk_chains[0].base.size_mb
    vm.resize_disk(0, 200)
    assert vm.disk_chains[0].base.virtual_size_gb == 200 and vm.disk_chains[0].base.size_mb == size


def test_a_vhdx_shrinks_only_to_its_minimum_size():
    lab = Lab(seed=11)
    vm = lab.new_vm("vm")
    minimum = vm.minimum_size_gb()
    assert minimum == 9  # about 8.8 GB of guest data, rounded up (assumed)
    _refused_unchanged(lab, lambda: vm.resize_disk(0, minimum - 1), StorageError)
    result = vm.resize_disk(0, to_minimum=True)
    assert vm.disk_chains[0].base.virtual_size_gb == minimum and "B31_minimum" in result.assumptions


@pytest.mark.parametrize("args", [(5, 100), (0, None), (0, -3)])
def test_resize_refuses_a_missing_disk_or_a_bad_size(args):
    lab = Lab(seed=11)
    vm = lab.new_vm("vm")
    _refused_unchanged(lab, lambda: vm.resize_disk(*args), ConfigurationError)


@pytest.mark.parametrize("rule_id, sources", [("B30", {"SUP-AVHDX", "VHDS", "PS-ADD-VMHARDDISKDRIVE"}), ("B31", {"SUP-AVHDX", "PS-RESIZE-VHD"})])
def test_rulings_b32_and_b33_cite_microsoft_and_label_their_assumptions(rule_id, sources):
    r = ruling(rule_id)
    assert [p.status.value for p in r.parts] == ["documented", "assumed"]
    assert sources <= {s.key for s in r.parts[0].sources}
