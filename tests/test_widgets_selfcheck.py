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
    """Only topics 01–08 have self-checks."""
    with pytest.raises(KeyError):
        SelfCheck("09")


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
