"""The Japanese a learner reads: natural Japanese, no English leaking into it.

Hyper-V's state names stay as Get-VM shows them, marked: the Japanese term of Microsoft's
Japanese docs first, the English value in parentheses (保存済み (Saved)); the checkpoint setting
likewise (運用 (Production)); the kinds are 運用 / 標準. A "ruling" is ルール, never 裁定.
"""

from __future__ import annotations

import importlib.util
import json
import re
import tomllib
from pathlib import Path

import pytest

import hvlab
from hvlab import CheckpointType, GuestProfile, HvlabError, Lab, VMState, catalog
from hvlab.checkpoint_type import CheckpointKind, Consistency
from hvlab.domain_controller import DirectoryHealth

ROOT = Path(__file__).resolve().parents[2]
JA_CATALOGS = sorted((ROOT / "hvlab" / "catalog" / "ja").glob("*.json"))
JA_SOURCES = sorted((ROOT / "notebooks" / "course" / "ja").glob("nb*.py"))
QUESTIONS_JA = ROOT / "hvlab" / "data" / "questions.ja.json"
REFERENCE_JA = ROOT / "docs" / "reference.ja.md"
SCENARIOS = sorted((ROOT / "hvlab" / "data" / "scenarios").glob("*.toml"))
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
NOT_DOCUMENTED = re.compile(r"文書化(され|し)ていません")

# The Hyper-V / Set-VM names that have a Japanese word in hvlab's catalogs. Written alone in a
# Japanese sentence they are English leaking in; inside the parentheses of the convention, in
# code, in quotes or in a verbatim Hyper-V line they are Hyper-V's own words.
ENGLISH_NAMES = ("Off", "Starting", "Running", "Paused", "Saved", "Production", "ProductionOnly", "Standard", "Disabled")
RAW_NAME = re.compile(r"(?<![\w(\"'`-])(" + "|".join(ENGLISH_NAMES) + r")(?![\w\"'`-])")

# Calques found in earlier Japanese texts: each read as English in Japanese words.
CALQUES = (
    "起動済みのゲストで実行中ではありません",  # "is not running with a booted guest"
    "を提供:",  # "Backup (volume shadow copy) offered:"
    "開始中 (ゲストは起動中)",  # "Starting (guest booting)": Hyper-V never shows "starting"
    "Notepad (メモ帳)",
)


def _strings(data: object):
    """Every string in a JSON document (the question bank's prompts, options, explanations)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _japanese_of(data: object):
    """The Japanese of every text of a scenario file (each text is a table of ``en`` and ``ja``)."""
    if isinstance(data, dict):
        if "ja" in data and "en" in data and isinstance(data["ja"], str):
            yield data["ja"]
        for value in data.values():
            yield from _japanese_of(value)
    elif isinstance(data, list):
        for value in data:
            yield from _japanese_of(value)


def _ja_texts() -> dict[str, str]:
    """Every Japanese learner-facing text, by where it lives (catalog key, notebook cell, question)."""
    texts: dict[str, str] = {}
    for path in JA_CATALOGS:
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            texts[f"{path.name}:{key}"] = value
    for path in JA_SOURCES:
        spec = importlib.util.spec_from_file_location(f"ja_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for cell, source in module.MARKDOWN.items():
            texts[f"{path.name}:{cell}"] = source
    texts["questions.ja.json"] = QUESTIONS_JA.read_text(encoding="utf-8")
    for number, value in enumerate(_strings(json.loads(texts["questions.ja.json"]))):
        texts[f"questions.ja.json#{number}"] = value
    for path in SCENARIOS:
        for number, value in enumerate(_japanese_of(tomllib.loads(path.read_text(encoding="utf-8")))):
            texts[f"{path.name}#{number}"] = value
    if REFERENCE_JA.exists():
        texts["reference.ja.md"] = REFERENCE_JA.read_text(encoding="utf-8")
    return texts


@pytest.fixture
def ja():
    previous = catalog.get_language()
    hvlab.set_language("ja")
    yield
    hvlab.set_language(previous)


def _verbatim_lines() -> set[str]:
    """Hyper-V's, PowerShell's and the guests' own (English) strings, quoted as they are."""
    english = catalog._load("en")
    return {v.split("{", 1)[0] for k, v in english.items() if k.startswith(("hyperv.", "guest_verbatim.", "ps."))}


def _leaks(output: str) -> list[str]:
    """The lines of ``output`` that write a Hyper-V name alone, as an English word, in Japanese."""
    verbatim = [v for v in _verbatim_lines() if len(v) > 8]
    found = []
    for line in output.splitlines():
        if not JAPANESE.search(line) or any(v in line for v in verbatim):
            continue
        if RAW_NAME.search(re.sub(r"\([^()]*\)", "", line)):
            found.append(line)
    return found


