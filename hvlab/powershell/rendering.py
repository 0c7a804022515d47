"""Errors as the console prints them: PowerShell's error-record layout, or hvlab's own sentence.

PowerShell prints ``Command : message``, then ``At line:N char:M``, the line with ``~`` under
the failing part, then ``CategoryInfo`` and ``FullyQualifiedErrorId`` (about_Preference_Variables,
the ``$ErrorView`` NormalView examples). hvlab uses that layout only for errors PowerShell
itself would raise; a construct hvlab does not support is told in one plain hvlab sentence.
"""

from __future__ import annotations

from ..catalog import text
from .errors import PSError, UnsupportedConstruct
from .parser import ParseError

__all__ = ["position_lines", "render_error", "render_parse_error", "render_unsupported"]


def _span(source: str, start: int, end: int) -> tuple[int, str, int, int]:
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", start)
    if line_end < 0:
        line_end = len(source)
    line_no = source.count("\n", 0, start) + 1
    length = max(1, min(end, line_end) - start)
    return line_no, source[line_start:line_end], start - line_start, length


def position_lines(source: str, start: int, end: int) -> list[str]:
    """``At line:N char:M`` and the caret line under ``source[start:end]``."""
    line_no, line, col, length = _span(source, start, end)
    return [text("ps.at_position", line=line_no, char=col + 1), "+ " + line, "+ " + " " * col + "~" * length]


def render_error(source: str, error: PSError) -> str:
    lines = list(error.lines)
    if not error.documented:
        lines = [lines[0] + " " + text("ps.hvlab_wording")] + lines[1:]
    first = f"{error.command} : {lines[0]}" if error.command else lines[0]
    out = [first, *lines[1:]]
    out += position_lines(source, error.start, error.end)
    if error.category:
        out.append("    + CategoryInfo          : " + error.category)
    if error.error_id:
        out.append("    + FullyQualifiedErrorId : " + error.error_id)
    return "\n".join(out)


def render_parse_error(source: str, error: ParseError) -> str:
    if error.hvlab_wording:
        return _plain(source, text(error.message_key, **error.values), error.position, error.position + error.length)
    out = position_lines(source, error.position, error.position + error.length)
    out.append(text(error.message_key, **error.values))
    out.append("    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException")
    if error.error_id:
        out.append("    + FullyQualifiedErrorId : " + error.error_id)
    return "\n".join(out)


def render_unsupported(source: str, error: UnsupportedConstruct) -> str:
    """hvlab's sentence naming the construct, and the typed line with the construct marked."""
    return _plain(source, text(error.frame, construct=text(error.key, **error.values)), error.start, error.end)


def _plain(source: str, sentence: str, start: int, end: int) -> str:
    """hvlab's sentence, then the typed line with the part it is about marked."""
    _line_no, line, col, length = _span(source, start, end)
    return "\n".join([sentence, "    " + line, "    " + " " * col + "~" * length])
