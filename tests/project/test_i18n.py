"""English and Japanese throughout: catalogs, fonts, diagrams, core and console.

Rules under test: one catalog per language with exactly the same keys and placeholders; Hyper-V's,
the guest's and PowerShell's own words stay verbatim English (reference Part C §2.3) while hvlab's
text around them is Japanese; rule ids (A1…, B1…) are never translated; Japanese diagrams draw
with real glyphs from the bundled IPAexGothic file, independent of system fonts, and leave the
learner's matplotlib settings alone; ``set_language`` switches at run time and the default
follows the environment.
"""

from __future__ import annotations

import io
import json
import re
import string
import sys
import unicodedata
import warnings
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pytest

import hvlab
from hvlab import CheckpointType, GuestProfile, IntegrationService, Lab, catalog, set_language
from hvlab.catalog import CatalogError, text

LANGUAGES = ("en", "ja")
CATALOG = resources.files("hvlab.catalog")

VERBATIM_PREFIXES = ("hyperv.", "guest_verbatim.")
"""Hyper-V's and the guest's own strings: Microsoft's Japanese wording of them is not documented."""
POWERSHELL_VERBATIM = frozenset({
    "ps.at_position", "ps.command_not_found", "ps.whatif", "ps.select_expand_missing",
    "ps.confirm.should_process", "ps.confirm.restore", "ps.confirm.prompt", "ps.confirm.help",
})
"""PowerShell's own text on an English host (its resource strings), besides ``ps.bind.*`` and
the ``ps.parse.*`` messages that are not marked ``[hvlab]``."""
SAME_IN_BOTH = frozenset({
    "checkpoint.automatic_name",  # Hyper-V names automatic checkpoints itself (B21)
    "ps.new_vm_default_name",  # New-VM's default name on an English host
    "ps.note_prefix", "rule.B5.fail", "widget.version_label",
    "diagram.tree.col_snapshot_type",  # Get-VMSnapshot's property name (B32)
    "widget.lab.directory", "widget.compare.tip.start", "diagram.size_mb", "diagram.size_gb",
    "diagram.describe.transition", "diagram.tree.now_state", "widget.guest.windows",
    "widget.explorer.tab.powershell", "widget.lab.tab.powershell",  # the product's name
    "cite.separator", "list.separator",  # punctuation only (、 in Japanese)
    "event_log.source.HYPERV", "event_log.source.HVLAB",  # product names
    "classroom.present.no_voila",
    "widget.manager_label.marker",  # the " *" that marks an unconfirmed Hyper-V Manager label
})
"""Keys whose Japanese text is, on purpose, the same as the English one (placeholders, product
and program names, a pip command)."""


def _is_powershell_verbatim(key: str, english: str) -> bool:
    if key in POWERSHELL_VERBATIM or key.startswith("ps.bind."):
        return True
    return key.startswith("ps.parse.") and not english.startswith("[hvlab]")


def _verbatim(key: str, english: str) -> bool:
    return key.startswith(VERBATIM_PREFIXES) or _is_powershell_verbatim(key, english)


def _files(language: str) -> dict[str, dict[str, str]]:
    folder = CATALOG / language
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".json")}


def _fields(template: str) -> tuple | str:
    """The ``(name, format spec, conversion)`` of every placeholder; "literal" for a message
    that is never formatted because it is not a valid template (it has a lone brace)."""
    try:
        return tuple(sorted((f, spec, conv or "") for _, f, spec, conv in string.Formatter().parse(template) if f is not None))
    except ValueError:
        return "literal"


def _has_japanese(value: str) -> bool:
    return any(unicodedata.name(c, "").startswith(("HIRAGANA", "KATAKANA", "CJK UNIFIED")) for c in value)


# ---------------------------------------------------------------------------- catalogs
def test_both_languages_have_the_same_catalog_files():
    """One Japanese file per English file (one catalog per language)."""
    assert set(_files("ja")) == set(_files("en"))
    assert set(catalog.available_languages()) >= set(LANGUAGES)


@pytest.mark.parametrize("name", sorted(_files("en")))
def test_catalog_files_have_exactly_the_same_keys_and_placeholders(name):
    """Both catalogs have exactly the same keys and the same ``{placeholders}``
    (with the same format specs and conversions), file by file."""
    english, japanese = _files("en")[name], _files("ja")[name]
    assert set(japanese) == set(english)
    mismatched = {k: (_fields(english[k]), _fields(japanese[k])) for k in english if _fields(english[k]) != _fields(japanese[k])}
    assert not mismatched


