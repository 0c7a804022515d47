"""The tree the parser builds: frozen dataclasses, one per PowerShell construct hvlab reads.

Nothing here is evaluated; :mod:`.evaluation` gives the nodes their values and
:mod:`.session` runs statements. Offsets (``start``/``end``) point into the typed text, for the
``At line:N char:M`` caret display.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from .tokenizer import Token

__all__ = [
    "ArrayExpr",
    "Assignment",
    "BinaryExpr",
    "Command",
    "CommandArgument",
    "CommandParameter",
    "ExpandableString",
    "Expr",
    "IndexExpr",
    "Literal",
    "MemberExpr",
    "NotExpr",
    "Pipeline",
    "Script",
    "ScriptBlockExpr",
    "Statement",
    "SubExpression",
    "UnaryExpr",
    "VariableExpr",
]


@dataclass(frozen=True)
class Literal:
    value: object
    start: int
    end: int


@dataclass(frozen=True)
class ExpandableString:
    template: str
    start: int
    end: int


@dataclass(frozen=True)
class VariableExpr:
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class MemberExpr:
    target: "Expr"
    member: str
    start: int
    end: int


@dataclass(frozen=True)
class IndexExpr:
    """``$x[0]``, ``(Get-VM)[-1]``: one element by a whole-number index (about_Arrays)."""

    target: "Expr"
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class ArrayExpr:
    items: tuple["Expr", ...]
    start: int
    end: int


@dataclass(frozen=True)
class SubExpression:
    pipeline: "Pipeline"
    array: bool
    start: int
    end: int


@dataclass(frozen=True)
class ScriptBlockExpr:
    script: "Script"
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class BinaryExpr:
    """``left op right``: comparison, logical, arithmetic (``+ - * / %``) and string operators
    (``f``, ``join``, ``split``, ``replace``)."""

    operator: str  # lower-case, without the dash, case prefix removed
    case_sensitive: bool
    left: "Expr"
    right: "Expr"
    start: int
    end: int


@dataclass(frozen=True)
class NotExpr:
    operand: "Expr"
    start: int
    end: int


@dataclass(frozen=True)
class UnaryExpr:
    """``-$x``, ``-join $list``, ``-split $text`` (operator lower-case, without the dash for words)."""

    operator: str
    operand: "Expr"
    start: int
    end: int


Expr = Union[Literal, ExpandableString, VariableExpr, MemberExpr, IndexExpr, ArrayExpr, SubExpression, ScriptBlockExpr, BinaryExpr, NotExpr, UnaryExpr]


@dataclass(frozen=True)
class CommandParameter:
    name: str  # as typed, without the dash
    argument: Expr | None  # set when written -Name:value
    token: Token


@dataclass(frozen=True)
class CommandArgument:
    expr: Expr


@dataclass(frozen=True)
class Command:
    name: str
    elements: tuple[CommandParameter | CommandArgument, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Pipeline:
    elements: tuple[Command | Expr, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Assignment:
    variable: str
    pipeline: Pipeline
    start: int
    end: int


Statement = Union[Assignment, Pipeline]


@dataclass(frozen=True)
class Script:
    statements: tuple[Statement, ...]
    source: str
