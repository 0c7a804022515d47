"""Text for diagrams, measured and turned into glyph outlines once, then cached (a long module,
over 400 lines: the fonts, the fast glyph path, the shaped-text path and line wrapping share
their caches).

Why outlines: matplotlib draws each ``Text`` artist on its own, which a 50-checkpoint chain
with a hundred labels cannot afford on every click. Every label is instead
converted to a glyph path (cached per string and style) and all labels of one colour are drawn
as a single compound path. Why glyph by glyph: each character's outline and advance is read from
FreeType once, and a label is assembled from them (advance plus kerning), because laying out a
new string through matplotlib is slow and a click measures hundreds of new strings (names,
GUIDs, wrapped sentences); ``bench/bench_diagrams.py`` prints what a drawing costs.
Measuring the same outlines also lets a layout shorten a
name until it truly fits its box, so labels never overlap.

Why a second way for some strings: placing glyphs one by one is right for Latin, Greek,
Cyrillic and Japanese, but not for text that must be shaped — Arabic letters join and run right
to left, Hebrew runs right to left, Devanagari and Thai reorder and combine, an accent typed as a
combining mark sits on its letter, an emoji may be a sequence (a ZWJ family, a skin tone) — nor
for a character none of hvlab's fonts has. A learner may type any of these into a checkpoint
name, so such a string (:func:`needs_layout`) is laid out by matplotlib's own text layout
(FreeType with libraqm: shaping, bidirectional order, font fallback through the chain and any
installed font of :data:`EXTRA_FAMILIES` and :data:`EMOJI_FAMILIES`, then matplotlib's
LastResort font) and cached the same way.

Why a bundled Japanese font: Japanese labels must draw with real glyphs on a laptop
with no CJK font installed, so hvlab uses the IPAexGothic file that the ``matplotlib-fontja``
package ships. It uses the FILE only, reading glyphs through FreeType itself:
importing ``matplotlib_fontja`` would set the learner's global ``rcParams``, and registering the
font with the global font manager would change what the learner's own figures find. Every cache
here is keyed by the language's font chain, so switching ``hvlab.set_language`` at run time
measures and draws the next diagram with the other language's fonts.
"""

from __future__ import annotations

import importlib.util
import unicodedata
import warnings
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties, get_font
from matplotlib.textpath import TextToPath

from hvlab.catalog import get_language

__all__ = [
    "TextStyle", "ELLIPSIS", "EMOJI_FAMILIES", "EXTRA_FAMILIES", "bundled_japanese_font", "drawable", "emoji_font_files", "fit_text", "font_files", "glyph_path",
    "needs_layout", "shorten_file_name", "text_width", "wrap_text",
]