def test_no_saitei_anywhere():
    """「裁定」 is a court's word; a ruling of hvlab's reference is a ルール, everywhere."""
    assert [where for where, text in _ja_texts().items() if "裁定" in text] == []


def test_no_known_calque():
    assert {where: c for where, text in _ja_texts().items() for c in CALQUES if c in text} == {}


def test_no_sentence_said_twice():
    """No text says the same sentence twice, and none says "not documented" twice in a row
    (「…文書化されていません。Microsoft はこれを文書化していません。」)."""
    twice = {}
    for where, text in _ja_texts().items():
        if where == "questions.ja.json" or where == "reference.ja.md":
            continue
        sentences = [s.strip() for s in re.split(r"(?<=。)", re.sub(r"\s*\n\s*", "", text)) if len(s.strip()) > 12]
        repeated = {s for s in sentences if sentences.count(s) > 1}
        doubled = [a for a, b in zip(sentences, sentences[1:]) if NOT_DOCUMENTED.search(a) and NOT_DOCUMENTED.search(b)]
        if repeated or doubled:
            twice[where] = sorted(repeated) + doubled
    assert twice == {}


@pytest.mark.parametrize("member", [*VMState, *CheckpointType, *CheckpointKind, *Consistency, *DirectoryHealth], ids=str)
def test_every_name_has_a_japanese_word(ja, member):
    assert JAPANESE.search(member.label), member


@pytest.mark.parametrize("member", [*VMState, *CheckpointType], ids=str)
def test_hyperv_names_are_marked_by_the_convention(ja, member):
    """State and setting: the Japanese word, then Hyper-V's own value in parentheses."""
    shown = member.hyperv_label if isinstance(member, VMState) else member.value
    assert re.match(rf"^[^(]*[\u3040-\u30ff\u4e00-\u9fff] \({shown}[)、]", member.label), member.label


def test_english_labels_are_the_hyperv_values():
    """In English a label is exactly what Hyper-V / Set-VM shows, so English output is unchanged."""
    assert catalog.get_language() == "en"
    assert [s.label for s in VMState] == [s.value for s in VMState]
    assert [t.label for t in CheckpointType] == [t.value for t in CheckpointType]
    assert [k.label for k in CheckpointKind] == [k.value for k in CheckpointKind]


def test_results_and_previews_name_states_kinds_and_settings_in_japanese(ja):
    """The old defects: 「適用後の VM の状態: Saved」, 「VM は Starting で…」, 「(Production) を作成」,
    「チェックポイントの設定は Production です」."""
    lab = Lab(seed=0)
    vm = lab.new_vm("web01")
    out = [vm.preview_checkpoint().explain(), str(vm.start()), vm.preview_checkpoint().explain(), str(vm.checkpoint("booting"))]
    out += [str(vm.complete_boot()), str(vm.set_checkpoint_type(CheckpointType.STANDARD)), str(vm.checkpoint("standard"))]
    out += [str(vm.save()), vm.preview_checkpoint().explain(), str(vm.start()), str(vm.pause()), vm.preview_checkpoint().explain()]
    out += [str(vm.apply("standard")), str(vm.put_in_state(VMState.OFF))]
    try:
        vm.write_file(r"C:\x.txt", "x")
    except HvlabError as error:
        out.append(str(error))
    try:
        vm.complete_boot()
    except HvlabError as error:
        out.append(str(error))
    out += [str(e) for e in vm.events]
    text = "\n".join(out)
    assert _leaks(text) == []
    assert "保存済み (Saved)" in text and "標準チェックポイント 'standard' を作成しました" in text


def test_linux_and_production_only_in_japanese(ja):
    lab = Lab(seed=1)
    vm = lab.new_vm("lnx01", GuestProfile.linux(vss_daemon=False), checkpoint_type=CheckpointType.PRODUCTION_ONLY)
    vm.put_in_state(VMState.RUNNING)
    out = [vm.preview_checkpoint().explain()]
    try:
        vm.checkpoint()
    except HvlabError as error:
        out.append(error.learner_text())
    assert _leaks("\n".join(out)) == []


def test_the_leak_check_finds_the_old_lines():
    """The checker itself: it flags the old Japanese lines and passes the convention."""
    old = "適用後の VM の状態: Saved。\nVM は Starting で、保存済み (Saved) でも一時停止 (Paused) でもありません。\n種類: Production (VM が Running のときに作成)。"
    assert len(_leaks(old)) == 3
    assert _leaks("適用後の VM の状態: 保存済み (Saved)。\nVM は実行中 (Running、ゲスト OS は起動中) です。") == []


def test_notepad_is_memo_in_japanese(ja):
    """The app the labs open is the one Japanese Windows calls メモ帳."""
    from hvlab.course.demos import demo_app, prepare_demo

    assert demo_app() == "メモ帳"
    assert all(vm.open_apps == ("メモ帳",) for vm in prepare_demo().vms.values())
    assert catalog.text("widget.lab.default_app_windows") == "メモ帳"


