"""The Japanese course: ``notebooks/ja/`` mirrors the English notebooks cell for cell
(same cells, same code, same sections), is committed without outputs, keeps the course's shape in
Japanese, and every notebook runs top to bottom in a fresh kernel."""

from __future__ import annotations

import importlib.util
import json
import re

import nbformat
import pytest
from test_notebooks import ASSUMED_RULINGS, NOTEBOOK_DIR, NOTEBOOKS, _execute, _markdown, _read
from test_notebooks import test_committed_without_outputs as _check_no_outputs
from test_notebooks import test_runs_top_to_bottom_in_a_fresh_kernel as _check_runs_top_to_bottom

_spec = importlib.util.spec_from_file_location("hvlab_notebooks_build", NOTEBOOK_DIR / "build.py")
_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_build)
JA_LANGUAGE_LINES = _build.JA_LANGUAGE_LINES

ROOT = NOTEBOOK_DIR.parent
JA_DIR = NOTEBOOK_DIR / "ja"
JA_NOTEBOOKS = sorted(JA_DIR.glob("[0-9][0-9]-*.ipynb"))
JA_PATHS = [JA_DIR / english.name for english in NOTEBOOKS]
PAIRS = list(zip(NOTEBOOKS, JA_PATHS))
ids = [english.stem[:2] for english in NOTEBOOKS]
KANA = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana and kanji
HEADING = re.compile(r"^(#{1,6}) ", re.MULTILINE)


def _assumed_phrase() -> str:
    """The Japanese flag for an assumed ruling: the ja catalog's ``note.assumed`` without its
    placeholder, so the notebooks and hvlab's own messages use the same words."""
    fallback = "Microsoft はこれを文書化していません。hvlab は次のように仮定しています"
    path = ROOT / "hvlab" / "catalog" / "ja" / "core.json"
    if not path.exists():
        return fallback
    template = json.loads(path.read_text(encoding="utf-8")).get("note.assumed", fallback)
    return template.split("{", 1)[0].rstrip(": :")


def test_japanese_set_mirrors_the_english_one():
    """notebooks/ja has exactly the English notebooks, by file name."""
    assert [p.name for p in JA_NOTEBOOKS] == [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("english, japanese", PAIRS, ids=ids)
def test_same_cells_in_the_same_order(english, japanese):
    """Same number and order of cells of each type, with the same ids (so the trainer's guide's
    cell references hold in both sets)."""
    en, ja = _read(english), _read(japanese)
    assert [(c.cell_type, c.id) for c in ja.cells] == [(c.cell_type, c.id) for c in en.cells]


@pytest.mark.parametrize("english, japanese", PAIRS, ids=ids)
def test_same_code(english, japanese):
    """Every code cell is the English one; only the first also sets the language to Japanese."""
    en = [c.source for c in _read(english).cells if c.cell_type == "code"]
    ja = [c.source for c in _read(japanese).cells if c.cell_type == "code"]
    assert ja[0].startswith(JA_LANGUAGE_LINES), f"{japanese.name}: the first code cell does not set the language"
    assert [ja[0].removeprefix(JA_LANGUAGE_LINES), *ja[1:]] == en


@pytest.mark.parametrize("english, japanese", PAIRS, ids=ids)
def test_same_sections(english, japanese):
    """One Japanese heading per English heading, cell by cell, at the same level."""
    def levels(nb):
        return [[len(h) for h in HEADING.findall(c.source)] for c in nb.cells if c.cell_type == "markdown"]

    assert levels(_read(japanese)) == levels(_read(english))


@pytest.mark.parametrize("english, japanese", PAIRS, ids=ids)
def test_text_is_japanese(english, japanese):
    """Every markdown cell and every heading is written in Japanese, not left in English."""
    for cell in _read(japanese).cells:
        if cell.cell_type == "markdown":
            assert KANA.search(cell.source), f"{japanese.name} cell {cell.id} has no Japanese text"
            for heading in re.findall(r"^#{1,6} (.*)$", cell.source, re.MULTILINE):
                assert KANA.search(heading), f"{japanese.name} cell {cell.id}: heading {heading!r} is not Japanese"


@pytest.mark.parametrize("path", JA_PATHS, ids=ids)
def test_committed_without_outputs(path):
    """The Japanese notebooks are committed without outputs, execution counts or widget state."""
    _check_no_outputs(path)


@pytest.mark.parametrize("path", JA_PATHS, ids=ids)
def test_shape_of_a_lesson_in_japanese(path):
    """Each notebook opens with 目標 / 前提 / 所要時間, follows 予想 → 実行 → 解説 and ends with
    理解度チェック and まとめ, like the English course."""
    nb = _read(path)
    for word in ("**目標**", "**前提**", "**所要時間**"):
        assert word in nb.cells[0].source, f"{path.name}: the first cell lacks {word}"
    text = _markdown(nb)
    assert "理解度チェック" in text, f"{path.name}: no 理解度チェック"
    assert "まとめ" in nb.cells[-1].source.split("\n", 1)[0], f"{path.name}: the last cell is not the まとめ"
    if path.stem[:2] not in ("00", "08"):
        assert "**予想。**" in text, f"{path.name}: no 予想 box"


@pytest.mark.parametrize("path", JA_PATHS, ids=ids)
def test_assumed_rulings_are_flagged_in_japanese(path):
    """A notebook whose text relies on an assumed ruling says so with the ja catalog's phrase."""
    text, phrase = _markdown(_read(path)), _assumed_phrase()
    cited = [r for r in ASSUMED_RULINGS if re.search(rf"\b{r}\b", text)]
    if cited:
        assert phrase in text, f"{path.name} cites {cited} without '{phrase}'"


@pytest.mark.parametrize("path", JA_PATHS, ids=ids)
def test_links_point_at_files(path):
    """Relative links between notebooks (and to the English set) resolve."""
    for target in re.findall(r"\]\(([^)#:]+\.ipynb)\)", _markdown(_read(path))):
        assert (path.parent / target).exists(), f"{path.name} links to missing {target}"


@pytest.mark.parametrize("path", JA_PATHS, ids=ids)
def test_runs_top_to_bottom_in_a_fresh_kernel(path, tmp_path):
    """"Restart kernel and run all" works for every Japanese notebook, with the English notebook's
    checks: no error, a widget from every widget cell, a picture from every diagram cell."""
    _check_runs_top_to_bottom(path, tmp_path)


def test_first_code_cell_switches_the_kernel_to_japanese(tmp_path):
    """After a Japanese notebook's first code cell the kernel's hvlab speaks Japanese, whatever
    the environment says (the line is the same in every Japanese notebook: test_same_code)."""
    nb = _read(JA_PATHS[0])
    first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells = nb.cells[: first + 1] + [nbformat.v4.new_code_cell("print(hvlab.get_language())")]
    path = tmp_path / "first-cell.ipynb"
    nbformat.write(nb, path)
    executed, _ = _execute(path, tmp_path)
    assert executed.cells[-1].outputs[0].text.strip() == "ja"
