"""Malformed or refused lines: each gives a clear error record and changes nothing.

Rule: unknown cmdlets, unknown parameters, missing mandatory parameters, bad enum
values, unknown VM or checkpoint names, syntax errors and refused operations are answered the
way PowerShell would — with PowerShell's own message text, from the catalog — and the lab is
left exactly as it was (``lab.to_dict()`` unchanged, variables too).
"""

from __future__ import annotations

import re

import pytest

from hvlab import Lab, VMState
from hvlab.catalog import text
from hvlab.powershell import Session


def _session() -> tuple[Lab, Session]:
    lab = Lab(seed=11)
    vm = lab.new_vm("web01")
    vm.put_in_state(VMState.RUNNING)
    vm.checkpoint("before-update")
    vm.checkpoint("after-update")
    lab.new_vm("db01")
    session = Session(lab)
    session.run("$cp = Get-VMSnapshot -VMName web01 -Name before-update")
    return lab, session


def _pattern(key: str) -> str:
    """A catalog template as a regex: placeholders match anything."""
    template = text(key)
    parts = re.split(r"\{[a-z_]+\}", template)
    return ".*".join(re.escape(p) for p in parts)


# (line, catalog key of the message the error must carry)
BAD_LINES = [
    # commands the console does not have (hvlab's sentence: a real host may have them)
    ("Get-VMM", "ps.construct.command"),
    ("Checkpoint-VMs -Name web01", "ps.construct.command"),
    ("Restore-VMCheckpoints -VMName web01 -Name before-update", "ps.construct.command"),
    ("checkpoint web01", "ps.construct.command"),
    ("Get-VM web01 | Stop-Computer", "ps.construct.command"),
    ("Invoke-Expression 'Get-VM'", "ps.construct.command"),
    # unknown or ambiguous parameters
    ("Get-VM -Nme web01", "ps.bind.named_parameter_not_found"),
    ("Checkpoint-VM -Name web01 -CheckpointNames x", "ps.bind.named_parameter_not_found"),
    ("Stop-VM -Name web01 -Shutdown", "ps.bind.named_parameter_not_found"),
    ("Restore-VMSnapshot -VMName web01 -Name before-update -Force", "ps.bind.named_parameter_not_found"),
    ("Remove-VMSnapshot -VMName web01 -Name before-update -Recurse", "ps.bind.named_parameter_not_found"),
    ("Set-VM -Name web01 -CheckpointKind Standard", "ps.bind.named_parameter_not_found"),
    ("Rename-VMSnapshot -VMName web01 -Name before-update -N x", "ps.bind.ambiguous_parameter"),
    ("Set-VM -Name web01 -Auto $true", "ps.bind.ambiguous_parameter"),
    # missing mandatory parameters or arguments
    ("Checkpoint-VM", "ps.bind.missing_mandatory"),
    ("Restore-VMSnapshot -Name before-update", "ps.bind.missing_mandatory"),
    ("Rename-VMSnapshot -VMName web01 -Name before-update", "ps.bind.missing_mandatory"),
    ("Export-VMSnapshot -Name before-update -VMName web01", "ps.bind.missing_mandatory"),
    ("Enable-VMIntegrationService -VMName web01", "ps.bind.missing_mandatory"),
    ("Remove-VMSnapshot", "ps.bind.missing_mandatory"),
    ("Checkpoint-VM -Name", "ps.bind.missing_argument"),
    ("Set-VM -Name web01 -CheckpointType", "ps.bind.missing_argument"),
    ("Checkpoint-VM -Name web01 -SnapshotName:", "ps.bind.missing_argument"),
    ("Checkpoint-VM -Name $nothing", "ps.bind.null_argument"),
    ("Checkpoint-VM -Name ''", "ps.bind.empty_string"),
    # bad enum values and types
    ("Set-VM -Name web01 -CheckpointType Foo", "ps.bind.cannot_convert"),
    ("Set-VM -Name web01 -CheckpointType Prod", "ps.bind.cannot_convert"),
    ("Set-VM -Name web01 -CheckpointType 'Production Only'", "ps.bind.cannot_convert"),
    ("Get-VMSnapshot -VMName web01 -SnapshotType Production", "ps.bind.cannot_convert"),
    ("Set-VM -Name web01 -AutomaticCheckpointsEnabled yes", "ps.bind.transformation"),
    ("Set-VM -Name web01 -AutomaticCheckpointsEnabled 'true'", "ps.bind.transformation"),
    ("New-VM -Name x -MemoryStartupBytes lots", "ps.bind.cannot_convert"),
    ("New-VM -Name x -Generation 3", "ps.bind.validate_set"),
    ("Get-VM -Id not-a-guid", "ps.bind.cannot_convert"),
    ("Restore-VMSnapshot -VMSnapshot web01", "ps.bind.cannot_convert_object"),
    ("Stop-VM -VM web01", "ps.bind.cannot_convert_object"),
    ("New-VM -Name x -Version banana", "ps.bind.cannot_convert"),
    # duplicates, extra positionals, parameter sets, pipeline input
    ("Checkpoint-VM -Name web01 -Name db01", "ps.bind.already_bound"),
    ("Checkpoint-VM -Name web01 -VMName db01", "ps.bind.already_bound"),
    ("Checkpoint-VM web01 one two", "ps.bind.positional_not_found"),
    ("Get-VM web01 db01", "ps.bind.positional_not_found"),
    ("Restore-VMSnapshot -VMName web01 -VMSnapshot $cp", "ps.bind.ambiguous_parameter_set"),
    ("Get-VM -Name web01 -Id 58AF4E4C-D0D8-4D7A-B2C1-41F62DD5004E", "ps.bind.ambiguous_parameter_set"),
    ("Get-VMSnapshot -VMName web01 | Start-VM", "ps.bind.input_not_bound"),
    ("Get-VMIntegrationService -VMName web01 | Checkpoint-VM", "ps.bind.input_not_bound"),
    # unknown VM or checkpoint names
    ("Get-VM nosuchvm", "hyperv.vm_not_found"),
    ("Checkpoint-VM -Name nosuchvm", "hyperv.vm_not_found"),
    ("Start-VM -Name nosuchvm", "hyperv.vm_not_found"),
    ("Get-VMSnapshot -VMName web01 -Name nosuchcp", "error.checkpoint_not_found"),
    ("Restore-VMCheckpoint -VMName web01 -Name nosuchcp -Confirm:$false", "error.checkpoint_not_found"),
    ("Remove-VMCheckpoint -VMName web01 -Name nosuchcp", "error.checkpoint_not_found"),
    ("Rename-VMCheckpoint -VMName web01 -Name nosuchcp -NewName x", "error.checkpoint_not_found"),
    ("Disable-VMIntegrationService -VMName web01 -Name Backup", "error.bad_integration_service"),
    ("Get-VHD -Path C:\\nowhere\\none.vhdx", "ps.hvlab.no_such_vhd"),
    # syntax errors
    ("Get-VM 'web01", "ps.parse.string_unterminated"),
    ('Checkpoint-VM -Name "web01', "ps.parse.string_unterminated"),
    ("Get-VM | ", "ps.parse.empty_pipe_element"),
    ("| Get-VM", "ps.parse.empty_pipe_element"),
    ("Get-VM || Start-VM", "ps.parse.empty_pipe_element"),
    ("Get-VM | Where-Object {$_.State -eq 'Running'", "ps.parse.missing_close_brace"),
    ("Get-VM (Get-VM", "ps.parse.missing_close_paren"),
    ("Get-VM ()", "ps.parse.missing_in_parens"),
    ("Get-VM web01,", "ps.parse.missing_after_comma"),
    ("Get-VM | Where-Object {$_.State -eq}", "ps.parse.missing_after_operator"),
    ("Get-VM | 'web01'", "ps.parse.expressions_first_only"),
    ("Get-VM }", "ps.parse.unexpected_token"),
    ("$vm. = 1", "ps.parse.missing_property_name"),
    ("(Get-Date).AddDays(-90)", "ps.construct.method"),
    # refused operations (core rules)
    ("Resume-VM -Name web01", "error.invalid_state"),
    ("Save-VM -Name db01", "error.invalid_state"),
    ("Rename-VMCheckpoint -VMName web01 -Name before-update -NewName ' '", "error.name_blank"),
    ("Set-VM -Name web01 -SnapshotFileLocation D:\\Checkpoints", "error.location_has_checkpoints"),
    ("Set-VM -Name web01 -ProcessorCount 4", "ps.hvlab.set_vm_not_simulated"),
    ("Get-VM -ComputerName Server9", "ps.hvlab.one_host"),
    ("Checkpoint-VM -Name web01 -AsJob", "ps.hvlab.no_jobs"),
    ("Stop-VM -Name web01 -TurnOff -Save", "ps.hvlab.turnoff_and_save"),
    ("New-VM -Name web01", "error.vm_exists"),
    ("New-VM -Name x -NoVHD", "ps.hvlab.no_vhd"),
    ("Set-LabGuest -VMName web01 -Role Exchange", "ps.hvlab.bad_role"),
]