RAW_ENUM = re.compile(r"\b(?:state|kind|checkpoint_type|setting|outcome|consistency|health|state_after_apply)\.value\b|\.hyperv_state\b")
ENGLISH_LITERAL = re.compile(r"""\bprint\((?:[^()]*,\s*)?f?(["'])(?P<literal>(?:(?!\1).)*[A-Za-z]{3,}(?:(?!\1).)*)\1""")
FILE_LABEL = re.compile(r"^[\w.-]+\.\w+:\s*$")  # "plan.txt: " names a file, in any language


def _code_lines() -> list[tuple[str, str, str]]:
    import nbformat

    found = []
    for path in sorted((ROOT / "notebooks" / "ja").glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                found += [(path.name, cell.id, line) for line in cell.source.splitlines() if not line.lstrip().startswith("#")]
    return found


def test_notebook_code_prints_no_raw_names():
    """No Japanese notebook's code prints a state, kind or setting by its enum value (Saved,
    Production...) where a Japanese word exists: it prints the .label (or state.hyperv_display)."""
    assert [(nb, cell, line) for nb, cell, line in _code_lines() if "print(" in line and RAW_ENUM.search(line)] == []


def test_notebook_code_prints_no_english_label():
    """No Japanese notebook's code prints an English label of its own ("State after Apply:"):
    the label comes from the catalogs (hvlab.text), so the same code prints Japanese here."""
    leaks = []
    for nb, cell, line in _code_lines():
        match = ENGLISH_LITERAL.search(line)
        words = re.sub(r"\{[^{}]*\}", "", match["literal"]) if match else ""
        if re.search(r"[A-Za-z]{3,}", words) and not FILE_LABEL.match(words):
            leaks.append((nb, cell, line.strip()))
    assert leaks == []


def test_the_code_checks_find_the_old_cells():
    old = ['print("State after Apply:", vm.hyperv_state)', 'print("kind:", cp.kind.value, "| thumbnail:", cp.has_thumbnail)',
           '    print(f"{cp.name:13} kind: {cp.kind.value:10}")']
    assert all(RAW_ENUM.search(line) for line in old)
    assert all(ENGLISH_LITERAL.search(line) for line in old)
    assert FILE_LABEL.match("plan.txt: ") and not FILE_LABEL.match("State after Apply:")


def test_one_punctuation_convention_in_japanese_catalogs():
    """hvlab's Japanese writes half-width parentheses and colons (「保存済み (Saved)」,
    「チェックポイントの削除: 削除・マージ・保持」); full-width ones crept into some texts."""
    mixed = {where: text for where, text in _ja_texts().items() if where.split(":")[0].endswith(".json") and re.search("[（）：]", text)}
    assert mixed == {}


def _widget_texts(widget) -> str:
    """Every label, value, tooltip and option a learner can see in an ipywidgets tree, as text."""
    import html

    seen, out, todo = set(), [], [widget]
    while todo:
        w = todo.pop()
        if id(w) in seen:
            continue
        seen.add(id(w))
        out += [v for v in (getattr(w, a, None) for a in ("description", "value", "tooltip", "placeholder")) if isinstance(v, str)]
        out += [o[0] if isinstance(o, tuple) else str(o) for o in getattr(w, "options", ()) or ()]
        todo += list(getattr(w, "children", ()) or ())
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "\n", re.sub(r"<style>.*?</style>", "", s, flags=re.S))) for s in out)


def test_labs_show_no_raw_names_in_japanese(ja):
    pytest.importorskip("ipywidgets")
    from hvlab import scenarios
    from hvlab.widgets import ApplyComparison, CheckpointTypeExplorer, DiskChainLab

    lab, _ = scenarios.branches_after_apply()
    for view in (CheckpointTypeExplorer(), DiskChainLab(lab), ApplyComparison()):
        assert _leaks(_widget_texts(view.widget)) == [], type(view).__name__


def test_power_state_diagram_names_states_by_the_convention(ja):
    """The state machine's boxes and its caption name Hyper-V's states as the notebooks do:
    オフ (Off), 実行中 (Running) — not Off, Running alone in a Japanese picture."""
    from hvlab.diagrams.power_states import power_states_layout

    lab = Lab(seed=0)
    vm = lab.new_vm("web01")
    vm.start()
    layout = power_states_layout(vm)
    titles = {box.key: box.lines[0].text for box in layout.boxes}
    assert titles == {s.name: s.hyperv_display for s in VMState if s.name in titles}
    assert all(JAPANESE.search(t) for t in titles.values())
    assert _leaks("\n".join([label.text for label in layout.labels] + list(layout.description))) == []
