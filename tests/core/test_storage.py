"""The host volume (reference B29): AVHDX files grow with the guest's writes, a full volume
pauses the VM (Paused-Critical), a merge needs free space, a deleted checkpoint frees space only
when its merge has run, and no operation overfills the volume. Every refusal changes nothing."""

from __future__ import annotations

import pytest

from hvlab import HvlabError, Lab, VMState
from hvlab.disk_chain import HEADER_MB
from hvlab.errors import StorageError
from hvlab.persistence import dumps, loads
from hvlab.reference import ruling
from hvlab.storage import DEFAULT_VOLUME_GB, MB_PER_GB


def _running(seed: int = 1):
    lab = Lab(seed=seed)
    vm = lab.new_vm("web")
    vm.start()
    vm.complete_boot()
    return lab, vm


def _refused_unchanged(lab, action, error=HvlabError):
    before = lab.to_dict()
    with pytest.raises(error):
        action()
    assert lab.to_dict() == before


def test_the_volume_holds_every_disk_file_and_its_free_space_is_what_is_left():
    lab, vm = _running()
    usage = lab.volume_usage()
    assert usage.size_gb == DEFAULT_VOLUME_GB
    assert usage.used_mb == pytest.approx(sum(d.size_mb for chain in vm.disk_chains for d in chain))
    assert usage.free_mb == pytest.approx(usage.size_mb - usage.used_mb)
    assert {f.path for f in usage.files} == {d.path for d in vm.disk_chains[0]}


def test_an_avhdx_grows_with_the_guests_writes_and_the_volume_with_it():
    lab, vm = _running()
    vm.checkpoint("before")
    free = lab.volume_usage().free_mb
    avhdx = vm.active_disk()
    assert avhdx.size_mb == HEADER_MB
    vm.write_file("C:\\data.bin", "data", size_mb=300)
    assert avhdx.size_mb == HEADER_MB + 300
    assert lab.volume_usage().free_mb == pytest.approx(free - 300)


def test_a_write_the_full_volume_cannot_hold_pauses_the_vm_paused_critical():
    lab, vm = _running()
    lab.fill_volume(0.05)
    result = vm.write_file("C:\\big.iso", "iso", size_mb=200)
    assert vm.state is VMState.PAUSED and vm.paused_critical
    assert vm.hyperv_state == "PausedCritical"
    assert vm.read_file("C:\\big.iso") is None  # the write did not land (assumed)
    assert "B29_write" in result.assumptions and "Paused-Critical" in result.summary
    assert vm.memory is not None and vm.memory.power is VMState.RUNNING


def test_resuming_while_the_volume_is_still_full_pauses_again_and_freeing_space_recovers():
    lab, vm = _running()
    lab.fill_volume(0.0)
    vm.write_file("C:\\big.iso", "iso", size_mb=200)
    again = vm.resume()
    assert vm.hyperv_state == "PausedCritical" and "B29_resume" in again.assumptions
    lab.delete_other_files(1)
    vm.resume()
    assert vm.state is VMState.RUNNING and not vm.paused_critical and vm.hyperv_state == "Running"
    vm.write_file("C:\\big.iso", "iso", size_mb=200)
    assert vm.read_file("C:\\big.iso") == "iso"


def test_extending_the_volume_is_the_other_way_out():
    lab, vm = _running()
    lab.fill_volume(0.0)
    vm.write_file("C:\\big.iso", "iso", size_mb=200)
    lab.set_volume_size(DEFAULT_VOLUME_GB + 10)
    vm.resume()
    assert vm.state is VMState.RUNNING


def test_turning_a_paused_critical_vm_off_ends_paused_critical():
    lab, vm = _running()
    lab.fill_volume(0.0)
    vm.write_file("C:\\big.iso", "iso", size_mb=200)
    vm.turn_off()
    assert vm.state is VMState.OFF and not vm.paused_critical and vm.hyperv_state == "Off"


def test_a_checkpoint_without_room_for_its_avhdx_is_refused_and_changes_nothing():
    lab, vm = _running()
    lab.fill_volume(0.0)
    preview = vm.preview_checkpoint()
    assert preview.failing_rule == "B29"
    _refused_unchanged(lab, lambda: vm.checkpoint("no room"))


def test_a_merge_needs_free_space_or_the_deletion_is_refused_and_changes_nothing():
    lab, vm = _running()
    vm.checkpoint("a")
    vm.write_file("C:\\f.bin", "x", size_mb=500)
    lab.fill_volume(0.1)  # about 100 MB free, the merge moves 500 MB
    _refused_unchanged(lab, lambda: vm.delete_checkpoint("a"), StorageError)
    assert "a" in [c.name for c in vm.checkpoints.values()]


def test_deleting_a_checkpoint_frees_space_only_when_its_merge_has_run():
    lab, vm = _running()
    vm.checkpoint("a")
    vm.write_file("C:\\f.bin", "x", size_mb=50)
    free = lab.volume_usage().free_mb
    result = vm.delete_checkpoint("a")
    assert result.merged_disks
    assert lab.volume_usage().free_mb > free  # the merged AVHDX's header and its duplicates went


