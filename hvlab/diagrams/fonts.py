"""Text for diagrams, measured and turned into glyph outlines once, then cached.

Why outlines: matplotlib spends about 2 ms drawing each ``Text`` artist, so a 50-checkpoint chain
with a hundred labels would miss the 150 ms goal on text alone (issue 3). Every label is instead
converted to a glyph path (cached per string and style) and all labels of one colour are drawn
as a single compound path. Measuring the same outlines also lets a layout shorten a name until
it truly fits its box, so labels never overlap.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

import numpy as np
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties, get_font
from matplotlib.textpath import TextToPath

__all__ = ["TextStyle", "ELLIPSIS", "drawable", "fit_text", "glyph_path", "shorten_file_name", "text_width", "wrap_text"]

ELLIPSIS = "…"
MISSING_GLYPH = "□"
FONT_FAMILY = "DejaVu Sans"
"""Ships with matplotlib, so every machine (and JupyterLite) has the glyphs we use (→ ✔ ✘ …)."""
FALLBACK_FAMILIES = ("Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "TakaoPGothic")
"""Used, when installed, for characters DejaVu lacks: Japanese checkpoint names, for instance."""

_POINTS_PER_INCH = 72.0
_TO_PATH = TextToPath()


class TextStyle(Enum):
    """Font size (points) and weight of each kind of text; one scale for all five diagrams."""

    HEADING = (12.0, "bold")
    TITLE = (9.0, "bold")
    BODY = (8.0, "normal")
    SMALL = (7.0, "normal")
    BADGE = (7.0, "bold")

    @property
    def size(self) -> float:
        return self.value[0]

    @property
    def line_height(self) -> float:
        """Distance between baselines, in inches (1.3 × the font size)."""
        return self.size * 1.3 / _POINTS_PER_INCH

    @property
    def cap_height(self) -> float:
        """Height of a capital letter, in inches (for centring a line on a point)."""
        return self.size * 0.73 / _POINTS_PER_INCH


@lru_cache(maxsize=1)
def _families() -> tuple[str, ...]:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return (FONT_FAMILY, *(f for f in FALLBACK_FAMILIES if f in installed))


@lru_cache(maxsize=1)
def _charmap() -> frozenset[int]:
    """Every code point some font in :func:`_families` can draw."""
    codes: set[int] = set()
    for family in _families():
        path = font_manager.findfont(FontProperties(family=family), fallback_to_default=False)
        codes.update(get_font(path).get_charmap())
    return frozenset(codes)


def drawable(text: str) -> str:
    """``text`` with characters no installed font can draw replaced by "□", so a learner's
    emoji in a checkpoint name never breaks a diagram (nor warns about a missing glyph)."""
    charmap = _charmap()
    if all(ord(c) in charmap for c in text):
        return text
    return "".join(c if ord(c) in charmap else MISSING_GLYPH for c in text)


@lru_cache(maxsize=8)
def _prop(style: TextStyle) -> FontProperties:
    return FontProperties(family=list(_families()), size=style.size, weight=style.value[1])


@lru_cache(maxsize=16384)
def text_width(text: str, style: TextStyle) -> float:
    """Width of ``text`` in inches when drawn in ``style``."""
    if not text:
        return 0.0
    width, _, _ = _TO_PATH.get_text_width_height_descent(drawable(text), _prop(style), ismath=False)
    return width / _POINTS_PER_INCH


@lru_cache(maxsize=16384)
def glyph_path(text: str, style: TextStyle) -> tuple[np.ndarray, np.ndarray]:
    """Outline of ``text`` in inches, baseline at y=0, starting at x=0 (never parsed as math,
    so a learner's "$" in a checkpoint name stays a dollar sign)."""
    vertices, codes = _TO_PATH.get_text_path(_prop(style), drawable(text), ismath=False)
    scale = style.size / _TO_PATH.FONT_SCALE / _POINTS_PER_INCH
    v = np.asarray(vertices, dtype=float).reshape(-1, 2) * scale
    c = np.asarray(codes, dtype=np.uint8)
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


def wrap_text(text: str, style: TextStyle, max_width: float, max_lines: int) -> tuple[str, ...]:
    """Greedy word wrap into at most ``max_lines`` lines; the last line is shortened with "…"."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if text_width(trial, style) <= max_width or not current:
            current = trial
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[index:])
            break
    if current:
        lines.append(current)
    lines = lines[:max_lines]
    return tuple(fit_text(line, style, max_width, at_end=True) for line in lines)