ELLIPSIS = "…"
MISSING_GLYPH = "□"
FONT_FAMILY = "DejaVu Sans"
"""Ships with matplotlib, so every machine (and JupyterLite) has the glyphs we use (→ ✔ ✘ …)."""
JAPANESE_FONT_PACKAGE = "matplotlib_fontja"
JAPANESE_FONT_FILE = "fonts/ipaexg.ttf"
"""IPAexGothic inside the ``matplotlib-fontja`` package (IPA Font License)."""
FALLBACK_FAMILIES = ("Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "TakaoPGothic")
"""Used only when ``matplotlib-fontja`` is not installed: system fonts with Japanese glyphs."""
EXTRA_FAMILIES = ("Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans Hebrew", "Noto Sans Devanagari", "Noto Sans Thai",
                  "Noto Sans Symbols2", "Nirmala UI")
"""Installed fonts the shaped text of :func:`needs_layout` may also draw from, after hvlab's own."""
EMOJI_FAMILIES = ("Noto Emoji", "Symbola", "Segoe UI Emoji", "Segoe UI Symbol")
"""Emoji fonts with OUTLINE glyphs, tried after :data:`EXTRA_FAMILIES`: Google's monochrome Noto
Emoji, Symbola (Debian and Ubuntu: ``fonts-symbola``), and Windows' Segoe UI Emoji and Segoe UI
Symbol (their glyf outlines; the colour layers are drawn by Windows only). Colour bitmap emoji
fonts cannot be drawn by matplotlib and are never listed: Noto Color Emoji (CBDT) and macOS's
only emoji font, Apple Color Emoji (sbix), so on a Mac without one of these fonts an emoji in a
checkpoint name draws as a box; the picture's description and hover still give the exact name."""
EMOJI_FONT_FILES = ("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",)
"""Where ``fonts-symbola`` puts Symbola. Read from the file when matplotlib's cached font list
(built the first time matplotlib ran, never refreshed) predates the font's installation."""

_POINTS_PER_INCH = 72.0


class TextStyle(Enum):
    """Font size (points) and weight of each kind of text; one scale for all five diagrams.

    The sizes are plain attributes set once per member (not properties reading ``.value``): a
    diagram asks for them tens of thousands of times per click, and an enum's ``.value`` is a
    descriptor call each time."""

    HEADING = (12.0, "bold")
    TITLE = (9.0, "bold")
    BODY = (8.0, "normal")
    SMALL = (8.0, "normal")
    """Legends, subtitles and details: as large as body text, so they read from the back of
    a room when projected (no smaller text in any diagram)."""
    BADGE = (7.5, "bold")

    def __init__(self, size: float, weight: str) -> None:
        self.size = size
        self.weight = weight
        self.line_height = size * 1.3 / _POINTS_PER_INCH
        """Distance between baselines, in inches (1.3 × the font size)."""
        self.cap_height = size * 0.73 / _POINTS_PER_INCH
        """Height of a capital letter, in inches (for centring a line on a point)."""


def bundled_japanese_font() -> Path | None:
    """The IPAexGothic file of ``matplotlib-fontja``, found WITHOUT importing that package
    (its import calls ``japanize()``, which changes the learner's global ``rcParams``)."""
    spec = importlib.util.find_spec(JAPANESE_FONT_PACKAGE)
    for folder in (spec.submodule_search_locations or ()) if spec is not None else ():
        candidate = Path(folder) / JAPANESE_FONT_FILE
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=8)
def font_files(language: str, weight: str = "normal") -> tuple[str, ...]:
    """The font files hvlab draws ``language`` with, first choice first; a character the first
    font lacks comes from the next. English: DejaVu Sans (ships with matplotlib), then the
    Japanese font for Japanese checkpoint names. Japanese: IPAexGothic first, so kana, kanji
    and Japanese punctuation share one typeface, then DejaVu Sans for symbols such as ✔ ✘."""
    latin = font_manager.findfont(FontProperties(family=FONT_FAMILY, weight=weight), fallback_to_default=False)
    bundled = bundled_japanese_font()
    if bundled is not None:
        japanese: tuple[str, ...] = (str(bundled),)
    else:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        japanese = tuple(dict.fromkeys(
            font_manager.findfont(FontProperties(family=f), fallback_to_default=False)
            for f in FALLBACK_FAMILIES if f in installed))
    return (*japanese, latin) if language == "ja" and japanese else (latin, *japanese)


FONT_SCALE = 100.0
"""Outlines and advances are read at 100 pt (as matplotlib's ``TextToPath`` does) and scaled."""

try:  # matplotlib >= 3.10
    from matplotlib.ft2font import Kerning as _Kerning, LoadFlags as _LoadFlags

    _NO_HINTING = _LoadFlags.NO_HINTING
    _KERNING_DEFAULT = _Kerning.DEFAULT
except ImportError:  # pragma: no cover - matplotlib 3.7-3.9
    from matplotlib.ft2font import KERNING_DEFAULT as _KERNING_DEFAULT, LOAD_NO_HINTING as _NO_HINTING