def test_a_checkpoint_kept_as_a_shared_parent_frees_nothing():
    lab, vm = _running()
    vm.checkpoint("base")
    vm.write_file("C:\\one.txt", "1", size_mb=20)
    vm.checkpoint("one")
    vm.apply("base")
    vm.start()
    vm.complete_boot()
    vm.write_file("C:\\two.txt", "2", size_mb=20)
    free = lab.volume_usage().free_mb
    vm.delete_checkpoint("base")  # its disk has two children: kept as their shared parent
    assert lab.volume_usage().free_mb == pytest.approx(free)


def test_no_operation_leaves_the_volume_holding_more_than_its_size():
    lab = Lab(seed=2)
    lab.new_vm("first")
    lab.fill_volume(0.0)
    _refused_unchanged(lab, lambda: lab.new_vm("second"), StorageError)


@pytest.mark.parametrize("size", [0, -1, 5])
def test_the_volume_cannot_shrink_below_what_it_holds(size):
    lab, _ = _running()
    _refused_unchanged(lab, lambda: lab.set_volume_size(size), StorageError)


def test_fill_and_delete_refuse_what_the_volume_cannot_give():
    lab, _ = _running()
    free = lab.volume_usage().free_gb
    _refused_unchanged(lab, lambda: lab.fill_volume(free + 1), StorageError)
    _refused_unchanged(lab, lambda: lab.fill_volume(-1), StorageError)
    _refused_unchanged(lab, lambda: lab.delete_other_files(1), StorageError)
    lab.fill_volume(free - 2)
    assert lab.volume.other_files_gb == pytest.approx(2)
    result = lab.delete_other_files()
    assert lab.volume.other_files_gb == 0 and result.state_before is None


def test_the_volume_is_saved_with_the_lab_and_old_labs_get_the_default():
    lab, vm = _running()
    lab.set_volume_size(200)
    lab.fill_volume(0.0)
    vm.write_file("C:\\big.iso", "iso", size_mb=200)
    again = loads(dumps(lab))
    assert again == lab and again.volume.size_gb == 200 and again["web"].paused_critical
    data = lab.to_dict()
    del data["volume"]
    for vm_data in data["vms"]:
        for key in ("chain_locations", "extra_drives", "fibre_channel_adapters", "paused_critical"):
            del vm_data[key]
    old = Lab.from_dict(data)
    assert old.volume.size_gb == DEFAULT_VOLUME_GB and not old["web"].paused_critical


def test_undo_brings_the_volume_back():
    lab, _ = _running()
    lab.fill_volume(0.0)
    lab.undo()
    assert lab.volume.other_files_gb == 0


def test_storage_accounting_uses_megabytes_per_gigabyte_of_1024():
    lab, _ = _running()
    usage = lab.volume_usage()
    assert usage.size_mb == usage.size_gb * MB_PER_GB == usage.size_gb * 1024


def test_ruling_b31_is_documented_by_microsoft_and_labels_its_assumptions():
    r = ruling("B29")
    statuses = [p.status.value for p in r.parts]
    assert statuses == ["documented", "assumed"]
    assert {"BPA-CKPT", "SUP-AVHDX", "VMSTATE-ENUM"} <= {s.key for s in r.parts[0].sources}


def test_an_update_the_full_volume_cannot_hold_pauses_the_vm_and_installs_nothing():
    lab, vm = _running()
    lab.fill_volume(0.1)
    files = vm.files()
    result = vm.install_update("KB1", size_mb=650)
    assert vm.hyperv_state == "PausedCritical" and vm.files() == files and "B29_write" in result.assumptions


def test_a_vms_pictured_state_names_the_volume_so_a_fill_is_drawn_again():
    """The diagram cache keys on the VM's state data (LabSnapshot.vm_state): the volume is in it."""
    lab, _ = _running()
    before = lab.snapshot().vm_state("web")["host_volume"]
    lab.fill_volume(1)
    after = lab.snapshot().vm_state("web")["host_volume"]
    assert before != after and after["other_files_gb"] > 0 and after["size_gb"] == DEFAULT_VOLUME_GB


def test_hyper_v_manager_shows_paused_critical_and_then_the_usual_state():
    lab, vm = _running()
    lab.fill_volume(0.0)
    vm.write_file("C:\\big.iso", "iso", size_mb=10)
    assert vm.manager_state == "Paused-Critical"
    lab.delete_other_files()
    vm.resume()
    assert vm.manager_state == VMState.RUNNING.hyperv_display


def test_the_japanese_paused_critical_label_names_the_english_one_beside_it():
    """No published Japanese Hyper-V Manager confirms the label: the English goes with it."""
    from hvlab import set_language

    lab, vm = _running()
    lab.fill_volume(0.0)
    vm.write_file("C:\\big.iso", "iso", size_mb=10)
    set_language("ja")
    try:
        assert vm.manager_state == "一時停止-重大 (Paused-Critical)"
    finally:
        set_language("en")
