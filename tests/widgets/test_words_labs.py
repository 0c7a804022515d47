"""What the labs say: rules by their titles, assumptions said once, outcomes that name the rule,
Undo that says what it undid, deletes that ask first."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from hvlab import CheckpointType, Lab, VMState  # noqa: E402
from hvlab.catalog import text  # noqa: E402
from hvlab.reference import provenance_of, ruling, source  # noqa: E402
from hvlab.widgets import CheckpointTypeExplorer, DiskChainLab  # noqa: E402
from hvlab.widgets.challenge import Challenge  # noqa: E402
from hvlab.widgets.controller import esc  # noqa: E402
from hvlab.widgets.self_check import SelfCheck  # noqa: E402


def standard_lab() -> DiskChainLab:
    lab = Lab(seed=0)
    lab.new_vm("web01", checkpoint_type=CheckpointType.STANDARD).put_in_state(VMState.RUNNING)
    return DiskChainLab(lab)


def test_explorer_checklist_shows_rule_titles_not_bare_ids():
    """Each check carries its rule's entry, folded, its title first: no bare <code>B7</code>."""
    explorer = CheckpointTypeExplorer()
    explorer.state.value = VMState.SAVED
    html = explorer.checklist.value
    assert "<code>B7</code>" not in html
    assert '<details class="hvlab-rule-entry" data-rule="B7">' in html and esc(ruling("B7").title) in html
    assert "because of B7" not in explorer.result.value and esc(ruling("B7").title) in explorer.result.value


def test_rule_entry_lists_sources_by_title_with_links():
    explorer = CheckpointTypeExplorer()
    html = explorer.checklist.value
    using = source("CHOOSE")
    assert f'href="{using.url}"' in html and esc(using.title) in html


def test_assumption_is_said_once_per_lab_then_only_marked():
    """Two standard checkpoints in a row: the assumption (B14) is explained once, folded; the
    second outcome only marks it."""
    lab = standard_lab()
    lab.checkpoint_button.click()
    first = lab.outcome.value
    lab.checkpoint_button.click()
    second = lab.outcome.value
    assert '<details class="hvlab-assumed" data-assumed="B14">' in first
    assert "hvlab-assumed-again" in second and '<details class="hvlab-assumed"' not in second
    assert "Microsoft does not document this" not in first + second


def test_fallback_outcome_names_the_rule_the_first_hint_asks_about():
    """Challenge 1's first hint asks which rule made it fall back: the outcome names it."""
    challenge = Challenge("production-linux")
    assert "which rule" in challenge.definition.hint(1)
    challenge.lab_widget.checkpoint_button.click()
    outcome = challenge.lab_widget.outcome.value
    failing = challenge.vm.last_result.preview.failing_rule
    assert failing is not None and f'data-rule="{failing}"' in outcome and esc(ruling(failing).title) in outcome


def test_challenge_lists_its_rules_by_title():
    challenge = Challenge("production-linux")
    assert "Reference points" not in challenge.goal.value
    assert esc(ruling("B4").title) in challenge.goal.value


def test_undo_says_what_it_undid():
    lab = standard_lab()
    lab.checkpoint_name.value = "x"
    lab.checkpoint_button.click()
    summary = lab.vm.last_result.summary
    lab.undo_button.click()
    assert esc(text("outcome.undone", what=summary)) in lab.outcome.value and "'x'" in summary


@pytest.mark.parametrize("button, operation", [("delete_button", "delete_checkpoint"), ("delete_subtree_button", "delete_checkpoint_subtree")])
def test_delete_asks_first_and_cancel_changes_nothing(button, operation):
    """Delete Checkpoint... and Delete Checkpoint Subtree... confirm, as Apply... does; the
    question is hvlab's wording and says so."""
    lab = standard_lab()
    lab.checkpoint_name.value = "x"
    lab.checkpoint_button.click()
    before = lab.lab.to_dict()
    getattr(lab, button).click()
    assert lab.apply_dialog.layout.display == "flex" and lab.lab.to_dict() == before
    assert lab.dialog_buttons.children == (lab.delete_confirm_button, lab.delete_cancel_button)
    assert esc(provenance_of("dialog.delete_title").note) in lab.apply_dialog_text.value
    lab.delete_cancel_button.click()
    assert lab.lab.to_dict() == before and lab.vm.checkpoints
    getattr(lab, button).click()
    lab.delete_confirm_button.click()
    assert not lab.vm.checkpoints and lab.vm.last_result.operation == operation


def test_apply_after_a_delete_question_shows_applys_own_buttons():
    lab = standard_lab()
    lab.checkpoint_button.click()
    lab.delete_button.click()
    lab.apply_button.click()
    assert lab.dialog_buttons.children == lab.apply_buttons


def test_event_log_cites_rules_by_title():
    lab = standard_lab()
    lab.checkpoint_name.value = "x"
    lab.checkpoint_button.click()
    lab.delete_button.click()
    lab.delete_confirm_button.click()
    assert "[B18]" not in lab.event_log.value and esc(ruling("B18").title) in lab.event_log.value


def test_self_check_explanations_show_source_titles():
    """An explanation citing (B6, VMVER) shows the rule's title and the page's title as a link,
    not the bare key."""
    from hvlab.course.questions import questions

    cited = next(q for t in ("01", "02", "03", "04", "05", "06", "07", "08") for q in questions(t)
                 if any("VMVER" in o.explanation for o in q.options))
    check = SelfCheck(cited.topic)
    check.answer(cited.id, cited.correct_option.id)
    feedback = check.panels[cited.id].feedback.value
    assert f'href="{source("VMVER").url}"' in feedback and esc(source("VMVER").title) in feedback
    assert "VMVER)" not in feedback
