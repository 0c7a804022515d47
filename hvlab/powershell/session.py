"""The console session: evaluate parsed input against a lab, statement by statement.

A :class:`Session` holds what a PowerShell window holds (variables, a pending ``Confirm``
prompt) plus hvlab's own console settings (which VMs the lab holds in boot). :meth:`Session.run`
takes one input — a line, or several lines that form one statement — and returns a
:class:`ConsoleResult`: PowerShell's output and error text, and separately hvlab's notes.

Statements run in turn and keep their effect, as in PowerShell. Each call of a cmdlet that
changes the lab (its spec's :class:`~hvlab.powershell.parameters.LabEffect`) runs inside
:meth:`hvlab.Lab.run_operation`, so a refused call changes nothing itself and is reported as a
non-terminating error. How errors act (:mod:`.error_actions`) follows about_CommonParameters
(https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_commonparameters?view=powershell-5.1)
and about_Preference_Variables
(https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables?view=powershell-5.1):

* a non-terminating error (a cmdlet's refusal) stops only that cmdlet call; ``-ErrorAction``
  or else ``$ErrorActionPreference`` decides whether it is shown (``Continue``), hidden
  (``SilentlyContinue``, ``Ignore``) or stops the rest of the line (``Stop``);
* a statement-terminating error (a binding error) stops its statement; only
  ``$ErrorActionPreference`` applies to it.

``Undo-LabOperation`` undoes the last line that changed the lab, all of its cmdlet calls. The
cmdlets call the very same core methods the lab widgets call (``vm.checkpoint``, ``vm.apply``,
...), so a line and the click it mirrors leave identical labs.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Callable

from ..catalog import text
from ..errors import HvlabError
from ..lab import UNDO_DEPTH, Lab
from ..reference.citations import cite_text
from .binder import MISSING, NamedArg, PositionalArg, bind, find_parameter
from .parameters import NO_INPUT, CmdletSpec, LabEffect, ScriptBlock
from .cmdlets import IMPLEMENTATIONS
from .errors import ConfirmationNeeded, PSError, UnsupportedConstruct
from .evaluation import Evaluator, flatten, unwrap
from .error_actions import error_action, source_notes, write_error
from .formatter import format_output
from .parser import ParseError, is_incomplete, parse
from .rendering import render_parse_error, render_unsupported
from .runtime import Answers, CmdletContext, Line, LineStopped
from .specs import ALIASES, SPECS
from .syntax import Assignment, Command, CommandArgument, CommandParameter, Pipeline, Statement

__all__ = ["ConsoleResult", "Session"]


@dataclass
class ConsoleResult:
    """What one input produced.

    ``output``: PowerShell's output text; ``errors``: error records as PowerShell prints them
    (or hvlab's sentence for a construct it does not support); ``notes``: hvlab's explanations
    (not PowerShell's); ``prompt``: a ``Confirm`` prompt waiting for the next input;
    ``changed``: whether the lab changed.
    """

    source: str
    output: str = ""
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    prompt: str | None = None
    changed: bool = False
    incomplete: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def text(self, notes: bool = True) -> str:
        """Everything as one block, the way the CLI prints it."""
        parts = [self.output.rstrip("\n")] if self.output.strip() else []
        parts += self.errors
        if notes:
            parts += [text("ps.note_prefix", note=n) for n in self.notes]
        if self.prompt:
            parts.append(self.prompt)
        return "\n".join(parts)


@dataclass
class _Pending:
    source: str
    answers: list[str]
    prompt: str


class Session:
    """A PowerShell console over one lab.

    ``complete_boot_on_start``: ``Start-VM`` returns with the guest booted (the lab's default
    guest) unless a VM is held with ``Set-LabBootHold``. ``host_name``: the name
    ``-ComputerName`` may use for this (only) host besides ``localhost`` and ``.``.
    """

    def __init__(self, lab: Lab | None = None, *, host_name: str = "HV-HOST", complete_boot_on_start: bool = True):
        self.lab = lab if lab is not None else Lab()
        self.host_name = host_name
        self.complete_boot_on_start = complete_boot_on_start
        self.variables: dict[str, Any] = {"erroractionpreference": "Continue"}  # PowerShell's default
        self.held_in_boot: set[str] = set()  # VM IDs
        self.vm_extras: dict[str, dict[str, Any]] = {}  # VM ID -> unmodelled New-VM settings
        self.history: list[str] = []
        self._pending: _Pending | None = None
        self._buffer: list[str] = []
        self._line = Line()
        self._changed_lines: list[tuple[int, int]] = []  # (cmdlet calls, lab revision after) per changing line

    # ------------------------------------------------------------------ public
    @property
    def pending_prompt(self) -> str | None:
        return self._pending.prompt if self._pending else None

    @property
    def continuing(self) -> bool:
        """Whether :meth:`feed` holds an unfinished statement (the console shows ``>>``)."""
        return bool(self._buffer)

    def run(self, source: str) -> ConsoleResult:
        """Run one input. A ``Confirm`` prompt is answered by the next call."""
        if self._pending is not None:
            return self._answer(source)
        self.history.append(source)
        return self._execute(source, [])

    def feed(self, line: str) -> ConsoleResult | None:
        """Console-style input: collect lines until a statement is complete (PowerShell's ``>>``),
        then run it. Returns ``None`` while more lines are needed."""
        if self._pending is not None:
            return self.run(line)
        self._buffer.append(line)
        source = "\n".join(self._buffer)
        if is_incomplete(source):
            return None
        self._buffer.clear()
        return self.run(source)

    def flush(self) -> ConsoleResult | None:
        """Run whatever :meth:`feed` still holds (the end of a script), or None."""
        if not self._buffer:
            return None
        source = "\n".join(self._buffer)
        self._buffer.clear()
        return self.run(source)

    def run_script(self, script: str) -> list[ConsoleResult]:
        """Run a script line by line; lines after a ``Confirm`` prompt answer it, as when
        PowerShell reads a script from standard input."""
        results = [r for r in (self.feed(line) for line in script.splitlines()) if r is not None]
        last = self.flush()
        return results + ([last] if last is not None else [])

    def run_script_block(self, block: ScriptBlock, item: Any) -> list[Any]:
        """Run ``{ ... }`` with ``$_`` set to ``item`` (Where-Object, ForEach-Object), within the
        running line (its ``Confirm`` answers, notes and errors)."""
        out: list[Any] = []
        for statement in block.script.statements:
            if isinstance(statement, Assignment):
                self.variables[statement.variable.casefold()] = unwrap(self._pipeline(statement.pipeline, item))
            else:
                out.extend(self._pipeline(statement, item))
        return out

    def undo_line(self) -> None:
        """``Undo-LabOperation``: undo the last line typed here that changed the lab — every
        cmdlet call of it — or, if the lab has changed otherwise since (a click in a lab panel),
        that last operation."""
        if self._line.steps:
            raise HvlabError(text("ps.hvlab.undo_alone"))
        if not self.lab.can_undo:
            raise HvlabError(text("error.nothing_to_undo"))
        if self._changed_lines and self._changed_lines[-1][1] == self.lab.revision:
            steps, _after = self._changed_lines.pop()
        else:
            self._changed_lines.clear()
            steps = 1
        self._undo_steps(steps)

    # ------------------------------------------------------------------ confirmation
    def _answer(self, reply: str) -> ConsoleResult:
        assert self._pending is not None
        pending = self._pending
        choice = reply.strip().lower()[:1] if reply.strip() else "y"
        if choice == "?":
            return ConsoleResult(reply, output=text("ps.confirm.help") + "\n", prompt=pending.prompt)
        if choice == "s":
            return ConsoleResult(reply, notes=[text("ps.confirm.no_suspend")], prompt=pending.prompt)
        if choice not in ("y", "a", "n", "l"):
            return ConsoleResult(reply, prompt=pending.prompt)
        self._pending = None
        return self._execute(pending.source, pending.answers + [choice])

    # ------------------------------------------------------------------ execution
    def _execute(self, source: str, answers: list[str]) -> ConsoleResult:
        """Run every statement of ``source`` in turn. A ``Confirm`` prompt undoes the line so
        far (variables too); the answered line is run again from the start."""
        result = ConsoleResult(source)
        try:
            script = parse(source)
        except ParseError as error:
            result.errors.append(render_parse_error(source, error))
            if not error.hvlab_wording:
                result.notes = source_notes([text(error.message_key, **error.values)])
            return result
        except UnsupportedConstruct as error:
            result.errors.append(render_unsupported(source, error))
            return result
        saved_vars = copy.copy(self.variables)
        line = self._line = Line(source, Answers(answers))
        outputs: list[Any] = []
        try:
            for statement in script.statements:
                self._run_statement(statement, outputs)
        except ConfirmationNeeded as need:
            self._undo_steps(line.steps)
            self.variables = saved_vars
            self._pending = _Pending(source, answers, need.prompt)
            result.prompt = need.prompt
            return result
        except LineStopped:
            pass
        finally:
            self._line = Line()
        verbose = "".join(f"VERBOSE: {v}\n" for v in line.verbose)
        result.output = "".join(w + "\n" for w in line.whatif) + verbose + format_output(outputs)
        result.errors = line.errors
        seen: set[str] = set()  # a rule's title once per input, then 'rule B18'
        result.notes = [cite_text(note, seen) for note in line.notes]
        result.changed = line.steps > 0 or line.undone
        if line.steps:
            self._changed_lines.append((line.steps, self.lab.revision))
            del self._changed_lines[:-UNDO_DEPTH]
        return result

    def _run_statement(self, statement: Statement, outputs: list[Any]) -> None:
        """One statement; a statement-terminating error ends it (and, on Stop, the line)."""
        try:
            if isinstance(statement, Assignment):
                self.variables[statement.variable.casefold()] = unwrap(self._pipeline(statement.pipeline))
            else:
                outputs.extend(self._pipeline(statement))
        except PSError as error:
            self._report(error, None, terminating=True)
        except HvlabError as error:  # a core refusal outside a cmdlet's own handling
            self._report(PSError([error.explanation], documented=False), None, terminating=True)
        except UnsupportedConstruct as error:
            self._line.errors.append(render_unsupported(self._line.source, error))
            self._line.notes.append(text("ps.note.unsupported_stopped"))
            raise LineStopped() from None

    def _pipeline(self, pipeline: Pipeline, dollar_underscore: Any = NO_INPUT) -> list[Any]:
        current: list[Any] | None = None
        for index, element in enumerate(pipeline.elements):
            if isinstance(element, Command):
                current = self._command(element, current if index else None, dollar_underscore)
            else:
                current = flatten(self._evaluator().eval(element, dollar_underscore))
        return current or []

    def _evaluator(self) -> Evaluator:
        return Evaluator(self.variables, self._pipeline)

    def _command(self, command: Command, inputs: list[Any] | None, dollar_underscore: Any) -> list[Any]:
        name = ALIASES.get(command.name.casefold(), command.name)
        spec = SPECS.get(name.casefold())
        if spec is None:
            message = text("ps.command_not_found", name=command.name)
            self._line.notes.append(text("ps.note.no_such_command", message=message))
            self._line.notes.extend(source_notes([message]))
            raise UnsupportedConstruct("ps.construct.command", command.start, command.start + len(command.name), name=command.name)
        named, positionals = self._arguments(spec, command, dollar_underscore)
        self._note_common_not_simulated(spec, named)
        span = (command.start, command.end)
        implementation = IMPLEMENTATIONS[spec.name]
        ctx = CmdletContext(self, command.name, spec, command.start, command.end, self._line)
        if inputs is None:
            bound = bind(spec, command.name, named, positionals, command_span=span)
            return self._invoke(spec, ctx, lambda: list(implementation(ctx, bound, None)), bound.get("ErrorAction"))
        if spec.aggregate:
            bound = bind(spec, command.name, named, positionals, command_span=span, check_only=True)
            return self._invoke(spec, ctx, lambda: list(implementation(ctx, bound, inputs)), bound.get("ErrorAction"))
        if not inputs:
            bind(spec, command.name, named, positionals, command_span=span, check_only=True)
            return []
        out: list[Any] = []
        for item in inputs:
            bound = bind(spec, command.name, named, positionals, item, command_span=span)
            out.extend(self._invoke(spec, ctx, lambda: list(implementation(ctx, bound, item)), bound.get("ErrorAction")))
        return out

    def _note_common_not_simulated(self, spec: CmdletSpec, named: list[NamedArg]) -> None:
        """``-OutVariable``, ``-ErrorVariable``...: accepted, but hvlab fills no variable; say so."""
        given = [find_parameter(spec, arg.name) for arg in named]
        ignored = [p.name for p in given if p is not None and p.common and not p.simulated]
        if ignored:
            note = text("ps.note.not_simulated", parameters=", ".join("-" + name for name in ignored))
            if note not in self._line.notes:
                self._line.notes.append(note)

    def _arguments(self, spec: CmdletSpec, command: Command, dollar_underscore: Any) -> tuple[list[NamedArg], list[PositionalArg]]:
        """Evaluate the typed arguments: ``-Name value``, ``-Name:value``, switches, positionals."""
        evaluator = self._evaluator()
        named: list[NamedArg] = []
        positionals: list[PositionalArg] = []
        elements = list(command.elements)
        i = 0
        while i < len(elements):
            element = elements[i]
            if isinstance(element, CommandParameter):
                token = element.token
                if element.argument is not None:
                    value = evaluator.eval(element.argument, dollar_underscore)
                    named.append(NamedArg(element.name, value, token.start, element.argument.end, True))  # type: ignore[union-attr]
                else:
                    param = find_parameter(spec, element.name)
                    takes_value = param is not None and param.type != "switch"
                    following = elements[i + 1] if i + 1 < len(elements) else None
                    if takes_value and isinstance(following, CommandArgument):
                        value = evaluator.eval(following.expr, dollar_underscore)
                        named.append(NamedArg(element.name, value, token.start, following.expr.end, False))  # type: ignore[union-attr]
                        i += 1
                    else:
                        named.append(NamedArg(element.name, MISSING, token.start, token.end, False))
            else:
                expr = element.expr
                value = evaluator.eval(expr, dollar_underscore)
                positionals.append(PositionalArg(value, expr.start, expr.end, self._line.source[expr.start : expr.end]))  # type: ignore[union-attr]
            i += 1
        return named, positionals

    # ------------------------------------------------------------------ errors and steps
    def _invoke(self, spec: CmdletSpec, ctx: CmdletContext, run: Callable[[], list[Any]], error_action: str | None) -> list[Any]:
        """One call of a cmdlet (for one pipeline object): a refusal rolls back what this call
        did (it runs inside :meth:`Lab.run_operation`) and is a non-terminating error."""
        line = self._line
        outermost = spec.effect is LabEffect.OPERATION and not line.depth
        try:
            if spec.effect is LabEffect.UNDO:
                out = run()
                line.undone = True
                return out
            if not outermost:
                return run()
            line.depth += 1
            try:
                out = self.lab.run_operation(run)
                before = self.lab.previous_snapshot()
                if before is not None and before.data == self.lab.to_dict():
                    self.lab.undo()  # a call that changed nothing (-WhatIf, a "No" answer) is no step
                else:
                    line.steps += 1
                return out
            finally:
                line.depth -= 1
        except PSError as error:
            self._report(error, error_action, terminating=False, refused=ctx.invocation if outermost else None)
            return []

    def _report(self, error: PSError, given: str | None, *, terminating: bool, refused: str | None = None) -> None:
        action = error_action(self.variables.get("erroractionpreference"), given, terminating, self._line)
        write_error(self._line, error, action, refused)

    def _undo_steps(self, steps: int) -> None:
        for _ in range(steps):
            if self.lab.can_undo:
                self.lab.undo()
