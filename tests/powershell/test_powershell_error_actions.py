"""A line runs statement by statement, as PowerShell runs it.

Rules (about_CommonParameters, about_Preference_Variables, PowerShell 5.1): a non-terminating
error stops only its own cmdlet call and earlier statements keep their effect; a
statement-terminating error (a binding error) stops its statement; ``-ErrorAction Stop`` and
``$ErrorActionPreference = 'Stop'`` stop the rest of the line; ``SilentlyContinue`` hides a
non-terminating error. Each refused cmdlet call changes nothing itself. ``Undo-LabOperation``
undoes one whole line.
"""

from __future__ import annotations

from hvlab import Lab, VMState
from hvlab.powershell import Session


def _session() -> tuple[Lab, Session]:
    lab = Lab(seed=21)
    lab.new_vm("b")
    lab.new_vm("c")
    return lab, Session(lab)


def test_earlier_statements_keep_their_effect_when_a_later_one_fails():
    """``Start-VM b; Checkpoint-VM b; Stop-VM nope``: b runs and has its checkpoint; one error."""
    lab, s = _session()
    result = s.run("Start-VM b; Checkpoint-VM b; Stop-VM nope")
    assert lab.vm("b").state is VMState.RUNNING
    assert len(lab.vm("b").checkpoints) == 1
    assert len(result.errors) == 1 and result.errors[0].startswith("Stop-VM")
    assert result.changed


def test_a_non_terminating_error_stops_only_its_own_pipeline_object():
    """``Get-VM | Save-VM`` with one running and one Off VM saves the running one, refuses the other."""
    lab, s = _session()
    s.run("Start-VM b")
    result = s.run("Get-VM | Save-VM")
    assert lab.vm("b").state is VMState.SAVED
    assert lab.vm("c").state is VMState.OFF
    assert len(result.errors) == 1


def test_statements_after_a_non_terminating_error_still_run():
    lab, s = _session()
    result = s.run("Stop-VM nope; Start-VM b")
    assert result.errors and lab.vm("b").state is VMState.RUNNING


def test_erroraction_stop_stops_the_rest_of_the_line():
    """``-ErrorAction Stop`` escalates the error: the next statement does not run."""
    lab, s = _session()
    result = s.run("Start-VM c; Stop-VM nope -ErrorAction Stop; Start-VM b")
    assert len(result.errors) == 1
    assert lab.vm("b").state is VMState.OFF
    assert lab.vm("c").state is VMState.RUNNING  # before the error: kept


def test_erroraction_silentlycontinue_hides_the_error():
    lab, s = _session()
    result = s.run("Stop-VM nope -ErrorAction SilentlyContinue; Start-VM b")
    assert result.errors == [] and lab.vm("b").state is VMState.RUNNING


def test_erroraction_does_not_affect_a_binding_error():
    """Binding errors are statement-terminating: -ErrorAction SilentlyContinue does not hide them."""
    lab, s = _session()
    result = s.run("Start-VM b -Bogus -ErrorAction SilentlyContinue; Start-VM c")
    assert len(result.errors) == 1 and "Bogus" in result.errors[0]
    assert lab.vm("b").state is VMState.OFF and lab.vm("c").state is VMState.RUNNING


def test_erroractionpreference_stop_applies_to_later_lines():
    lab, s = _session()
    s.run("$ErrorActionPreference = 'Stop'")
    result = s.run("Stop-VM nope; Start-VM b")
    assert result.errors and lab.vm("b").state is VMState.OFF
    s.run("$ErrorActionPreference = 'SilentlyContinue'")
    result = s.run("Stop-VM nope; Start-VM b")
    assert result.errors == [] and lab.vm("b").state is VMState.RUNNING


def test_erroractionpreference_stop_escalates_a_binding_error_too():
    """The preference variable applies to statement-terminating errors as well."""
    lab, s = _session()
    result = s.run("$ErrorActionPreference = 'Stop'; Start-VM b -Bogus; Start-VM c")
    assert len(result.errors) == 1 and lab.vm("c").state is VMState.OFF


def test_a_refused_cmdlet_changes_nothing_itself():
    """Start-VM then boot completion is one call: refused on a running VM, the lab is as before."""
    lab, s = _session()
    s.run("Start-VM b")
    before = lab.to_dict()
    result = s.run("Resume-VM b")
    assert result.errors and lab.to_dict() == before and not result.changed


def test_variables_set_before_an_error_are_kept():
    _lab, s = _session()
    s.run("$x = 'b'; Stop-VM nope")
    assert s.variables["x"] == "b"


def test_undo_undoes_the_whole_last_line_that_changed_the_lab():
    """The part of a line that ran before an error is undone together, in one Undo-LabOperation."""
    lab, s = _session()
    before = lab.to_dict()
    s.run("Start-VM b; Checkpoint-VM b; Stop-VM nope")
    s.run("Get-VM")  # reading lines are not steps
    s.run("Undo-LabOperation")
    assert lab.to_dict() == before


def test_undo_after_a_click_elsewhere_undoes_that_click_only():
    """If the lab changed outside the console since its last line, Undo-LabOperation undoes that operation."""
    lab, s = _session()
    s.run("Start-VM b; Checkpoint-VM b")
    after_line = lab.to_dict()
    lab.vm("c").start()  # a lab panel's click
    s.run("Undo-LabOperation")
    assert lab.to_dict() == after_line


def test_undo_must_be_on_a_line_of_its_own():
    lab, s = _session()
    s.run("Start-VM b")
    result = s.run("Start-VM c; Undo-LabOperation")
    assert result.errors and lab.vm("b").state is VMState.RUNNING and lab.vm("c").state is VMState.RUNNING


def test_a_confirm_prompt_in_mid_line_replays_the_line_once():
    """A prompt after a changing statement: nothing stays done while it waits; the answer runs the line once."""
    lab, s = _session()
    s.run("Checkpoint-VM b first")
    before = lab.to_dict()
    result = s.run("Checkpoint-VM b second; Restore-VMCheckpoint -VMName b -Name first")
    assert result.prompt and lab.to_dict() == before
    s.run("Y")
    assert sorted(c.name for c in lab.vm("b").checkpoints.values()) == ["first", "second"]


def test_two_undos_go_back_two_lines():
    lab, s = _session()
    start = lab.to_dict()
    s.run("Start-VM b; Checkpoint-VM b")
    middle = lab.to_dict()
    s.run("Start-VM c; Checkpoint-VM c")
    s.run("Undo-LabOperation")
    assert lab.to_dict() == middle
    s.run("Undo-LabOperation")
    assert lab.to_dict() == start


def test_the_note_says_earlier_statements_kept_only_when_some_did_something():
    from hvlab.catalog import text

    _lab, s = _session()
    alone = s.run("Stop-VM nope")
    assert text("ps.note.cmdlet_changed_nothing", command="Stop-VM") in alone.notes
    assert text("ps.note.earlier_kept") not in alone.notes
    after = s.run("Start-VM b; Stop-VM nope")
    assert text("ps.note.earlier_kept") in after.notes
