"""``-Verbose`` on the checkpoint cmdlets prints the steps the operation recorded as it ran,
one ``VERBOSE:`` line each, in hvlab's words (and a note says they are hvlab's, not Hyper-V's)."""

from __future__ import annotations

from hvlab import GuestProfile, Lab, VMState, set_language
from hvlab.catalog import text
from hvlab.powershell import Session


def session_with_vm() -> tuple[Session, Lab]:
    lab = Lab(seed=5)
    lab.new_vm("web01", GuestProfile.windows()).put_in_state(VMState.RUNNING)
    return Session(lab), lab


def verbose_lines(output: str) -> list[str]:
    return [line[len("VERBOSE: "):] for line in output.splitlines() if line.startswith("VERBOSE: ")]


def test_checkpoint_vm_verbose_prints_each_recorded_step_and_says_whose_words_they_are():
    session, lab = session_with_vm()
    result = session.run("Checkpoint-VM -Name web01 -SnapshotName before -Verbose")
    steps = lab.vm("web01").last_result.steps
    assert verbose_lines(result.output) == [s.text for s in steps] and len(steps) == 4
    assert text("step.verbose_note") in result.notes


def test_without_verbose_no_verbose_lines():
    session, _ = session_with_vm()
    result = session.run("Checkpoint-VM -Name web01 -SnapshotName before")
    assert not verbose_lines(result.output) and text("step.verbose_note") not in result.notes


def test_restore_and_remove_print_their_steps():
    session, lab = session_with_vm()
    session.run("Checkpoint-VM -Name web01 -SnapshotName a")
    session.run("Checkpoint-VM -Name web01 -SnapshotName b")
    restored = session.run("Restore-VMCheckpoint -VMName web01 -Name a -Confirm:$false -Verbose")
    assert verbose_lines(restored.output) == [s.text for s in lab.vm("web01").last_result.steps]
    assert verbose_lines(restored.output)[0].startswith("Hyper-V turns the VM off")
    removed = session.run("Remove-VMCheckpoint -VMName web01 -Name b -Verbose")
    assert verbose_lines(removed.output) == [s.text for s in lab.vm("web01").last_result.steps]
    assert removed.notes.count(text("step.verbose_note")) == 1


def test_verbose_lines_in_japanese():
    set_language("ja")
    session, _ = session_with_vm()
    lines = verbose_lines(session.run("Checkpoint-VM -Name web01 -Verbose").output)
    assert lines and "フリーズ" in lines[0]


def test_start_vm_verbose_plays_an_old_dcs_first_boot_after_apply():
    lab = Lab(seed=5)
    dc = lab.new_vm("dc08", GuestProfile.old_domain_controller())
    dc.put_in_state(VMState.RUNNING)
    dc.checkpoint("good")
    dc.change_directory()
    dc.apply("good")
    result = Session(lab).run("Start-VM -Name dc08 -Verbose")
    lines = verbose_lines(result.output)
    assert lines == [s.text for s in dc.last_result.steps] and "USN rollback" in lines[-1]
