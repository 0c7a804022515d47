"""The console session: evaluate parsed input against a lab, statement by statement.

A :class:`Session` holds what a PowerShell window holds (variables, a pending ``Confirm``
prompt) plus hvlab's own console settings (which VMs the lab holds in boot). :meth:`Session.run`
takes one input — a line, or several lines that form one statement — and returns a
:class:`ConsoleResult`: PowerShell's output and error text, and separately hvlab's notes.

Statements run in turn and keep their effect, as in PowerShell; each call of a cmdlet that
changes the lab (its spec's :class:`~hvlab.powershell.binder.LabEffect`) runs inside
:meth:`hvlab.Lab.run_operation`, so a refused call changes nothing itself and is reported as a
non-terminating error. ``Undo-LabOperation`` undoes the last changing line, all its calls. The
cmdlets call the very same core methods the lab widgets call (``vm.checkpoint``,
``vm.apply``, ...), so a line and the click it mirrors leave identical labs.
"""

from __future__ import annotations

import copy
import fnmatch
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..catalog import text
from ..errors import CheckpointOperationFailed, HvlabError
from ..lab import UNDO_DEPTH, Lab
from .binder import MISSING, NO_INPUT, CmdletSpec, LabEffect, NamedArg, PositionalArg, ScriptBlock, bind
from .errors import ConfirmationNeeded, PSError
from .formatter import format_output
from .objects import PSObject
from .parser import (
    ArrayExpr,
    Assignment,
    BinaryExpr,
    Command,
    CommandArgument,
    CommandParameter,
    ExpandableString,
    Literal,
    MemberExpr,
    NotExpr,
    ParseError,
    Pipeline,
    Script,
    ScriptBlockExpr,
    SubExpression,
    VariableExpr,
    is_incomplete,
    parse,
)
from .specs import ACTION_PREFERENCES, ALIASES, SPECS

__all__ = ["ConsoleResult", "Session"]

