"""Errors as PowerShell writes them, kept apart from hvlab's explanations.

A :class:`PSError` carries the lines PowerShell (or Hyper-V) would print — their text comes from
PowerShell's own resource strings (ParameterBinderStrings.resx, ParserStrings.resx in
github.com/PowerShell/PowerShell) or from the reference — and, separately, hvlab's explanation,
which the console shows marked as hvlab's. Where Hyper-V's wording is not documented the
PowerShell line *is* hvlab's explanation and ``documented`` is False, so the console says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ConfirmationNeeded", "PSError", "UnsupportedConstruct"]


@dataclass
class PSError(Exception):
    """One error record.

    ``lines``: the message as PowerShell prints it (first line follows ``Command : ``).
    ``command``: the name typed for the command that failed (None for parser errors).
    ``start``/``end``: offsets in the input, for the ``At line:N char:M`` caret display.
    ``category``/``error_id``: PowerShell's CategoryInfo and FullyQualifiedErrorId, shown only
    when known. ``explanation``: hvlab's words. ``documented``: whether ``lines`` are
    PowerShell's or Hyper-V's own text. ``observed``: the lines are Hyper-V's output as a third
    party published it (not Microsoft's documentation).
    """

    lines: list[str]
    command: str | None = None
    start: int = 0
    end: int = 0
    category: str | None = None
    error_id: str | None = None
    explanation: str | None = None
    documented: bool = True
    observed: bool = False
    parser: bool = False
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__("\n".join(self.lines))

    @property
    def message(self) -> str:
        return "\n".join(self.lines)


class ConfirmationNeeded(Exception):
    """A cmdlet must ask before it acts (``-Confirm``, or Restore-VMSnapshot by default)."""

    def __init__(self, prompt: str):
        self.prompt = prompt
        super().__init__(prompt)


class UnsupportedConstruct(Exception):
    """Input that may be valid PowerShell but that hvlab's console does not read or evaluate.

    Shown as hvlab's own sentence (the catalog's ``frame``, ``ps.unsupported`` by default, with
    the construct named by ``key``), never dressed as a PowerShell error record: PowerShell itself
    would run it. ``start``/``end`` mark the construct in the typed text.
    """

    def __init__(self, key: str, start: int, end: int, frame: str = "ps.unsupported", **values: object):
        self.key = key
        self.frame = frame
        self.start = start
        self.end = max(end, start + 1)
        self.values = values
        super().__init__(key)
