"""Challenges: goal states checked against the core model, through the challenge widget."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from hvlab import IntegrationService, VMState  # noqa: E402
from hvlab.catalog import text  # noqa: E402
from hvlab.widgets import Challenge, challenges  # noqa: E402
from hvlab.course.challenges import CHALLENGES  # noqa: E402


def test_at_least_five_challenges():
    """The course has goal-state challenges: at least five."""
    assert len(challenges()) >= 5
    assert challenges() == list(CHALLENGES)


@pytest.mark.parametrize("challenge_id", list(CHALLENGES))
def test_challenge_not_solved_at_start_and_solved_by_script(challenge_id):
    """Every challenge starts unsolved and its scripted core operations solve it."""
    challenge = Challenge(challenge_id)
    assert not challenge.solved
    assert "☐" in challenge.status.value
    definition = CHALLENGES[challenge_id]
    definition.solution(challenge.vm)
    assert challenge.solved


@pytest.mark.parametrize("challenge_id", list(CHALLENGES))
def test_challenge_texts_and_hints_exist(challenge_id):
    """Title, goal, every hint and every criterion have catalog text; hints come one at a time."""
    challenge = Challenge(challenge_id)
    d = challenge.definition
    assert d.title() and d.goal() and d.solution_text()
    for key in challenge.check():
        assert d.criterion(key)
    shown = [challenge.next_hint() for _ in range(d.hints)]
    assert all(shown) and challenge.next_hint() is None
    assert challenge.hint_button.disabled
    assert all(rule[0] in "AB" for rule in d.rules)


def test_solve_button_path_updates_status_and_undo_unsolves():
    """Solving through the widget updates the status at once; Undo takes it back."""
    challenge = Challenge("keep-notepad")
    challenge.solve()
    assert challenge.solved and text("widget.challenge.solved") in challenge.status.value
    challenge.lab_widget.undo_button.click()
    assert not challenge.solved and text("widget.challenge.not_yet") in challenge.status.value


def test_production_linux_by_clicks():
    """Clicking through the lab: enable "Backup (volume shadow copy)", start hv_vss_daemon,
    Checkpoint → production while running (B4, B5)."""
    challenge = Challenge("production-linux")
    lab = challenge.lab_widget
    lab.checkpoint_button.click()
    assert not challenge.solved, "the first checkpoint falls back to standard"
    lab.backup_service.value = True
    assert lab.vm.integration_services[IntegrationService.BACKUP]
    lab.requester.value = True
    lab.checkpoint_button.click()
    assert challenge.solved


def test_production_linux_off_vm_does_not_count():
    """A checkpoint of the VM turned off is labelled production under Production (B8) but is not
    a production checkpoint of the running VM."""
    challenge = Challenge("production-linux")
    challenge.lab_widget.power_buttons["turn_off"].click()
    challenge.lab_widget.checkpoint_button.click()
    assert not challenge.solved


def test_merge_middle_subtree_loses_step_3():
    """Delete Checkpoint Subtree takes 'step 3' too (B19): the goal is not met."""
    challenge = Challenge("merge-middle")
    challenge.lab_widget.select("step 2")
    challenge.lab_widget.delete_subtree_button.click()
    challenge.lab_widget.delete_confirm_button.click()
    assert challenge.check() == {"step2_gone": True, "others_intact": False}


def test_old_dc_normal_start_is_usn_rollback():
    """Applying and starting the old DC normally leads to USN rollback (A10, B23): unsolved."""
    challenge = Challenge("old-dc-dsrm")
    lab = challenge.lab_widget
    lab.select("before-changes")
    lab.apply_button.click()
    lab.apply_only_button.click()
    lab.power_buttons["start"].click()
    lab.power_buttons["complete_boot"].click()
    assert lab.vm.state is VMState.RUNNING
    assert not challenge.check()["healthy"]
    assert not challenge.solved


def test_old_dc_dsrm_by_clicks():
    """Apply, then Restore in DSRM before the first normal start (A11, B23)."""
    challenge = Challenge("old-dc-dsrm")
    lab = challenge.lab_widget
    lab.select("before-changes")
    lab.apply_button.click()
    lab.apply_only_button.click()
    lab.dc_buttons["restore_directory_in_dsrm"].click()
    assert challenge.solved


def test_unknown_challenge_names_the_known_ones():
    """A wrong id is a KeyError that lists the ids."""
    with pytest.raises(KeyError, match="production-linux"):
        Challenge("no-such-thing")
