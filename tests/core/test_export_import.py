"""Exporting a checkpoint (B27) and importing the export (B28): what the export holds, the three
import types, and every refusal leaving the lab as it was."""

from __future__ import annotations

import pytest

from hvlab import CheckpointType, ConfigurationError, HostKind, Lab, VMState
from hvlab.persistence import dumps, loads
from hvlab.vm.export import ImportType


def _lab_with_checkpoint(checkpoint_type: CheckpointType = CheckpointType.PRODUCTION) -> Lab:
    """Web, running, with checkpoint 'Before update' and a file written after it."""
    lab = Lab(seed=7)
    vm = lab.new_vm("Web", checkpoint_type=checkpoint_type)
    vm.start()
    vm.complete_boot()
    vm.write_file("C:\\report.txt", "before")
    vm.checkpoint("Before update")
    vm.write_file("C:\\report.txt", "after")
    vm.write_file("C:\\new.txt", "written after the checkpoint")
    return lab


def test_an_exported_checkpoint_is_one_vm_with_merged_disks_and_no_checkpoints():
    """B27: configuration, runtime state and one VHDX per disk holding what the checkpoint saw
    (the differencing chain merged); in <Path>\\<VM name>; the VM itself does not change."""
    lab = _lab_with_checkpoint()
    vm = lab.vm("Web")
    vm.checkpoint("Later")
    before = vm.to_dict(events=False)
    result = vm.export_checkpoint("Before update", "D:\\Exports\\")
    (export,) = lab.exports
    assert export.folder == "D:\\Exports\\Web" and export.checkpoint_name == "Before update"
    assert [f.rsplit("\\", 2)[-2] for f in export.files] == ["Virtual Machines", "Virtual Machines", "Virtual Hard Disks"]
    assert export.files[0].endswith(".vmcx") and export.files[1].endswith(".vmrs") and export.files[2].endswith("\\Web.vhdx")
    assert export.vm_id != vm.id  # its configuration has an ID of its own (B27, assumed)
    (disk,) = export.disks
    seen = vm.checkpoint_files("Before update")
    assert {p: b.content for p, b in disk.blocks.items()} == seen and seen["C:\\report.txt"] == "before"
    assert "C:\\new.txt" not in disk.blocks
    assert vm.to_dict(events=False) | {"events": []} == before | {"events": []}
    assert result.operation == "export_checkpoint" and "B27" in result.assumptions


def test_a_standard_checkpoint_with_memory_exports_its_memory_and_imports_saved():
    """B27: runtime information goes with the export; B28 (assumed): it comes back Saved."""
    lab = _lab_with_checkpoint(CheckpointType.STANDARD)
    vm = lab.vm("Web")
    vm.export_checkpoint("Before update", "D:\\Exports")
    assert lab.exports[0].memory is not None
    imported = lab.vm(lab.import_vm("D:\\Exports\\Web", copy=True, generate_new_id=True, vhd_destination_path="D:\\Copies").vm_name)
    assert imported.state is VMState.SAVED and imported.memory == vm.checkpoints[vm.find_checkpoint("Before update").id].memory


def test_import_as_a_copy_with_a_new_id_can_be_repeated():
    """B28: -Copy -GenerateNewId copies the files, gives a new ID, leaves the export; a VM named
    like another gets '(2)' (assumed); the imported VM has no checkpoints, Off, the checkpoint's data."""
    lab = _lab_with_checkpoint()
    lab.vm("Web").export_checkpoint("Before update", "D:\\Exports")
    first = lab.import_vm("D:\\Exports\\Web", copy=True, generate_new_id=True, vhd_destination_path="D:\\One")
    second = lab.import_vm("d:\\exports\\web\\", copy=True, generate_new_id=True, vhd_destination_path="D:\\Two")
    one, two = lab.vm(first.vm_name), lab.vm(second.vm_name)
    assert (one.name, two.name) == ("Web (2)", "Web (3)")
    assert len({lab.vm("Web").id, one.id, two.id, lab.exports[0].vm_id}) == 4
    assert not one.checkpoints and one.state is VMState.OFF
    assert one.read_file("C:\\report.txt") == "before" and one.read_file("C:\\new.txt") is None
    assert one.disk_chains[0].base.path == "D:\\One\\Web.vhdx" and len(one.disk_chains[0]) == 1
    assert len(lab.exports) == 1


