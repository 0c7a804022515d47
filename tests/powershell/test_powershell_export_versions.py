"""Export-VMSnapshot, Import-VM (B27, B28), Get-VMHostSupportedVersion and Update-VMVersion (B26)
in the console: each does what the core's operation does, and every malformed or refused line
gives a clear error and changes nothing."""

from __future__ import annotations

import re

import pytest

from hvlab import HostKind, Lab, VMState
from hvlab.catalog import text
from hvlab.powershell import Session


def _session(host: HostKind = HostKind.WINDOWS_SERVER_2022) -> tuple[Lab, Session]:
    lab = Lab(seed=5, host=host)
    vm = lab.new_vm("TestVM")
    vm.checkpoint("Base Image")
    if host.can_run((5, 0)):
        lab.new_vm("Old", version="5.0")
    return lab, Session(lab, host_name="Server1")


def _ok(session: Session, line: str):
    result = session.run(line)
    assert result.ok, result.text()
    return result


def test_export_vmsnapshot_example_1_writes_the_export_folder():
    """Export-VMSnapshot Example 1 (-Name 'Base Image' -VMName TestVM -Path D:\\) writes
    D:\\TestVM on the lab's host; the VM and its checkpoints do not change (B27)."""
    lab, s = _session()
    vm_before = lab.vm("TestVM").to_dict(events=False)
    result = _ok(s, "Export-VMSnapshot -Name 'Base Image' -VMName TestVM -Path D:\\")
    assert [e.folder for e in lab.exports] == ["D:\\TestVM"] and result.changed
    assert lab.vm("TestVM").to_dict(events=False) | {"events": []} == vm_before | {"events": []}
    assert any("B27" in n or "Base Image" in n for n in result.notes)


def test_export_by_object_and_passthru():
    """The SnapshotObject set: Get-VMSnapshot | Export-VMSnapshot -Path, -Passthru writes the checkpoint."""
    lab, s = _session()
    result = _ok(s, "Get-VMSnapshot -VMName TestVM | Export-VMSnapshot -Path E:\\Out -Passthru")
    assert "Base Image" in result.output and lab.exports[0].folder == "E:\\Out\\TestVM"


def test_import_vm_example_2_copy_with_a_new_id():
    """Import-VM Example 2 (-Copy -GenerateNewId) from the export's .vmcx: a new VM, new ID, no checkpoints."""
    lab, s = _session()
    _ok(s, "Export-VMSnapshot -Name 'Base Image' -VMName TestVM -Path D:\\")
    vmcx = lab.exports[0].configuration_path
    result = _ok(s, f"Import-VM -Path '{vmcx}' -Copy -GenerateNewId -VhdDestinationPath 'D:\\Copies'")
    imported = lab.vm("TestVM (2)")
    assert "TestVM (2)" in result.output and not imported.checkpoints and imported.id != lab.vm("TestVM").id
    assert len(lab.exports) == 1  # a copy leaves the export


def test_import_vm_example_1_registers_in_place():
    """Import-VM Example 1 (-Path only): registered in place, the export used up, its ID kept."""
    lab, s = _session()
    _ok(s, "Export-VMSnapshot -Name 'Base Image' -VMName TestVM -Path D:\\")
    export = lab.exports[0]
    _ok(s, f"Import-VM -Path '{export.configuration_path}'")
    assert lab.vm("TestVM (2)").id == export.vm_id and lab.exports == []


def test_get_vmhostsupportedversion_lists_the_hosts_row_and_its_default():
    """B26: the versions of the lab's host, highest first, IsDefault on the one New-VM gives."""
    lab, s = _session(HostKind.WINDOWS_SERVER_2019)
    rows = _ok(s, "Get-VMHostSupportedVersion | Select-Object -ExpandProperty Version").output.split()
    assert rows == ["9.0", "8.3", "8.2", "8.1", "8.0", "7.1", "7.0", "6.2", "5.0"]
    default = _ok(s, "Get-VMHostSupportedVersion -Default")
    assert re.search(r"\b9\.0\s+True", default.output) and "5.0" not in default.output
    assert any("Windows Server 2019" in n for n in default.notes)


