"""How an error acts on the running line, as PowerShell's error actions say.

about_CommonParameters
(https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_commonparameters?view=powershell-5.1):
``-ErrorAction`` applies to a cmdlet's non-terminating errors only; ``Stop`` escalates them to
script-terminating errors. about_Preference_Variables
(https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables?view=powershell-5.1):
``$ErrorActionPreference`` applies to non-terminating and statement-terminating errors alike;
``Continue`` (the default) shows the error and goes on, ``SilentlyContinue`` and ``Ignore`` hide
it, ``Stop`` shows it and stops. hvlab does not prompt (``Inquire``) or suspend workflows
(``Suspend``): it says so and stops the line.
"""

from __future__ import annotations

from typing import Any

from ..catalog import text
from ..reference import provenance_of_line
from .errors import PSError
from .operators import to_text
from .rendering import render_error
from .runtime import Line, LineStopped
from .specs import ACTION_PREFERENCES

__all__ = ["error_action", "source_notes", "write_error"]


def error_action(preference: Any, given: str | None, terminating: bool, line: Line) -> str:
    """The ActionPreference that applies: ``-ErrorAction`` (``given``) for a non-terminating
    error, else ``$ErrorActionPreference`` (``preference``)."""
    if given is not None and not terminating:
        return given
    if preference is None:
        return "Continue"
    for member in ACTION_PREFERENCES:
        if member.casefold() == to_text(preference).strip().casefold():
            return member
    line.notes.append(text("ps.note.bad_preference", value=to_text(preference)))
    return "Continue"


def write_error(line: Line, error: PSError, action: str, refused: str | None = None) -> None:
    """Write an error record as ``action`` says; raise :class:`LineStopped` when the rest of the
    line must not run. ``refused``: the cmdlet whose call was rolled back, for hvlab's note."""
    if action not in ("SilentlyContinue", "Ignore"):
        line.errors.append(render_error(line.source, error))
        if error.documented or error.observed:
            line.notes.extend(n for n in source_notes(error.lines) if n not in line.notes)
        if error.explanation:
            line.notes.append(error.explanation)
        if refused:
            line.notes.append(text("ps.note.cmdlet_changed_nothing", command=refused))
            if line.steps:
                line.notes.append(text("ps.note.earlier_kept"))
    if action in ("Inquire", "Suspend"):
        line.notes.append(text("ps.note.preference_unsupported", value=action))
        raise LineStopped()
    if action == "Stop":
        line.notes.append(text("ps.note.line_stopped"))
        raise LineStopped()


def source_notes(lines: list[str]) -> list[str]:
    """Where quoted Hyper-V / PowerShell lines come from, each distinct source once: Microsoft's
    documentation or a third party's published output (with the URL), or hvlab's wording."""
    notes: list[str] = []
    for line in lines:
        found = provenance_of_line(line)
        if found is None:
            continue
        note = text("ps.note.source", note=found.note, url=found.url) if found.url else text("ps.note.source_none", note=found.note)
        if note not in notes:
            notes.append(note)
    return notes
