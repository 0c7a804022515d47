"""The Challenge widget plays any scenario file: from a path, a file:// or http:// URL, with the
% of conditions met and which (feedback lines), hints one at a time, "Show solution", "Skip",
all in the learner's record. No browser: the widgets' values are what a learner would see."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

pytest.importorskip("ipywidgets")

from support import free_port  # noqa: E402

from hvlab import catalog  # noqa: E402
from hvlab.catalog import text  # noqa: E402
from hvlab.classroom import progress  # noqa: E402
from hvlab.course.scenario import ScenarioError  # noqa: E402
from hvlab.widgets import Challenge  # noqa: E402

SCENARIO = """\
format = "hvlab-scenario"
version = 1
id = "test-safe-off"
hints = [
  { en = "Take a checkpoint first.", ja = "まずチェックポイントを作成します。" },
  { en = "Then turn the VM off.", ja = "次に VM をオフにします。" },
]
title = { en = "Safe, then off", ja = "安全に、そしてオフ" }
briefing = { en = "Take a checkpoint 'safe', then turn {vm} off.", ja = "チェックポイント 'safe' を作成し、{vm} をオフにします。" }
debrief = { en = "A checkpoint first, then Off.", ja = "先にチェックポイント、次にオフ。" }

[variables.vm]
choices = ["web01", "app02"]

[lab]
steps = [{ do = "put_in_state", state = "Running" }]

[[lab.vms]]
name = "{vm}"

[[goal]]
key = "safe"
check = "checkpoint"
name = "safe"
text = { en = "A checkpoint 'safe' exists", ja = "チェックポイント 'safe' がある" }
feedback = { en = "No checkpoint named 'safe' yet", ja = "'safe' という名前のチェックポイントはまだない" }

[[goal]]
key = "off"
check = "vm_state"
state = "Off"
text = { en = "{vm} is Off", ja = "{vm} がオフ" }

[solution]
text = { en = "Checkpoint 'safe', then Turn Off.", ja = "'safe' を作成し、[電源オフ]。" }
steps = [{ do = "checkpoint", name = "safe" }, { do = "turn_off" }]
"""


@pytest.fixture
def scenario_file(tmp_path) -> Path:
    path = tmp_path / "safe-off.toml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def _entry(record: Path) -> dict:
    return progress.load(record)["scenarios"]["test-safe-off"]


def test_a_file_plays_with_percent_and_which_conditions_with_their_feedback(scenario_file, tmp_path):
    """At the start nothing is met: 0 %, each condition's feedback line; one click later 50 %
    and the met condition's own words; solved at 100 % with the debrief, and recorded."""
    record = tmp_path / "p.json"
    challenge = Challenge(scenario_file, seed=1, record_path=record)
    vm = challenge.run.vm_name
    assert challenge.percent == 0 and "data-percent='0'" in challenge.status.value
    assert "No checkpoint named &#x27;safe&#x27; yet" in challenge.status.value or "No checkpoint named 'safe' yet" in challenge.status.value
    assert text("widget.challenge.percent", percent=0, met=0, total=2) in challenge.status.value
    assert vm in challenge.goal.value, "the briefing names the VM this learner's variant drew"

    challenge.lab_widget.checkpoint_name.value = "safe"
    challenge.lab_widget.checkpoint_button.click()
    assert challenge.check() == {"safe": True, "off": False} and challenge.percent == 50
    assert "data-met='true' data-key='safe'" in challenge.status.value
    assert _entry(record)["conditions"] == {"met": ["safe"], "total": 2, "percent": 50}

    challenge.lab_widget.power_buttons["turn_off"].click()
    assert challenge.solved and text("widget.challenge.solved") in challenge.status.value
    assert "A checkpoint first, then Off." in challenge.debrief_box.value
    entry = _entry(record)
    assert entry["solved"] and entry["best_percent"] == 100 and entry["seed"] == 1
    assert "test-safe-off" in progress.load(record)["challenges"]


def test_hints_one_at_a_time_solution_and_skip_are_recorded(scenario_file, tmp_path):
    record = tmp_path / "p.json"
    challenge = Challenge(scenario_file, seed=0, record_path=record)
    assert challenge.next_hint() == "Take a checkpoint first."
    assert "Then turn" not in challenge.hint_box.value and _entry(record)["hints_used"] == 1
    assert challenge.next_hint() == "Then turn the VM off." and challenge.next_hint() is None
    assert challenge.hint_button.disabled and _entry(record)["hints_used"] == 2

    challenge.solution_button.click()
    assert "Checkpoint &#x27;safe&#x27;, then Turn Off." in challenge.solution_box.value or "Checkpoint 'safe'" in challenge.solution_box.value
    assert challenge.solution_button.disabled and _entry(record)["solution_shown"]
    assert not challenge.solved, "showing the solution does not solve it"

    challenge.skip_button.click()
    entry = _entry(record)
    assert entry["skipped"] and "solved" not in entry
    assert text("widget.challenge.skipped") in challenge.debrief_box.value

    challenge.solve()
    assert challenge.solved and _entry(record)["solved"] >= _entry(record)["solution_shown"]
    challenge.lab_widget.undo_button.click()
    assert not challenge.solved, "the solution is one undoable step"