def test_the_bad_input_suite_is_large_enough():
    """At least 50 malformed lines are tried."""
    assert len(BAD_LINES) >= 50


@pytest.mark.parametrize("line, key", BAD_LINES)
def test_bad_line_gives_clear_error_and_changes_nothing(line: str, key: str):
    """Each bad line produces one error record with the expected message; the lab is unchanged."""
    lab, session = _session()
    before = lab.to_dict()
    variables = dict(session.variables)
    result = session.run(line)
    assert result.errors, f"no error for {line!r}: {result.text()}"
    assert re.search(_pattern(key), "\n".join(result.errors), re.S), result.text()
    assert lab.to_dict() == before
    assert session.variables.keys() == variables.keys()
    assert not result.changed


def test_productiononly_refusal_prints_hyperv_lines_first():
    """A refused checkpoint reads ``Checkpoint-VM : Checkpoint operation failed.`` then the
    published lines (B2, B7), and changes nothing."""
    lab, session = _session()
    session.run("Set-VM -Name web01 -CheckpointType ProductionOnly")
    session.run("Disable-VMIntegrationService -VMName web01 -Name VSS")
    before = lab.to_dict()
    result = session.run("Checkpoint-VM -Name web01 -SnapshotName refused")
    vm = lab.vm("web01")
    lines = result.errors[0].splitlines()
    assert lines[0] == "Checkpoint-VM : " + text("hyperv.checkpoint_failed")
    assert lines[1] == text("hyperv.production_cannot_be_created_for", vm=vm.name, vm_id=vm.id)
    assert lines[2] == text("hyperv.operation_failed_for", vm=vm.name, vm_id=vm.id)
    assert lab.to_dict() == before


def test_disabled_checkpoints_refusal_uses_reference_lines():
    """Checkpoints disabled: the four published lines (B2), nothing created."""
    lab, session = _session()
    session.run("Set-VM -Name db01 -CheckpointType Disabled")
    before = lab.to_dict()
    result = session.run("Checkpoint-VM -Name db01")
    vm = lab.vm("db01")
    lines = result.errors[0].splitlines()
    assert lines[:4] == [
        "Checkpoint-VM : " + text("hyperv.checkpoint_failed"),
        text("hyperv.disabled"),
        text("hyperv.operation_failed_for", vm=vm.name, vm_id=vm.id),
        text("hyperv.disabled_for", vm=vm.name, vm_id=vm.id),
    ]
    assert lab.to_dict() == before


def test_undocumented_hyperv_wording_is_marked_as_hvlabs():
    """Where Hyper-V's message is neither documented nor observed, the line says the wording is hvlab's."""
    _lab, session = _session()
    result = session.run("Resume-VM -Name web01")
    assert text("ps.hvlab_wording") in result.errors[0]
