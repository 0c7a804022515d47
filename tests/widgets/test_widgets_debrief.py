"""The review's scenario debriefs: data in both languages, one under every scenario of notebook 08,
folded away until the learner has chosen a prediction (a learner alone cannot open the trainer's
guide), and the prediction kept in the learner's record."""

from __future__ import annotations

import json
import runpy
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

pytest.importorskip("ipywidgets")

from hvlab.classroom import progress  # noqa: E402
from hvlab.course.debriefs import load_debriefs  # noqa: E402
from hvlab.widgets import ScenarioDebrief  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _raw(name: str) -> dict:
    return json.loads((resources.files("hvlab") / "data" / name).read_text(encoding="utf-8"))


def _nb08() -> dict[str, str]:
    return {cell_id: source for _, cell_id, source in runpy.run_path(str(ROOT / "notebooks" / "course" / "nb08.py"))["CELLS"]}


@pytest.mark.parametrize("name", ["debriefs.json", "debriefs.ja.json"])
def test_the_debriefs_validate_against_their_schema(name):
    jsonschema.Draft202012Validator(_raw("debriefs.schema.json")).validate(_raw(name))


def test_japanese_has_the_same_scenarios_predictions_and_answers_all_translated():
    english, japanese = load_debriefs("en"), load_debriefs("ja")
    assert [(d.id, d.rules, d.answer, [o for o, _ in d.options]) for d in english] == \
           [(d.id, d.rules, d.answer, [o for o, _ in d.options]) for d in japanese]
    for en, ja in zip(english, japanese):
        assert en.text != ja.text and all(a != b for (_, a), (_, b) in zip(en.options, ja.options)), en.id


def test_every_scenario_of_the_review_has_its_debrief_below_it():
    cells = _nb08()
    scenarios = sorted(c.removesuffix("-run") for c in cells if c.startswith("s") and c.endswith("-run"))
    assert [f"08-{s}" for s in scenarios] == [d.id for d in load_debriefs("en")]
    ids = list(cells)
    for s in scenarios:
        assert ids.index(f"{s}-debrief") == ids.index(f"{s}-run") + 1
        assert f'ScenarioDebrief("08-{s}")' in cells[f"{s}-debrief"]
    assert "trainer-guide" not in "".join(cells.values()), "a learner cannot open the trainer's guide from a notebook"


def test_the_debrief_stays_folded_until_a_prediction_is_chosen():
    view = ScenarioDebrief("08-s2")
    assert not view.revealed and view.body.value == ""
    assert view.reveal() is False and not view.revealed
    wrong = next(o for o, _ in view.item.options if o != view.item.answer)
    assert view.answer(wrong) is False
    assert view.revealed and "nothing is created" in view.body.value
    assert dict(view.item.options)[view.item.answer] in view.message.value


def test_the_prediction_is_kept_in_the_learners_record():
    view = ScenarioDebrief("08-s5")
    wrong = next(o for o, _ in view.item.options if o != view.item.answer)
    view.answer(wrong)
    view.answer(view.item.answer)
    entry = progress.load()["answers"]["08-s5"]
    assert entry["first_choice"] == wrong and entry["first_correct"] is False
    assert entry["choice"] == view.item.answer and entry["correct"] is True


def test_the_debrief_speaks_japanese_in_the_japanese_course():
    from hvlab import set_language

    set_language("ja")
    view = ScenarioDebrief("08-s3")
    view.answer(view.item.answer)
    assert "標準" in view.body.value and "解説" in view.fold.titles[0]
