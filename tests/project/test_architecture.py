"""The architecture, checked: the layers and their arrows (core ← diagrams ← widgets ←
notebooks; core ← PowerShell; core ← course ← classroom), what ``import hvlab`` may load, and
no import cycle between the modules of any one package.

The contracts live in ``pyproject.toml`` (``[tool.importlinter]``) and are checked by
import-linter, the library made for this; ``lint-imports`` from the repository root gives the
same report. Its layers contract is *exhaustive*: a new top-level module fails here until it is
placed in a layer.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def test_the_contracts_say_what_the_architecture_promises():
    """The layer order and the pure-Python promise are in the contracts (and stay there)."""
    contracts = {c["id"]: c for c in _contracts()}
    layers = contracts["layers"]["layers"]
    order = [next(i for i, layer in enumerate(layers) if name in layer.replace("|", ":").split(" : ") or layer == name)
             for name in ("widgets", "diagrams", "powershell", "classroom", "course", "vm", "reference", "catalog")]
    widgets, diagrams, powershell, classroom, course, core, reference, catalog = order
    assert widgets < diagrams and widgets < classroom and diagrams < core and powershell < core
    assert classroom < course < core < reference < catalog
    assert contracts["layers"]["exhaustive"] is True
    assert set(contracts["pure"]["forbidden_modules"]) == {"matplotlib", "ipywidgets"}
    assert contracts["import-hvlab"]["source_modules"] == ["hvlab"] and contracts["acyclic"]["type"] == "acyclic_siblings"


def test_import_linter_keeps_every_contract():
    """``lint-imports`` reports every contract kept (its report is the failure message)."""
    run = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    report = run.stdout + run.stderr
    assert run.returncode == 0, report
    assert f"Contracts: {len(_contracts())} kept, 0 broken." in report