def test_update_vmversion_goes_one_way_to_the_hosts_version():
    """B26: Update-VMVersion moves an Off VM to the host's default version; a second call is refused."""
    lab, s = _session(HostKind.WINDOWS_SERVER_2019)
    result = _ok(s, "Update-VMVersion -Name Old -Passthru | Format-Table Name, Version")
    assert lab.vm("Old").configuration_version == (9, 0) and re.search(r"Old\s+9\.0", result.output)
    before = lab.to_dict()
    again = s.run("Get-VM Old | Update-VMVersion")
    assert again.errors and lab.to_dict() == before


def test_update_vmversion_needs_the_vm_off():
    """B26, VMVER: "Shut down the virtual machine" first; a running VM is refused, nothing changes."""
    lab, s = _session(HostKind.WINDOWS_SERVER_2019)
    lab.vm("Old").put_in_state(VMState.RUNNING)
    before = lab.to_dict()
    result = s.run("Update-VMVersion Old")
    assert result.errors and lab.to_dict() == before


def test_whatif_changes_nothing():
    lab, s = _session()
    _ok(s, "Export-VMSnapshot -Name 'Base Image' -VMName TestVM -Path D:\\")
    before = lab.to_dict()
    for line in ("Import-VM -Path D:\\TestVM -Copy -GenerateNewId -WhatIf", "Update-VMVersion TestVM -WhatIf",
                 "Export-VMSnapshot -Name 'Base Image' -VMName TestVM -Path F:\\ -WhatIf"):
        result = _ok(s, line)
        assert "What if:" in result.output and lab.to_dict() == before and not result.changed


def _pattern(key: str) -> str:
    parts = re.split(r"\{[a-z_]+\}", text(key))
    return ".*".join(re.escape(p) for p in parts)


BAD_LINES = [
    ("Export-VMSnapshot -Name 'Base Image' -VMName TestVM", "ps.bind.missing_mandatory"),
    ("Export-VMSnapshot -Name 'Base Image' -VMName TestVM -Path ''", "ps.bind.empty_string"),
    ("Export-VMSnapshot -Name 'Base Image' -VMName TestVM -Path", "ps.bind.missing_argument"),
    ("Export-VMSnapshot -Name nosuch -VMName TestVM -Path D:\\", "error.checkpoint_not_found"),
    ("Export-VMSnapshot -Name 'Base Image' -VMName TestVM -Path D:\\ -AsJob", "ps.hvlab.no_jobs"),
    ("Export-VMSnapshot -Name 'Base Image' -VMName TestVM -Path D:\\Exported", "error.export_exists"),
    ("Import-VM", "ps.bind.missing_mandatory"),
    ("Import-VM -Path D:\\Nowhere", "error.import_not_found"),
    ("Import-VM -Path D:\\Exported\\TestVM -GenerateNewId", "ps.bind.missing_mandatory"),
    ("Import-VM -Path D:\\Exported\\TestVM -Register -Copy", "ps.bind.ambiguous_parameter_set"),
    ("Import-VM -Path D:\\Exported\\TestVM -Copy -GenerateNewId", "error.import_disk_exists"),
    ("Import-VM -Path D:\\Exported\\TestVM -Copy -NewName x", "ps.bind.named_parameter_not_found"),
    ("Import-VM -Path D:\\Exported\\TestVM -ComputerName Server9", "ps.hvlab.one_host"),
    ("Update-VMVersion", "ps.bind.missing_mandatory"),
    ("Update-VMVersion -Name nosuchvm", "hyperv.vm_not_found"),
    ("Update-VMVersion -Name TestVM", "error.version_already"),
    ("Update-VMVersion -Name TestVM -Version 11.0", "ps.bind.named_parameter_not_found"),
    ("Get-VMHostSupportedVersion -Default:$true -Latest", "ps.bind.named_parameter_not_found"),
    ("Get-VMHostSupportedVersion -ComputerName Server9", "ps.hvlab.one_host"),
]


@pytest.mark.parametrize("line, key", BAD_LINES)
def test_bad_line_gives_clear_error_and_changes_nothing(line: str, key: str):
    """Each malformed or refused line gives one error with the expected message; nothing changes."""
    lab, s = _session()
    _ok(s, "Export-VMSnapshot -Name 'Base Image' -VMName TestVM -Path D:\\Exported")
    before = lab.to_dict()
    result = s.run(line)
    assert result.errors, f"no error for {line!r}: {result.text()}"
    assert re.search(_pattern(key), "\n".join(result.errors), re.S), result.text()
    assert lab.to_dict() == before and not result.changed
