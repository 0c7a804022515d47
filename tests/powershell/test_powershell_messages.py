"""The console's quoted lines are the ones their sources show, each marked as what it is.

Rules: .NET's overflow message names the parameter's type ("Value was either too large or
too small for a UInt64.", Overflow_* in .NET's Strings.resx); an unknown VM gets
``Hyper-V was unable to find a virtual machine with name "X".``, output third parties
published (observed), with its source; "Production checkpoint created." is Hyper-V Manager's
dialog, never printed for ``Checkpoint-VM``.
"""

from __future__ import annotations

import re

import pytest

from hvlab import Lab, VMState
from hvlab.catalog import text
from hvlab.powershell import Session
from hvlab.reference import provenance_of


def _session() -> tuple[Lab, Session]:
    lab = Lab(seed=5)
    lab.new_vm("web01").put_in_state(VMState.RUNNING)
    return lab, Session(lab)


@pytest.mark.parametrize("line, type_name", [
    ("New-VM x -NewVHDPath x.vhdx -NewVHDSizeBytes -5", "UInt64"),
    ("New-VM x -NewVHDPath x.vhdx -NewVHDSizeBytes 18446744073709551616", "UInt64"),
    ("Set-VM web01 -LowMemoryMappedIoSpace -1", "UInt32"),
    ("Set-VM web01 -LowMemoryMappedIoSpace 4294967296", "UInt32"),
    ("Set-VM web01 -AutomaticStartDelay 2147483648", "Int32"),
    ("New-VM x -Generation 40000", "Int16"),
])
def test_overflow_message_names_the_parameters_type(line: str, type_name: str):
    _lab, s = _session()
    error = s.run(line).errors[0]
    article = "an" if type_name.startswith("I") else "a"
    assert f'Error: "Value was either too large or too small for {article} {type_name}."' in error
    assert "unsigned number" not in error


def test_in_range_values_bind():
    lab, s = _session()
    assert s.run("New-VM x -NewVHDPath x.vhdx -NewVHDSizeBytes 18446744073709551615").ok
    assert "x" in lab.vms


def test_unknown_vm_is_the_observed_hyperv_message_with_its_source():
    _lab, s = _session()
    result = s.run("Get-VM nope")
    lines = result.errors[0].splitlines()
    assert lines[0] == 'Get-VM : Hyper-V was unable to find a virtual machine with name "nope".'
    assert text("ps.hvlab_wording") not in result.errors[0]
    assert "    + CategoryInfo          : InvalidArgument: (nope:String) [Get-VM], VirtualizationException" in lines
    source = provenance_of("hyperv.vm_not_found")
    assert source.status.value == "observed" and source.url.startswith("https://github.com/")
    assert any(source.url in note for note in result.notes)


def test_unknown_vm_for_another_cmdlet_shows_no_unpublished_record_fields():
    _lab, s = _session()
    error = s.run("Checkpoint-VM nope").errors[0]
    assert error.startswith('Checkpoint-VM : Hyper-V was unable to find a virtual machine with name "nope".')
    assert "CategoryInfo" not in error


@pytest.mark.parametrize("line", ["Checkpoint-VM web01", "Checkpoint-VM web01 -WhatIf", "Get-LabCheckpointPreview web01"])
def test_production_checkpoint_dialog_text_is_not_printed(line: str):
    """The dialog's words are Hyper-V Manager's, not PowerShell's output nor a console note."""
    _lab, s = _session()
    shown = s.run(line).text()
    assert text("hyperv.production_created") not in shown
    assert text("hyperv.production_created_body") not in shown


def test_quoted_lines_in_an_error_record_say_where_they_come_from():
    """Each distinct source of the record's Hyper-V or PowerShell lines is named once, with its URL."""
    lab, s = _session()
    s.run("Set-VM web01 -CheckpointType ProductionOnly; Disable-VMIntegrationService -VMName web01 -Name VSS")
    result = s.run("Checkpoint-VM web01")
    urls = [provenance_of(key).url for key in ("hyperv.checkpoint_failed", "hyperv.production_cannot_be_created_for")]
    for url in urls:
        assert sum(url in note for note in result.notes) == 1
    parse = s.run("Get-VM |")
    assert any(provenance_of("ps.parse.empty_pipe_element").url in note for note in parse.notes)


def test_a_missing_command_quotes_powershells_message_with_its_source():
    _lab, s = _session()
    result = s.run("Write-Host hello")
    quoted = text("ps.command_not_found", name="Write-Host")
    assert any(quoted in note for note in result.notes)
    assert any(provenance_of("ps.command_not_found").url in note for note in result.notes)


def test_console_notes_cite_rules_by_what_they_say():
    """hvlab's notes under a cmdlet name a rule by its title, once per input, then by its id
    ("rule B18"): never a bare "(B18)" a learner cannot resolve."""
    from hvlab.reference import ruling

    _lab, s = _session()
    s.run("Checkpoint-VM web01 -SnapshotName one")
    notes = s.run("Remove-VMCheckpoint -VMName web01 -Name one").notes
    joined = "\n".join(notes)
    assert "(B18)" not in joined
    assert joined.count(ruling("B18").title) == 1
    assert re.search(r"rule\sB18", joined)  # a no-break space keeps "rule B18" on one line


def test_start_vm_tells_what_the_boot_it_completes_did():
    """Start-VM lets the guest finish booting; what that boot did is told too: an old DC started
    after Apply comes back with USNs its partners already hold (USN rollback, B23)."""
    from hvlab import GuestProfile

    lab = Lab(seed=5)
    lab.new_vm("dc00", GuestProfile.old_domain_controller()).put_in_state(VMState.RUNNING)
    vm = lab.vm("dc00")
    vm.checkpoint("before")
    vm.change_directory("create user alice")
    vm.apply("before")
    notes = "\n".join(Session(lab).run("Start-VM dc00").notes)
    assert "USN" in notes and "B23" in notes
