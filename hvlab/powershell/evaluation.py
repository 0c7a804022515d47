"""Give expression nodes their values: literals, variables, members, arrays, operators.

An :class:`Evaluator` reads the session's variables and asks the session to run any pipeline
inside ``( )`` or ``@( )``; the operators themselves are in :mod:`.operators`. Nothing typed is
passed to ``eval``/``exec``.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from .parameters import NO_INPUT, ScriptBlock
from .objects import PSObject
from .operators import arithmetic, compare, format_operator, join, negate, replace, split, to_text, truthy
from .syntax import (
    ArrayExpr,
    BinaryExpr,
    ExpandableString,
    Expr,
    IndexExpr,
    Literal,
    MemberExpr,
    NotExpr,
    Pipeline,
    ScriptBlockExpr,
    SubExpression,
    UnaryExpr,
    VariableExpr,
)

__all__ = ["Evaluator", "element", "flatten", "member", "unwrap"]

_EXPANDED_VARIABLE = re.compile(r"\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)")
_ARITHMETIC = ("+", "-", "*", "/", "%")


def flatten(value: Any) -> list[Any]:
    """An expression's value as pipeline objects (an array is enumerated, ``$null`` is none)."""
    if value is None:
        return []
    if isinstance(value, list):
        return list(value)
    return [value]


def unwrap(values: list[Any]) -> Any:
    """Pipeline output as a value: nothing is ``$null``, one object is itself, more an array."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return list(values)


def element(target: Any, index: int) -> Any:
    """``$x[i]``: an array's element (negative counts from the end), a string's character, a
    single object as itself at 0; out of range is ``$null``, as in PowerShell (about_Arrays)."""
    if isinstance(target, (list, str)):
        return target[index] if -len(target) <= index < len(target) else None
    if target is None:
        return None
    return target if index in (0, -1) else None


def member(target: Any, name: str) -> Any:
    """``$x.Name``: a property, ``.Count``/``.Length`` of an array or string; member
    enumeration over an array (about_Member-Access_Enumeration)."""
    if isinstance(target, list):
        if name.casefold() in ("count", "length"):
            return len(target)
        values = [member(t, name) for t in target]
        return [v for v in values if v is not None]
    if isinstance(target, PSObject):
        return target.get(name)
    if isinstance(target, str) and name.casefold() == "length":
        return len(target)
    if name.casefold() == "count":
        return 0 if target is None else 1
    return None


class Evaluator:
    """Evaluates expressions against ``variables``; ``run_pipeline(pipeline, dollar_underscore)``
    runs a sub-pipeline and returns its output objects."""

    def __init__(self, variables: dict[str, Any], run_pipeline: Callable[[Pipeline, Any], list[Any]]):
        self.variables = variables
        self.run_pipeline = run_pipeline

    def variable(self, name: str, dollar_underscore: Any = NO_INPUT) -> Any:
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

    def eval(self, expr: Expr, dollar_underscore: Any = NO_INPUT) -> Any:
        if isinstance(expr, Literal):
            return expr.value
        if isinstance(expr, ExpandableString):
            return _EXPANDED_VARIABLE.sub(lambda m: to_text(self.variable(m.group(1).strip("{}"), dollar_underscore)), expr.template)
        if isinstance(expr, VariableExpr):
            return self.variable(expr.name, dollar_underscore)
        if isinstance(expr, MemberExpr):
            return member(self.eval(expr.target, dollar_underscore), expr.member)
        if isinstance(expr, IndexExpr):
            return element(self.eval(expr.target, dollar_underscore), expr.index)
        if isinstance(expr, ArrayExpr):
            return [self.eval(item, dollar_underscore) for item in expr.items]
        if isinstance(expr, SubExpression):
            values = self.run_pipeline(expr.pipeline, dollar_underscore)
            return values if expr.array else unwrap(values)
        if isinstance(expr, ScriptBlockExpr):
            return ScriptBlock(expr.script, expr.text)
        if isinstance(expr, NotExpr):
            return not truthy(self.eval(expr.operand, dollar_underscore))
        if isinstance(expr, UnaryExpr):
            return self._unary(expr, dollar_underscore)
        if isinstance(expr, BinaryExpr):
            return self._binary(expr, dollar_underscore)
        raise AssertionError(expr)  # pragma: no cover

    def _unary(self, expr: UnaryExpr, dollar_underscore: Any) -> Any:
        value = self.eval(expr.operand, dollar_underscore)
        if expr.operator == "join":
            return join(value)
        if expr.operator == "split":
            return split(value)
        if expr.operator == "-":
            return negate(value, (expr.start, expr.end))
        return value  # unary +

    def _binary(self, expr: BinaryExpr, dollar_underscore: Any) -> Any:
        left = self.eval(expr.left, dollar_underscore)
        if expr.operator == "and":
            return truthy(left) and truthy(self.eval(expr.right, dollar_underscore))
        if expr.operator == "or":
            return truthy(left) or truthy(self.eval(expr.right, dollar_underscore))
        right = self.eval(expr.right, dollar_underscore)
        span = (expr.start, expr.end)
        if expr.operator == "xor":
            return truthy(left) != truthy(right)
        if expr.operator in _ARITHMETIC:
            return arithmetic(expr.operator, left, right, span)
        if expr.operator == "f":
            return format_operator(left, right, span)
        if expr.operator == "join":
            return join(left, right)
        if expr.operator == "split":
            return split(left, right, expr.case_sensitive)
        if expr.operator == "replace":
            return replace(left, right, expr.case_sensitive)
        return compare(expr.operator, left, right, expr.case_sensitive)