class _Glyph(NamedTuple):
    """One character's outline (points at ``FONT_SCALE``, pen at x=0), its advance, the
    horizontal extent of its ink, and the font file and glyph index it came from (kerning)."""

    vertices: np.ndarray
    codes: np.ndarray
    advance: float
    ink_left: float
    ink_right: float
    font: str
    index: int


def _loaded(path: str):
    font = get_font(_FONT_PATHS.get(path, path))
    font.set_size(FONT_SCALE, _POINTS_PER_INCH)
    return font


@lru_cache(maxsize=None)
def _glyph(files: tuple[str, ...], char: str) -> _Glyph:
    """``char`` from the first font of the chain that has it (the chain's fallback order),
    read once. Why per character: laying out a whole string through FreeType costs about half a
    millisecond, and a diagram measures hundreds of new strings (wrapping a sentence tries every
    prefix); a string built from cached glyphs costs a few microseconds."""
    code = ord(char)
    path = next((f for f in files if code in _file_charmap(f)), files[0])
    font = _loaded(path)
    index = font.get_char_index(code)
    glyph = font.load_glyph(index, flags=_NO_HINTING)
    vertices, codes = font.get_path()
    vertices = np.asarray(vertices, dtype=float).reshape(-1, 2)
    codes = np.asarray(codes, dtype=np.uint8)
    left, right = (float(vertices[:, 0].min()), float(vertices[:, 0].max())) if len(codes) else (np.inf, -np.inf)
    return _Glyph(vertices, codes, glyph.linearHoriAdvance / 65536, left, right, path, index)


@lru_cache(maxsize=65536)
def _kerning(path: str, left: int, right: int) -> float:
    """The font's kerning between two glyphs, in points at ``FONT_SCALE``."""
    return _loaded(path).get_kerning(left, right, _KERNING_DEFAULT) / 64


def _pen_positions(text: str, files: tuple[str, ...]) -> list[tuple[_Glyph, float]]:
    """Each character's glyph and pen position: advance plus kerning between neighbours from
    the same font, the layout matplotlib's text used before HarfBuzz shaping (no ligatures, so
    "off" stays three letters, and every matplotlib version draws the same label)."""
    placed: list[tuple[_Glyph, float]] = []
    x = 0.0
    previous: _Glyph | None = None
    for char in text:
        glyph = _glyph(files, char)
        if previous is not None and previous.font == glyph.font:
            x += _kerning(glyph.font, previous.index, glyph.index)
        placed.append((glyph, x))
        x += glyph.advance
        previous = glyph
    return placed


def _chain(style: TextStyle) -> tuple[str, ...]:
    return _chain_for(get_language(), style.weight)


@lru_cache(maxsize=16)
def _chain_for(language: str, weight: str) -> tuple[str, ...]:
    """The font chain as plain strings: every text cache is keyed by it, and matplotlib's
    ``FontPath`` objects hash in Python, which cost more than the lookups they key. The
    ``FontPath`` itself (it carries the face index of a ``.ttc`` collection) is kept for
    opening the file."""
    files = font_files(language, weight)
    _FONT_PATHS.update((str(path), path) for path in files)
    return tuple(str(path) for path in files)


_FONT_PATHS: dict[str, object] = {}


@lru_cache(maxsize=16)
def _file_charmap(path: str) -> frozenset[int]:
    return frozenset(get_font(_FONT_PATHS.get(path, path)).get_charmap())


@lru_cache(maxsize=16)
def _charmap(files: tuple[str, ...]) -> frozenset[int]:
    """Every code point some font of the chain can draw."""
    return frozenset().union(*(_file_charmap(path) for path in files))


def drawable(text: str, files: tuple[str, ...] | None = None) -> str:
    """``text`` with characters no font of the chain can draw replaced by "□", so a learner's
    emoji in a checkpoint name never breaks a diagram (nor warns about a missing glyph)."""
    charmap = _charmap(files if files is not None else _chain_for(get_language(), "normal"))
    if all(ord(c) in charmap for c in text):
        return text
    return "".join(c if ord(c) in charmap else MISSING_GLYPH for c in text)