def test_verbatim_strings_stay_english_in_japanese():
    """Hyper-V's and the guest's message strings and PowerShell's own error text are quoted
    verbatim from an English host (reference Part C §2.3); their Japanese wording is not
    documented, so the Japanese catalog keeps them identical."""
    english, japanese = catalog._load("en"), catalog._load("ja")
    verbatim = {k for k, v in english.items() if _verbatim(k, v)}
    assert {k for k in verbatim if k.startswith("hyperv.")} and {k for k in verbatim if k.startswith("ps.bind.")}
    assert {k: japanese[k] for k in verbatim if japanese[k] != english[k]} == {}


def test_everything_else_is_translated():
    """Every other message is Japanese; the few identical ones are listed on purpose."""
    english, japanese = catalog._load("en"), catalog._load("ja")
    same = {k for k, v in english.items() if japanese[k] == v and not _verbatim(k, v)}
    assert same <= SAME_IN_BOTH
    untranslated = {k for k, v in japanese.items() if not _verbatim(k, english[k]) and k not in SAME_IN_BOTH and not _has_japanese(v)}
    assert untranslated == set()


def test_rule_ids_are_not_translated():
    """Rule ids (A1…A11, B1…B25) name the reference's rulings in both languages: every id an
    English message cites is cited by its Japanese message too."""
    english, japanese = catalog._load("en"), catalog._load("ja")
    pattern = re.compile(r"\b[AB]\d{1,2}\b")
    missing = {k: set(pattern.findall(v)) - set(pattern.findall(japanese[k])) for k, v in english.items()}
    assert {k: ids for k, ids in missing.items() if ids} == {}


def test_hyperv_terms_follow_microsofts_japanese_docs():
    """Japanese Hyper-V terms as Microsoft's (machine-translated) Japanese docs use them; the
    label itself carries no English aside: the English original comes from the manager-label
    marker and note (hvlab.widgets.manager_labels)."""
    set_language("ja")
    assert text("widget.explorer.production_checkpoints") == "運用チェックポイント"
    assert text("widget.explorer.standard_checkpoints") == "標準チェックポイント"
    assert text("widget.explorer.integration_services") == "統合サービス"
    assert text("widget.lab.tree") == "チェックポイント ツリー"
    assert text("diagram.op.apply") == "適用"
    assert IntegrationService.BACKUP.label == "バックアップ (ボリューム シャドウ コピー)"
    fallback = text("widget.explorer.fallback")
    assert fallback == "運用チェックポイントを作成できない場合は標準チェックポイントを作成する"
    from hvlab.reference import manager_label

    label = manager_label("widget.explorer.fallback")
    assert not label.confirmed and label.english == "Create standard checkpoints if it's not possible to create a production checkpoint."


# ---------------------------------------------------------------------------- switching
def test_set_language_switches_messages_at_run_time():
    """``hvlab.set_language`` is exported at the top level and switches every later message."""
    hvlab.set_language("ja")
    assert hvlab.get_language() == "ja" and hvlab.text("widget.undo") == "元に戻す"
    hvlab.set_language("en")
    assert hvlab.get_language() == "en" and hvlab.text("widget.undo") == "Undo"


def test_unknown_language_is_a_clear_error_and_changes_nothing():
    """``set_language("xx")`` names the languages there are and leaves the language as it was."""
    set_language("ja")
    with pytest.raises(CatalogError) as caught:
        set_language("xx")
    message = str(caught.value)
    assert "'xx'" in message and "'en'" in message and "'ja'" in message and not message.startswith('"')
    assert isinstance(caught.value, ValueError)
    assert hvlab.get_language() == "ja"


