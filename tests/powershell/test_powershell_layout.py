"""The console's code as a newcomer should find it.

Rules: no module imports another module's private (``_name``) helpers; the package's modules
import each other without a cycle; no module is over about 400 lines unless its first lines say
why; every cmdlet has a spec and an implementation, and its spec says what it does to the lab.
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


def _run_time_imports(path: Path) -> list[ast.ImportFrom]:
    """Module-level ``from`` imports, leaving out ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            found.append(node)
    return found


def _target(module: str, node: ast.ImportFrom, is_package: bool) -> str | None:
    """The hvlab.powershell module a relative import names, or None if it is outside."""
    if not node.level:
        return None
    package = module.split(".") if module else []
    if not is_package:
        package = package[:-1]
    up = node.level - 1
    if up > len(package):
        return None  # above hvlab.powershell: the core
    package = package[: len(package) - up]
    return ".".join([*package, *(node.module.split(".") if node.module else [])])


def test_no_module_imports_a_private_helper():
    offenders = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                offenders += [f"{name}: {alias.name}" for alias in node.names if alias.name.startswith("_")]
    assert not offenders


def test_no_import_cycle_inside_the_package():
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges = set()
        for node in _run_time_imports(path):
            target = _target(name, node, path.name == "__init__.py")
            if target is None:
                continue
            candidates = [target] + [f"{target}.{alias.name}" if target else alias.name for alias in node.names]
            edges |= {c for c in candidates if c in modules and c != name}
        graph[name] = edges

    seen: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        seen[node] = 1
        for nxt in graph[node]:
            if seen.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*stack, node, nxt]))
            if nxt not in seen:
                visit(nxt, [*stack, node])
        seen[node] = 2

    for module in graph:
        if module not in seen:
            visit(module, [])


def test_no_module_is_long_without_saying_why():
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 400:
            head = "\n".join(text.splitlines()[:6])
            assert "400 lines" in head, f"{name} is {text.count(chr(10))} lines with no reason in its first lines"


def test_every_cmdlet_has_a_spec_an_implementation_and_an_effect():
    assert {spec.name for spec in SPECS.values()} == set(IMPLEMENTATIONS)
    for spec in SPECS.values():
        assert isinstance(spec.effect, LabEffect)
        if spec.name.startswith(("Get-", "Select-", "Sort-", "Format-", "Where-", "ForEach-", "Measure-", "Write-")):
            assert spec.effect is LabEffect.NONE, spec.name
    assert SPECS["checkpoint-vm"].effect is LabEffect.OPERATION
    assert SPECS["undo-laboperation"].effect is LabEffect.UNDO and SPECS["undo-laboperation"].lab_only
