"""Notebook 08 reviews; it does not teach. Every question of its self-check asks about something
an earlier notebook teaches: each question has a concept list here, each concept is found in the
notebook that teaches it (its cells' sources), and a question without a list fails, so a new
question names where it was taught or is not asked.
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

from hvlab.course.questions import questions

COURSE = Path(__file__).resolve().parents[2] / "notebooks" / "course"

TAUGHT: dict[str, tuple[tuple[str, str, str], ...]] = {
    # question id: (notebook, cell id, a pattern the cell's text must hold), one per concept
    "08-type-hidden": (("01", "b25-what-hyperv-shows", r"SnapshotType"),),
    "08-not-backup": (("05", "b24", r"not a full backup"),),
    "08-automatic": (
        ("04", "b21-predict", r"Use automatic checkpoints"),
        ("04", "b21-explain", r"doesn't have any checkpoints"),
        ("04", "b21-explain", r"shuts down cleanly"),
        ("04", "b21-run", r"set_automatic_checkpoints\(True\)"),
    ),
    "08-linux-production-only": (
        ("02", "a5-intro", r"hv_vss_daemon"),
        ("02", "a5-intro", r"`ProductionOnly` \*\*fails"),
        ("06", "a5-a7-explain", r"file-system-consistent"),
    ),
    "08-paused": (("02", "a5-intro", r"\*\*Paused\*\*"),),
}


def _cells(number: str) -> dict[str, str]:
    cells = runpy.run_path(str(COURSE / f"nb{number}.py"))["CELLS"]
    return {cell_id: source for _, cell_id, source in cells}


def test_every_review_question_has_its_concepts_listed():
    assert {q.id for q in questions("08")} == set(TAUGHT)


@pytest.mark.parametrize("question_id", sorted(TAUGHT))
def test_what_notebook_08_asks_an_earlier_notebook_teaches(question_id):
    for number, cell_id, pattern in TAUGHT[question_id]:
        assert number < "08", f"{question_id}: notebook {number} is not earlier than the review"
        cells = _cells(number)
        assert cell_id in cells, f"{question_id}: notebook {number} has no cell {cell_id}"
        assert re.search(pattern, cells[cell_id], re.IGNORECASE), f"{question_id}: {number}/{cell_id} lacks {pattern!r}"


def test_the_review_does_not_ask_about_disks_no_notebook_teaches():
    """Pass-through disks, shared VHDX and VHD Sets are taught nowhere yet: not asked either."""
    asked = " ".join(q.prompt + " " + " ".join(o.text for o in q.options) for q in questions("08"))
    taught = " ".join(" ".join(_cells(f"{n:02d}").values()) for n in range(1, 8))
    for term in ("pass-through", "VHD Set", "shared VHDX", "Fibre Channel"):
        assert term.lower() not in asked.lower() or term.lower() in taught.lower(), term
