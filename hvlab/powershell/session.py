"""The console session: evaluate parsed input against a lab, one atomic line at a time.

A :class:`Session` holds what a PowerShell window holds (variables, a pending ``Confirm``
prompt) plus hvlab's own console settings (which VMs the lab holds in boot). :meth:`Session.run`
takes one input — a line, or several lines that form one statement — and returns a
:class:`ConsoleResult`: PowerShell's output and error text, and separately hvlab's notes.

Every input that can change the lab runs inside :meth:`hvlab.Lab.run_operation`: if any part of
it is refused, the whole input is rolled back (clock, GUIDs, every VM), variables included, so a
refused line changes nothing and one ``Undo-LabOperation`` undoes one line. The cmdlets call the
very same core methods the lab widgets call (``vm.checkpoint``, ``vm.apply``, ...), so a line
and the click it mirrors leave identical labs.
"""

from __future__ import annotations

import copy
import fnmatch
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..catalog import text
from ..errors import CheckpointOperationFailed, HvlabError
from ..lab import Lab
from .binder import MISSING, NO_INPUT, CmdletSpec, NamedArg, PositionalArg, ScriptBlock, bind
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
from .specs import ALIASES, SPECS

__all__ = ["ConsoleResult", "Session"]

MUTATING = {
    "new-vm", "start-vm", "stop-vm", "save-vm", "suspend-vm", "resume-vm", "remove-vmsavedstate", "set-vm",
    "enable-vmintegrationservice", "disable-vmintegrationservice", "checkpoint-vm", "restore-vmsnapshot",
    "remove-vmsnapshot", "rename-vmsnapshot", "set-labguest", "complete-labboot",
}


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
        """Run a script line by line (each complete statement atomic); lines after a ``Confirm``
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
        result = ConsoleResult(source)
        self._notes = []
        self._whatif = []
        try:
            script = parse(source)
        except ParseError as error:
            result.errors.append(self._render_parse_error(source, error))
            return result
        mutating = _mentions(script, MUTATING)
        saved_vars = copy.copy(self.variables)
        before = self.lab.to_dict() if mutating else None
        answer_state = _Answers(answers)
        outputs: list[Any] = []

        def run_all() -> None:
            for statement in script.statements:
                self._statement(statement, source, outputs, answer_state)

        try:
            if mutating:
                self.lab.run_operation(run_all)
            else:
                run_all()
        except ConfirmationNeeded as need:
            self.variables = saved_vars
            self._pending = _Pending(source, answers, need.prompt)
            result.prompt = need.prompt
            return result
        except PSError as error:
            self.variables = saved_vars
            result.errors.append(self._render_error(source, error))
            if mutating:
                result.notes.append(text("ps.nothing_changed"))
            result.notes.extend(self._error_notes(error))
            return result
        except HvlabError as error:  # a core refusal outside a cmdlet's own handling
            self.variables = saved_vars
            result.errors.append(self._render_error(source, PSError([error.explanation], documented=False)))
            return result
        result.output = "".join(line + "\n" for line in self._whatif) + format_output(outputs)
        result.notes = list(self._notes)
        result.changed = bool(mutating and before != self.lab.to_dict())
        if mutating and not result.changed and self.lab.can_undo:
            self.lab.undo()  # drop the no-op step, so Undo-LabOperation undoes a line that changed something
        return result

    def _error_notes(self, error: PSError) -> list[str]:
        notes = []
        if error.explanation:
            notes.append(error.explanation)
        return notes

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
            return list(implementation(ctx, bound, None))
        if spec.aggregate:
            bound = bind(spec, command.name, named, positionals, command_span=span, check_only=True)
            return list(implementation(ctx, bound, inputs))
        if not inputs:
            bind(spec, command.name, named, positionals, command_span=span, check_only=True)
            return []
        out: list[Any] = []
        for item in inputs:
            bound = bind(spec, command.name, named, positionals, item, command_span=span)
            out.extend(implementation(ctx, bound, item))
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


def _mentions(script: Script, names: set[str]) -> bool:
    """Whether the input calls any command that can change the lab (or runs a script block)."""
    found = False

    def visit(node: Any) -> None:
        nonlocal found
        if found or node is None:
            return
        if isinstance(node, Command):
            key = node.name.casefold()
            if key in names or ALIASES.get(key, "").casefold() in names:
                found = True
                return
            for element in node.elements:
                visit(element.argument if isinstance(element, CommandParameter) else element.expr)
        elif isinstance(node, Pipeline):
            for e in node.elements:
                visit(e)
        elif isinstance(node, Assignment):
            visit(node.pipeline)
        elif isinstance(node, Script):
            for s in node.statements:
                visit(s)
        elif isinstance(node, (SubExpression,)):
            visit(node.pipeline)
        elif isinstance(node, ScriptBlockExpr):
            visit(node.script)
        elif isinstance(node, ArrayExpr):
            for item in node.items:
                visit(item)
        elif isinstance(node, BinaryExpr):
            visit(node.left)
            visit(node.right)
        elif isinstance(node, (MemberExpr,)):
            visit(node.target)
        elif isinstance(node, NotExpr):
            visit(node.operand)

    visit(script)
    return found


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
