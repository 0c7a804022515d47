"""Self-check widgets: predict, reveal, record, export."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("ipywidgets")

from hvlab.catalog import text  # noqa: E402
from hvlab.reference.citations import cite_html  # noqa: E402
from hvlab.widgets import SelfCheck, answers, clear_answers, export_answers  # noqa: E402
from hvlab.course.questions import TOPICS, questions  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_answers():
    clear_answers()
    yield
    clear_answers()


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_has_a_self_check(topic):
    """Topics 01–08 each get at least three questions as widgets."""
    check = SelfCheck(topic)
    assert len(check.panels) >= 3
    assert len(check.widget.children) == len(check.panels) + 1


def test_reveal_needs_a_prediction_first():
    """Predict, then reveal: no choice, no reveal and nothing recorded."""
    check = SelfCheck("01")
    panel = next(iter(check.panels.values()))
    panel.reveal_button.click()
    assert text("widget.selfcheck.predict_first") in panel.feedback.value
    assert answers() == {}


def test_reveal_explains_every_option_and_records_first_prediction():
    """Every option's explanation is shown; the first prediction is kept apart from a change
    of mind."""
    check = SelfCheck("04")
    question = questions("04")[0]
    wrong = next(o for o in question.options if not o.correct)
    right = question.correct_option
    assert check.answer(question.id, wrong.id) is False
    feedback = check.panels[question.id].feedback.value
    for option in question.options:
        assert cite_html(option.explanation) in feedback  # its rules shown by their titles
    assert text("widget.selfcheck.wrong") in feedback
    check.answer(question.id, right.id)
    record = answers()[question.id]
    assert record["first_choice"] == wrong.id and record["first_correct"] is False
    assert record["choice"] == right.id and record["correct"] is True and record["attempts"] == 2
    assert record["rules"] == list(question.rules)


def test_answers_returns_a_copy():
    """Changing the returned dict changes nothing recorded."""
    check = SelfCheck("02")
    q = questions("02")[0]
    check.answer(q.id, q.correct_option.id)
    copy = answers()
    copy[q.id]["correct"] = False
    assert answers()[q.id]["correct"] is True


def test_export_answers_json_for_the_trainer(tmp_path):
    """The export is JSON with a summary and every answer."""
    check = SelfCheck("07")
    for q in questions("07"):
        check.answer(q.id, q.correct_option.id)
    path = export_answers(tmp_path / "answers.json", learner="seat 4")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "hvlab-answers" and document["learner"] == "seat 4"
    assert document["summary"] == {"answered": len(questions("07")), "correct_first_try": len(questions("07"))}
    assert set(document["answers"]) == {q.id for q in questions("07")}


def test_assumed_questions_say_so():
    """A question whose answer follows an assumed ruling tells the learner (docs/reference.md)."""
    assumed = next(q for t in TOPICS for q in questions(t) if q.assumed)
    check = SelfCheck(assumed.topic)
    check.answer(assumed.id, assumed.correct_option.id)
    assert text("widget.selfcheck.assumed").replace("'", "&#x27;") in check.panels[assumed.id].feedback.value


def test_unknown_topic():
    """Only topics 01–09 have self-checks."""
    with pytest.raises(KeyError):
        SelfCheck("10")


def test_display_order_is_stable_and_varies_the_right_position():
    """Options are shown in a stable order of their own, so the right answer is not always
    in the same place (a learner cannot game the bank's layout)."""
    from hvlab.course.questions import load_bank
    from hvlab.widgets.self_check import display_order

    positions = {[o.id for o in display_order(q)].index(q.correct_option.id) for q in load_bank()}
    assert len(positions) >= 3
    q = load_bank()[0]
    assert display_order(q) == display_order(q)
    assert [o for _, o in SelfCheck(q.topic).panels[q.id].choice.options] == [o.id for o in display_order(q)]


# ---------------------------------------------------------------------- the learner's record
def test_the_export_holds_every_answer_of_every_notebook_not_only_this_kernels():
    """Answers given in other kernels (other notebooks, yesterday) are in the progress record;
    the export reads the record, so a kernel that answered two questions still exports them all."""
    from hvlab.classroom import progress

    earlier = questions("03")
    for q in earlier:  # notebook 03's kernel, gone since
        progress.record_answer(q.id, q.topic, True, True, choice=q.correct_option.id)
    check = SelfCheck("08")
    mine = questions("08")[:2]
    wrong = next(o for o in mine[0].options if not o.correct)
    check.answer(mine[0].id, wrong.id)
    check.answer(mine[0].id, mine[0].correct_option.id)
    check.answer(mine[1].id, mine[1].correct_option.id)
    assert len(answers()) == 2
    document = json.loads(export_answers(progress.progress_path().with_name("a.json")).read_text(encoding="utf-8"))
    assert set(document["answers"]) == {q.id for q in earlier} | {q.id for q in mine}
    assert document["summary"]["answered"] == len(earlier) + 2
    first = document["answers"][mine[0].id]
    assert first["first_choice"] == wrong.id and first["choice"] == mine[0].correct_option.id
    assert first["attempts"] == 2 and first["first_correct"] is False and first["correct"] is True
    assert first["correct_option"] == mine[0].correct_option.id and first["rules"] == list(mine[0].rules)


def test_nothing_is_written_before_there_is_something_to_write(tmp_path):
    """Run All on a fresh record shows the export and writes no file; asking for the file with no
    answer writes none either, and says so."""
    from hvlab.widgets import AnswerExport

    target = tmp_path / "my-answers.json"
    view = AnswerExport(target)
    assert not target.exists()
    assert export_answers(target) is None and not target.exists()
    assert view.write() is None and not target.exists()
    assert text("widget.export.nothing") in view.status.value


def test_the_name_is_asked_once_kept_and_offered_again(tmp_path):
    """The name is typed in the page, saved in the progress record, filled in by the next export
    widget (another kernel, another day) and written with the answers."""
    from hvlab.classroom import progress
    from hvlab.widgets import AnswerExport

    first = AnswerExport(tmp_path / "my-answers.json")
    assert first.name.value == ""
    first.name.value = "Aiko Sato"
    first.save_button.click()
    assert progress.learner() == "Aiko Sato"
    q = questions("05")[0]
    SelfCheck("05").answer(q.id, q.correct_option.id)
    again = AnswerExport(tmp_path / "my-answers.json")
    assert again.name.value == "Aiko Sato"
    again.write_button.click()
    document = json.loads((tmp_path / "my-answers.json").read_text(encoding="utf-8"))
    assert document["learner"] == "Aiko Sato" and set(document["answers"]) == {q.id}


def test_notebook_08_exports_through_the_widget_not_a_name_in_code():
    """The export cell shows the widget; no cell asks the learner to edit a name into code."""
    import runpy
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    cells = runpy.run_path(str(root / "notebooks" / "course" / "nb08.py"))["CELLS"]
    source = {cell_id: src for _, cell_id, src in cells}
    assert "AnswerExport(" in source["export"]
    assert "learner=" not in "".join(src for kind, _, src in cells if kind == "code")
