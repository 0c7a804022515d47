"""A scenario's variables: ``{name}`` in any string of the file, drawn per learner from a seed.

Like Packet Tracer's Variable Manager, a trainer lists the choices (``[variables.vm] choices =
["db01", "db02"]``, or tables of related values used as ``{pick.good}``) and every learner's
seed draws one of each; a string that is only ``{name}`` takes the chosen value with its type (a
size stays a number). Substitution is text replacement of declared names, never evaluation.
"""

from __future__ import annotations

import random
import re
from typing import Any, Iterator

__all__ = ["PLACEHOLDER", "draw", "place", "strings", "substitute"]

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]{0,31})(?:\.([a-z_][a-z0-9_]{0,31}))?\}")
WHOLE = re.compile(r"^\{[a-z_][a-z0-9_]{0,31}(?:\.[a-z_][a-z0-9_]{0,31})?\}$")


def draw(scenario_id: str, seed: int, variables: dict[str, tuple[Any, ...]]) -> dict[str, Any]:
    """The variables' values for ``seed``: the same on every machine (a string seed, hashed
    with SHA-512 by :class:`random.Random`), one draw per variable in the file's order."""
    rng = random.Random(f"{scenario_id}:{seed}")
    return {name: rng.choice(choices) for name, choices in variables.items()}


def substitute(value: Any, values: dict[str, Any]) -> Any:
    """``value`` with every declared ``{name}`` replaced (a new structure; ``value`` is kept)."""
    if isinstance(value, dict):
        return {k: substitute(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, values) for v in value]
    if not isinstance(value, str):
        return value

    def pick(match: re.Match[str]) -> Any:
        if match.group(1) not in values:
            return match.group(0)
        chosen = values[match.group(1)]
        return chosen[match.group(2)] if match.group(2) else chosen

    if WHOLE.match(value):
        return pick(PLACEHOLDER.match(value))  # type: ignore[arg-type]
    return PLACEHOLDER.sub(lambda m: str(pick(m)), value)


def strings(value: Any, path: list[Any]) -> Iterator[tuple[str, list[Any]]]:
    """Every string in ``value`` with its key path."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, [*path, k])
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, [*path, i])
    elif isinstance(value, str):
        yield value, path


def place(path: Iterator[Any] | list[Any], whole: str) -> str:
    """A key path as a trainer reads it: ``goal[1].kind``; ``whole`` for the file itself."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or whole