_SHAPED_RANGES = ((0x0900, 0x0DFF), (0x0E00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x200C, 0x200D),
                  (0xFE00, 0xFE0F), (0x1F000, 0x1FAFF), (0xE0020, 0xE007F))
"""Indic, Thai, Lao, Tibetan, Myanmar and Khmer scripts, the zero-width (non-)joiners, variation
selectors, emoji and their tag sequences: code points whose look depends on their neighbours."""


def needs_layout(text: str, files: tuple[str, ...] | None = None) -> bool:
    """Whether ``text`` needs matplotlib's text layout rather than glyph-by-glyph placement: a
    right-to-left character, a combining mark, a character of :data:`_SHAPED_RANGES`, or one no
    font of the chain has."""
    return _needs_layout(text, files if files is not None else _chain_for(get_language(), "normal"))


@lru_cache(maxsize=16384)
def _needs_layout(text: str, files: tuple[str, ...]) -> bool:
    charmap = _charmap(files)
    for c in text:
        code = ord(c)
        if code < 0x0300:
            continue
        if code not in charmap or unicodedata.bidirectional(c) in ("R", "AL", "AN") or unicodedata.category(c) in ("Mn", "Mc", "Me"):
            return True
        if any(low <= code <= high for low, high in _SHAPED_RANGES):
            return True
    return False


_TEXT_TO_PATH = TextToPath()


def _installed(families: tuple[str, ...]) -> tuple[str, ...]:
    """The font files of those of ``families`` that matplotlib's font list knows, in order."""
    known = {f.name for f in font_manager.fontManager.ttflist}
    return tuple(font_manager.findfont(FontProperties(family=f), fallback_to_default=False) for f in families if f in known)


@lru_cache(maxsize=1)
def emoji_font_files() -> tuple[str, ...]:
    """The installed outline emoji fonts (:data:`EMOJI_FAMILIES`, then :data:`EMOJI_FONT_FILES`),
    first choice first; empty where the system has none, so emoji draw as boxes."""
    found = _installed(EMOJI_FAMILIES)
    names = {Path(f).name for f in found}
    return (*found, *(f for f in EMOJI_FONT_FILES if Path(f).name not in names and Path(f).is_file()))


@lru_cache(maxsize=16)
def _layout_font(files: tuple[str, ...]):
    """One FreeType font with the chain, the installed :data:`EXTRA_FAMILIES` and the emoji fonts
    as its fallbacks, in that order: matplotlib's own per-glyph font fallback (FT2Font's fallback
    list, what a ``font.family`` list becomes), which libraqm shapes through."""
    extra = (*_installed(EXTRA_FAMILIES), *emoji_font_files())
    return get_font([_FONT_PATHS.get(path, path) for path in dict.fromkeys((*files, *extra))])


@lru_cache(maxsize=4096)
def _layout_outline(text: str, files: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, float, float]:
    """``text`` laid out by matplotlib (libraqm): its outline at ``FONT_SCALE`` points, pen at
    x=0, and the horizontal extent of its ink."""
    font = _layout_font(files)
    font.set_size(FONT_SCALE, _POINTS_PER_INCH)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a glyph missing everywhere: LastResort's box is drawn
        glyphs, glyph_map, _ = _TEXT_TO_PATH.get_glyphs_with_font(font, text)
    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for glyph, x, y, _ in glyphs:
        v, c = glyph_map[glyph]
        if len(c):
            verts.append(np.asarray(v, dtype=float).reshape(-1, 2) + (x, y))
            codes.append(np.asarray(c, dtype=np.uint8))
    if not verts:
        return np.empty((0, 2)), np.empty(0, dtype=np.uint8), np.inf, -np.inf
    v = np.concatenate(verts)
    return v, np.concatenate(codes), float(v[:, 0].min()), float(v[:, 0].max())


