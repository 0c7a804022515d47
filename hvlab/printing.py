"""Plain text made to print well: lines wrapped at word boundaries, never inside a word.

Why hvlab wraps its printed explanations itself: JupyterLab shows a cell's printed output
with ``word-break: break-all``, so a long line is cut wherever the window ends, in the middle
of a word ("under e / very"). A line that already fits is never cut. English wraps at spaces;
Japanese wraps between characters, but never before closing punctuation (、。」）) nor after
opening punctuation (「（), and a run of Latin letters or digits inside Japanese ("Production",
``B18``, a path) stays whole. A word longer than the width keeps its own line, and a line that holds a Windows path is
left whole (a path has spaces, yet is no prose).
Width is counted in columns: a Japanese character takes two, as in a terminal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .reference.citations import assumption_line, cite_text, cited_rules, open_hint

__all__ = ["PRINT_WIDTH", "columns", "printable", "wrap_line", "wrap_lines"]

PRINT_WIDTH = 96
"""Columns of printed text: what a notebook's output area shows on a 1280-pixel screen."""

_WINDOWS_PATH = re.compile(r"\b[A-Z]:\\\S")
_NO_BREAK_BEFORE = set("、。，．・：；？！）」』】〕〉》ー〜ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々,.:;?!)]}%")
_NO_BREAK_AFTER = set("（「『【〔〈《([{\u00a0")
_NO_BREAK_BEFORE.add("\u00a0")  # a no-break space binds its neighbours ("rule B18", 「ルール B18」)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _katakana(ch: str) -> bool:
    return "\u30a0" <= ch <= "\u30ff"


def columns(s: str) -> int:
    """How many terminal columns ``s`` takes (a wide character counts two)."""
    return sum(2 if _wide(ch) else 1 for ch in s)


def _units(s: str) -> list[str]:
    """Split ``s`` into pieces that may not be broken: a word (letters, digits, punctuation
    between spaces), a run of katakana, one other wide character, or one space."""
    units: list[str] = []
    word = ""
    for ch in s:
        if _katakana(ch) and units and not word and _katakana(units[-1][-1]):
            units[-1] += ch  # a katakana word (ルール, チェックポイント) stays whole
        elif ch == " " or _wide(ch):
            if word:
                units.append(word)
                word = ""
            units.append(ch)
        else:
            word += ch
    if word:
        units.append(word)
    return units


def _may_break(before: str, after: str) -> bool:
    """Whether a line may end after unit ``before`` and the next begin with ``after``."""
    if after == " " or before == " ":
        return True
    if not (_wide(before[-1]) or _wide(after[0])):
        return False  # two Latin pieces with no space between them are one word
    return after[0] not in _NO_BREAK_BEFORE and before[-1] not in _NO_BREAK_AFTER


def wrap_line(line: str, width: int = PRINT_WIDTH) -> list[str]:
    """``line`` wrapped to ``width`` columns; continuation lines keep the line's indent plus
    the width of a leading list marker (``✔ ``, ``- ``), so the text stays aligned."""
    if columns(line) <= width or _WINDOWS_PATH.search(line):
        return [line]  # a path is not prose: cut, it could not be copied
    body = line.lstrip(" ")
    indent = " " * (len(line) - len(body))
    marker = body.split(" ", 1)[0] if body[:2] in ("✔ ", "✘ ", "– ", "- ", "• ") else ""
    hanging = indent + " " * (columns(marker) + 1 if marker else 0)
    units = _units(body)
    lines: list[str] = []
    current: list[str] = []
    current_width = columns(indent)
    for unit in units:
        w = columns(unit)
        if current and current_width + w > width and unit != " ":
            # Step back to the last place a break is allowed.
            seq = current + [unit]
            cut = next((i for i in range(len(current), 0, -1) if _may_break(seq[i - 1], seq[i])), None)
            if cut:
                lines.append((indent if not lines else hanging) + "".join(current[:cut]).rstrip(" "))
                current = current[cut:]
                while current and current[0] == " ":
                    current = current[1:]
                current_width = columns(hanging) + sum(columns(u) for u in current)
        if unit == " " and not current:
            continue
        current.append(unit)
        current_width += w
    if current:
        lines.append((indent if not lines else hanging) + "".join(current).rstrip(" "))
    return lines


def wrap_lines(lines: list[str] | tuple[str, ...], width: int = PRINT_WIDTH) -> str:
    """Every line (each may hold ``\\n``) wrapped, joined into one printable text."""
    out: list[str] = []
    for line in lines:
        for part in line.split("\n"):
            out += wrap_line(part, width)
    return "\n".join(out)


def printable(lines: Iterable[str], assumptions: Iterable[str] = ()) -> str:
    """Lines of a printed explanation: citations in words, the assumptions in one short line,
    how to open the cited rules once at the end, wrapped at word boundaries."""
    lines = [line for line in lines if line]
    assumed = assumption_line(assumptions)
    if assumed:
        lines.append(assumed)
    hint = open_hint(cited_rules(*lines))
    named: set[str] = set()  # each rule's title once per text, then its id only
    return wrap_lines([cite_text(line, named) for line in lines] + ([hint] if hint else []))
