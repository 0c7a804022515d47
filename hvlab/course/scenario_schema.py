"""The scenario file's JSON Schema, built from the registries of actions and conditions.

The published schema ``hvlab/data/scenario.schema.json`` is this module's output
(``python -m hvlab scenario schema > hvlab/data/scenario.schema.json``; a test checks it is
current), so a new action or condition is one registry entry and the schema follows. Each step
and each condition is checked against its own parameters through ``if``/``then``, so
``jsonschema`` names the very key that is wrong rather than "not valid under any schema".
Sizes are bounded everywhere (strings, lists, tables): an oversized file is refused whole.
"""

from __future__ import annotations

import json
from typing import Any

from .scenario_actions import ACTIONS, HOSTS, MAX_TEXT, VARIABLE, Param, vm_spec_params
from .scenario_conditions import CONDITIONS

__all__ = ["IDENTIFIER", "MAX_SCRIPT", "cases", "schema", "schema_text"]

IDENTIFIER = "^[a-z_][a-z0-9_]{0,31}$"
MAX_SCRIPT = 20000
LOCKS = ("why_checklist", "kind_column", "file_names")
"""What a trainer may hide from the learner: the "why" checklist, the kind column, file names."""


def _words(max_length: int = MAX_TEXT) -> dict[str, Any]:
    text = {"type": "string", "minLength": 1, "maxLength": max_length}
    return {"type": "object", "required": ["en", "ja"], "additionalProperties": False, "properties": {"en": text, "ja": text}}


def _object(params: dict[str, Param], fixed: dict[str, Any]) -> dict[str, Any]:
    properties = {**fixed, **{name: p.schema() for name, p in params.items()}}
    required = [name for name, p in params.items() if p.required]
    return {"properties": properties, "required": required, "additionalProperties": False}


def _dispatch(tag: str, entries: dict[str, dict[str, Param]], common: dict[str, Any], fast: bool) -> dict[str, Any]:
    """An object whose ``tag`` picks which parameters it may have (one ``if``/``then`` each).
    ``fast``: the tag alone; :func:`cases` then gives each tag's own schema to check it with."""
    skeleton = {"type": "object", "required": [tag], "properties": {tag: {"enum": list(entries)}}}
    if fast:
        return skeleton
    return skeleton | {"allOf": [{"if": {"properties": {tag: {"const": name}}, "required": [tag]}, "then": then}
                                 for name, then in _cases(tag, entries, common).items()]}


def _cases(tag: str, entries: dict[str, dict[str, Param]], common: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: _object(params, {tag: {"const": name}, **common}) for name, params in entries.items()}


def _step_params() -> dict[str, dict[str, Param]]:
    return {name: a.params for name, a in ACTIONS.items()} | {"powershell": {"script": Param("string", True)}}


STEP_COMMON = {"vm": {"type": "string", "maxLength": 100}}


def _condition_common() -> dict[str, Any]:
    return {"key": {"type": "string", "pattern": IDENTIFIER}, "text": _words(), "feedback": _words()}


def cases() -> dict[str, dict[str, dict[str, Any]]]:
    """Each step's schema by its ``do``, each condition's by its ``check``: the ``then`` of the
    published schema's ``if``/``then``, checked directly (one schema per item, not one ``if``
    per kind: the loader's fast path, the same verdicts; a test compares them)."""
    return {"do": _cases("do", _step_params(), STEP_COMMON),
            "check": _cases("check", {name: c.params for name, c in CONDITIONS.items()}, _condition_common())}


def schema(fast: bool = False) -> dict[str, Any]:
    """The published schema; ``fast``: steps and conditions checked for their tag only."""
    scalar = {"type": ["string", "number", "integer", "boolean"], "maxLength": 200}
    steps = {"type": "array", "maxItems": 200, "items": {"$ref": "#/$defs/step"}}
    script = {"type": "string", "maxLength": MAX_SCRIPT}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/hvlab/hvlab/blob/main/hvlab/data/scenario.schema.json",
        "title": "hvlab scenario",
        "description": "A Hyper-V checkpoint scenario for hvlab: its lab, goal conditions, hints and solution, as data.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "version", "id", "title", "briefing", "debrief", "goal", "hints", "solution"],
        "properties": {
            "format": {"const": "hvlab-scenario"},
            "version": {"const": 1},
            "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"},
            "order": {"type": "integer", "minimum": 0, "maximum": 10000},
            "rules": {"type": "array", "maxItems": 40, "items": {"type": "string", "pattern": "^[AB][0-9]{1,2}$"}},
            "title": _words(200),
            "briefing": _words(),
            "debrief": _words(),
            "variables": {"type": "object", "maxProperties": 16, "propertyNames": {"pattern": IDENTIFIER},
                          "additionalProperties": {"$ref": "#/$defs/variable_spec"}},
            "locks": {"type": "object", "additionalProperties": False, "properties": {k: {"type": "boolean"} for k in LOCKS}},
            "lab": {"type": "object", "additionalProperties": False, "properties": {
                "seed": {"type": "integer", "minimum": 0, "maximum": 2**31},
                "host": {"enum": list(HOSTS)},
                "vm": {"type": "string", "maxLength": 100},
                "vms": {"type": "array", "maxItems": 8, "items": {"$ref": "#/$defs/vm"}},
                "steps": steps,
                "powershell": script,
            }},
            "goal": {"type": "array", "minItems": 1, "maxItems": 32, "items": {"$ref": "#/$defs/condition"}},
            "hints": {"type": "array", "maxItems": 10, "items": _words()},
            "solution": {"type": "object", "additionalProperties": False, "required": ["text"],
                         "properties": {"text": _words(), "steps": steps, "powershell": script}},
        },
        "$defs": {
            "variable": VARIABLE,
            "variable_spec": {"type": "object", "additionalProperties": False, "required": ["choices"], "properties": {
                "choices": {"type": "array", "minItems": 1, "maxItems": 64, "items": {"anyOf": [
                    scalar,
                    {"type": "object", "maxProperties": 16, "propertyNames": {"pattern": IDENTIFIER}, "additionalProperties": scalar},
                ]}},
            }},
            "vm": {"type": "object", **_object(vm_spec_params(), {})},
            "step": _dispatch("do", _step_params(), STEP_COMMON, fast),
            "condition": _dispatch("check", {name: c.params for name, c in CONDITIONS.items()}, _condition_common(), fast)
            | {"required": ["check", "key", "text"]},
        },
    }


def schema_text() -> str:
    """The schema as the published file holds it."""
    return json.dumps(schema(), indent=1, ensure_ascii=False) + "\n"
