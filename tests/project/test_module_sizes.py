"""The shape of the code a newcomer opens: small modules (a longer one says why in its first
lines). Import cycles and layers are import-linter's contracts (tests/project/test_architecture.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "hvlab"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 400


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_are_small_or_say_why(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) > MAX_LINES:
        opening = " ".join(lines[:12]).lower()
        assert re.search(r"\blong\b|over \d+ lines", opening), f"{path}: {len(lines)} lines and no reason in its first lines"
