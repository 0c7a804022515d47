"""The cmdlet runtime: what one input collects while it runs, and what a cmdlet sees.

A :class:`Line` gathers the output of one input besides its objects (hvlab's notes, ``-WhatIf``
lines, rendered error records) and counts the lab operations it made, for
``Undo-LabOperation``. A :class:`CmdletContext` is handed to every cmdlet implementation: the
session, the lab, where the command was typed, and helpers to note, refuse and confirm.
:class:`Answers` replays ``Confirm`` answers when an answered input is run again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ..catalog import text
from ..errors import CheckpointOperationFailed, HvlabError
from .parameters import CmdletSpec
from .errors import ConfirmationNeeded, PSError, UnsupportedConstruct

if TYPE_CHECKING:  # pragma: no cover
    from ..lab import Lab

__all__ = ["Answers", "CmdletContext", "Line", "LineStopped"]


class LineStopped(Exception):
    """A script-terminating error (error action ``Stop``): the rest of the line does not run."""


class Answers:
    """The ``Confirm`` answers typed so far for one input, handed out in order."""

    def __init__(self, answers: list[str]):
        self.answers = answers
        self.index = 0
        self.yes_to_all = False
        self.no_to_all = False

    def next(self) -> str | None:
        if self.index < len(self.answers):
            answer = self.answers[self.index]
            self.index += 1
            return answer
        return None


@dataclass
class Line:
    """One input while it runs: its text, answers, what it printed besides objects, its steps."""

    source: str = ""
    answers: Answers = field(default_factory=lambda: Answers([]))
    notes: list[str] = field(default_factory=list)
    whatif: list[str] = field(default_factory=list)
    verbose: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    steps: int = 0  # lab operations (undo steps) made by this input
    depth: int = 0  # nesting of lab-changing cmdlet calls
    undone: bool = False  # Undo-LabOperation went back


class CmdletContext:
    """What a cmdlet implementation sees: the session, the lab, where it was typed."""

    def __init__(self, session: Any, invocation: str, spec: CmdletSpec, start: int, end: int, line: Line):
        self.session = session
        self.lab: Lab = session.lab
        self.invocation = invocation
        self.spec = spec
        self.start = start
        self.end = end
        self.line = line

    @property
    def answers(self) -> Answers:
        return self.line.answers

    def note(self, message: str) -> None:
        """An explanation in hvlab's words, shown apart from PowerShell's output."""
        self.line.notes.append(message)

    def whatif(self, message: str) -> None:
        """A ``What if:`` line, printed before the output as PowerShell prints it."""
        self.line.whatif.append(message)

    def verbose(self, message: str) -> None:
        """A ``VERBOSE:`` line (``-Verbose``), printed before the output as PowerShell prints the
        verbose stream; its words are hvlab's (the cmdlet says so in a note)."""
        self.line.verbose.append(message)

    def fail(self, explanation: str) -> PSError:
        """An error whose wording is hvlab's (Hyper-V's text for it is not documented)."""
        return PSError([explanation], command=self.invocation, start=self.start, end=self.end, documented=False)

    def not_simulated(self, key: str, **values: object) -> UnsupportedConstruct:
        """Something a real host would do that this lab does not simulate (another computer, a
        background job, hardware settings): hvlab's sentence, not an error PowerShell would show."""
        return UnsupportedConstruct(key, self.start, self.end, frame="ps.unsupported.not_simulated", **values)

    def observed(self, lines: list[str], category: str | None = None, error_id: str | None = None, explanation: str | None = None) -> PSError:
        """An error whose lines are output published by a third party (the catalog key's
        provenance says where): shown as Hyper-V's, marked as observed."""
        return PSError(lines, command=self.invocation, start=self.start, end=self.end, category=category, error_id=error_id, explanation=explanation, observed=True)

    def core(self, action: Callable[[], Any]) -> Any:
        """Run a core operation; a refusal becomes a PowerShell error with hvlab's explanation."""
        try:
            return action()
        except HvlabError as error:
            raise self.from_core(error) from None

    def from_core(self, error: HvlabError) -> PSError:
        lines = list(error.hyperv_messages)
        if isinstance(error, CheckpointOperationFailed) and (not lines or lines[0] != text("hyperv.checkpoint_failed")):
            lines.insert(0, text("hyperv.checkpoint_failed"))
        if lines:
            return PSError(lines, command=self.invocation, start=self.start, end=self.end, explanation=error.explanation, documented=True)
        return PSError([error.explanation], command=self.invocation, start=self.start, end=self.end, documented=False)

    def confirm(self, action: str, target: str, description: str | None = None) -> bool:
        """ShouldProcess with a prompt; answers replay when the input is run again."""
        answers = self.answers
        if answers.yes_to_all:
            return True
        if answers.no_to_all:
            return False
        answer = answers.next()
        if answer is None:
            body = description or text("ps.confirm.should_process", action=action, target=target)
            raise ConfirmationNeeded(text("ps.confirm.prompt", body=body))
        if answer == "a":
            answers.yes_to_all = True
            return True
        if answer == "l":
            answers.no_to_all = True
            return False
        return answer == "y"