def test_each_learner_gets_a_variant_of_their_own_and_the_six_challenges_one_lab(scenario_file, tmp_path, monkeypatch):
    """Variables are drawn from the learner's seed (their saved name): a different learner may
    draw another VM name, the same learner always the same; notebook 08's challenges keep seed 0."""
    record = tmp_path / "p.json"
    monkeypatch.setenv("HVLAB_PROGRESS", str(record))
    names = {}
    for learner in ("aiko", "ben", "chie", "dan", "emi", "fumi"):
        progress.set_learner(learner)
        first = Challenge(scenario_file, record_path=record).run
        again = Challenge(scenario_file, record_path=record).run
        assert (first.seed, first.vm_name) == (again.seed, again.vm_name)
        names[learner] = first.vm_name
    assert set(names.values()) == {"web01", "app02"}
    assert Challenge("merge-middle", record_path=record).run.seed == 0


def test_a_scenario_opens_from_a_file_url_and_a_local_http_server(scenario_file, tmp_path):
    record = tmp_path / "p.json"
    assert Challenge(scenario_file.as_uri(), seed=0, record_path=record).run.title == "Safe, then off"
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(scenario_file.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{scenario_file.name}"
        challenge = Challenge(url, seed=0, record_path=record)
        assert challenge.run.title == "Safe, then off" and _entry(record)["source"] == url
        with pytest.raises(ScenarioError) as missing:
            Challenge(f"http://127.0.0.1:{server.server_address[1]}/nothing.toml", record_path=record)
        assert missing.value.file.endswith("nothing.toml") and "404" in missing.value.message
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("url", ["ftp://example.org/s.toml", "javascript://alert(1)"])
def test_an_address_of_another_kind_is_refused_before_anything_is_fetched(url, tmp_path):
    with pytest.raises(ScenarioError) as refused:
        Challenge(url, record_path=tmp_path / "p.json")
    assert refused.value.file == url and "http" in refused.value.message


def test_a_broken_file_names_the_place_and_records_nothing(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(SCENARIO.replace('state = "Off"', 'state = "Sideways"'), encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        Challenge(bad, record_path=tmp_path / "p.json")
    assert error.value.file == str(bad) and "goal" in error.value.place
    assert not (tmp_path / "p.json").exists()


def test_a_scenario_plays_in_japanese(scenario_file, tmp_path):
    before = catalog.get_language()
    catalog.set_language("ja")
    try:
        challenge = Challenge(scenario_file, seed=0, record_path=tmp_path / "p.json")
        assert "安全に、そしてオフ" in challenge.goal.value
        assert "'safe' という名前のチェックポイントはまだない" in challenge.status.value.replace("&#x27;", "'")
        assert challenge.solution_button.description == catalog.template("ja", "widget.challenge.solution_button")
    finally:
        catalog.set_language(before)


def test_save_as_scenario_from_a_lab_writes_a_file_a_challenge_plays(tmp_path):
    """From a plain disk chain lab: keep the start, click two checkpoints, keep the goal, write;
    the file opens in a Challenge unsolved, and the clicks' steps (its solution) solve it."""
    from hvlab.widgets import DiskChainLab, SaveAsScenario

    lab = DiskChainLab()
    saver = SaveAsScenario(lab, folder=tmp_path)
    assert saver.goal_button.disabled and saver.write_button.disabled
    saver.start_button.click()
    lab.checkpoint_name.value = "first"
    lab.checkpoint_button.click()
    lab.checkpoint_name.value = "second"
    lab.checkpoint_button.click()
    saver.goal_button.click()
    saver.scenario_id.value = "Not An Id"
    assert saver.write() is None and "Not An Id" in saver.message.value
    saver.scenario_id.value = "two-checkpoints"
    saver.write_button.click()
    path = tmp_path / "two-checkpoints.toml"
    assert path.exists() and str(path) in saver.message.value

    challenge = Challenge(path, seed=0, record_path=tmp_path / "p.json")
    assert not challenge.solved and not challenge.run.vm.checkpoints
    assert "first" in challenge.status.value and "second" in challenge.status.value
    challenge.solve()
    assert challenge.solved
