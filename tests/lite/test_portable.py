"""What lets hvlab run in Pyodide, checked in this venv's CPython: no C extension required there,
no threads or subprocesses in the core and the widgets, the progress record kept in JupyterLite's
browser-backed /drive, and a diagram that cannot be drawn saying what is missing."""

from __future__ import annotations

import ast
import html
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from hvlab.catalog import set_language, text
from hvlab.classroom import progress
from hvlab.widgets import DiskChainLab, rendering

from .conftest import ROOT

SERVED_ONLY = {Path("hvlab/classroom/present.py")}
"""Starts Voila servers for a trainer's projector (``python -m hvlab present``): never in a browser kernel."""
FORBIDDEN_MODULES = {"subprocess", "multiprocessing", "concurrent"}
FORBIDDEN_CALLS = {("threading", "Thread"), ("threading", "Timer"), ("os", "fork"), ("os", "system"), ("os", "popen")}


def test_no_dependency_without_a_pyodide_wheel_is_required_under_pyodide():
    """jupyterlab (its server) and isal (a C extension) have no Pyodide wheel: markers leave them out."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = [Requirement(r) for r in project["dependencies"]]
    browser = {"sys_platform": "emscripten", "extra": ""}
    in_browser = {r.name for r in requirements if r.marker is None or r.marker.evaluate(browser)}
    assert "isal" not in in_browser and "jupyterlab" not in in_browser
    assert {"isal", "jupyterlab"} <= {r.name for r in requirements if r.marker is None or r.marker.evaluate()}


MODULES = sorted(p.relative_to(ROOT) for p in (ROOT / "hvlab").rglob("*.py") if p.relative_to(ROOT) not in SERVED_ONLY)


@pytest.mark.parametrize("path", MODULES, ids=str)
def test_no_threads_or_subprocesses_outside_the_trainer_server(path):
    """Pyodide cannot start a thread or a process. A ``threading.Lock`` (diagrams/render.py) is
    fine: it works in one thread too."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            assert (node.value.id, node.attr) not in FORBIDDEN_CALLS, f"{path}:{node.lineno}"
            continue
        else:
            continue
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN_MODULES, f"{path}:{node.lineno} imports {name}"
            assert name not in {"threading.Thread", "threading.Timer"}, f"{path}:{node.lineno} imports {name}"


def test_in_jupyterlite_the_progress_record_lives_in_the_browser_backed_drive(tmp_path, monkeypatch):
    drive, home = tmp_path / "drive", tmp_path / "home"
    drive.mkdir()
    monkeypatch.delenv(progress.ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.setattr(progress, "JUPYTERLITE_DRIVE", drive)
    monkeypatch.setattr(Path, "home", lambda: home)
    assert progress.progress_path() == home / ".hvlab" / "progress.json"  # JupyterLab, JupyterHub
    monkeypatch.setattr(sys, "platform", "emscripten")
    assert progress.progress_path() == drive / ".hvlab" / "progress.json"
    assert progress.mark_opened("03") and "03" in progress.load(drive / ".hvlab" / "progress.json")["notebooks"]
    monkeypatch.setenv(progress.ENVIRONMENT_VARIABLE, str(tmp_path / "chosen.json"))
    assert progress.progress_path() == tmp_path / "chosen.json"


def test_plain_pyodide_without_a_drive_keeps_the_home(tmp_path, monkeypatch):
    """Pyodide outside JupyterLite (no /drive mounted): the home, as anywhere else."""
    monkeypatch.delenv(progress.ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.setattr(progress, "JUPYTERLITE_DRIVE", tmp_path / "no-drive")
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    monkeypatch.setattr(sys, "platform", "emscripten")
    assert progress.progress_path() == tmp_path / ".hvlab" / "progress.json"


def _missing(name: str):
    def import_fails():
        raise ModuleNotFoundError(f"No module named '{name}'", name=name)
    return import_fails


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("platform", ["linux", "emscripten"])
def test_a_diagram_that_cannot_be_drawn_says_what_is_missing_and_why(language, platform, monkeypatch):
    set_language(language)
    monkeypatch.setattr(rendering, "diagrams_module", _missing("matplotlib"))
    monkeypatch.setattr(sys, "platform", platform)
    lab = DiskChainLab()
    lab.draw_all()  # every tab's picture, not only the one shown first (hidden tabs draw when opened)
    if platform == "emscripten":
        expected = text("widget.diagram_unavailable_browser", module="matplotlib")
        assert "Pyodide" in expected and "%pip install matplotlib" in expected
    else:
        expected = text("widget.diagram_unavailable", module="matplotlib", error="No module named 'matplotlib'")
    shown = [d.value for d in lab.descriptions.values() if d.value]
    assert shown and all(v == f"<p role='note'>{html.escape(expected, quote=True)}</p>" for v in shown)
    pictures = lab.checkpoint_menu.pictures  # the tree and the chain are pictures to click (picture.py)
    assert all((pictures[kind] if kind in pictures else lab.image(kind)).layout.display == "none" for kind in lab.descriptions)
