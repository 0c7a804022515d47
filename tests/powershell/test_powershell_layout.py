"""The console's code as a newcomer should find it.

Rules: no module imports another module's private (``_name``) helpers; every cmdlet has a spec
and an implementation, and its spec says what it does to the lab. (Import cycles and module
sizes are checked for the whole package by tests/project/test_architecture.py and tests/project/test_module_sizes.py.)
"""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

from hvlab.powershell import SPECS
from hvlab.powershell.cmdlets import IMPLEMENTATIONS
from hvlab.powershell.parameters import LabEffect

PACKAGE = Path(str(resources.files("hvlab.powershell")))


def _modules() -> dict[str, Path]:
    """Dotted name (relative to hvlab.powershell) -> file."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__")
        out[name] = path
    return out


def test_no_module_imports_a_private_helper():
    offenders = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                offenders += [f"{name}: {alias.name}" for alias in node.names if alias.name.startswith("_")]
    assert not offenders


def test_every_cmdlet_has_a_spec_an_implementation_and_an_effect():
    assert {spec.name for spec in SPECS.values()} == set(IMPLEMENTATIONS)
    for spec in SPECS.values():
        assert isinstance(spec.effect, LabEffect)
        if spec.name.startswith(("Get-", "Select-", "Sort-", "Format-", "Where-", "ForEach-", "Measure-", "Write-")):
            assert spec.effect is LabEffect.NONE, spec.name
    assert SPECS["checkpoint-vm"].effect is LabEffect.OPERATION
    assert SPECS["undo-laboperation"].effect is LabEffect.UNDO and SPECS["undo-laboperation"].lab_only
