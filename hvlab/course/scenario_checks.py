"""The rules of a scenario file that its JSON Schema cannot say, checked before any lab exists.

Cited rulings exist in hvlab's reference; goal condition keys are unique; every ``{variable}``
is declared (and a table variable's key is one of its choices' keys); every choice, put in its
place, still matches the schema; every PowerShell script parses and names only cmdlets hvlab's
console has (``Get-Command`` lists them); the lab has a VM to look at. Each failure is a
:class:`~hvlab.course.scenario.ScenarioError` naming the file and the place.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterator

from hvlab.catalog import text

from .scenario_variables import PLACEHOLDER, place, strings, substitute

__all__ = ["ScenarioError", "check_references", "script_commands"]


class ScenarioError(ValueError):
    """A scenario file that cannot be used: ``file``, ``place`` (a line or a key path) and
    ``message`` (what is wrong)."""

    def __init__(self, file: str, place: str, message: str):
        self.file, self.place, self.message = file, place, message
        super().__init__(f"{file}: {place}: {message}")


def _error(file: str, where: str, message: str) -> ScenarioError:
    return ScenarioError(file, where, message)


def _place(path: list[Any]) -> str:
    return place(path, text("scenario.place.whole"))


def script_commands(node: Any) -> Iterator[Any]:
    """Every command of a parsed PowerShell script (in pipelines, sub-expressions, blocks)."""
    from hvlab.powershell.syntax import Command

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Command):
            yield item
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
        elif isinstance(item, tuple):
            stack.extend(item)


def _check_script(file: str, script: str, where: str) -> None:
    from hvlab.powershell import ALIASES, SPECS, ParseError, parse
    from hvlab.powershell.errors import UnsupportedConstruct

    try:
        tree = parse(script)
    except ParseError as error:
        line = script[: error.position].count("\n") + 1
        raise _error(file, text("scenario.place.script_line", place=where, line=line),
                     text("scenario.error.ps_parse", detail=text(error.message_key, **error.values))) from None
    except UnsupportedConstruct as error:  # hvlab's console would not run it (a program, a range...)
        line = script[: error.start].count("\n") + 1
        raise _error(file, text("scenario.place.script_line", place=where, line=line),
                     text(error.frame, construct=text(error.key, **error.values))) from None
    except RecursionError:
        raise _error(file, where, text("scenario.error.too_deep")) from None
    for command in sorted(script_commands(tree), key=lambda c: c.start):
        if command.name.casefold() not in SPECS and command.name.casefold() not in ALIASES:
            line = script[: command.start].count("\n") + 1
            raise _error(file, text("scenario.place.script_line", place=where, line=line),
                         text("scenario.error.ps_unknown", name=command.name))


def _scripts(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for where in ("lab", "solution"):
        section = data.get(where, {})
        for index, step in enumerate(section.get("steps", ())):
            if step["do"] == "powershell":
                yield step["script"], f"{where}.steps[{index}]"
        if section.get("powershell"):
            yield section["powershell"], f"{where}.powershell"


def _check_variables(file: str, data: dict[str, Any]) -> None:
    variables = data.get("variables", {})
    for name, spec in variables.items():
        tables = [isinstance(c, dict) for c in spec["choices"]]
        keys = {tuple(sorted(c)) for c in spec["choices"] if isinstance(c, dict)}
        if (any(tables) and not all(tables)) or len(keys) > 1:
            raise _error(file, f"variables.{name}.choices", text("scenario.error.choice_keys", name=name))
    for value, path in strings({k: v for k, v in data.items() if k != "variables"}, []):
        for match in PLACEHOLDER.finditer(value):
            name, key = match.group(1), match.group(2)
            if name not in variables:
                raise _error(file, _place(path), text("scenario.error.unknown_variable", name=match.group(0),
                                                      names=", ".join(variables) or "-"))
            first = variables[name]["choices"][0]
            if (key is None) != (not isinstance(first, dict)) or (key is not None and key not in first):
                raise _error(file, _place(path), text("scenario.error.variable_key", name=match.group(0)))


def check_references(file: str, data: dict[str, Any], check_schema: Callable[[str, Any], None]) -> None:
    """Raise the first rule the schema cannot say that ``data`` breaks."""
    from hvlab.reference import ReferenceError, ruling

    for index, rule in enumerate(data.get("rules", ())):
        try:
            ruling(rule)
        except ReferenceError:
            raise _error(file, f"rules[{index}]", text("scenario.error.unknown_rule", id=rule)) from None
    seen: set[str] = set()
    for index, condition in enumerate(data["goal"]):
        if condition["key"] in seen:
            raise _error(file, f"goal[{index}].key", text("scenario.error.duplicate_key", key=condition["key"]))
        seen.add(condition["key"])
    _check_variables(file, data)
    variables = data.get("variables", {})
    for index in range(max((len(v["choices"]) for v in variables.values()), default=1)):
        values = {k: v["choices"][index % len(v["choices"])] for k, v in variables.items()}
        variant = substitute(data, values) if variables else data
        try:
            if variables:  # the file itself passed the schema already
                check_schema(file, variant)
            for script, where in _scripts(variant):
                _check_script(file, script, where)
        except ScenarioError as error:
            if not variables:
                raise
            raise _error(file, error.place, text("scenario.error.with_choice", detail=error.message, index=index + 1)) from None
    lab = data.get("lab", {})
    if not lab.get("vms") and not any(where.startswith("lab") for _, where in _scripts(data)):
        raise _error(file, "lab", text("scenario.error.no_vm", vm=lab.get("vm", "-")))