def text_width(text: str, style: TextStyle) -> float:
    """Width of ``text`` in inches when drawn in ``style`` with the current language's fonts:
    the extent of its ink, as matplotlib measures text."""
    return _text_width(text, style, _chain(style))


@lru_cache(maxsize=16384)
def _text_width(text: str, style: TextStyle, files: tuple[str, ...]) -> float:
    if not text:
        return 0.0
    left, right = np.inf, -np.inf
    if _needs_layout(text, files):
        _, _, left, right = _layout_outline(text, files)
        if left > right:
            return 0.0
        return (right - left) * style.size / FONT_SCALE / _POINTS_PER_INCH + _emboldening(style, files)
    for glyph, x in _pen_positions(drawable(text, files), files):
        if glyph.ink_left <= glyph.ink_right:
            left, right = min(left, x + glyph.ink_left), max(right, x + glyph.ink_right)
    if left > right:
        return 0.0
    return (right - left) * style.size / FONT_SCALE / _POINTS_PER_INCH + _emboldening(style, files)


EMBOLDEN = 0.045
"""Synthetic bold, as a fraction of the font size: IPAexGothic has a single weight, so bold
Japanese headings are drawn twice, shifted by this much, to keep the heading hierarchy."""


@lru_cache(maxsize=64)
def _emboldening(style: TextStyle, files: tuple[str, ...]) -> float:
    """Horizontal shift (inches) that makes ``style`` bold when the chain's first font has no
    bold face of its own; 0 when the font is bold already or the style is not bold."""
    if style.weight != "bold" or not files:
        return 0.0
    font = get_font(files[0])
    if "bold" in font.style_name.lower():
        return 0.0
    return style.size * EMBOLDEN / _POINTS_PER_INCH


def glyph_path(text: str, style: TextStyle) -> tuple[np.ndarray, np.ndarray]:
    """Outline of ``text`` in inches, baseline at y=0, starting at x=0 (never parsed as math,
    so a learner's "$" in a checkpoint name stays a dollar sign), in the current language's fonts."""
    return _glyph_path(text, style, _chain(style))


