"""The self-check question bank: loading, validating against its JSON schema, choosing by topic.

The bank is data (``hvlab/data/questions.json``; in Japanese ``questions.ja.json``, with the same
ids, options and answers, chosen by the language in use) so a trainer can add questions without
touching code. Its shape is fixed by ``hvlab/data/questions.schema.json`` and checked with
``jsonschema`` (the reference implementation of JSON Schema); the few rules a schema cannot say
(unique ids, exactly one correct option) are checked here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from hvlab.catalog import DEFAULT_LANGUAGE, get_language

if TYPE_CHECKING:  # pragma: no cover
    import jsonschema  # imported where a bank is checked: with its format checkers it weighs ~20 MiB in a kernel

__all__ = [
    "Option",
    "Question",
    "QuestionBankError",
    "TOPICS",
    "bank_file",
    "load_bank",
    "load_schema",
    "questions",
    "validate_bank",
]

TOPICS = ("01", "02", "03", "04", "05", "06", "07", "08", "09")
"""The notebooks that end with a self-check."""


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


def _where(error: jsonschema.ValidationError) -> str:
    """``$.questions[0].options[1]``: where in the bank a schema error is."""
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)


def validate_bank(bank: Any, schema: dict | None = None) -> list[str]:
    """Every way ``bank`` breaks the schema (``"path: message"``, in document order), or, once the
    schema holds, the bank's own rules: unique question ids, option ids unique per question,
    exactly one correct option, the id's prefix equal to the topic. Empty means valid."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema if schema is not None else load_schema())
    errors = sorted(validator.iter_errors(bank), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        return [f"{_where(e)}: {e.message}" for e in errors]
    problems: list[str] = []
    seen: set[str] = set()
    for index, question in enumerate(bank["questions"]):
        where = f"$.questions[{index}] ({question['id']})"
        if question["id"] in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(question["id"])
        if not question["id"].startswith(question["topic"] + "-"):
            problems.append(f"{where}: id must start with its topic {question['topic']}-")
        ids = [o["id"] for o in question["options"]]
        if len(set(ids)) != len(ids):
            problems.append(f"{where}: duplicate option ids")
        if sum(1 for o in question["options"] if o["correct"]) != 1:
            problems.append(f"{where}: needs exactly one correct option")
    return problems


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
