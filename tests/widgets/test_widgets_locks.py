"""The Challenge honours its scenario's locks (docs/scenarios.md, ``[locks]``), with the shipped
scenarios that have them: the kind column (resume-with-notepad), the file names
(delete-test-branch), the "why" (modern-dc). What the learner sees of the lab's pictures (the
picture's text and hover words), of a selected checkpoint and of a clicked disk says none of
what is locked; an unlocked scenario still shows it all. No browser: the widgets' values."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("ipywidgets")

from hvlab.catalog import text  # noqa: E402
from hvlab.widgets import Challenge  # noqa: E402

FILE_NAME = re.compile(r"\w\.(a?vhdx|vmcx|vmrs)\b", re.IGNORECASE)


def _pictures(challenge: Challenge) -> str:
    """Every word of the lab's tree and chain a learner (or a screen reader) gets: each
    picture's accessible name and description, its hover regions and their text versions."""
    lab = challenge.lab_widget
    lab.checkpoint_menu.draw(lab.vm)  # both pictures, the hidden tab's too
    parts = []
    for kind, picture in lab.checkpoint_menu.pictures.items():
        parts += [picture.label, picture.description, lab.checkpoint_menu.descriptions[kind].value]
        parts += [region["name"] + " " + " ".join(region["details"]) for region in picture.regions]
    return "\n".join(parts)


def _kind_words() -> list[str]:
    return [text("diagram.kind.production"), text("diagram.legend.checkpoint_production"), text("diagram.tree.col_kind")]


def test_the_kind_column_locked_shows_no_kind_anywhere_in_the_lab():
    challenge = Challenge("resume-with-notepad", seed=4)
    lab = challenge.lab_widget
    words = _pictures(challenge)
    lab.select("closed")  # a production checkpoint (the VM was running with the Production setting)
    lab.refresh()
    lab.checkpoint_menu.settings(lab.selected.value)
    words += lab.guest_view.value + lab.outcome.value
    for word in _kind_words():
        assert word not in words
    assert text("widget.lab.cp_kind_locked", state=lab.vm.checkpoints[lab.selected.value].vm_state.label) in lab.guest_view.value
    # its set-up's event lines name the kinds: the lab's log starts where the scenario does
    assert "closed" not in lab.event_log.value
    for act in (lab.take_checkpoint, lambda: lab.answer_apply(create_checkpoint=False)):
        assert act()  # the learner's own checkpoint and Apply: their outcome names no kind either
        words = lab.outcome.value + lab.before_after_caption.value + re.sub(r"<small class=\"hvlab-cite\">.*?</small>", "", lab.event_log.value)  # rule titles: not yet
        assert text("diagram.kind.production") not in words and text("diagram.kind.standard") not in words


def test_the_file_names_locked_show_no_file_name_anywhere_in_the_lab():
    challenge = Challenge("delete-test-branch", seed=4)
    lab = challenge.lab_widget
    words = _pictures(challenge)
    assert text("diagram.hidden.disk_file", number="1") in words
    lab.checkpoint_menu.inspect(lab.vm.active_disk_ids[0])  # a click on the Now disk
    words += lab.outcome.value
    lab.checkpoint_menu.settings(next(iter(lab.vm.checkpoints)))
    words += lab.outcome.value + lab.event_log.value
    assert not FILE_NAME.search(words), FILE_NAME.search(words)
    lab.select("test-1")
    assert lab.answer_apply(create_checkpoint=False)  # new AVHDXs: the outcome and the log say so without names
    words = _pictures(challenge) + lab.outcome.value + lab.before_after_caption.value + lab.event_log.value
    assert not FILE_NAME.search(words), FILE_NAME.search(words)


def test_the_why_locked_hides_the_explanation_and_the_steps():
    challenge = Challenge("modern-dc", seed=4)
    lab = challenge.lab_widget
    assert lab.step_panel.widget.layout.display == "none"
    for locked in ("resume-with-notepad", "delete-test-branch"):  # the steps name the kinds and the files
        assert Challenge(locked, seed=4).lab_widget.step_panel.widget.layout.display == "none"
    lab.select("before-changes")
    assert lab.answer_apply(create_checkpoint=False)
    assert text("widget.lab.why_locked") in lab.outcome.value
    assert text("note.dc_apply_modern") not in lab.outcome.value


def test_a_scenario_without_locks_shows_the_kinds_and_the_files():
    challenge = Challenge("delete-test-branch", seed=4)
    assert text("diagram.kind.production") in _pictures(challenge)  # only file names are locked there
    unlocked = Challenge(next(iter(_unlocked_ids())), seed=4)
    words = _pictures(unlocked)
    assert FILE_NAME.search(words) and unlocked.lab_widget.step_panel.widget.layout.display != "none"


def _unlocked_ids() -> list[str]:
    from hvlab.course.scenario import list_scenarios

    return [s.id for s in list_scenarios() if not any(vars(s.locks).values())]
