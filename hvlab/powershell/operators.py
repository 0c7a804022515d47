"""PowerShell's operators on the values hvlab's console handles: comparison, logical,
arithmetic, string and format operators.

Each function follows the operator's reference page (about_Comparison_Operators,
about_Arithmetic_Operators, about_Join, about_Split, about_Replace, about_Operators' ``-f``):
the right operand is converted to the left operand's type, ``+`` and ``*`` on a string
concatenate and repeat it, on an array they build a new array. Where PowerShell would convert
or fail in a way hvlab does not simulate (a .NET format string, dividing by zero, adding
objects), :class:`~hvlab.powershell.errors.UnsupportedConstruct` says so in hvlab's words.
"""

from __future__ import annotations

import fnmatch
import math
import re
from datetime import datetime
from typing import Any, Iterable

from .errors import UnsupportedConstruct
from .objects import to_display

__all__ = [
    "arithmetic",
    "compare",
    "format_operator",
    "has_wildcard",
    "iter_names",
    "join",
    "negate",
    "replace",
    "split",
    "to_text",
    "truthy",
    "wildcard_match",
]

_NUMBER_TEXT = re.compile(r"\s*([+-]?)(0x[0-9a-fA-F]+|\d+(\.\d*)?([eE][+-]?\d+)?|\.\d+)\s*")
_FORMAT_ITEM = re.compile(r"\{\{|\}\}|\{(\d+)(?:\s*,\s*(-?\d+))?(:[^}]*)?\}|[{}]")


def truthy(value: Any) -> bool:
    """PowerShell's conversion to Boolean (about_Booleans)."""
    if value is None:
        return False
    if isinstance(value, list):
        return any(truthy(v) for v in value) if len(value) == 1 else bool(value)
    if isinstance(value, str):
        return value != ""
    if isinstance(value, (int, float, bool)):
        return bool(value)
    return True


def to_text(value: Any) -> str:
    """A value as PowerShell converts it to a string (arrays joined with spaces)."""
    if isinstance(value, list):
        return " ".join(to_text(v) for v in value)
    return to_display(value)


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


# ---------------------------------------------------------------------- comparison


def _comparable(left: Any, right: Any) -> tuple[Any, Any]:
    """PowerShell converts the right operand to the left operand's type."""
    if isinstance(left, bool):
        return left, truthy(right)
    if isinstance(left, (int, float)) and not isinstance(left, bool):
        try:
            return left, float(right) if isinstance(right, str) and "." in right else int(right) if isinstance(right, str) else right
        except ValueError:
            return str(left), str(right)
    if isinstance(left, datetime) and isinstance(right, datetime):
        return left, right
    return to_text(left), to_text(right)


def compare(operator: str, left: Any, right: Any, case_sensitive: bool = False) -> Any:
    """PowerShell's comparison operators (about_Comparison_Operators); arrays on the left filter."""
    if isinstance(left, list) and operator not in ("contains", "notcontains"):
        return [item for item in left if bool(compare(operator, item, right, case_sensitive))]
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


# ---------------------------------------------------------------------- arithmetic