@lru_cache(maxsize=16384)
def _glyph_path(text: str, style: TextStyle, files: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    scale = style.size / FONT_SCALE / _POINTS_PER_INCH
    placed = [] if _needs_layout(text, files) else [
        (glyph, x) for glyph, x in _pen_positions(drawable(text, files), files) if len(glyph.codes)]
    if _needs_layout(text, files):  # shaped by matplotlib's text layout (see the module's docstring)
        outline, outline_codes, _, _ = _layout_outline(text, files)
        v, c = outline * scale, outline_codes.copy()
    elif placed:  # the fast path: cached glyphs, one after the other
        v = np.concatenate([glyph.vertices + (x, 0.0) for glyph, x in placed]) * scale
        c = np.concatenate([glyph.codes for glyph, _ in placed])
    else:
        v, c = np.empty((0, 2)), np.empty(0, dtype=np.uint8)
    shift = _emboldening(style, files)
    if shift:  # the outline twice, a hair apart: strokes thicken, counters narrow
        v = np.concatenate([v, v + (shift, 0.0)])
        c = np.concatenate([c, c])
    v.setflags(write=False)
    c.setflags(write=False)
    return v, c


def fit_text(text: str, style: TextStyle, max_width: float, at_end: bool = False) -> str:
    """``text`` unchanged if it fits ``max_width`` inches, else shortened in the middle with "…"
    (the start and the end of a name are what tell names apart); ``at_end`` cuts a sentence
    at its end instead."""
    if text_width(text, style) <= max_width:
        return text
    if at_end:
        low, high = 0, len(text)
        while low < high:
            mid = (low + high + 1) // 2
            if text_width(text[:mid].rstrip() + ELLIPSIS, style) <= max_width:
                low = mid
            else:
                high = mid - 1
        return text[:low].rstrip() + ELLIPSIS
    low, high = 0, len(text)
    best = ELLIPSIS
    while low <= high:
        keep = (low + high) // 2
        head = (keep + 1) // 2
        tail = keep // 2
        candidate = text[:head].rstrip() + ELLIPSIS + (text[len(text) - tail:].lstrip() if tail else "")
        if text_width(candidate, style) <= max_width:
            best = candidate
            low = keep + 1
        else:
            high = keep - 1
    return best


def shorten_file_name(file_name: str, style: TextStyle, max_width: float) -> str:
    """``web01_6F2C…avhdx`` for ``web01_<GUID>.avhdx`` (B11): the disk's stem and the first GUID
    digits tell files apart; the full name is in the description."""
    stem, dot, extension = file_name.rpartition(".")
    base, underscore, guid = stem.rpartition("_")
    if dot and underscore and len(guid) == 36 and guid.count("-") == 4:
        short = f"{base}_{guid[:4]}{ELLIPSIS}{extension}"
        return fit_text(short, style, max_width) if text_width(short, style) > max_width else short
    return fit_text(file_name, style, max_width)


_NO_LINE_START = set("、。，．,.)）」』】〕〉》・ー：；:;！？!?…ぁぃぅぇぉっゃゅょァィゥェォッャュョ")
_NO_LINE_END = set("（(「『【〔〈《")


def _is_wide(c: str) -> bool:
    """A character after which Japanese text may break a line (kana, kanji, full-width forms)."""
    code = ord(c)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


def _break_units(text: str) -> list[tuple[str, bool]]:
    """``text`` as ``(unit, space_before)`` pieces a line may break between: words of Latin
    text, and single characters of Japanese text (which has no spaces between words), with
    closing punctuation kept on the line before it and opening brackets on the line after."""
    units: list[tuple[str, bool]] = []
    space = False
    glue_next = False
    for c in text:
        if c.isspace():
            space = True
            continue
        new_unit = not units or space or _is_wide(c) or _is_wide(units[-1][0][-1])
        if units and not space and (c in _NO_LINE_START or glue_next):
            new_unit = False
        if new_unit:
            units.append((c, space and bool(units)))
        else:
            unit, before = units[-1]
            units[-1] = (unit + c, before)
        glue_next = c in _NO_LINE_END
        space = False
    return units


def _join(units: list[tuple[str, bool]]) -> str:
    return "".join((" " if before and i else "") + unit for i, (unit, before) in enumerate(units))


def _space_break(line: list[tuple[str, bool]], following: tuple[str, bool]) -> list[tuple[str, bool]]:
    """The units to carry to the next line so that mixed Japanese text breaks at a space near
    the end of the line rather than inside a word ("…コピー)] / を提供", not "…] を / 提供")."""
    if following[1] or len(line) < 2:
        return []
    for back in range(1, min(4, len(line) - 1) + 1):
        if line[len(line) - back][1]:
            return line[len(line) - back:]
    return []


def wrap_text(text: str, style: TextStyle, max_width: float, max_lines: int) -> tuple[str, ...]:
    """Greedy wrap into at most ``max_lines`` lines; the last line is shortened with "…".
    Latin text breaks at spaces, Japanese text between characters (not before 、。」 nor
    after 「（), so a Japanese sentence wraps instead of being cut after its first line."""
    units = _break_units(text)
    lines: list[str] = []
    current: list[tuple[str, bool]] = []
    for index, unit in enumerate(units):
        trial = current + [unit]
        if not current or text_width(_join(trial), style) <= max_width:
            current = trial
            continue
        carry = _space_break(current, unit)
        lines.append(_join(current[:len(current) - len(carry)]))
        current = [*carry, unit]
        if len(lines) == max_lines - 1:
            current = [*carry, *units[index:]]
            break
    if current:
        lines.append(_join(current))
    lines = lines[:max_lines]
    return tuple(fit_text(line, style, max_width, at_end=True) for line in lines)
