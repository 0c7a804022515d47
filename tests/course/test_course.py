"""The course's content is data (``hvlab.course``): pure Python on the core, read by the widgets
and by the classroom code, which never imports a widget."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from hvlab.classroom import progress
from hvlab.course import challenges, demos, presets, questions

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "hvlab"


def _imports(folder: Path) -> dict[str, set[str]]:
    """Every module a package's files import (absolute names; relative ones resolved)."""
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
                names.add(base)
        found[str(path.relative_to(ROOT))] = names
    return found


def _outside(names: set[str], *banned: str) -> set[str]:
    return {n for n in names if any(n == b or n.startswith(b + ".") for b in banned)}


def test_course_package_imports_no_widgets_no_drawing():
    """hvlab.course sits on the core: no ipywidgets, no matplotlib, no hvlab.widgets or diagrams."""
    for path, names in _imports(PACKAGE / "course").items():
        assert not _outside(names, "ipywidgets", "matplotlib", "IPython", "hvlab.widgets", "hvlab.diagrams"), path


def test_classroom_code_never_imports_widgets():
    """Classroom code reads the course from hvlab.course; the progress view, a widget, lives in
    hvlab.widgets."""
    for path, names in _imports(PACKAGE / "classroom").items():
        assert not _outside(names, "ipywidgets", "hvlab.widgets", "matplotlib", "hvlab.diagrams"), path
    assert not (PACKAGE / "classroom" / "progress_view.py").exists()
    assert (PACKAGE / "widgets" / "progress_view.py").exists()


def test_importing_the_course_and_the_classroom_loads_no_widget_library():
    code = (
        "import sys, hvlab.course, hvlab.classroom.progress as p; p.summary(); "
        "hvlab.course.challenges.CHALLENGES['merge-middle'].setup(); hvlab.course.demos.prepare_demo(); "
        "print(sorted(m for m in ('ipywidgets', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("challenge_id", challenges.challenges())
def test_every_challenge_is_solvable_from_the_data_alone(challenge_id):
    """Its lab starts unsolved and its scripted solution reaches the goal, with no widget."""
    definition = challenges.CHALLENGES[challenge_id]
    lab, vm_name = definition.setup()
    start = lab.copy().vm(vm_name)
    vm = lab.vm(vm_name)
    assert not all(definition.criteria(vm, start).values())
    definition.solution(vm)
    assert all(definition.criteria(vm, start).values())


def test_guest_presets_make_fresh_profiles_and_name_themselves():
    for key, make in presets.GUEST_PRESETS.items():
        assert make() is not make() and presets.preset_of(make()) == key


def test_apply_demo_has_one_checkpoint_per_side():
    lab = demos.prepare_demo()
    for suffix, setting in demos.SIDES:
        vm = lab.vm(f"demo-{suffix}")
        assert vm.checkpoint_type is setting and [cp.name for cp in vm.checkpoints.values()] == ["demo"]
        assert vm.read_file(demos.DEMO_FILE) is not None


def test_question_bank_errors_come_from_jsonschema():
    """No hand-written validator: the messages are jsonschema's, with the path in the bank."""
    assert not hasattr(questions, "validate")
    bank = {"version": 1, "language": "en", "questions": []}
    assert questions.validate_bank(bank) == ["$.questions: [] is too short"]


def test_progress_lock_is_filelock_not_fcntl():
    """fcntl does not exist on Windows, where many trainers work; filelock locks everywhere."""
    source = (PACKAGE / "classroom" / "progress.py").read_text(encoding="utf-8")
    assert "fcntl" not in source
    import filelock

    assert isinstance(progress._lock(Path("p.json")), filelock.BaseFileLock)


def test_a_lock_held_elsewhere_times_out_and_the_lab_goes_on(tmp_path, monkeypatch):
    """Another kernel that never lets go of the lock costs one warning, never a broken lab."""
    import filelock

    path = tmp_path / "p.json"
    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 0.2)
    monkeypatch.setattr(progress, "_warned", False)
    with filelock.FileLock(str(path) + ".lock"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            recorded = subprocess.run(
                [sys.executable, "-c",
                 "import sys, hvlab.classroom.progress as p; p.LOCK_TIMEOUT = 0.2; "
                 f"print(p.mark_done('01', path=__import__('pathlib').Path({str(path)!r})))"],
                capture_output=True, text=True, check=True,
            )
    assert recorded.stdout.strip() == "False" and "RuntimeWarning" in recorded.stderr
    assert not caught
    assert progress.mark_done("01", path=path) is True


@pytest.mark.parametrize("language", ["en", "ja"])
def test_each_challenge_has_its_texts_in_its_scenario_file(language):
    """A challenge's title, goal, hints, criteria and solution are course content: they live in
    its scenario file (``hvlab/data/scenarios/<id>.toml``) in both languages, not in a catalog."""
    from hvlab import set_language

    set_language(language)
    try:
        for challenge_id, definition in challenges.CHALLENGES.items():
            assert definition.scenario.file.endswith(f"{challenge_id}.toml")
            lab, vm_name = definition.setup()
            vm = lab.vm(vm_name)
            texts = [definition.title(), definition.goal(), definition.solution_text()]
            texts += [definition.hint(n) for n in range(1, definition.hints + 1)]
            texts += [definition.criterion(key) for key in definition.criteria(vm, vm)]
            assert all(texts), challenge_id
            if language == "ja":
                assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", t) for t in texts), challenge_id
    finally:
        set_language("en")
    assert not (PACKAGE / "catalog" / language / "course.json").exists()