def _number(value: Any, operator: str, left: Any, right: Any, span: tuple[int, int]) -> int | float:
    """A numeric operand: numbers as they are, numeric strings converted (invariant culture)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if value is None:
        return 0
    if isinstance(value, str):
        match = _NUMBER_TEXT.fullmatch(value)
        if match:
            sign = -1 if match.group(1) == "-" else 1
            digits = match.group(2)
            if digits.lower().startswith("0x"):
                return sign * int(digits, 16)
            return sign * (float(digits) if any(c in digits for c in ".eE") else int(digits))
    raise _operands(operator, left, right, span)


def _operands(operator: str, left: Any, right: Any, span: tuple[int, int]) -> UnsupportedConstruct:
    return UnsupportedConstruct("ps.construct.operands", *span, operator=operator, left=_describe(left), right=_describe(right))


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value + "'"
    if isinstance(value, list):
        return "@(" + ", ".join(_describe(v) for v in value) + ")"
    return to_text(value) if value is not None else "$null"


def _count(value: Any, operator: str, left: Any, right: Any, span: tuple[int, int]) -> int:
    number = _number(value, operator, left, right, span)
    if isinstance(number, float):
        number = int(round(number))  # .NET rounds a Double to the nearest Int32 (to even)
    if number < 0:
        raise _operands(operator, left, right, span)
    return number


MAX_LENGTH = 100_000
"""The longest array or string ``+`` and ``*`` build here (and the widest ``-f`` alignment). PowerShell sets no such limit; hvlab's
console does, so that a line (or a scenario's set-up script) cannot fill the kernel's memory
with ``(1,2) * 100000000`` or a string doubled a thousand times."""


def _bounded(length: int, operator: str, span: tuple[int, int]) -> None:
    if length > MAX_LENGTH:
        raise UnsupportedConstruct("ps.construct.too_large", *span, operator=operator, limit=f"{MAX_LENGTH:,}")


def arithmetic(operator: str, left: Any, right: Any, span: tuple[int, int] = (0, 0)) -> Any:
    """``+ - * / %`` with PowerShell's rules for the left operand's type (about_Arithmetic_Operators);
    an array or a string longer than :data:`MAX_LENGTH` is refused before it is built."""
    if operator == "+":
        if isinstance(left, list):
            added = right if isinstance(right, list) else [right]
            _bounded(len(left) + len(added), operator, span)
            return left + added
        if isinstance(left, str):
            added_text = to_text(right)
            _bounded(len(left) + len(added_text), operator, span)
            return left + added_text
        if left is None:
            return right
    if operator == "*":
        if isinstance(left, (str, list)):
            count = _count(right, operator, left, right, span)
            _bounded(len(left) * count, operator, span)
            return left * count
    if isinstance(left, (list, dict)) or isinstance(right, (list, dict)):
        raise _operands(operator, left, right, span)
    a = _number(left, operator, left, right, span)
    b = _number(right, operator, left, right, span)
    if operator == "+":
        return a + b
    if operator == "-":
        return a - b
    if operator == "*":
        return a * b
    if b == 0:
        raise _operands(operator, left, right, span)
    if operator == "/":
        quotient = a / b
        return int(quotient) if isinstance(a, int) and isinstance(b, int) and a % b == 0 else quotient
    if operator == "%":
        remainder = math.fmod(a, b)  # .NET's remainder takes the dividend's sign
        return int(remainder) if isinstance(a, int) and isinstance(b, int) else remainder
    raise AssertionError(operator)  # pragma: no cover


def negate(value: Any, span: tuple[int, int] = (0, 0)) -> Any:
    """Unary ``-``."""
    return -_number(value, "-", None, value, span)


# ---------------------------------------------------------------------- strings


def format_operator(template: Any, arguments: Any, span: tuple[int, int] = (0, 0)) -> str:
    """``'{0} has {1}' -f $a, $b``: .NET composite formatting, index and alignment only."""
    values = arguments if isinstance(arguments, list) else [arguments]
    text = to_text(template)

    def item(match: re.Match[str]) -> str:
        whole = match.group(0)
        if whole in ("{{", "}}"):
            return whole[0]
        if match.group(1) is None or match.group(3):
            raise UnsupportedConstruct("ps.construct.format_item", *span, item=whole)
        index = int(match.group(1))
        if index >= len(values):
            raise UnsupportedConstruct("ps.construct.format_item", *span, item=whole)
        shown = to_text(values[index]) if values[index] is not None else ""
        width = int(match.group(2) or 0)
        _bounded(abs(width), "-f", span)
        return shown.rjust(width) if width >= 0 else shown.ljust(-width)

    return _FORMAT_ITEM.sub(item, text)


def join(values: Any, delimiter: Any = "") -> str:
    """``-join`` (about_Join): the items as strings, with the delimiter between them."""
    items = values if isinstance(values, list) else [values]
    return to_text(delimiter).join(to_text(v) if v is not None else "" for v in items)


def split(values: Any, pattern: Any = None, case_sensitive: bool = False) -> list[str]:
    """``-split`` (about_Split): unary on whitespace, binary on a regular expression."""
    items = values if isinstance(values, list) else [values]
    out: list[str] = []
    for item in items:
        text = to_text(item)
        if pattern is None:
            out += text.split()
        else:
            out += re.split(to_text(pattern), text, flags=0 if case_sensitive else re.IGNORECASE)
    return out


def replace(values: Any, arguments: Any, case_sensitive: bool = False) -> Any:
    """``-replace`` (about_Replace): regular expression, then the substitution (``$1``, ``${name}``, ``$$``)."""
    pair = arguments if isinstance(arguments, list) else [arguments]
    pattern = to_text(pair[0])
    substitute = to_text(pair[1]) if len(pair) > 1 else ""
    compiled = re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)

    def expand(match: re.Match[str]) -> str:
        def group(token: re.Match[str]) -> str:
            name = token.group(1) or token.group(2)
            if token.group(0) == "$$":
                return "$"
            if name == "&":
                return match.group(0)
            try:
                return match.group(int(name) if name.isdigit() else name) or ""
            except IndexError:  # no such group: PowerShell leaves the text as typed
                return token.group(0)

        return re.sub(r"\$\{(\w+)\}|\$(\d+|&)|\$\$", group, substitute)

    if isinstance(values, list):
        return [compiled.sub(expand, to_text(v)) for v in values]
    return compiled.sub(expand, to_text(values))
