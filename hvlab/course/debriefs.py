"""The review's scenario debriefs: a prediction to choose, then the answer and its reasoning.

A trainer gives the scenarios' answers to the room (``docs/trainer-guide.md``); a learner working
alone cannot reach that guide from the notebooks, so the same answers are data here
(``hvlab/data/debriefs.json``; in Japanese ``debriefs.ja.json``, with the same ids, options and
answers), shown by :class:`hvlab.widgets.Debrief` once a prediction is chosen. The shape is fixed
by ``debriefs.schema.json`` and checked with ``jsonschema``; the rules a schema cannot say
(unique ids, the answer one of the options) are checked here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from hvlab.catalog import DEFAULT_LANGUAGE, get_language

__all__ = ["Debrief", "DebriefError", "debrief", "load_debriefs"]


class DebriefError(ValueError):
    """The debriefs do not match their schema or their own rules."""


@dataclass(frozen=True)
class Debrief:
    """One scenario: the predictions offered, the right one, and what to read after choosing."""

    id: str
    rules: tuple[str, ...]
    options: tuple[tuple[str, str], ...]
    answer: str
    text: str

    @property
    def topic(self) -> str:
        return self.id.split("-", 1)[0]


def _read(name: str) -> dict:
    return json.loads((resources.files("hvlab") / "data" / name).read_text(encoding="utf-8"))


def _file(language: str) -> str:
    name = f"debriefs.{language}.json"
    if language != DEFAULT_LANGUAGE and (resources.files("hvlab") / "data" / name).is_file():
        return name
    return "debriefs.json"


@lru_cache(maxsize=None)
def _load(name: str) -> tuple[Debrief, ...]:
    import jsonschema  # here, not at import: with its format checkers it weighs ~20 MiB in a kernel

    data = _read(name)
    errors = sorted(jsonschema.Draft202012Validator(_read("debriefs.schema.json")).iter_errors(data), key=str)
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    if not problems:
        ids = [s["id"] for s in data["scenarios"]]
        problems += [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
        problems += [f"{s['id']}: answer {s['answer']} is not an option" for s in data["scenarios"]
                     if s["answer"] not in {o["id"] for o in s["options"]}]
    if problems:
        raise DebriefError(f"{name} is invalid:\n" + "\n".join(problems))
    return tuple(Debrief(s["id"], tuple(s["rules"]), tuple((o["id"], o["text"]) for o in s["options"]), s["answer"], s["debrief"])
                 for s in data["scenarios"])


def load_debriefs(language: str | None = None) -> tuple[Debrief, ...]:
    """Every scenario debrief in ``language`` (default: the language in use)."""
    return _load(_file(language or get_language()))


def debrief(scenario_id: str, language: str | None = None) -> Debrief:
    for item in load_debriefs(language):
        if item.id == scenario_id:
            return item
    raise KeyError(f"no scenario debrief {scenario_id!r}")
