"""hvlab's own reference: every ruling the simulator follows, its status and its sources.

Why a package of its own: the course, the labs, the PowerShell console and ``python -m hvlab
explain`` all cite rulings (``B18``) and source keys (``USING``); a learner must be able to open
what a ruling says and where it comes from. The structure (ids, statuses, sources, URLs) lives
in ``hvlab/data/reference.json``; each ruling's words live in the catalogs
(``reference.B18.title``, ``reference.B18.text``), in English and Japanese.

A ruling's **status** says how far Microsoft stands behind it: ``documented`` (Microsoft's
documentation says it), ``observed`` (a published third-party observation shows it) or
``assumed`` (hvlab's own ruling where nobody documents it). A ruling that mixes them has one
part per status (B14: behaviour documented, the Saved label assumed); its overall status is the
weakest part's.

    >>> from hvlab.reference import ruling
    >>> r = ruling("B18")  # documented, observed and assumed parts: its status is the weakest
    >>> r.status.value, [s.key for s in r.sources]
    ('assumed', ['USING', 'SAVILL'])

This module is pure Python (no matplotlib, no ipywidgets), so the core may use it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources

from ..catalog import text

__all__ = [
    "Part",
    "Provenance",
    "ProvenanceStatus",
    "ReferenceError",
    "Ruling",
    "Source",
    "Status",
    "anchor",
    "ManagerLabel",
    "configuration_versions",
    "manager_label",
    "provenance_keys",
    "provenance_of",
    "provenance_of_event",
    "provenance_of_line",
    "ruling",
    "ruling_ids",
    "rulings",
    "source",
    "source_keys",
    "supported_versions",
]

RULING_ID = re.compile(r"\b[AB]\d{1,2}\b")
"""How a ruling id looks wherever it is cited (``B18``, ``A11``)."""


class ReferenceError(KeyError, ValueError):
    """An id or key that hvlab's reference has no entry for."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class Status(Enum):
    """How far a ruling (or one part of it) is backed, strongest first."""

    DOCUMENTED = "documented"
    OBSERVED = "observed"
    ASSUMED = "assumed"

    @property
    def label(self) -> str:
        """The status in the learner's language (``observed`` / 「観察」)."""
        return text(f"reference.status.{self.value}")

    @property
    def help(self) -> str:
        """One sentence saying what the status means."""
        return text(f"reference.status_help.{self.value}")


_STRENGTH = {Status.DOCUMENTED: 0, Status.OBSERVED: 1, Status.ASSUMED: 2}


@dataclass(frozen=True)
class Source:
    """One page, book or published output a ruling or a quoted line rests on."""

    key: str
    title: str
    url: str
    publisher: str  # "microsoft" or "third-party"

    @property
    def by_microsoft(self) -> bool:
        return self.publisher == "microsoft"


@dataclass(frozen=True)
class Part:
    """One part of a ruling with its own status (``text`` is empty for a one-part ruling)."""

    status: Status
    sources: tuple[Source, ...]
    text: str


@dataclass(frozen=True)
class Ruling:
    """One entry of the reference, in the language current when it was asked for."""

    id: str
    title: str
    text: str
    status: Status
    sources: tuple[Source, ...]
    parts: tuple[Part, ...]

    @property
    def anchor(self) -> str:
        """The entry's anchor in ``docs/reference.md`` (``b18``)."""
        return anchor(self.id)


def anchor(ruling_id: str) -> str:
    """``"B18"`` → ``"b18"``: the anchor of a ruling in ``docs/reference.md``."""
    return ruling_id.lower()


