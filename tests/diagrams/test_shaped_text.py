"""Any checkpoint name a learner can type draws correctly: text that needs shaping (Arabic,
Hebrew, combining accents, Indic scripts, emoji sequences) goes through matplotlib's own text
layout (libraqm), everything else through the fast glyph-by-glyph path."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from matplotlib.font_manager import get_font

from hvlab import Lab, VMState
from hvlab.catalog import set_language
from hvlab.diagrams import fonts, layout_for
from hvlab.diagrams.fonts import TextStyle, glyph_path, needs_layout, text_width
from hvlab.widgets.rendering import render
from support import unavailable  # CI fails where a developer skips (tests/support.py)

SHAPED = ["مرحبا بالعالم", "שלום עולם", "e\u0301te\u0301", "नमस्ते", "🙂 before patch", "👨\u200d👩\u200d👧 family"]
PLAIN = ["before-update", "café crème – Ñandú", "Ελληνικά", "Привет", "テスト前の状態", "web01 - (6/16/2025 - 9:03:25 AM)"]


@pytest.mark.parametrize("name", SHAPED)
def test_text_that_needs_shaping_takes_matplotlibs_layout(name):
    assert needs_layout(name)


@pytest.mark.parametrize("name", PLAIN)
def test_latin_greek_cyrillic_and_japanese_keep_the_fast_path(name):
    for language in ("en", "ja"):
        set_language(language)
        try:
            assert not needs_layout(name)
        finally:
            set_language("en")


def test_arabic_letters_are_joined_not_drawn_one_by_one():
    """Joined (initial, medial, final) forms are other glyphs than the isolated ones the fast
    path would place side by side: the outline differs, and the word is narrower."""
    word = "مرحبا"
    files = fonts._chain_for("en", "normal")
    shaped, _ = glyph_path(word, TextStyle.BODY)
    placed = [(g, x) for g, x in fonts._pen_positions(word, files) if len(g.codes)]
    isolated = np.concatenate([g.vertices + (x, 0.0) for g, x in placed]) * TextStyle.BODY.size / fonts.FONT_SCALE / 72
    assert shaped.shape != isolated.shape or not np.allclose(shaped, isolated)
    assert text_width(word, TextStyle.BODY) < (isolated[:, 0].max() - isolated[:, 0].min())


def test_arabic_runs_right_to_left():
    """The first letter typed is drawn rightmost: alef then beh (alef joins nothing after it, so
    both keep their isolated glyphs) puts alef to the right of beh."""
    font = fonts._layout_font(fonts._chain_for("en", "normal"))
    font.set_size(fonts.FONT_SCALE, 72)
    glyphs, _, _ = fonts._TEXT_TO_PATH.get_glyphs_with_font(font, "اب")
    x_of = {int(name.rsplit("-", 1)[1], 16): x for name, x, _, _ in glyphs}  # "<font>-<glyph index, hex>"
    assert x_of[font.get_char_index(ord("ا"))] > x_of[font.get_char_index(ord("ب"))]


def test_a_combining_accent_sits_on_its_letter():
    """"e" + U+0301 is as wide as the precomposed "é", not an "e" followed by a floating accent."""
    assert text_width("e\u0301", TextStyle.BODY) == pytest.approx(text_width("é", TextStyle.BODY), rel=0.05)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_tree_of_such_names_draws_without_warnings_and_describes_them(language):
    set_language(language)
    try:
        lab = Lab(seed=3)
        vm = lab.new_vm("web01")
        vm.put_in_state(VMState.RUNNING)
        for name in SHAPED + PLAIN[:3]:
            vm.checkpoint(name)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            drawing = render("checkpoint_tree", vm)
            render("disk_chain", vm)
        layout = layout_for("checkpoint_tree", vm)
        for name in SHAPED:
            assert name in layout.describe()
            (box,) = [b for b in layout.boxes if b.full_name == name]
            assert text_width(box.lines[0].text, box.lines[0].style) <= box.width
        assert drawing.png[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        set_language("en")


EMOJI_NAMES = ["Vor dem Update ✅", "更新前 🚀", "🙂 before patch"]


def _emoji_font_or_skip() -> tuple[str, ...]:
    found = fonts.emoji_font_files()
    if not found:
        unavailable("no outline emoji font is installed (Debian/Ubuntu: apt-get install fonts-symbola; "
                    "Windows has Segoe UI Emoji): emoji draw as boxes")
    return found


def _outline(font, text: str) -> tuple[list[str], np.ndarray]:
    """The glyph names (``<font>-<index>``) and outline of ``text`` laid out with ``font``."""
    font.set_size(fonts.FONT_SCALE, 72)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the placeholder font warns about the missing glyph
        glyphs, glyph_map, _ = fonts._TEXT_TO_PATH.get_glyphs_with_font(font, text)
    vertices = [np.asarray(glyph_map[g][0], dtype=float).reshape(-1, 2) + (x, y) for g, x, y, _ in glyphs]
    return [g for g, *_ in glyphs], np.concatenate(vertices) if vertices else np.empty((0, 2))


@pytest.mark.parametrize("emoji", ["✅", "🚀", "🙂"])
def test_an_emoji_draws_from_an_outline_emoji_font_not_as_the_placeholder_box(emoji):
    """With an outline emoji font installed (Symbola, Segoe UI Emoji...), the emoji's ink is that
    font's glyph, not the box (.notdef / LastResort) the chain alone draws."""
    _emoji_font_or_skip()
    chain = fonts._chain_for("en", "normal")
    names, drawn = _outline(fonts._layout_font(chain), emoji)
    box_names, box = _outline(get_font(list(chain)), emoji)
    emoji_families = {get_font(path).family_name for path in fonts.emoji_font_files()}
    assert names[0].rsplit("-", 1)[0] in emoji_families, names
    assert box_names[0].rsplit("-", 1)[0] not in emoji_families, box_names
    assert len(drawn) > 0
    assert drawn.shape != box.shape or not np.allclose(drawn, box)
    vertices, codes = glyph_path(emoji, TextStyle.BODY)
    assert len(codes) == len(drawn)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_tree_of_emoji_names_draws_their_glyphs_and_gives_the_exact_names(language):
    """The tree draws each emoji from the emoji font; the picture widget's accessible name and
    hover text of a box are its region's ``name`` (hvlab/widgets/picture.js), and its accessible
    description is ``describe()``: both carry the name exactly as typed."""
    _emoji_font_or_skip()
    set_language(language)
    try:
        lab = Lab(seed=5)
        vm = lab.new_vm("web01")
        vm.put_in_state(VMState.RUNNING)
        for name in [*EMOJI_NAMES, "café", "تحديث"]:
            vm.checkpoint(name)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            drawing = render("checkpoint_tree", vm)
        names = {region["name"] for region in drawing.regions}
        for name in EMOJI_NAMES:
            assert name in names
            assert name in drawing.description
        files = fonts._chain_for(language, "normal")
        glyph_names, _ = _outline(fonts._layout_font(files), "🚀")
        assert not glyph_names[0].startswith("LastResort")
    finally:
        set_language("en")


def test_without_an_emoji_font_the_box_is_drawn_and_the_name_is_still_given(monkeypatch):
    """Where no outline emoji font exists (macOS has only Apple Color Emoji, which matplotlib
    cannot draw), the emoji draws as a box, and the description and the regions (the picture's
    hover and accessible names) still carry the exact name."""
    caches = (fonts._layout_font, fonts._layout_outline, fonts._glyph_path, fonts._text_width)
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setattr(fonts, "emoji_font_files", lambda: ())
    try:
        lab = Lab(seed=6)
        vm = lab.new_vm("web01")
        vm.put_in_state(VMState.RUNNING)
        vm.checkpoint("更新前 🚀")
        glyph_names, _ = _outline(fonts._layout_font(fonts._chain_for("en", "normal")), "🚀")
        assert glyph_names[0].startswith("LastResort")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            drawing = render("checkpoint_tree", vm)
        assert "更新前 🚀" in {region["name"] for region in drawing.regions}
        assert "更新前 🚀" in drawing.description
    finally:
        for cache in caches:
            cache.cache_clear()
