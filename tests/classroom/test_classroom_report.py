"""The learner's record of scenarios, its export (``python -m hvlab progress export``) and the
trainer's class view over learners' homes (``python -m hvlab progress class``)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

import pytest

from hvlab import catalog
from hvlab.__main__ import main as hvlab_main
from hvlab.classroom import progress, report
from hvlab.classroom.progress import IDLE_CAP, ScenarioEvent


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = hvlab_main(argv)
    return code, out.getvalue(), err.getvalue()


def _play(path: Path, scenario: str = "merge-middle") -> None:
    """A learner opens a scenario, checks twice (one condition, then both), after a hint and the solution."""
    progress.record_scenario(scenario, ScenarioEvent.OPENED, total=2, met=[], title="Merge", seed=7, path=path)
    progress.record_scenario(scenario, ScenarioEvent.CHECKED, seconds=40, met=["vm-off"], total=2, path=path)
    progress.record_scenario(scenario, ScenarioEvent.HINT, seconds=5, hints_used=1, path=path)
    progress.record_scenario(scenario, ScenarioEvent.SOLUTION_SHOWN, seconds=10, path=path)
    progress.record_scenario(scenario, ScenarioEvent.CHECKED, seconds=3, met=["vm-off", "no-orphan"], total=2, path=path)


def test_a_scenario_keeps_conditions_hints_solution_and_time(tmp_path):
    """Which conditions were met and the %, hints used, solution shown, the first solve and the
    time spent are all in the learner's file."""
    path = tmp_path / "p.json"
    _play(path)
    entry = progress.load(path)["scenarios"]["merge-middle"]
    assert entry["conditions"] == {"met": ["vm-off", "no-orphan"], "total": 2, "percent": 100}
    assert entry["best_percent"] == 100 and entry["hints_used"] == 1
    assert entry["solution_shown"] <= entry["solved"], "solved after the solution was shown, and it says so"
    assert entry["seconds"] == 58.0 and entry["seed"] == 7 and "skipped" not in entry


def test_a_long_pause_counts_as_at_most_the_idle_cap_and_skip_is_kept(tmp_path):
    """A lab left open overnight adds IDLE_CAP, not hours; a skip is recorded and not undone."""
    path = tmp_path / "p.json"
    progress.record_scenario("s", ScenarioEvent.CHECKED, seconds=8 * 3600, met=["a"], total=3, path=path)
    progress.record_scenario("s", ScenarioEvent.SKIPPED, seconds=1, path=path)
    progress.record_scenario("s", ScenarioEvent.CHECKED, seconds=1, met=[], total=3, path=path)
    entry = progress.load(path)["scenarios"]["s"]
    assert entry["seconds"] == IDLE_CAP + 2
    assert entry["skipped"] and "solved" not in entry
    assert (entry["conditions"]["percent"], entry["best_percent"]) == (0, 33)


def test_export_json_and_csv_carry_answers_and_scenarios(tmp_path, monkeypatch):
    """``progress export`` writes the record the learner has, as JSON or CSV (one row per
    answer and per scenario), to a file or the terminal."""
    path = tmp_path / "p.json"
    monkeypatch.setenv("HVLAB_PROGRESS", str(path))
    progress.set_learner("Aiko")
    progress.record_answer("01-default-setting", "01", first_correct=True, correct=True, choice="b")
    _play(path)

    code, out, _ = _run(["progress", "export", "--format", "json", "--out", str(tmp_path / "e.json")])
    assert code == 0 and out == ""
    document = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert document["format"] == report.EXPORT_FORMAT and document["learner"] == "Aiko"
    assert document["answers"]["01-default-setting"]["choice"] == "b"
    assert document["scenarios"]["merge-middle"]["hints_used"] == 1

    code, out, _ = _run(["progress", "export"])
    table = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and tuple(table[0]) == report.COLUMNS
    by_kind = {r["kind"]: r for r in table}
    assert by_kind["answer"]["first_correct"] == "true" and by_kind["answer"]["learner"] == "Aiko"
    scenario = by_kind["scenario"]
    assert (scenario["conditions_met"], scenario["conditions_total"], scenario["percent"]) == ("2", "2", "100")
    assert scenario["met"] == "vm-off no-orphan" and scenario["solution_shown"] and scenario["skipped"] == ""


