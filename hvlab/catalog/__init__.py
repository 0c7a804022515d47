"""Message catalogs: every learner-facing string hvlab shows, one catalog per language.

Why a catalog: the same lab is taught in English and Japanese, and Hyper-V's own message
strings must be quoted verbatim (each line's provenance: hvlab/data/provenance.json), so no learner-facing text lives in
code. Each language is a folder of JSON files (``en/core.json``, ``en/diagrams.json``...);
the files of one language are merged and a key defined twice is an error, so several
parts of hvlab can own their own file without stepping on each other.

Keys are dotted (``rule.B4.pass``); values are ``str.format`` templates.
"""

from __future__ import annotations

import json
import os
import string
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from typing import Iterator

__all__ = [
    "DEFAULT_LANGUAGE",
    "available_languages",
    "get_language",
    "keys",
    "placeholders",
    "template",
    "set_language",
    "text",
]

DEFAULT_LANGUAGE = "en"
_current: str | None = None


class CatalogError(KeyError, ValueError):
    """A catalog key is missing, a catalog file is malformed, or a language is unknown."""

    def __str__(self) -> str:  # a KeyError would show its message in quotes
        return str(self.args[0]) if self.args else ""


@lru_cache(maxsize=1)
def available_languages() -> tuple[str, ...]:
    """Languages that have a catalog folder, e.g. ``("en", "ja")``."""
    root = resources.files(__name__)
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")))


@lru_cache(maxsize=None)
def _load(language: str) -> dict[str, str]:
    root = resources.files(__name__) / language
    if not root.is_dir():
        raise CatalogError(f"no message catalog for language {language!r}")
    merged: dict[str, str] = {}
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        for key, value in data.items():
            if key in merged:
                raise CatalogError(f"catalog key {key!r} defined twice ({language}/{entry.name})")
            if not isinstance(value, str):
                raise CatalogError(f"catalog key {key!r} is not a string ({language}/{entry.name})")
            merged[key] = value
    return merged


_LANGUAGE_VARIABLES = ("HVLAB_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
_RAW_ENVIRONMENT = getattr(os.environ, "_data", None) if os.name == "posix" else None
_RAW_NAMES = tuple(name.encode() for name in _LANGUAGE_VARIABLES)


def _environment_values() -> tuple[object, ...]:
    """The four variables' current values, read cheaply: a diagram asks for the language a
    thousand times per click, and ``os.environ.get`` costs a microsecond or more each time
    (it encodes the name and decodes the value). On POSIX, ``os.environ`` keeps its bytes in
    ``_data``, which every ``os.environ[...] = ...`` (and ``monkeypatch.setenv``) updates."""
    if _RAW_ENVIRONMENT is not None:
        return tuple(map(_RAW_ENVIRONMENT.get, _RAW_NAMES))
    return tuple(map(os.environ.get, _LANGUAGE_VARIABLES))  # pragma: no cover - Windows


@lru_cache(maxsize=8)
def _language_for(values: tuple[object, ...]) -> str:
    for var, raw in zip(_LANGUAGE_VARIABLES, values):
        value = raw.decode(errors="replace") if isinstance(raw, bytes) else (raw or "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            if code in available_languages():
                return code
            if var == "HVLAB_LANG":
                break
    return DEFAULT_LANGUAGE


def _language_from_environment() -> str:
    return _language_for(_environment_values())


def get_language() -> str:
    """The language in use: set by :func:`set_language`, else from the environment.

    The environment is read in this order: ``HVLAB_LANG`` (hvlab's own switch, e.g.
    ``HVLAB_LANG=ja``), then ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (``ja_JP.UTF-8`` → ``ja``);
    a value naming a language hvlab has no catalog for is skipped, and English is the default.
    """
    return _held if _held is not None else _unheld()


def _unheld() -> str:
    return _current if _current is not None else _language_from_environment()


_held: str | None = None


@contextmanager
def language_held() -> Iterator[str]:
    """Within this block the language is read once: a lab's redraw asks for it some 1,500
    times at 50 checkpoints (every label, every measurement), and reading the environment each
    time cost several milliseconds a click. :func:`set_language` inside the block still takes
    effect at once. Yields the language."""
    global _held
    outer = _held
    _held = get_language()
    try:
        yield _held
    finally:
        _held = None if outer is None else _unheld()  # an outer block goes on with the language now


def set_language(language: str) -> None:
    """Switch every later message to ``language``: ``"en"`` (English) or ``"ja"`` (Japanese).

        >>> import hvlab
        >>> hvlab.set_language("ja")
        >>> hvlab.text("widget.undo")
        '元に戻す'
        >>> hvlab.set_language("en")

    What follows the switch: every message made afterwards (results, refusals, previews),
    every widget created afterwards, and every diagram drawn afterwards, including the next
    redraw of a widget that already exists (diagrams are cached per language and drawn with
    that language's font). What keeps its language: the buttons and labels of a widget built
    before the switch (create it again, or re-run its cell) and event-log lines already written.
    Hyper-V's and the guest's own message strings and PowerShell's error text stay English in
    every language: they are quoted verbatim from an English host (each line's provenance: hvlab/data/provenance.json).

    Without a call, the language follows the environment (see :func:`get_language`).
    Raises :class:`CatalogError` (a ``KeyError`` and a ``ValueError``) for a language hvlab
    has no catalog for.
    """
    global _current, _held
    if language not in available_languages():
        raise CatalogError(
            f"hvlab has no messages in language {language!r}; "
            f"choose one of: {', '.join(repr(code) for code in available_languages())}"
        )
    _current = language
    if _held is not None:
        _held = language


def keys(language: str = DEFAULT_LANGUAGE) -> frozenset[str]:
    """All keys of one language's catalog (tests compare languages with it)."""
    return frozenset(_load(language))


def placeholders(language: str, key: str) -> frozenset[str]:
    """The ``{name}`` placeholders one message uses."""
    return frozenset(f for _, f, _, _ in string.Formatter().parse(_load(language)[key]) if f)


def template(language: str, key: str) -> str:
    """The raw template of ``key`` in ``language`` (placeholders unfilled), e.g. the English
    original of a translated Hyper-V Manager label; a missing key is a :class:`CatalogError`."""
    value = _load(language).get(key)
    if value is None:
        raise CatalogError(f"no message {key!r} in the {language!r} catalog")
    return value


def text(key: str, /, **values: object) -> str:
    """The message ``key`` in the current language, with ``values`` filled in.

    Falls back to English for a key a newer catalog lacks, so a half-translated catalog
    never breaks a lab; a key missing everywhere is a programming error.
    """
    language = get_language()
    catalog = _load(language)
    template = catalog.get(key)
    if template is None and language != DEFAULT_LANGUAGE:
        template = _load(DEFAULT_LANGUAGE).get(key)
    if template is None:
        raise CatalogError(f"no message {key!r} in the {language!r} catalog")
    return template.format(**values) if values else template