def _load(name: str) -> dict:
    return json.loads((resources.files("hvlab") / "data" / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _data() -> dict:
    return _load("reference.json")


def source_keys() -> tuple[str, ...]:
    """Every source key the reference knows, in the order of the data file."""
    return tuple(_data()["sources"])


def source(key: str) -> Source:
    """The source ``key`` (``"USING"``, ``"SAVILL"``...) with its readable title and URL."""
    entry = _data()["sources"].get(key)
    if entry is None:
        raise ReferenceError(f"no source {key!r} in hvlab's reference")
    return Source(key=key, title=entry["title"], url=entry["url"], publisher=entry["publisher"])


def ruling_ids() -> tuple[str, ...]:
    """A1–A11 then B1, B2... (the last id is the newest ruling), in reference order."""
    return tuple(entry["id"] for entry in _data()["rulings"])


@lru_cache(maxsize=None)
def _entry(ruling_id: str) -> dict:
    for entry in _data()["rulings"]:
        if entry["id"] == ruling_id:
            return entry
    raise ReferenceError(text("reference.error.unknown", id=ruling_id, last=ruling_ids()[-1]))


def ruling(ruling_id: str) -> Ruling:
    """The ruling ``ruling_id`` (``"B18"``, case-insensitive) in the current language.

    Raises :class:`ReferenceError` (a ``KeyError`` and a ``ValueError``) for an id the
    reference has no entry for.
    """
    from ..catalog import get_language

    return _ruling_in(ruling_id.strip().upper(), get_language())


@lru_cache(maxsize=256)
def _ruling_in(ruling_id: str, language: str) -> Ruling:
    """One ruling in one language: built once (the labs ask for the same titles on every
    redraw), since the reference's data and catalogs do not change while hvlab runs."""
    entry = _entry(ruling_id)
    raw_parts = entry["parts"]
    parts = tuple(
        Part(
            status=Status(p["status"]),
            sources=tuple(source(k) for k in p["sources"]),
            text=text(f"reference.{ruling_id}.part{n}") if len(raw_parts) > 1 else "",
        )
        for n, p in enumerate(raw_parts, 1)
    )
    seen: dict[str, Source] = {}
    for part in parts:
        for s in part.sources:
            seen.setdefault(s.key, s)
    return Ruling(
        id=ruling_id,
        title=text(f"reference.{ruling_id}.title"),
        text=text(f"reference.{ruling_id}.text"),
        status=max((p.status for p in parts), key=_STRENGTH.__getitem__),
        sources=tuple(seen.values()),
        parts=parts,
    )


def rulings() -> tuple[Ruling, ...]:
    """Every entry, A1–A11 then every B ruling, in the current language."""
    return tuple(ruling(i) for i in ruling_ids())


# ---------------------------------------------------------------------- configuration versions (B26)


@lru_cache(maxsize=1)
def configuration_versions() -> dict[str, tuple[str, ...]]:
    """Host Windows version → the VM configuration versions it can create and run (B26).

    Quoted from Microsoft's tables "Supported VM configuration versions for long-term servicing
    hosts" and "... for Semi-Annual Channel hosts" (source ``VMVER``), highest version first:

        >>> configuration_versions()["Windows Server 2016"]
        ('8.0', '7.1', '7.0', '6.2', '5.0')
    """
    data = _load("configuration_versions.json")
    return {row["host"]: tuple(row["supported"]) for row in data["hosts"]}


def supported_versions(host: str) -> tuple[str, ...]:
    """The configuration versions ``host`` supports (B26); a host not in the table is an error."""
    try:
        return configuration_versions()[host]
    except KeyError:
        raise ReferenceError(f"no Hyper-V host {host!r} in Microsoft's configuration version table") from None


# ---------------------------------------------------------------------- provenance of quoted lines


class ProvenanceStatus(Enum):
    """Where a line hvlab shows as Hyper-V's (PowerShell's, VMConnect's, a guest's) comes from."""

    DOCUMENTED = "documented"  # Microsoft's documentation shows the line
    OBSERVED = "observed"  # a third party published the output
    HVLAB = "hvlab"  # hvlab's own sentence: no published source shows it


@dataclass(frozen=True)
class Provenance:
    """The provenance of one catalog message (keyed by its catalog key)."""

    key: str
    status: ProvenanceStatus
    source: Source | None
    excerpt: bool = False

    @property
    def note(self) -> str:
        """The short source note shown under the line, in the learner's language:
        "— Microsoft documentation: <title>", "— observed output, published by a third party:
        <title>" or "— hvlab's wording: ..."."""
        if self.source is None:
            return text("provenance.note.hvlab")
        note = text(f"provenance.note.{self.status.value}", title=self.source.title)
        return f"{note} {text('provenance.note.excerpt')}" if self.excerpt else note

    @property
    def url(self) -> str | None:
        return self.source.url if self.source else None


@lru_cache(maxsize=1)
def _provenance() -> dict[str, dict]:
    return _load("provenance.json")["lines"]


def provenance_keys() -> tuple[str, ...]:
    """Every catalog key that has a provenance entry."""
    return tuple(_provenance())


def provenance_of(key: str) -> Provenance:
    """The provenance of the catalog message ``key`` (``"hyperv.disabled_for"``).

    A stable, tiny API for every place that shows a quoted line: the event log, the labs and
    the PowerShell console ask it by catalog key and show :attr:`Provenance.note`.
    """
    entry = _provenance().get(key)
    if entry is None:
        raise ReferenceError(f"no provenance entry for catalog key {key!r}")
    src = source(entry["source"]) if entry.get("source") else None
    return Provenance(key=key, status=ProvenanceStatus(entry["status"]), source=src, excerpt=bool(entry.get("excerpt")))


@lru_cache(maxsize=1)
def _line_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """One regular expression per provenance key, from its English template ({vm} → any text)."""
    from ..catalog import keys, template  # the English templates, whatever the language

    english = keys("en")
    patterns = []
    for key in _provenance():
        if key not in english:
            continue
        pieces = re.split(r"\{[^{}]*\}", template("en", key))
        patterns.append((re.compile("(?s)" + ".+?".join(re.escape(p) for p in pieces) + r"\Z"), key))
    return tuple(patterns)


def provenance_of_line(line: str) -> Provenance | None:
    """The provenance of a finished line (placeholders filled in), or None when the line is
    hvlab's own narration: lets the console and the event log find the source of a message
    they received as text, without knowing which catalog key made it."""
    for pattern, key in _line_patterns():
        if pattern.match(line):
            return provenance_of(key)
    return None


def provenance_of_event(event: object) -> Provenance | None:
    """The provenance of an event-log line (:class:`hvlab.events.Event`): by the catalog key it
    carries, else by matching its text; None for hvlab's own narration."""
    if not getattr(event, "verbatim", False):
        return None
    key = getattr(event, "provenance", None)
    return provenance_of(key) if key else provenance_of_line(getattr(event, "message", ""))


# ---------------------------------------------------------------------- Hyper-V Manager's labels


@dataclass(frozen=True)
class ManagerLabel:
    """A control named after Hyper-V Manager's own label, in the learner's language.

    Microsoft publishes Hyper-V Manager's labels in English (its pages and screenshots); no
    published Japanese Hyper-V Manager was found, so a Japanese label is hvlab's translation:
    ``confirmed`` is False and the English label goes with it, so a learner can find the
    control on a Japanese host and an English one alike."""

    key: str
    text: str
    english: str
    confirmed: bool


def manager_label(key: str) -> ManagerLabel:
    """The label of catalog key ``key`` (an entry with ``manager_label``), whether its wording
    in the current language is published by Microsoft, and its English original."""
    from ..catalog import get_language, template

    entry = _provenance().get(key)
    if entry is None or not entry.get("manager_label"):
        raise ReferenceError(f"{key!r} is not a Hyper-V Manager label with a provenance entry")
    language = get_language()
    english = template("en", key)
    confirmed = language == "en" or language in entry.get("confirmed_languages", ())
    return ManagerLabel(key=key, text=text(key), english=english, confirmed=confirmed)
