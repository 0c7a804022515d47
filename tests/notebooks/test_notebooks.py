"""The notebook course: every notebook runs top to bottom in a fresh kernel, is
committed without outputs, has the course's shape, and the trainer's guide points at real cells."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]-*.ipynb"))
GUIDE = ROOT / "docs" / "trainer-guide.md"
POINTS = [f"A{n}" for n in range(1, 12)]
ASSUMED_RULINGS = ("B14", "B16", "B12", "B21")
ASSUMED_PHRASE = "Microsoft does not document this; hvlab assumes"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

ids = [p.stem[:2] for p in NOTEBOOKS]


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _markdown(nb: nbformat.NotebookNode) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_course_has_one_notebook_per_concept():
    """Notebooks 00–08 exist, numbered, one per concept of the issue's list."""
    assert [p.stem[:2] for p in NOTEBOOKS] == [f"{n:02d}" for n in range(10)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_committed_without_outputs(path):
    """Notebooks are committed without outputs, execution counts or saved widget state."""
    nb = _read(path)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {cell.id} has outputs"
            assert cell.execution_count is None, f"{path.name} cell {cell.id} has an execution count"
    assert "widgets" not in nb.metadata, f"{path.name} carries saved widget state"


def test_committed_notebooks_match_their_sources():
    """The committed .ipynb files are exactly what notebooks/build.py writes from notebooks/course/."""
    result = subprocess.run([sys.executable, str(NOTEBOOK_DIR / "build.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr + "\nrun: python notebooks/build.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_shape_of_a_lesson(path):
    """Each notebook opens with objectives, prerequisites and a time estimate, follows
    predict → act → explain, and ends with a knowledge check and a summary."""
    nb = _read(path)
    head = nb.cells[0].source
    for word in ("**Objectives**", "**Prerequisites**", "**Time**"):
        assert word in head, f"{path.name}: the first cell lacks {word}"
    text = _markdown(nb)
    assert "Knowledge check" in text, f"{path.name}: no knowledge check"
    assert "summary" in nb.cells[-1].source.split("\n", 1)[0].lower(), f"{path.name}: the last cell is not the summary"
    if path.stem[:2] != "00":
        assert text.count("**Predict.**") >= 1 or path.stem.startswith("08"), f"{path.name}: no Predict box"
        topic = path.stem[:2]
        assert any(c.cell_type == "code" and f'SelfCheck("{topic}")' in c.source for c in nb.cells), f"{path.name}: no SelfCheck(\"{topic}\")"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_code_cells_are_thin(path):
    """Code cells call the package in a few lines; the lesson is in the text and the output."""
    for cell in _read(path).cells:
        if cell.cell_type == "code":
            lines = [line for line in cell.source.splitlines() if line.strip()]
            assert len(lines) <= 12, f"{path.name} cell {cell.id} has {len(lines)} lines"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_assumed_rulings_are_flagged(path):
    """A notebook whose text relies on an assumed ruling tells the learner so (docs/reference.md)."""
    text = _markdown(_read(path))
    cited = [r for r in ASSUMED_RULINGS if re.search(rf"\b{r}\b", text)]
    if cited:
        assert ASSUMED_PHRASE in text, f"{path.name} cites {cited} without '{ASSUMED_PHRASE}'"


def _execute(path: Path, tmp_path: Path) -> tuple[nbformat.NotebookNode, float]:
    from nbclient import NotebookClient

    nb = _read(path)
    env_dirs = {name: tmp_path / name.lower() for name in ("JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR")}
    for directory in env_dirs.values():
        directory.mkdir()
    saved = {key: os.environ.get(key) for key in (*env_dirs, "PATH")}
    # The kernel spec runs "python": put this venv's python first so the kernel imports this hvlab.
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    os.environ.update({k: str(v) for k, v in env_dirs.items()})
    try:
        client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
        started = time.perf_counter()
        client.execute()
        return nb, time.perf_counter() - started
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_runs_top_to_bottom_in_a_fresh_kernel(path, tmp_path):
    """"Restart kernel and run all" works for every notebook on its own (each builds its own lab);
    every widget cell shows a widget and every diagram cell shows a picture."""
    nb, seconds = _execute(path, tmp_path)
    print(f"{path.name}: {seconds:.1f} s")
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kinds = {o.output_type for o in cell.outputs}
        assert "error" not in kinds, f"{path.name} cell {cell.id} raised"
        last = [line for line in cell.source.splitlines() if line.strip()][-1]
        data = [o.get("data", {}) for o in cell.outputs if o.output_type in ("display_data", "execute_result")]
        if re.match(r"(CheckpointTypeExplorer|DiskChainLab|ApplyComparison|SelfCheck|Challenge)\(", last):
            assert any(WIDGET_MIME in d for d in data), f"{path.name} cell {cell.id} showed no widget"
        if re.match(r"draw_\w+\(", last):
            assert any("image/png" in d for d in data), f"{path.name} cell {cell.id} showed no picture"


# ---------------------------------------------------------------------- trainer's guide
def _guide_rows() -> list[tuple[str, str, str]]:
    """(point, notebook number, cell id) from the guide's table "| A3 | 04 | `a3-cold-boot` | …"."""
    rows = []
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*(A\d+)\s*\|\s*(\d\d)\s*\|\s*`([\w-]+)`", line)
        if match:
            rows.append(match.groups())
    return rows


def test_guide_maps_every_point_to_a_teaching_cell():
    """Every point A1–A11 is taught somewhere: the guide's table names a notebook cell for each,
    the cell exists, and it names the point it teaches."""
    rows = _guide_rows()
    assert sorted({point for point, _, _ in rows}, key=lambda p: int(p[1:])) == POINTS
    by_number = {p.stem[:2]: _read(p) for p in NOTEBOOKS}
    for point, number, cell_id in rows:
        cells = {c.id: c for c in by_number[number].cells}
        assert cell_id in cells, f"{point}: notebook {number} has no cell {cell_id}"
        assert re.search(rf"\b{point}\b", cells[cell_id].source), f"{point}: cell {number}/{cell_id} does not name {point}"


def test_guide_gives_the_self_check_answers():
    """The guide lists the correct option of every question in the self-check bank."""
    bank = json.loads((ROOT / "hvlab" / "data" / "questions.json").read_text(encoding="utf-8"))
    guide = GUIDE.read_text(encoding="utf-8")
    for question in bank["questions"]:
        correct = next(o for o in question["options"] if o["correct"])
        assert f"`{question['id']}` — **{correct['id']}**" in guide, (
            f"{question['id']}: answer {correct['id']} missing; run python notebooks/build.py --guide"
        )