@dataclass
class ConsoleResult:
    """What one input produced.

    ``output``: PowerShell's output text; ``errors``: error records as PowerShell prints them;
    ``notes``: hvlab's explanations (not PowerShell's); ``prompt``: a ``Confirm`` prompt waiting
    for the next input; ``changed``: whether the lab changed.
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


class _LineStopped(Exception):
    """A script-terminating error: the rest of the line does not run (``Stop``)."""


@dataclass
class _LineSteps:
    """The lab operations (undo steps) the current line made, and the cmdlet-call nesting."""

    steps: int = 0
    depth: int = 0
    undone: bool = False  # Undo-LabOperation went back


@dataclass
class _Pending:
    source: str
    answers: list[str]
    prompt: str


class _Context:
    """What a cmdlet implementation sees: the session, the lab, where it was typed."""

    def __init__(self, session: "Session", invocation: str, spec: CmdletSpec, start: int, end: int, answers: "_Answers"):
        self.session = session
        self.lab = session.lab
        self.invocation = invocation
        self.spec = spec
        self.start = start
        self.end = end
        self.answers = answers

    def note(self, message: str) -> None:
        self.session._notes.append(message)

    def fail(self, explanation: str) -> PSError:
        """An error whose wording is hvlab's (Hyper-V's text for it is not documented)."""
        return PSError([explanation], command=self.invocation, start=self.start, end=self.end, documented=False)

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
        if self.answers.yes_to_all:
            return True
        if self.answers.no_to_all:
            return False
        answer = self.answers.next()
        if answer is None:
            body = description or text("ps.confirm.should_process", action=action, target=target)
            raise ConfirmationNeeded(text("ps.confirm.prompt", body=body))
        if answer == "a":
            self.answers.yes_to_all = True
            return True
        if answer == "l":
            self.answers.no_to_all = True
            return False
        return answer == "y"


class _Answers:
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


class Session:
    """A PowerShell console over one lab.

    ``complete_boot_on_start``: ``Start-VM`` returns with the guest booted (the lab's default
    guest, as issue 7 asks) unless a VM is held with ``Set-LabBootHold``. ``host_name``: the name
    ``-ComputerName`` may use for this (only) host besides ``localhost`` and ``.``.
    """

    def __init__(self, lab: Lab | None = None, *, host_name: str = "HV-HOST", complete_boot_on_start: bool = True):
        self.lab = lab if lab is not None else Lab()
        self.host_name = host_name
        self.complete_boot_on_start = complete_boot_on_start
        self.variables: dict[str, Any] = {}
        self.held_in_boot: set[str] = set()  # VM IDs
        self.vm_extras: dict[str, dict[str, Any]] = {}  # VM ID -> unmodelled New-VM settings
        self.history: list[str] = []
        self._pending: _Pending | None = None
        self._notes: list[str] = []
        self._whatif: list[str] = []
        self._buffer: list[str] = []
        self._errors: list[str] = []
        self._line = _LineSteps()
        self._changed_lines: list[tuple[int, dict]] = []  # (cmdlet calls, lab after) per changing line

    # ------------------------------------------------------------------ public
    @property
    def pending_prompt(self) -> str | None:
        return self._pending.prompt if self._pending else None

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

    def run_script(self, script: str) -> list[ConsoleResult]:
        """Run a script line by line; lines after a ``Confirm``
        prompt answer it, as when PowerShell reads a script from standard input."""
        results = []
        for line in script.splitlines():
            result = self.feed(line)
            if result is not None:
                results.append(result)
        if self._buffer:
            results.append(self.run("\n".join(self._buffer)))
            self._buffer.clear()
        return results

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
        """Run every statement of ``source`` in turn, as PowerShell does.

        A statement-terminating error (a binding error, an unknown command) stops its own
        statement; a non-terminating one (a cmdlet's refusal) stops only that cmdlet's call; the
        statements before keep their effect. ``-ErrorAction Stop`` or ``$ErrorActionPreference =
        'Stop'`` escalate an error so the rest of the line does not run (about_CommonParameters:
        https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_commonparameters?view=powershell-5.1 ;
        about_Preference_Variables: https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables?view=powershell-5.1).
        A ``Confirm`` prompt undoes the line so far; the answered line is run again from the start.
        """
        result = ConsoleResult(source)
        self._notes = []
        self._whatif = []
        self._errors = []
        try:
            script = parse(source)
        except ParseError as error:
            result.errors.append(self._render_parse_error(source, error))
            return result
        saved_vars = copy.copy(self.variables)
        answer_state = _Answers(answers)
        outputs: list[Any] = []
        self._line = _LineSteps()
        try:
            for statement in script.statements:
                try:
                    self._statement(statement, source, outputs, answer_state)
                except PSError as error:  # statement-terminating
                    self._report(error, source, None, terminating=True)
                except HvlabError as error:  # a core refusal outside a cmdlet's own handling
                    self._report(PSError([error.explanation], documented=False), source, None, terminating=True)
        except ConfirmationNeeded as need:
            self._undo_steps(self._line.steps)
            self.variables = saved_vars
            self._pending = _Pending(source, answers, need.prompt)
            result.prompt = need.prompt
            return result
        except _LineStopped:
            pass
        result.output = "".join(line + "\n" for line in self._whatif) + format_output(outputs)
        result.errors = list(self._errors)
        result.notes = list(self._notes)
        result.changed = self._line.steps > 0 or self._line.undone
        if result.changed:
            self._changed_lines.append((self._line.steps, self.lab.to_dict()))
            del self._changed_lines[:-UNDO_DEPTH]
        return result

    # ------------------------------------------------------------------ errors and steps
    def _error_action(self, given: str | None, terminating: bool) -> str:
        """The ActionPreference that applies: ``-ErrorAction`` for a non-terminating error, else
        ``$ErrorActionPreference`` (which also applies to statement-terminating errors)."""
        if given is not None and not terminating:
            return given
        value = self.variables.get("erroractionpreference")
        if value is None:
            return "Continue"
        for member in ACTION_PREFERENCES:
            if member.casefold() == str(value).strip().casefold():
                return member
        self._notes.append(text("ps.note.bad_preference", value=_text(value)))
        return "Continue"

    def _report(self, error: PSError, source: str, given: str | None, *, terminating: bool, refused: str | None = None) -> None:
        """Write an error record as the ActionPreference says, and stop the line on ``Stop``.

        ``refused``: the cmdlet whose call was rolled back, for hvlab's note that it changed nothing."""
        action = self._error_action(given, terminating)
        if action not in ("SilentlyContinue", "Ignore"):
            self._errors.append(self._render_error(source, error))
            self._notes.extend(self._error_notes(error))
            if refused:
                self._notes.append(text("ps.note.cmdlet_changed_nothing", command=refused))
        if action in ("Inquire", "Suspend"):
            self._notes.append(text("ps.note.preference_unsupported", value=action))
            raise _LineStopped()
        if action == "Stop":
            self._notes.append(text("ps.note.line_stopped"))
            raise _LineStopped()

    def _invoke(self, spec: CmdletSpec, ctx: "_Context", run: Callable[[], list[Any]], source: str, error_action: str | None) -> list[Any]:
        """One call of a cmdlet (for one pipeline object): a refusal rolls back what this call
        did (it runs inside :meth:`Lab.run_operation`) and is a non-terminating error."""
        try:
            if spec.effect is LabEffect.UNDO:
                out = run()
                self._line.undone = True
                return out
            if spec.effect is not LabEffect.OPERATION or self._line.depth:
                return run()
            self._line.depth += 1
            try:
                before = self.lab.to_dict()
                out = self.lab.run_operation(run)
                if self.lab.to_dict() == before:
                    self.lab.undo()  # a call that changed nothing (-WhatIf, a "No" answer) is no step
                else:
                    self._line.steps += 1
                return out
            finally:
                self._line.depth -= 1
        except PSError as error:
            refused = ctx.invocation if spec.effect is LabEffect.OPERATION and not self._line.depth else None
            self._report(error, source, error_action, terminating=False, refused=refused)
            return []

    @staticmethod
    def _error_notes(error: PSError) -> list[str]:
        return [error.explanation] if error.explanation else []

    def _undo_steps(self, steps: int) -> None:
        for _ in range(steps):
            if self.lab.can_undo:
                self.lab.undo()

    def undo_line(self) -> None:
        """``Undo-LabOperation``: undo the last line typed here that changed the lab — every
        cmdlet call of it — or, if the lab has changed otherwise since (a click in a lab panel),
        that last operation."""
        if self._line.steps:
            raise HvlabError(text("ps.hvlab.undo_alone"))
        if self._changed_lines and self._changed_lines[-1][1] == self.lab.to_dict():
            steps, _after = self._changed_lines.pop()
        else:
            self._changed_lines.clear()
            steps = 1
        if not self.lab.can_undo:
            raise HvlabError(text("error.nothing_to_undo"))
        self._undo_steps(steps)

    def _statement(self, statement: Assignment | Pipeline, source: str, outputs: list[Any], answers: _Answers) -> None:
        if isinstance(statement, Assignment):
            values = self._pipeline(statement.pipeline, source, answers)
            self.variables[statement.variable.casefold()] = _unwrap(values)
            return
        outputs.extend(self._pipeline(statement, source, answers))

    def _pipeline(self, pipeline: Pipeline, source: str, answers: _Answers, dollar_underscore: Any = NO_INPUT) -> list[Any]:
        current: list[Any] | None = None
        for index, element in enumerate(pipeline.elements):
            if not isinstance(element, Command):
                value = self._eval(element, source, answers, dollar_underscore)
                current = _flatten(value)
                continue
            current = self._command(element, source, answers, current if index else None, dollar_underscore)
        return current or []

    def _command(self, command: Command, source: str, answers: _Answers, inputs: list[Any] | None, dollar_underscore: Any) -> list[Any]:
        from .cmdlets import IMPLEMENTATIONS

        key = command.name.casefold()
        name = ALIASES.get(key, command.name)
        spec = SPECS.get(name.casefold())
        if spec is None:
            raise PSError(
                [text("ps.command_not_found", name=command.name)],
                command=command.name,
                start=command.start,
                end=command.start + len(command.name),
                category=f"ObjectNotFound: ({command.name}:String) [], CommandNotFoundException",
                error_id="CommandNotFoundException",
            )
        named: list[NamedArg] = []
        positionals: list[PositionalArg] = []
        elements = list(command.elements)
        i = 0
        while i < len(elements):
            element = elements[i]
            if isinstance(element, CommandParameter):
                token = element.token
                if element.argument is not None:
                    value = self._eval(element.argument, source, answers, dollar_underscore)
                    named.append(NamedArg(element.name, value, token.start, element.argument.end, True))  # type: ignore[union-attr]
                else:
                    param = _peek_param(spec, element.name)
                    takes_value = param is not None and param.type != "switch"
                    if takes_value and i + 1 < len(elements) and isinstance(elements[i + 1], CommandArgument):
                        arg = elements[i + 1]
                        value = self._eval(arg.expr, source, answers, dollar_underscore)  # type: ignore[union-attr]
                        named.append(NamedArg(element.name, value, token.start, arg.expr.end, False))  # type: ignore[union-attr]
                        i += 1
                    else:
                        named.append(NamedArg(element.name, MISSING, token.start, token.end, False))
            else:
                expr = element.expr
                value = self._eval(expr, source, answers, dollar_underscore)
                positionals.append(PositionalArg(value, expr.start, expr.end, source[expr.start : expr.end]))  # type: ignore[union-attr]
            i += 1
        span = (command.start, command.end)
        implementation = IMPLEMENTATIONS[spec.name]
        ctx = _Context(self, command.name, spec, command.start, command.end, answers)
        if inputs is None:
            bound = bind(spec, command.name, named, positionals, command_span=span)
            return self._invoke(spec, ctx, lambda: list(implementation(ctx, bound, None)), source, bound.get("ErrorAction"))
        if spec.aggregate:
            bound = bind(spec, command.name, named, positionals, command_span=span, check_only=True)
            return self._invoke(spec, ctx, lambda: list(implementation(ctx, bound, inputs)), source, bound.get("ErrorAction"))
        if not inputs:
            bind(spec, command.name, named, positionals, command_span=span, check_only=True)
            return []
        out: list[Any] = []
        for item in inputs:
            bound = bind(spec, command.name, named, positionals, item, command_span=span)
            out.extend(self._invoke(spec, ctx, lambda: list(implementation(ctx, bound, item)), source, bound.get("ErrorAction")))
        return out

    # ------------------------------------------------------------------ expressions
    def _eval(self, expr: Any, source: str, answers: _Answers, dollar_underscore: Any = NO_INPUT) -> Any:
        if isinstance(expr, Literal):
            return expr.value
        if isinstance(expr, ExpandableString):
            return re.sub(r"\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)", lambda m: _text(self._variable(m.group(1).strip("{}"), dollar_underscore)), expr.template)
        if isinstance(expr, VariableExpr):
            return self._variable(expr.name, dollar_underscore)
        if isinstance(expr, MemberExpr):
            target = self._eval(expr.target, source, answers, dollar_underscore)
            return _member(target, expr.member)
        if isinstance(expr, ArrayExpr):
            items: list[Any] = []
            for item in expr.items:
                items.append(self._eval(item, source, answers, dollar_underscore))
            return items
        if isinstance(expr, SubExpression):
            values = self._pipeline(expr.pipeline, source, answers, dollar_underscore)
            return values if expr.array else _unwrap(values)
        if isinstance(expr, ScriptBlockExpr):
            return ScriptBlock(expr.script, expr.text)
        if isinstance(expr, NotExpr):
            return not _truthy(self._eval(expr.operand, source, answers, dollar_underscore))
        if isinstance(expr, BinaryExpr):
            left = self._eval(expr.left, source, answers, dollar_underscore)
            if expr.operator == "and":
                return _truthy(left) and _truthy(self._eval(expr.right, source, answers, dollar_underscore))
            if expr.operator == "or":
                return _truthy(left) or _truthy(self._eval(expr.right, source, answers, dollar_underscore))
            right = self._eval(expr.right, source, answers, dollar_underscore)
            if expr.operator == "xor":
                return _truthy(left) != _truthy(right)
            return compare(expr.operator, left, right, expr.case_sensitive)
        raise AssertionError(expr)  # pragma: no cover

    def _variable(self, name: str, dollar_underscore: Any) -> Any:
        lowered = name.casefold()
        if lowered in ("_", "psitem"):
            return None if dollar_underscore is NO_INPUT else dollar_underscore
        if lowered == "true":
            return True
        if lowered == "false":
            return False
        if lowered == "null":
            return None
        return self.variables.get(lowered)

    def run_script_block(self, block: ScriptBlock, item: Any, answers: _Answers) -> list[Any]:
        """Run ``{ ... }`` with ``$_`` set to ``item`` (Where-Object, ForEach-Object)."""
        out: list[Any] = []
        script: Script = block.script
        for statement in script.statements:
            if isinstance(statement, Assignment):
                values = self._pipeline(statement.pipeline, script.source, answers, item)
                self.variables[statement.variable.casefold()] = _unwrap(values)
            else:
                out.extend(self._pipeline(statement, script.source, answers, item))
        return out

    # ------------------------------------------------------------------ rendering
    def _position_lines(self, source: str, start: int, end: int) -> list[str]:
        line_start = source.rfind("\n", 0, start) + 1
        line_end = source.find("\n", start)
        if line_end < 0:
            line_end = len(source)
        line_no = source.count("\n", 0, start) + 1
        line = source[line_start:line_end]
        col = start - line_start
        length = max(1, min(end, line_end) - start)
        return [
            text("ps.at_position", line=line_no, char=col + 1),
            "+ " + line,
            "+ " + " " * col + "~" * length,
        ]

    def _render_error(self, source: str, error: PSError) -> str:
        lines = list(error.lines)
        if not error.documented:
            lines = [lines[0] + " " + text("ps.hvlab_wording")] + lines[1:]
        first = f"{error.command} : {lines[0]}" if error.command else lines[0]
        out = [first, *lines[1:]]
        out += self._position_lines(source, error.start, error.end)
        if error.category:
            out.append("    + CategoryInfo          : " + error.category)
        if error.error_id:
            out.append("    + FullyQualifiedErrorId : " + error.error_id)
        return "\n".join(out)

    def _render_parse_error(self, source: str, error: ParseError) -> str:
        out = self._position_lines(source, error.position, error.position + error.length)
        out.append(text(error.message_key, **error.values))
        out.append("    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException")
        if error.error_id:
            out.append("    + FullyQualifiedErrorId : " + error.error_id)
        return "\n".join(out)


# ---------------------------------------------------------------------- helpers


def _peek_param(spec: CmdletSpec, typed: str) -> Any:
    wanted = typed.casefold()
    exact = [p for p in spec.params if p.name.casefold() == wanted or any(a.casefold() == wanted for a in p.aliases)]
    if exact:
        return exact[0]
    prefix = [p for p in spec.params if p.name.casefold().startswith(wanted) or any(a.casefold().startswith(wanted) for a in p.aliases)]
    return prefix[0] if len(prefix) == 1 else None


def _flatten(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return list(value)
    return [value]


def _unwrap(values: list[Any]) -> Any:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return list(values)


def _member(target: Any, member: str) -> Any:
    if isinstance(target, list):
        if member.casefold() in ("count", "length"):
            return len(target)
        values = [_member(t, member) for t in target]
        return [v for v in values if v is not None]
    if isinstance(target, PSObject):
        return target.get(member)
    if isinstance(target, str) and member.casefold() == "length":
        return len(target)
    if target is not None and member.casefold() == "count":
        return 1
    return None


def _truthy(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, list):
        return any(_truthy(v) for v in value) if len(value) == 1 else bool(value)
    if isinstance(value, str):
        return value != ""
    if isinstance(value, (int, float, bool)):
        return bool(value)
    return True


def _text(value: Any) -> str:
    from .objects import to_display

    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return to_display(value)


def _comparable(left: Any, right: Any) -> tuple[Any, Any]:
    """PowerShell converts the right operand to the left operand's type."""
    from datetime import datetime

    if isinstance(left, bool):
        return left, _truthy(right)
    if isinstance(left, (int, float)) and not isinstance(left, bool):
        try:
            return left, float(right) if isinstance(right, str) and "." in right else int(right) if isinstance(right, str) else right
        except ValueError:
            return str(left), str(right)
    if isinstance(left, datetime) and isinstance(right, datetime):
        return left, right
    return _text(left), _text(right)


def compare(operator: str, left: Any, right: Any, case_sensitive: bool = False) -> Any:
    """PowerShell's comparison operators (about_Comparison_Operators); arrays on the left filter."""
    if isinstance(left, list) and operator not in ("contains", "notcontains"):
        return [item for item in left if _truthy_result(compare(operator, item, right, case_sensitive))]
    if operator in ("contains", "notcontains"):
        items = left if isinstance(left, list) else [left]
        found = any(compare("eq", item, right, case_sensitive) for item in items)
        return found if operator == "contains" else not found
    if operator in ("in", "notin"):
        result = compare("contains", right, left, case_sensitive)
        return result if operator == "in" else not result
    a, b = _comparable(left, right)
    if isinstance(a, str) and isinstance(b, str) and not case_sensitive:
        a, b = a.casefold(), b.casefold()
    if operator == "eq":
        return a == b
    if operator == "ne":
        return a != b
    if operator in ("like", "notlike"):
        matched = fnmatch.fnmatchcase(str(a), str(b))
        return matched if operator == "like" else not matched
    if operator in ("match", "notmatch"):
        try:
            matched = re.search(str(b), str(a)) is not None
        except re.error:
            matched = False
        return matched if operator == "match" else not matched
    try:
        if operator == "gt":
            return a > b
        if operator == "ge":
            return a >= b
        if operator == "lt":
            return a < b
        if operator == "le":
            return a <= b
    except TypeError:
        return False
    raise AssertionError(operator)  # pragma: no cover


def _truthy_result(value: Any) -> bool:
    return bool(value) if not isinstance(value, list) else bool(value)


def wildcard_match(pattern: str, name: str) -> bool:
    """PowerShell wildcards (``*``, ``?``, ``[a-z]``), case-insensitive."""
    return fnmatch.fnmatchcase(name.casefold(), pattern.casefold())


def has_wildcard(pattern: str) -> bool:
    return any(c in pattern for c in "*?[")


def iter_names(values: Iterable[str] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    return list(values)
