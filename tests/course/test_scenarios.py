"""Scenario files: the format, its engine, the shipped scenarios, the command line and bad input.

Rules under test: every shipped scenario starts unsolved and is solved by its own solution, in
every variant; the published schema is the one the registries build; conditions are data; a
bad file (corrupt, hostile, oversized) raises ScenarioError naming the file and the place,
loads nothing and changes no lab; ``python -m hvlab scenario check`` exits non-zero naming the
file and the place, never with a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import examples

from hvlab import Lab, set_language
from hvlab.course import scenario_cli
from hvlab.course.challenges import CHALLENGE_IDS, CHALLENGES
from hvlab.course.scenario import ScenarioError, list_scenarios, load_scenario, scenario, scenario_files
from hvlab.course.scenario_schema import schema_text

ROOT = Path(__file__).resolve().parents[2]
BAD = Path(__file__).parent / "scenarios_bad"

MINIMAL = '''
format = "hvlab-scenario"
version = 1
id = "tiny"
hints = [{ en = "Click Checkpoint.", ja = "[チェックポイント] をクリックします。" }]

[title]
en = "Tiny"
ja = "小さな例"

[briefing]
en = "Take a checkpoint of {vm}."
ja = "{vm} のチェックポイントを作成します。"

[debrief]
en = "Done."
ja = "完了です。"

[variables.vm]
choices = ["web01", "app01"]

[[lab.vms]]
name = "{vm}"

[[goal]]
key = "one"
check = "checkpoint_count"
count = 1
text = { en = "one checkpoint of {vm}", ja = "{vm} のチェックポイントが 1 つ" }
feedback = { en = "{vm} has no checkpoint yet.", ja = "{vm} にはまだチェックポイントがありません。" }

[solution]
text = { en = "Checkpoint.", ja = "チェックポイントを作成します。" }
powershell = "Checkpoint-VM -Name {vm} -SnapshotName first"
'''


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


# ---------------------------------------------------------------------- shipped scenarios
@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.stem)
def test_every_shipped_scenario_is_proved_solvable_in_every_variant(path):
    """Unsolved at the start, solved by its own solution: each choice of each variable, and the
    seeds a learner draws (what ``scenario check`` runs)."""
    item = scenario_cli.check_file(str(path))
    assert item.id == path.stem


def test_there_are_at_least_twelve_scenarios_and_the_six_challenges_among_them():
    ids = [s.id for s in list_scenarios()]
    assert len(ids) >= 12 and len(set(ids)) == len(ids)
    assert set(CHALLENGE_IDS) <= set(ids)


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.stem)
def test_every_text_is_in_english_and_japanese_with_the_same_rules(path):
    """Title, briefing, debrief, hints, each condition's lines and the solution: both languages,
    the Japanese one in Japanese, citing the same rule ids."""
    import re

    data = load_scenario(path).data
    tables = [data["title"], data["briefing"], data["debrief"], data["solution"]["text"], *data["hints"]]
    tables += [c[k] for c in data["goal"] for k in ("text", "feedback") if k in c]
    for table in tables:
        assert set(table) == {"en", "ja"}
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", table["ja"]), table["ja"]
        rules = re.compile(r"\b[AB]\d{1,2}\b")
        assert set(rules.findall(table["en"])) == set(rules.findall(table["ja"])), table


def test_the_published_schema_is_the_one_the_registries_build():
    """``python -m hvlab scenario schema > hvlab/data/scenario.schema.json`` after a new
    action or condition."""
    published = (ROOT / "hvlab" / "data" / "scenario.schema.json").read_text(encoding="utf-8")
    assert published == schema_text()


def test_the_shipped_files_match_the_published_schema_with_jsonschema_alone():
    """A trainer's editor can check a file with the schema and any JSON Schema library."""
    import tomllib

    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    for path in scenario_files():
        assert not list(validator.iter_errors(tomllib.loads(path.read_text(encoding="utf-8")))), path


def test_the_trainers_guide_names_every_action_and_condition_and_its_example_is_solvable(tmp_path):
    """docs/scenarios.md is how a trainer learns the format: its example passes ``check``."""
    import re

    from hvlab.course.scenario_actions import ACTIONS
    from hvlab.course.scenario_conditions import CONDITIONS

    guide = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    assert {f"`{name}`" for name in [*ACTIONS, *CONDITIONS]} <= set(re.findall(r"`[a-z_]+`", guide))
    example = tmp_path / "first-checkpoint.toml"
    example.write_text(re.search(r"```toml\n(.*?)```", guide, re.S).group(1), encoding="utf-8")
    assert scenario_cli.check_file(str(example)).id == "first-checkpoint"


