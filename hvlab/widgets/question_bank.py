"""The self-check question bank: loading, validating against its JSON schema, choosing by topic.

The bank is data (``hvlab/data/questions.json``; in Japanese ``questions.ja.json``, with the same
ids, options and answers, chosen by the language in use) so a trainer can add questions without
touching code; its shape is fixed by ``hvlab/data/questions.schema.json``. hvlab validates with
the small validator below rather than a dependency: it understands exactly the schema keywords the
bank's schema uses (and says so for any other), which keeps ``pip install hvlab`` light.

This module imports neither ipywidgets nor matplotlib.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from hvlab.catalog import DEFAULT_LANGUAGE, get_language

__all__ = [
    "Option",
    "Question",
    "QuestionBankError",
    "TOPICS",
    "bank_file",
    "load_bank",
    "load_schema",
    "questions",
    "validate",
    "validate_bank",
]

TOPICS = ("01", "02", "03", "04", "05", "06", "07", "08")
"""Notebook topics with self-checks (issue 4: 01–08)."""

_SUPPORTED = {
    "$schema", "$id", "$defs", "$ref", "title", "description", "type", "required", "properties",
    "additionalProperties", "items", "enum", "const", "pattern", "minLength", "maxLength",
    "minItems", "maxItems", "minimum", "maximum",
}
_TYPES = {
    "object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
}


class QuestionBankError(ValueError):
    """The question bank does not match its schema or the bank's own rules."""


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class Question:
    """One predict-then-reveal question, tied to the reference points it tests."""

    id: str
    topic: str
    rules: tuple[str, ...]
    prompt: str
    options: tuple[Option, ...]
    scenario: str = ""
    assumed: bool = False

    @property
    def correct_option(self) -> Option:
        return next(o for o in self.options if o.correct)

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)


# ---------------------------------------------------------------------- validation
def validate(instance: Any, schema: dict, root: dict | None = None, path: str = "$") -> list[str]:
    """Every way ``instance`` breaks ``schema``, as ``"path: problem"`` lines (empty = valid)."""
    root = schema if root is None else root
    unknown = set(schema) - _SUPPORTED
    if unknown:
        return [f"{path}: schema keyword(s) {sorted(unknown)} not supported by hvlab's validator"]
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            return [f"{path}: only local $ref is supported, not {ref!r}"]
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        return validate(instance, target, root, path)
    errors: list[str] = []
    expected = schema.get("type")
    if expected is not None:
        if expected == "integer":
            ok = isinstance(instance, int) and not isinstance(instance, bool)
        elif expected == "number":
            ok = isinstance(instance, (int, float)) and not isinstance(instance, bool)
        else:
            ok = isinstance(instance, _TYPES[expected]) and not (expected != "boolean" and isinstance(instance, bool))
        if not ok:
            return [f"{path}: expected {expected}, got {type(instance).__name__}"]
    if "const" in schema and instance != schema["const"]:
        errors.append(f"{path}: must be {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{path}: {instance!r} is not one of {schema['enum']}")
    if isinstance(instance, str):
        if "pattern" in schema and re.search(schema["pattern"], instance) is None:
            errors.append(f"{path}: {instance!r} does not match {schema['pattern']!r}")
        if len(instance) < schema.get("minLength", 0):
            errors.append(f"{path}: shorter than {schema['minLength']} characters")
        if "maxLength" in schema and len(instance) > schema["maxLength"]:
            errors.append(f"{path}: longer than {schema['maxLength']} characters")
    if isinstance(instance, (int, float)) and not isinstance(instance, bool):
        if "minimum" in schema and instance < schema["minimum"]:
            errors.append(f"{path}: less than {schema['minimum']}")
        if "maximum" in schema and instance > schema["maximum"]:
            errors.append(f"{path}: more than {schema['maximum']}")
    if isinstance(instance, list):
        if len(instance) < schema.get("minItems", 0):
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(instance) > schema["maxItems"]:
            errors.append(f"{path}: more than {schema['maxItems']} items")
        if "items" in schema:
            for index, item in enumerate(instance):
                errors += validate(item, schema["items"], root, f"{path}[{index}]")
    if isinstance(instance, dict):
        for key in schema.get("required", []):
            if key not in instance:
                errors.append(f"{path}: missing required {key!r}")
        properties = schema.get("properties", {})
        for key, value in instance.items():
            if key in properties:
                errors += validate(value, properties[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties", True) is False:
                errors.append(f"{path}: unexpected property {key!r}")
    return errors


def validate_bank(bank: Any, schema: dict | None = None) -> list[str]:
    """Schema errors plus the bank's own rules: unique question ids, option ids unique per
    question, exactly one correct option, the id's prefix equal to the topic."""
    errors = validate(bank, schema if schema is not None else load_schema())
    if errors:
        return errors
    seen: set[str] = set()
    for index, question in enumerate(bank["questions"]):
        where = f"$.questions[{index}] ({question['id']})"
        if question["id"] in seen:
            errors.append(f"{where}: duplicate id")
        seen.add(question["id"])
        if not question["id"].startswith(question["topic"] + "-"):
            errors.append(f"{where}: id must start with its topic {question['topic']}-")
        ids = [o["id"] for o in question["options"]]
        if len(set(ids)) != len(ids):
            errors.append(f"{where}: duplicate option ids")
        if sum(1 for o in question["options"] if o["correct"]) != 1:
            errors.append(f"{where}: needs exactly one correct option")
    return errors


# ---------------------------------------------------------------------- loading
def _data_text(name: str) -> str:
    return (resources.files("hvlab") / "data" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def load_schema() -> dict:
    return json.loads(_data_text("questions.schema.json"))


def bank_file(language: str | None = None) -> str:
    """The bank's file for ``language`` (default: the language in use): ``questions.<code>.json``
    where that translation exists, else the English ``questions.json``."""
    language = language or get_language()
    name = f"questions.{language}.json"
    if language != DEFAULT_LANGUAGE and (resources.files("hvlab") / "data" / name).is_file():
        return name
    return "questions.json"


def load_bank(language: str | None = None) -> tuple[Question, ...]:
    """Every question in ``language`` (default: the language in use), validated; a broken bank
    raises :class:`QuestionBankError`."""
    return _load_bank_file(bank_file(language))


@lru_cache(maxsize=None)
def _load_bank_file(name: str) -> tuple[Question, ...]:
    bank = json.loads(_data_text(name))
    errors = validate_bank(bank)
    if errors:
        raise QuestionBankError(f"{name} is invalid:\n" + "\n".join(errors))
    return tuple(
        Question(
            id=q["id"], topic=q["topic"], rules=tuple(q["rules"]), prompt=q["prompt"],
            options=tuple(Option(o["id"], o["text"], o["correct"], o["explanation"]) for o in q["options"]),
            scenario=q.get("scenario", ""), assumed=bool(q.get("assumed", False)),
        )
        for q in bank["questions"]
    )


def questions(topic: str) -> tuple[Question, ...]:
    """The questions of one notebook topic ("01".."08"), in bank order."""
    topic = f"{int(topic):02d}" if str(topic).isdigit() else str(topic)
    if topic not in TOPICS:
        raise KeyError(f"no self-check topic {topic!r}; topics are {', '.join(TOPICS)}")
    return tuple(q for q in load_bank() if q.topic == topic)
