"""The shape of the code a newcomer opens: small modules (a longer one says why in its first
lines) and no import cycle at run time."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "hvlab"
CORE = sorted([*PACKAGE.glob("*.py"), *(PACKAGE / "vm").glob("*.py")])
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path) -> set[str]:
    """hvlab modules ``path`` imports when it is loaded: module level, outside ``if TYPE_CHECKING``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for sub in ast.walk(node) if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else ():
            if isinstance(sub, ast.ImportFrom):
                base = sub.module or ""
                if sub.level:
                    anchor = package.split(".")[: len(package.split(".")) - (sub.level - 1)]
                    base = ".".join([*anchor, *([base] if base else [])])
                if base.startswith("hvlab"):
                    found.add(base)
                    found.update(f"{base}.{alias.name}" for alias in sub.names)
            elif isinstance(sub, ast.Import):
                found.update(a.name for a in sub.names if a.name.startswith("hvlab"))
    return found


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_modules_are_small_or_say_why(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) > MAX_LINES:
        assert "long" in " ".join(lines[:12]).lower(), f"{path.name}: {len(lines)} lines and no reason in its first lines"


def test_no_import_cycle_at_run_time():
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: {m for m in _runtime_imports(path) if m in modules and m != name} for name, path in modules.items()}
    # A package's __init__ importing its own submodules is how a package is put together.
    graph = {name: {m for m in deps if not (m.startswith(name + ".") and modules[name].name == "__init__.py")} for name, deps in graph.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(name: str, trail: list[str]) -> bool:
        state[name] = 1
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                cycle.extend([*trail[trail.index(dep):], dep] if dep in trail else [name, dep])
                return True
            if dep not in state and visit(dep, [*trail, dep]):
                return True
        state[name] = 2
        return False

    for name in sorted(graph):
        if name not in state and visit(name, [name]):
            break
    assert not cycle, " -> ".join(cycle)