@pytest.mark.parametrize("environment,expected", [
    ({"HVLAB_LANG": "ja"}, "ja"),
    ({"LANG": "ja_JP.UTF-8"}, "ja"),
    ({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "ja"),
    ({"HVLAB_LANG": "en", "LANG": "ja_JP.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"}, "ja"),
    ({}, "en"),
])
def test_default_language_follows_the_environment(monkeypatch, environment, expected):
    """Without ``set_language`` the environment decides: HVLAB_LANG, then LC_ALL, LC_MESSAGES,
    LANG; a language without a catalog is skipped; English is the default."""
    for name in ("HVLAB_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(catalog, "_current", None)
    assert hvlab.get_language() == expected


def test_a_key_missing_from_japanese_falls_back_to_english(monkeypatch):
    """A half-translated catalog never breaks a lab: a key only English has is shown in English."""
    load = catalog._load
    japanese = dict(load("ja"))
    del japanese["widget.undo"]
    monkeypatch.setattr(catalog, "_load", lambda language: japanese if language == "ja" else load(language))
    set_language("ja")
    assert text("widget.undo") == "Undo" and text("widget.reset") == "リセット"


# ---------------------------------------------------------------------------- core smoke run
@pytest.mark.parametrize("language", LANGUAGES)
def test_core_smoke_run_in_both_languages(language):
    """A lab session (start, checkpoint, change, apply, delete, a refusal) works the same in
    both languages; only the words differ, and Hyper-V's own lines stay English (B2)."""
    set_language(language)
    lab = Lab(seed=3)
    vm = lab.new_vm("web01", GuestProfile.windows())
    summaries = [
        vm.start().summary, vm.complete_boot().summary, vm.checkpoint("before").summary,
        vm.write_file("C:\\report.txt", "x").summary, vm.checkpoint("after").summary,
    ]
    summaries.append(vm.apply(vm.find_checkpoint("before")).summary)
    summaries.append(vm.delete_checkpoint(vm.find_checkpoint("after")).summary)
    preview = vm.preview_checkpoint()
    summaries.append(preview.explain())
    vm.set_checkpoint_type(CheckpointType.DISABLED)
    with pytest.raises(hvlab.HvlabError) as refused:
        vm.checkpoint()
    assert list(refused.value.hyperv_messages[:2]) == ["Checkpoint operation failed.", "Checkpoints have been disabled."]
    assert all(summaries) and [cp.name for cp in vm.checkpoints.values()] == ["before"]
    assert all(_has_japanese(s) == (language == "ja") for s in summaries)
    assert all(_has_japanese(str(e)) == (language == "ja") for e in vm.events if not e.verbatim)


@pytest.mark.parametrize("language", LANGUAGES)
def test_decision_table_cli_runs_in_both_languages(language, capsys):
    """``python -m hvlab table`` prints the same decisions in either language."""
    from hvlab.decision_table_cli import main

    set_language(language)
    main([])
    rows = capsys.readouterr().out.strip().splitlines()
    assert len(rows) > 100 and rows[0].startswith("checkpoint_setting,")
    assert _has_japanese(rows[1]) == (language == "ja")


# ---------------------------------------------------------------------------- PowerShell console
def test_powershell_notes_are_japanese_and_powershell_errors_stay_english():
    """In Japanese the console's notes and hvlab's own refusals are Japanese, while Hyper-V's
    verbatim lines and PowerShell's parser and binder errors stay as on an English host."""
    from hvlab.powershell import Session

    set_language("ja")
    session = Session()
    for line in ("New-VM -Name web01", "Set-VM web01 -CheckpointType ProductionOnly",
                 "Disable-VMIntegrationService -VMName web01 -Name VSS", "Start-VM web01"):
        assert session.run(line).ok, line
    failed = session.run("Checkpoint-VM web01")
    record = "\n".join(failed.errors)
    assert "Checkpoint-VM : Checkpoint operation failed." in record
    assert "Production checkpoints cannot be created for 'web01'." in record
    assert failed.notes and all(_has_japanese(note) for note in failed.notes)
    assert "hvlab: " + failed.notes[0] in failed.text()

    binder = "\n".join(session.run("Get-VM -Bogus").errors)
    assert "A parameter cannot be found that matches parameter name 'Bogus'." in binder and not _has_japanese(binder)
    parser = "\n".join(session.run("Get-VM | Where-Object {").errors)
    assert "Missing closing '}' in statement block or type definition." in parser and not _has_japanese(parser)
    unknown = "\n".join(session.run("Frob-VM").notes)  # hvlab's note quotes PowerShell's own words, untranslated
    assert "is not recognized as the name of a cmdlet" in unknown and _has_japanese(unknown)

    own = "\n".join(session.run("Resume-VM web01").errors)  # refused: Hyper-V's wording undocumented
    assert _has_japanese(own) and text("ps.hvlab_wording") in own


# ---------------------------------------------------------------------------- fonts
def test_japanese_text_is_drawn_with_the_bundled_ipaexgothic_file():
    """hvlab draws Japanese with matplotlib-fontja's IPAexGothic FILE, found without importing
    the package, so a laptop without any CJK font (this machine has Noto CJK: the chain must
    not use it) draws the same glyphs. English keeps DejaVu Sans first."""
    pytest.importorskip("matplotlib")
    from hvlab.diagrams import fonts

    bundled = fonts.bundled_japanese_font()
    assert bundled is not None and bundled.name == "ipaexg.ttf" and bundled.parent.parent.name == "matplotlib_fontja"
    for weight in ("normal", "bold"):
        japanese, english = fonts.font_files("ja", weight), fonts.font_files("en", weight)
        assert Path(japanese[0]) == bundled and Path(english[1]) == bundled
        assert Path(english[0]).name.startswith("DejaVuSans")
        assert all("matplotlib" in Path(f).parts or "matplotlib_fontja" in Path(f).parts for f in (*japanese, *english))
    assert "matplotlib_fontja" not in sys.modules


def test_font_caches_are_keyed_by_language():
    """The same string is measured and outlined with the current language's fonts, so a
    switch at run time redraws correctly instead of reusing the other language's outlines."""
    pytest.importorskip("matplotlib")
    from hvlab.diagrams.fonts import TextStyle, glyph_path, text_width

    set_language("en")
    width_en, path_en = text_width("Checkpoint (B4)", TextStyle.BODY), glyph_path("Checkpoint (B4)", TextStyle.BODY)
    set_language("ja")
    width_ja, path_ja = text_width("Checkpoint (B4)", TextStyle.BODY), glyph_path("Checkpoint (B4)", TextStyle.BODY)
    assert width_en != width_ja and path_en[0].tobytes() != path_ja[0].tobytes()
    set_language("en")
    assert text_width("Checkpoint (B4)", TextStyle.BODY) == width_en


def test_bold_japanese_is_synthesised_and_english_keeps_dejavu_bold():
    """IPAexGothic has one weight, so bold Japanese headings are drawn as two outlines a hair
    apart (and measured that much wider); English bold text uses DejaVu Sans Bold as it is."""
    pytest.importorskip("matplotlib")
    from hvlab.diagrams import fonts
    from hvlab.diagrams.fonts import TextStyle, glyph_path, text_width

    set_language("ja")
    heading, body = glyph_path("運用チェックポイント", TextStyle.HEADING), glyph_path("運用チェックポイント", TextStyle.BODY)
    assert len(heading[1]) == 2 * len(body[1])
    ratio = TextStyle.TITLE.size / TextStyle.BODY.size
    assert text_width("運用", TextStyle.TITLE) > text_width("運用", TextStyle.BODY) * ratio + 0.005
    assert fonts._emboldening(TextStyle.TITLE, fonts.font_files("en", "bold")) == 0.0
    set_language("en")
    assert text_width("Production", TextStyle.TITLE) == fonts._text_width("Production", TextStyle.TITLE, fonts.font_files("en", "bold"))
    assert "Bold" in Path(fonts.font_files("en", "bold")[0]).name


def test_japanese_wraps_between_characters_not_inside_punctuation():
    """Japanese has no spaces between words: a long sentence wraps between characters, never
    starting a line with 、。」 nor ending one with 「 (kinsoku), and loses no character."""
    pytest.importorskip("matplotlib")
    from hvlab.diagrams.fonts import TextStyle, wrap_text

    set_language("ja")
    sentence = text("preview.reason.production", requester="vmicvss (Hyper-V Volume Shadow Copy Requestor)")
    lines = wrap_text(sentence, TextStyle.SMALL, 2.0, 10)
    assert len(lines) > 2 and "".join(lines).replace(" ", "") == sentence.replace(" ", "")
    assert not any(line[0] in "、。」)）" for line in lines[1:]) and not any(line[-1] in "「（" for line in lines)


# ---------------------------------------------------------------------------- diagrams in Japanese
@lru_cache(maxsize=None)
def _gallery(language: str) -> tuple:
    from hvlab.diagrams.gallery import gallery_layouts

    previous = hvlab.get_language()
    set_language(language)
    try:
        return tuple(gallery_layouts())
    finally:
        set_language(previous)


def _stems() -> list[str]:
    try:
        import matplotlib  # noqa: F401
    except ImportError:  # pragma: no cover
        return []
    return [stem for stem, _ in _gallery("en")]


@pytest.mark.parametrize("index,stem", list(enumerate(_stems())))
def test_every_gallery_diagram_renders_in_japanese_with_real_glyphs(index, stem):
    """Every diagram of the gallery, in Japanese, draws every character with a real
    glyph of hvlab's font chain (nothing replaced by "□") and renders with every warning
    (missing glyphs included) turned into an error; its text is Japanese."""
    from PIL import Image

    from hvlab.diagrams.fonts import drawable, font_files
    from hvlab.diagrams.render import iter_texts, render_layout, render_png

    set_language("ja")
    name, layout = _gallery("ja")[index]
    assert name == stem
    texts = list(iter_texts(layout))
    chain = font_files("ja")
    assert [t for t in texts if drawable(t, chain) != t] == []
    assert any(_has_japanese(t) for t in texts)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = render_png(render_layout(layout, dpi=100))
    image = Image.open(io.BytesIO(png))
    assert image.size == (round(layout.width * 100), round(layout.height * 100))


@pytest.mark.parametrize("index,stem", list(enumerate(_stems())))
def test_japanese_text_fits_its_box_and_the_page(index, stem):
    """Japanese strings are wider per character: the layouts measure them with the Japanese
    font, so every line fits inside its box and every label and legend entry inside the page."""
    from hvlab.diagrams.fonts import TextStyle, text_width
    from hvlab.diagrams.layout import LEGEND_SAMPLE

    set_language("ja")
    _, layout = _gallery("ja")[index]
    for box in layout.boxes:
        for line in box.lines:
            assert text_width(line.text, line.style) <= box.width - box.indent + 1e-6, (box.key, line.text)
        assert 0 <= box.left and box.right <= layout.width and 0 <= box.bottom and box.top <= layout.height, box.key
    for label in layout.labels:
        width = text_width(label.text, label.style)
        left = label.x - width / 2 if label.ha == "center" else label.x - width if label.ha == "right" else label.x
        assert 0 <= left and left + width <= layout.width + 1e-6, label.text
    for entry in layout.legend:
        assert entry.x + LEGEND_SAMPLE[0] + 0.1 + text_width(entry.text, TextStyle.SMALL) <= layout.width, entry.text


def test_rendering_leaves_the_learners_matplotlib_settings_alone():
    """hvlab's fonts apply to hvlab's own figures only: drawing Japanese and English diagrams
    changes no rcParams, registers no font with matplotlib's font manager and does not import
    matplotlib_fontja (whose import would set the global font family)."""
    import matplotlib
    from matplotlib import font_manager

    from hvlab.diagrams import draw_checkpoint_tree, draw_decision_path, render_png
    from hvlab.scenarios import branches_after_apply

    before = {k: (list(v) if isinstance(v, list) else v) for k, v in matplotlib.rcParams.items()}
    fonts_before = len(font_manager.fontManager.ttflist)
    for language in LANGUAGES:
        set_language(language)
        _, vm = branches_after_apply()
        render_png(draw_checkpoint_tree(vm))
        render_png(draw_decision_path(vm))
    after = {k: (list(v) if isinstance(v, list) else v) for k, v in matplotlib.rcParams.items()}
    assert {k for k in before if before[k] != after[k]} == set()
    assert after["font.family"] == before["font.family"]
    assert len(font_manager.fontManager.ttflist) == fonts_before
    assert "matplotlib_fontja" not in sys.modules


def test_language_held_reads_the_language_once_and_follows_set_language(monkeypatch):
    """catalog.language_held: a redraw reads the environment once; a switch inside still counts."""
    from hvlab import catalog

    monkeypatch.setenv("HVLAB_LANG", "ja")
    monkeypatch.setattr(catalog, "_current", None)
    with catalog.language_held() as held:
        assert held == "ja"
        monkeypatch.setenv("HVLAB_LANG", "en")  # not read again inside the block
        assert catalog.get_language() == "ja"
        with catalog.language_held():
            catalog.set_language("en")
            assert catalog.get_language() == "en"
        assert catalog.get_language() == "en"  # the outer block goes on in the new language
    assert catalog._held is None
    catalog.set_language("en")
