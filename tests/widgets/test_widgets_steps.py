"""The step view (hvlab.widgets.step_view): Next, Back, Restart and Play move through the frames
the operation recorded; the last frame is the operation's result; "what happens next?" asks
before a step; the lab panel plays the lab's last operation, drawn only while open."""

from __future__ import annotations

import html

import pytest

pytest.importorskip("ipywidgets")

from hvlab import GuestProfile, Lab, VMState, set_language  # noqa: E402
from hvlab.diagrams import Highlight  # noqa: E402
from hvlab.diagrams.steps import StepFrames  # noqa: E402
from hvlab.vm.steps import StepKind, lab_state  # noqa: E402
from hvlab.widgets.step_view import StepPanel, StepView, choices_for  # noqa: E402


@pytest.fixture
def applied():
    lab = Lab(seed=4)
    vm = lab.new_vm("web01", GuestProfile.windows())
    vm.put_in_state(VMState.RUNNING)
    vm.checkpoint("a")
    vm.write_file("C:\\x.txt", "x")
    return lab, vm, vm.apply("a")


def test_next_back_restart_move_through_the_frames(applied):
    _, _, result = applied
    view = StepView(result, play_delay=0)
    assert view.index == 0 and view.back_button.disabled and not view.next_button.disabled
    first = view.image.value
    assert view.next() and view.index == 1 and view.step is result.steps[0]
    assert view.image.value != first and html.escape(result.steps[0].text) in view.sentence.value
    assert "B13" in view.rule.value and "Using checkpoints" in view.rule.value
    view.next()
    view.back()
    assert view.index == 1 and view.image.value == view.drawings[1].png
    view.restart()
    assert view.index == 0 and view.image.value == first
    view.play()
    assert view.index == len(result.steps) and view.next_button.disabled and not view.next()


def test_the_last_frame_is_the_operations_result(applied):
    lab, vm, result = applied
    frames = StepFrames(result)
    assert len(frames) == len(result.steps) + 1
    last = frames.vm(len(frames) - 1)
    assert last.to_dict() | {"events": []} == vm.to_dict() | {"events": []}
    assert result.steps[-1].state == lab_state(lab.to_dict())
    # The frame of the step that deleted the old Now disk marks it as discarded.
    gone = result.steps[-1].disk_operations[0].disk_id
    assert f"before:{gone}" in {b.key for b in frames.layout(len(frames) - 1).boxes if b.highlight is not None}
    # Between Apply's steps the old Now disk belongs to nobody and has no child: not a shared parent.
    box = next(b for b in frames.layout(len(frames) - 1).boxes if b.key == f"before:{gone}")
    assert box.role.value == "checkpoint_disk" and box.lines[-1].text == "no checkpoint, and not Now any more"


def test_what_happens_next_asks_before_each_step(applied):
    _, _, result = applied
    view = StepView(result, ask=True, play_delay=0)
    assert not view.next() and view.index == 0 and view.question.children
    kinds = choices_for(result.steps, 0)
    assert 2 <= len(kinds) <= 3 and result.steps[0].kind in kinds and len(set(kinds)) == len(kinds)
    wrong = next(k for k in kinds if k is not result.steps[0].kind)
    view.answer(wrong)
    assert view.index == 1 and "Not this time" in view.feedback.value
    view.next()
    view.answer(result.steps[1].kind)
    assert view.index == 2 and view.feedback.value == "Right."


def test_the_right_answer_does_not_always_sit_in_the_same_place(applied):
    _, _, result = applied
    places = {choices_for(result.steps, i).index(s.kind) for i, s in enumerate(result.steps)}
    assert len(places) > 1


def test_an_operation_without_steps_says_so():
    lab = Lab(seed=1)
    vm = lab.new_vm("web01")
    view = StepView(vm.start())
    assert "no steps" in view.heading.value and view.next_button.disabled and not view.image.value


def test_japanese_buttons_and_sentences(applied):
    set_language("ja")
    lab = Lab(seed=4)
    vm = lab.new_vm("web01", GuestProfile.windows())
    vm.put_in_state(VMState.RUNNING)
    view = StepView(vm.checkpoint("j"), play_delay=0)
    assert view.next_button.description == "次へ" and view.restart_button.description == "最初から"
    view.next()
    assert "フリーズ" in view.sentence.value and "ルール:" in view.rule.value


def test_the_dc_notebooks_view_plays_the_rollback():
    lab = Lab(seed=2)
    vm = lab.new_vm("dc01", GuestProfile.old_domain_controller())
    vm.put_in_state(VMState.RUNNING)
    vm.checkpoint("good")
    vm.change_directory()
    vm.apply("good")
    vm.start()
    view = StepView(vm.complete_boot(), play_delay=0)
    view.play()
    assert view.step.kind is StepKind.DC_USN_ROLLBACK and "B23" in view.rule.value
    # A DC's step changes its directory, not a disk file: its frame shows the directory and the
    # partners, the side that changed marked.
    first = view.frames.layout(1)
    assert first.kind == "directory" and set(first.highlights[Highlight.CURRENT]) == {"directory"}
    assert "USN 0" in first.describe() and "USN 1" in first.describe()


class _Controller:
    """What the panel needs of a lab: its last result and a change callback."""

    def __init__(self):
        self.last_result = None
        self.listeners = []

    def on_change(self, callback):
        self.listeners.append(callback)

    def changed(self, result):
        self.last_result = result
        for callback in self.listeners:
            callback(self)


def test_the_lab_panel_draws_only_while_open(applied):
    _, vm, result = applied
    controller = _Controller()
    panel = StepPanel(controller)
    controller.changed(result)
    assert panel.view.result is None  # folded: nothing drawn
    panel.widget.selected_index = 0
    assert panel.view.result is result and panel.view.image.value
    again = vm.checkpoint("b")
    controller.changed(again)
    assert panel.view.result is again and panel.view.index == 0


def test_opening_the_panel_draws_the_first_steps_frame_ahead_and_a_click_does_not(applied):
    """Opened, the panel shows the operation's first frame and draws the next one ahead (its
    Next comes next); a lab's click with the panel open draws one picture, not two."""
    _, vm, result = applied
    controller = _Controller()
    panel = StepPanel(controller)
    controller.changed(result)
    panel.widget.selected_index = 0
    assert set(panel.view.drawings) == {0, 1}
    controller.changed(vm.checkpoint("b"))
    assert set(panel.view.drawings) == {0}


def test_the_disk_chain_lab_has_the_panel():
    from hvlab.widgets import DiskChainLab

    lab = DiskChainLab()
    assert lab.step_panel.widget in lab.widget.children
    lab.step_panel.widget.selected_index = 0
    lab.take_checkpoint()
    assert lab.step_panel.view.result is lab.last_result and lab.last_result.steps
    view = lab.step_panel.view
    view.play()
    assert view.frames.vm(view.index).to_dict() | {"events": []} == lab.vm.to_dict() | {"events": []}


def test_the_apply_comparison_has_the_panel():
    from hvlab.widgets import ApplyComparison

    compare = ApplyComparison()
    compare.step_panel.widget.selected_index = 0
    compare.step("standard", "apply")
    view = compare.step_panel.view
    assert view.result is compare.last_result and view.result.steps[0].kind is StepKind.VM_SAVED