def test_class_view_reads_every_learners_home(tmp_path):
    """The trainer's view: one line per home under the folder, the learner's saved name or the
    home's name, an empty home listed as a learner with nothing yet; CSV has every row."""
    homes = tmp_path / "home"
    for name in ("learner1", "learner2", "learner3"):
        (homes / name).mkdir(parents=True)
    _play(homes / "learner1" / ".hvlab" / "progress.json")
    progress.set_learner("Ken", homes / "learner2" / ".hvlab" / "progress.json")
    progress.record_answer("01-default-setting", "01", True, True, homes / "learner2" / ".hvlab" / "progress.json")

    entries = report.class_records([homes])
    assert [e.name for e in entries] == ["Ken", "learner1", "learner3"]
    code, out, _ = _run(["progress", "class", str(homes), "--format", "json"])
    learners = {l["learner"]: l for l in json.loads(out)["learners"]}
    assert code == 0 and set(learners) == {"Ken", "learner1", "learner3"}
    assert (learners["learner1"]["scenarios_solved"], learners["learner1"]["solutions_shown"], learners["learner1"]["hints_used"]) == (1, 1, 1)
    assert (learners["Ken"]["answered"], learners["learner3"]["answered"]) == (1, 0)

    code, out, _ = _run(["progress", "class", str(homes), "--format", "csv"])
    assert {(r["learner"], r["kind"]) for r in csv.DictReader(io.StringIO(out))} == {("learner1", "scenario"), ("Ken", "answer")}
    code, out, _ = _run(["progress", "class", str(homes)])
    assert out.splitlines()[0] == catalog.text("classroom.class.title", learners=3)
    assert len(out.splitlines()) == 4 and "Ken" in out.splitlines()[1]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_class_view_speaks_the_trainers_language(tmp_path, language):
    (tmp_path / "learner1").mkdir()
    before = catalog.get_language()
    catalog.set_language(language)
    try:
        line = report.class_text(report.class_records([tmp_path])).splitlines()[1]
    finally:
        catalog.set_language(before)
    assert line == catalog.template(language, "classroom.class.line").format(**report._class_line(report.class_records([tmp_path])[0]))


def test_class_view_of_a_missing_folder_says_so_without_a_traceback(tmp_path):
    code, out, err = _run(["progress", "class", str(tmp_path / "nowhere")])
    assert code == 2 and out == "" and str(tmp_path / "nowhere") in err and "Traceback" not in err


def test_class_view_of_a_folder_it_may_not_list_says_so(tmp_path, monkeypatch):
    """SystemdSpawner's homes are private: a class view run by another user says what to do."""
    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refuse)
    code, out, err = _run(["progress", "class", str(tmp_path)])
    assert code == 2 and out == "" and "Permission denied" in err and "Traceback" not in err


def test_the_learners_progress_view_lists_the_scenarios_they_played(tmp_path):
    """Notebook 00's view shows the learner their own record of scenarios: done or the best %,
    hints, solution shown, skipped (a word or a dash, never a colour alone), minutes."""
    pytest.importorskip("ipywidgets")
    from hvlab.widgets.progress_view import ProgressView

    path = tmp_path / "p.json"
    assert "hvlab-progress-scenarios" not in ProgressView(path).scenarios.value, "nothing played: no table"
    _play(path)
    progress.record_scenario("half", ScenarioEvent.CHECKED, seconds=120, met=["a"], total=2, title="Half way", path=path)
    view = ProgressView(path)
    rows = {row.split("'")[1]: row for row in view.scenarios.value.split("<tr data-scenario=")[1:]}
    assert catalog.text("classroom.progress.status.done") in rows["merge-middle"] and "Merge" in rows["merge-middle"]
    assert ">50%<" in rows["half"] and ">2<" in rows["half"] and "Half way" in rows["half"]
    assert rows["merge-middle"].count(catalog.text("classroom.progress.yes")) == 1, "solution shown, not skipped"