def test_register_in_place_keeps_the_id_and_uses_up_the_export():
    """B28: without -Copy the export's files become the VM's own and its ID is kept; the
    export is gone, and the same ID cannot be registered twice."""
    lab = _lab_with_checkpoint()
    lab.vm("Web").export_checkpoint("Before update", "D:\\Exports")
    export = lab.exports[0]
    result = lab.import_vm(export.configuration_path)
    vm = lab.vm(result.vm_name)
    assert vm.id == export.vm_id and vm.disk_chains[0].base.path == "D:\\Exports\\Web\\Virtual Hard Disks\\Web.vhdx"
    assert lab.exports == []
    with pytest.raises(ConfigurationError):  # the export is gone
        lab.import_vm(export.configuration_path)


def test_restore_keeps_the_id_so_a_second_restore_is_refused():
    """B28: -Copy without -GenerateNewId keeps the ID: "if the virtual machine is already
    registered with Hyper-V, it needs to be deleted before the import works" (EXPORT-IMPORT)."""
    lab = _lab_with_checkpoint()
    lab.vm("Web").export_checkpoint("Before update", "D:\\Exports")
    first = lab.import_vm("D:\\Exports\\Web", copy=True, vhd_destination_path="D:\\One")
    assert lab.vm(first.vm_name).id == lab.exports[0].vm_id
    before = lab.to_dict()
    with pytest.raises(ConfigurationError) as info:
        lab.import_vm("D:\\Exports\\Web", copy=True, vhd_destination_path="D:\\Two")
    assert info.value.rule == "B28" and lab.to_dict() == before


@pytest.mark.parametrize(
    ("path", "kwargs"),
    [
        ("D:\\Nowhere", {"copy": True, "generate_new_id": True}),  # no export there
        ("D:\\Exports\\Web", {"generate_new_id": True}),  # -GenerateNewId is in the Copy set only
        ("D:\\Exports\\Web", {"copy": True, "generate_new_id": True}),  # C:\...\Web.vhdx is Web's own disk
    ],
)
def test_refused_imports_change_nothing(path, kwargs):
    """B28: every refused import leaves the lab exactly as it was."""
    lab = _lab_with_checkpoint()
    lab.vm("Web").export_checkpoint("Before update", "D:\\Exports")
    before = lab.to_dict()
    with pytest.raises(ConfigurationError) as info:
        lab.import_vm(path, **kwargs)
    assert info.value.rule == "B28" and lab.to_dict() == before


@pytest.mark.parametrize("path", ["", "   ", "D:\\Exports"])
def test_refused_exports_change_nothing(path):
    """B27: a blank path, or a folder that already holds this VM's export, is refused (assumed)."""
    lab = _lab_with_checkpoint()
    lab.vm("Web").export_checkpoint("Before update", "D:\\Exports")
    before = lab.to_dict()
    with pytest.raises(ConfigurationError) as info:
        lab.vm("Web").export_checkpoint("Before update", path)
    assert info.value.rule == "B27" and lab.to_dict() == before


def test_a_host_imports_only_configuration_versions_it_supports():
    """B28, VMVER: "You can only import a virtual machine if the Hyper-V host supports that
    configuration version." A 2025 export cannot come to a 2016 host."""
    new = Lab(seed=1, host=HostKind.WINDOWS_SERVER_2025)
    vm = new.new_vm("New")
    vm.checkpoint("c")
    vm.export_checkpoint("c", "E:\\Move")
    old = Lab(seed=1, host=HostKind.WINDOWS_SERVER_2016)
    old.exports = list(new.exports)  # the export folder carried to the old host
    before = old.to_dict()
    with pytest.raises(ConfigurationError) as info:
        old.import_vm("E:\\Move\\New", copy=True, generate_new_id=True)
    assert info.value.rule == "B28" and "12.0" in str(info.value) and old.to_dict() == before


def test_exports_survive_undo_and_saving():
    """The host's exports are part of the lab: Undo removes an export, a saved lab keeps it."""
    lab = _lab_with_checkpoint()
    lab.vm("Web").export_checkpoint("Before update", "D:\\Exports")
    assert loads(dumps(lab)) == lab and loads(dumps(lab)).exports == lab.exports
    lab.undo()
    assert lab.exports == []


def test_import_type_follows_the_parameter_sets():
    """-Copy and -GenerateNewId choose the import type (EXPORT-IMPORT's three types)."""
    assert ImportType.of(False, False) is ImportType.REGISTER
    assert ImportType.of(True, False) is ImportType.RESTORE
    assert ImportType.of(True, True) is ImportType.COPY
