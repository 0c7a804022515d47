"""The repository around the package: layering, set-up files, CLI entry points."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_core_imports_neither_matplotlib_nor_ipywidgets():
    """Layering: `import hvlab` (and the CLI's table) load neither matplotlib nor ipywidgets."""
    code = "import sys, hvlab, hvlab.decision_table, hvlab.scenarios, hvlab.persistence; print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'ipywidgets')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_environment_yml_matches_pyproject():
    """environment.yml (conda-forge) lists the same runtime dependencies and installs hvlab itself."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    conda = {re.split(r"[<>=!~ ]", d)[0]: d for d in env["dependencies"] if isinstance(d, str)}
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip
    from_pip = {re.split(r"[<>=!~ ]", d)[0]: d for d in pip if not d.startswith("-")}
    for requirement in _pyproject()["project"]["dependencies"]:
        requirement = requirement.split(";")[0]  # a marker (not in Pyodide) never applies to conda
        name = re.split(r"[<>=!~ ]", requirement)[0]
        spec = conda.get(name) or from_pip.get(name)
        assert spec, f"{name} missing from environment.yml"
        assert spec.replace(" ", "") == requirement.replace(" ", ""), (spec, requirement)
    assert conda["python"] == "python" + _pyproject()["project"]["requires-python"]


def test_readme_has_the_two_commands_and_ci_runs_the_test_command():
    """README gives one lab command and one test command; .ci/run executes the latter verbatim."""
    readme = (ROOT / "README.md").read_text()
    for marker in ("<!-- lab-command -->", "<!-- test-command -->"):
        block = readme.split(marker, 1)[1].split("```bash\n", 1)[1].split("```", 1)[0].strip()
        assert block.count("\n") == 0, f"{marker}: one command line"
    test_command = readme.split("<!-- test-command -->", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0].strip()
    assert test_command.endswith("-m pytest")
    ci = (ROOT / ".ci" / "run").read_text()
    assert "<!-- test-command -->" in ci and 'bash -c "$command"' in ci


def test_decision_table_cli_columns():
    """`python -m hvlab table --format csv` starts with the issue's columns and covers every combination."""
    out = subprocess.run([sys.executable, "-m", "hvlab", "table", "--format", "csv"], capture_output=True, text=True, check=True).stdout
    lines = out.strip().splitlines()
    assert lines[0].startswith("checkpoint_setting,vm_state,backup_integration_service,guest,result,memory_saved,state_after_apply")
    assert len(lines) == 1 + 4 * 5 * 2 * 3
    markdown = subprocess.run([sys.executable, "-m", "hvlab", "table", "--format", "markdown"], capture_output=True, text=True, check=True).stdout
    assert markdown.startswith("| checkpoint_setting | vm_state |") and markdown.count("\n") == len(lines) + 1