def test_the_loaders_fast_path_gives_the_published_schemas_verdicts(tmp_path):
    """The loader checks each step and condition against its own kind's schema only; the
    published schema's ``if``/``then`` says the same of every shipped and every bad file."""
    import tomllib

    import jsonschema

    from hvlab.course.scenario import _first_error

    published = jsonschema.Draft202012Validator(json.loads(schema_text()))
    documents = [tomllib.loads(p.read_text(encoding="utf-8")) for p in scenario_files()]
    for content, _place, _word in BAD_CASES.values():
        try:
            documents.append(tomllib.loads(content if isinstance(content, str) else content.decode("utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError):
            continue
    assert len(documents) > 30
    for document in documents:
        try:
            fast = _first_error(document)
        except RecursionError:
            continue
        assert (fast is None) == published.is_valid(document), fast


# ---------------------------------------------------------------------- the engine
def test_a_run_has_its_lab_its_vm_conditions_percent_hints_and_solution():
    run = load_scenario(MINIMAL).start(0)
    assert run.vm.name in ("web01", "app01") and run.lab.vm(run.vm.name) is run.vm
    results = run.check()
    assert [r.key for r in results] == ["one"] and not results[0].met
    assert results[0].feedback == f"{run.vm.name} has no checkpoint yet." and run.percent == 0
    assert run.hint(1) == "Click Checkpoint." and run.hints == ("Click Checkpoint.",)
    with pytest.raises(IndexError):
        run.hint(2)
    run.solve()
    assert run.solved and run.percent == 100 and run.check()[0].feedback == f"one checkpoint of {run.vm.name}"
    run.lab.undo()
    assert run.percent == 0 and not run.lab.can_undo  # the solution was one step; the setup is not undoable


def test_variables_are_drawn_per_seed_the_same_everywhere():
    item = load_scenario(MINIMAL)
    names = {item.start(seed).vm.name for seed in range(20)}
    assert names == {"web01", "app01"}
    assert [item.start(seed).vm.name for seed in range(6)] == [item.start(seed).vm.name for seed in range(6)]
    run = item.start(3)
    assert run.vm.name in run.briefing


def test_texts_follow_the_learners_language():
    run = load_scenario(MINIMAL).start(0)
    set_language("ja")
    assert run.title == "小さな例" and run.hint(1).startswith("[チェックポイント]")
    assert run.check()[0].feedback.endswith("まだチェックポイントがありません。")


def test_a_refused_solution_leaves_the_lab_exactly_as_it_was():
    text = MINIMAL.replace('powershell = "Checkpoint-VM -Name {vm} -SnapshotName first"',
                           'steps = [{ do = "checkpoint", name = "a" }, { do = "apply", checkpoint = "no-such" }]')
    run = load_scenario(text).start(0)
    before = run.lab.to_dict()
    with pytest.raises(ScenarioError) as caught:
        run.solve()
    assert caught.value.place == "solution.steps[1]" and run.lab.to_dict() == before


def test_a_file_saved_by_windows_notepad_loads(tmp_path):
    """A byte-order mark and CRLF line ends, as Windows editors may save a file."""
    path = tmp_path / "notepad.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode("utf-8"))
    assert load_scenario(path).start(0).check()[0].key == "one"


def test_locks_are_read_from_the_file():
    item = load_scenario(MINIMAL.replace('[title]', '[locks]\nkind_column = true\nfile_names = true\n\n[title]'))
    assert (item.locks.why_checklist, item.locks.kind_column, item.locks.file_names) == (False, True, True)


def test_the_challenges_are_their_scenario_files():
    """The widget's interface (setup, criteria, solution, words) is the scenario's at seed 0."""
    for challenge_id in CHALLENGE_IDS:
        definition = CHALLENGES[challenge_id]
        run = scenario(challenge_id).start(0)
        lab, name = definition.setup()
        assert lab == run.lab and name == run.vm_name
        assert definition.title() == run.title and definition.goal() == run.briefing
        assert [definition.hint(n) for n in range(1, definition.hints + 1)] == list(run.hints)


def test_nothing_in_a_scenario_is_evaluated_as_code():
    source = "".join((ROOT / "hvlab" / "course" / f"{m}.py").read_text(encoding="utf-8")
                     for m in ("scenario", "scenario_actions", "scenario_checks", "scenario_conditions", "scenario_variables"))
    assert "eval(" not in source and "exec(" not in source and "getattr(vm" not in source


# ---------------------------------------------------------------------- bad input
def _bad_cases() -> dict[str, tuple[str | bytes, str, str]]:
    """name -> (file content, the place the error must name, a word of its message)."""
    m = MINIMAL
    cases: dict[str, tuple[str | bytes, str, str]] = {
        "toml_syntax": (m.replace('id = "tiny"', 'id = "tiny'), "line 4", "TOML"),
        "duplicate_key": (m.replace('id = "tiny"', 'id = "tiny"\nid = "again"'), "line 5", "TOML"),
        "not_utf8": (m.encode("utf-8").replace(b"Tiny", b"T\xffny"), "byte", "UTF-8"),
        "wrong_type_version": (m.replace("version = 1", 'version = "1"'), "version", "1"),
        "wrong_format": (m.replace('format = "hvlab-scenario"', 'format = "other"'), "format", "hvlab-scenario"),
        "unknown_top_key": (m.replace('id = "tiny"', 'id = "tiny"\npython = "import os"'), "the whole file", "python"),
        "unknown_condition_key": (m.replace("count = 1", "count = 1\nlambda = 'x'"), "goal[0]", "lambda"),
        "unknown_check": (m.replace('check = "checkpoint_count"', 'check = "eval"'), "goal[0].check", "eval"),
        "unknown_action": (m.replace('powershell = "Checkpoint-VM -Name {vm} -SnapshotName first"',
                                     'steps = [{ do = "os_system", command = "rm -rf /" }]'), "solution.steps[0].do", "os_system"),
        "wrong_type_count": (m.replace("count = 1", 'count = "one"'), "goal[0].count", "one"),
        "missing_japanese": (m.replace('ja = "小さな例"\n', ""), "title", "ja"),
        "missing_goal": (m[: m.index("[[goal]]")] + m[m.index("[solution]"):], "the whole file", "goal"),
        "huge_string": (m.replace('en = "Done."', 'en = "' + "x" * 10_000_000 + '"'), "the whole file", "bytes"),
        "long_string_under_limit": (m.replace('en = "Done."', 'en = "' + "x" * 5000 + '"'), "debrief.en", "long"),
        "deep_nesting": (m.replace('en = "Done."', "en = " + "[" * 5000 + "]" * 5000), "the whole file", ""),
        "deep_tables": (m + "\n[" + ".".join(["a"] * 300) + "]\nx = 1\n", "the whole file", ""),
        "unknown_cmdlet": (m.replace("Checkpoint-VM -Name {vm} -SnapshotName first", "Invoke-Expression 'calc'"),
                           "solution.powershell, line 1", "Invoke-Expression"),
        "setup_script_unknown_cmdlet": (m.replace("[[lab.vms]]", "[lab]\npowershell = '''\nNew-VM -Name x\nFormat-Volume C\n'''\n\n[[lab.vms]]"),
                                        "lab.powershell, line 2", "Format-Volume"),
        "script_parse_error": (m.replace("Checkpoint-VM -Name {vm} -SnapshotName first", "Checkpoint-VM -Name 'x"),
                               "solution.powershell, line 1", "PowerShell"),
        "script_unsupported_construct": (m.replace("Checkpoint-VM -Name {vm} -SnapshotName first", "1..3"),
                                         "solution.powershell, line 1", "does not support"),
        "unknown_variable": (m.replace("Take a checkpoint of {vm}.", "Take a checkpoint of {host}."), "briefing.en", "{host}"),
        "unknown_rule": (m.replace('id = "tiny"', 'id = "tiny"\nrules = ["B99"]'), "rules[0]", "B99"),
        "duplicate_condition": (m + m[m.index("[[goal]]"): m.index("[solution]")], "goal[1].key", "one"),
        "bad_state": (m.replace('name = "{vm}"', 'name = "{vm}"\nstate = "Exploded"'), "lab.vms[0].state", "Exploded"),
        "bad_choice_type": (m.replace('choices = ["web01", "app01"]', 'choices = ["web01", 7]')
                            .replace('name = "{vm}"', 'name = "{vm}"\ndisk_size_gb = "{vm}"'), "lab.vms[0].disk_size_gb", "choice"),
        "mixed_choices": (m.replace('choices = ["web01", "app01"]', 'choices = ["web01", { a = "b" }]'), "variables.vm.choices", "vm"),
        "no_vm": (m.replace('[[lab.vms]]\nname = "{vm}"\n', ""), "lab", "VM"),
        "datetime_value": (m.replace('en = "Done."', "en = 1979-05-27T07:32:00Z"), "debrief.en", "string"),
        "too_many_hints": (m.replace('hints = [{ en = "Click Checkpoint.", ja = "[チェックポイント] をクリックします。" }]',
                                     "hints = [" + ", ".join(['{ en = "h", ja = "ヒント" }'] * 11) + "]"), "hints", "long"),
        "bad_id": (m.replace('id = "tiny"', 'id = "../../etc/passwd"'), "id", "match"),
        "bad_host": (m.replace("[[lab.vms]]", '[lab]\nhost = "Windows 95"\n\n[[lab.vms]]'), "lab.host", "Windows 95"),
    }
    return cases


BAD_CASES = _bad_cases()


def test_there_are_at_least_twenty_bad_files():
    assert len(BAD_CASES) + len(list(BAD.glob("*.toml"))) >= 20


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_a_bad_file_is_refused_naming_the_file_and_the_place(name, tmp_path):
    content, place, word = BAD_CASES[name]
    path = tmp_path / f"{name}.toml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    error = caught.value
    assert error.file == str(path)
    assert error.place.startswith(place), (error.place, error.message)
    assert word in error.message or word in error.place, error.message
    assert str(error).startswith(f"{path}: {error.place}: ")


@pytest.mark.parametrize("path", sorted(BAD.glob("*.toml")), ids=lambda p: p.stem)
def test_the_bad_files_in_the_folder_are_refused_and_no_lab_is_changed(path):
    """Each file's first comment line says the place its error names."""
    expected = path.read_text(encoding="utf-8", errors="replace").splitlines()[0].removeprefix("# place: ").strip()
    lab = Lab(seed=1)
    before = lab.to_dict()
    with pytest.raises(ScenarioError) as caught:
        item = load_scenario(path)
        item.start(0)
    assert caught.value.place.startswith(expected), (caught.value.place, caught.value.message)
    assert lab.to_dict() == before


_VALUES = st.one_of(
    st.text(max_size=30), st.integers(-(2**40), 2**40), st.floats(allow_nan=False), st.booleans(),
    st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.sampled_from(["{vm}", "{nope}", "{vm.x}", "Running", "Exploded", "Checkpoint-VM", "Format-Volume C", "'",
                     "0" * 5000]),
)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_mutation_of_a_good_file_gives_a_scenario_or_a_scenario_error(data):
    """Replace any value, anywhere, by anything TOML can hold, or add an unknown key: the file
    loads and starts, or ScenarioError names a place; no other exception ever escapes."""
    import tomllib

    import tomli_w

    document = tomllib.loads(MINIMAL)
    path = data.draw(st.sampled_from([p for p in _paths(document) if p]))
    target = document
    for part in path[:-1]:
        target = target[part]
    if data.draw(st.booleans()) and isinstance(target, dict):
        target[data.draw(st.sampled_from(["lambda", "__class__", "python", "x"]))] = data.draw(_VALUES)
    else:
        target[path[-1]] = data.draw(_VALUES)
    try:
        run = load_scenario(tomli_w.dumps(document)).start(0)
    except ScenarioError as error:
        assert error.place and error.message
    else:
        run.check()
        try:
            run.solve()
        except ScenarioError as error:
            assert error.place.startswith("solution")


def test_a_set_up_step_that_is_refused_names_its_step_and_leaves_no_lab():
    text = MINIMAL.replace("[[lab.vms]]", '[lab]\nsteps = [{ do = "apply", checkpoint = "nothing-yet" }]\n\n[[lab.vms]]')
    item = load_scenario(text)
    with pytest.raises(ScenarioError) as caught:
        item.start(0)
    assert caught.value.place == "lab.steps[0]" and "nothing-yet" in caught.value.message


def test_a_set_up_script_line_that_is_refused_names_its_line():
    text = MINIMAL.replace("[[lab.vms]]", "[lab]\npowershell = '''\nCheckpoint-VM -Name {vm} -SnapshotName a\nRemove-VMSnapshot -VMName {vm} -Name zzz\n'''\n\n[[lab.vms]]")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(text).start(0)
    assert caught.value.place == "lab.powershell, line 2 of the script"


@pytest.mark.parametrize("line", ["$a = (1,2) * 100000000", "$s = 'ab' * 60000", "$t = 'x' * 99999; $t = $t + 'yy'",
                                  "'{0,1000000000}' -f 1"])
def test_a_set_up_script_cannot_fill_the_kernels_memory(line):
    """The console refuses an array or string over 100,000 elements or characters before it
    builds it (PowerShell has no such limit; hvlab's console does), so a hostile script stops
    at its line with the place named, at once."""
    text = MINIMAL.replace("[[lab.vms]]", f"[lab]\npowershell = \"\"\"\n{line}\n\"\"\"\n\n[[lab.vms]]")
    item = load_scenario(text)
    with pytest.raises(ScenarioError) as caught:
        item.start(0)
    assert caught.value.place == "lab.powershell, line 1 of the script" and "100,000" in caught.value.message


def test_the_consoles_bounds_leave_ordinary_lines_alone():
    from hvlab.powershell import Session

    session = Session(Lab())
    assert session.run("(1,2) * 3").output.split() == ["1", "2"] * 3
    assert session.run("'{0,5}|' -f 'ab'").output.strip("\n") == "   ab|"
    assert session.run("('x' * 99999 + 'y').Length").output.strip() == "100000"


# ---------------------------------------------------------------------- the command line
def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m hvlab scenario ARGS`` in this process (the subcommand's own entry point)."""
    import io

    out, err = io.StringIO(), io.StringIO()
    code = scenario_cli.main(list(args), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def test_python_m_hvlab_scenario_is_the_subcommand():
    run = subprocess.run([sys.executable, "-m", "hvlab", "scenario", "check", str(BAD / "wrong_types.toml")],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 1 and run.stderr.startswith(f"{BAD / 'wrong_types.toml'}: title: ")
    assert "Traceback" not in run.stderr


def test_check_names_the_file_and_the_place_and_exits_non_zero(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(MINIMAL.replace('id = "tiny"', 'id = "good"'), encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(MINIMAL.replace("count = 1", 'count = "one"'), encoding="utf-8")
    run = _cli("check", str(good), str(bad))
    assert run.returncode == 1
    assert f"{good}: OK" in run.stdout
    assert run.stderr.strip() == f"{bad}: goal[0].count: 'one' is not valid under any of the given schemas" or \
        run.stderr.startswith(f"{bad}: goal[0].count: ")
    assert "Traceback" not in run.stderr


def test_check_refuses_a_solution_that_does_not_solve(tmp_path):
    path = tmp_path / "wrong.toml"
    path.write_text(MINIMAL.replace("count = 1", "count = 2"), encoding="utf-8")
    run = _cli("check", str(path))
    assert run.returncode == 1 and run.stderr.strip() == f"{path}: solution: its own solution does not meet these goal conditions: one"


def test_check_of_a_missing_file_and_of_hostile_files_prints_no_traceback(tmp_path):
    huge = tmp_path / "huge.toml"
    huge.write_text(MINIMAL.replace('en = "Done."', 'en = "' + "x" * 10_000_000 + '"'), encoding="utf-8")
    run = _cli("check", str(tmp_path / "missing.toml"), str(huge), *map(str, sorted(BAD.glob("*.toml"))))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"{tmp_path / 'missing.toml'}: the whole file: the file cannot be read" in run.stderr
    assert f"{huge}: the whole file: the file holds" in run.stderr


def test_list_shows_every_shipped_scenario():
    run = _cli("list")
    assert run.returncode == 0 and all(s.id in run.stdout for s in list_scenarios())


def test_play_runs_powershell_on_the_scenarios_lab_until_solved(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    item = load_scenario(path)
    vm = item.start(0).vm.name
    run = _cli("play", str(path), stdin=f":hint\n:check\nCheckpoint-VM -Name {vm} -SnapshotName mine\n")
    assert run.returncode == 0, run.stderr
    assert "Click Checkpoint." in run.stdout and "Goal: 0%" in run.stdout and "Goal: 100%" in run.stdout
    assert "Solved" in run.stdout and "Done." in run.stdout
