"""Citations a learner can read: ``(B18)`` and ``(USING)`` made into what they stand for.

hvlab's messages cite the rulings they follow and the sources they quote the way the
reference does, by id (``(B18)``, ``(B6, VMVER)``, ``[B20]``). An id alone tells a learner
nothing, so every place that shows a message to a learner renders its citations first:

* in plain text (``str(preview)``, ``str(result)``, the decision table), ``(B18)`` becomes
  ``(rule B18: Deleting a checkpoint: deleted, merged or kept)`` and a source key becomes the
  source's readable title; :func:`open_hint` then says once how to open the entries
  (``python -m hvlab explain B18``);
* in HTML (the labs, the self-checks, the challenges), each cited rule shows its title and
  folds out its entry (:func:`rule_details_html`: text, status, sources as links).

Only a bracketed group made of nothing but ids and source keys is a citation: a sentence that
mentions ``KB875495`` by name stays as written. Pure Python (no matplotlib, no ipywidgets).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..catalog import get_language, text

__all__ = [
    "Citation",
    "assumption_line",
    "assumption_rule",
    "assumptions_html",
    "citation_pattern",
    "cite_html",
    "cite_text",
    "cited_rules",
    "open_hint",
    "rule_details_html",
    "rule_summary_html",
    "rules_html",
    "source_key_pattern",
]

_ID = r"[AB][1-9][0-9]?"
_DASH = "[–-]"


@lru_cache(maxsize=1)
def _source_keys() -> frozenset[str]:
    from . import source_keys

    return frozenset(source_keys())


@lru_cache(maxsize=1)
def _group() -> re.Pattern[str]:
    keys = "|".join(sorted((re.escape(k) for k in _source_keys()), key=len, reverse=True))
    token = rf"(?:{_ID}(?:{_DASH}{_ID})?|{keys})"
    sep = r"(?:,\s*|;\s*|、)"
    return re.compile(rf"(?P<open>[(\[（])(?P<body>{token}(?:{sep}{token})*)(?P<close>[)\]）])")


def citation_pattern() -> re.Pattern[str]:
    """The pattern of one citation group (``(B6, VMVER)``, ``[B20]``, ``(USING)``): groups
    ``open``, ``body`` and ``close`` (the notebooks' build links what it finds)."""
    return _group()


def source_key_pattern() -> re.Pattern[str]:
    """A source key of the reference as a whole word (``USING``, ``IS-REF``)."""
    keys = "|".join(sorted((re.escape(k) for k in _source_keys()), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({keys})(?![\w-])")


_TOKEN = re.compile(rf"({_ID}){_DASH}({_ID})|({_ID})|([A-Z0-9][A-Z0-9-]*)")


@dataclass(frozen=True)
class Citation:
    """One cited item: a rule (``rule``), a range of rules (``rule`` to ``last``) or a source."""

    rule: str | None = None
    last: str | None = None
    source: str | None = None


def _parse(body: str) -> tuple[Citation, ...]:
    out = []
    for m in _TOKEN.finditer(body):
        first, last, single, key = m.groups()
        if first:
            out.append(Citation(rule=first, last=last))
        elif single:
            out.append(Citation(rule=single))
        elif key in _source_keys():
            out.append(Citation(source=key))
    return tuple(out)


def _known(rule_id: str) -> bool:
    from . import ruling_ids

    return rule_id in ruling_ids()


def cited_rules(*messages: str) -> tuple[str, ...]:
    """The rule ids the messages cite (ranges give both ends), each once, in order of appearance."""
    seen: dict[str, None] = {}
    for message in messages:
        for m in _group().finditer(message or ""):
            for c in _parse(m.group("body")):
                for rule_id in (c.rule, c.last):
                    if rule_id and _known(rule_id):
                        seen.setdefault(rule_id)
    return tuple(seen)


def _plain_item(c: Citation, seen: set[str] | None) -> str:
    from . import ruling, source

    if c.source:
        return source(c.source).title
    if c.last:
        return text("cite.range", first=c.rule, last=c.last)
    if not _known(c.rule or ""):
        return c.rule or ""
    if seen is not None and c.rule in seen:
        return text("cite.rule_again", id=c.rule)
    if seen is not None:
        seen.add(c.rule or "")
    return text("cite.rule", id=c.rule, title=ruling(c.rule or "").title)


def cite_text(message: str, seen: set[str] | None = None) -> str:
    """``message`` with every citation group in words: ``(B18)`` → ``(<title> — rule B18)``,
    ``(USING)`` → ``(<the page's title>)``, ``[B20]`` → ``(Limits and names — rule B20)``.
    ``seen`` (the rules a text has already named) gives a rule's title once, then its id only."""
    def replace(m: re.Match[str]) -> str:
        items = [_plain_item(c, seen) for c in _parse(m.group("body"))]
        opening, closing = ("（", "）") if m.group("open") == "（" else ("(", ")")
        return opening + text("cite.separator").join(items) + closing

    return _group().sub(replace, message)


def open_hint(rule_ids: Iterable[str]) -> str:
    """One line saying how to open the entries of ``rule_ids`` (empty when there are none)."""
    ids = list(dict.fromkeys(rule_ids))
    return text("cite.open", ids=" ".join(ids)) if ids else ""


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _source_link(key: str) -> str:
    from . import source

    s = source(key)
    return f'<a href="{_esc(s.url)}" target="_blank" rel="noopener">{_esc(s.title)}</a>'


def rule_summary_html(rule_id: str) -> str:
    """A rule's title then its id, as one inline phrase (title first: what the rule says)."""
    from . import ruling

    r = ruling(rule_id)
    return f'<span class="hvlab-rule" data-rule="{_esc(r.id)}">{_esc(text("cite.rule", id=r.id, title=r.title))}</span>'


def rule_details_html(rule_id: str) -> str:
    """A rule's entry, folded: the summary shows its title and id; opened, its text, its
    status (what the status means) and its sources as readable titles with links."""
    return _rule_details_html_in(rule_id, get_language())


@lru_cache(maxsize=512)
def _rule_details_html_in(rule_id: str, language: str) -> str:
    from . import ruling

    r = ruling(rule_id)
    sources = " · ".join(
        f'{_source_link(s.key)} <small>({_esc(text(f"reference.publisher.{s.publisher}"))})</small>' for s in r.sources
    ) or _esc(text("reference.label.no_source"))
    return (
        f'<details class="hvlab-rule-entry" data-rule="{_esc(r.id)}"><summary>{_esc(text("cite.rule", id=r.id, title=r.title))}</summary>'
        f'<div>{_esc(r.text)}</div>'
        f'<div><small>{_esc(text("reference.label.status"))}: {_esc(r.status.label)} — {_esc(r.status.help)}</small></div>'
        f'<div><small>{_esc(text("reference.label.sources"))}: {sources}</small></div></details>'
    )


def _html_item(c: Citation) -> str:
    if c.source:
        return _source_link(c.source)
    if c.last:
        return _esc(text("cite.range", first=c.rule, last=c.last))
    if not _known(c.rule or ""):
        return _esc(c.rule)
    return rule_summary_html(c.rule or "")


def cite_html(message: str) -> str:
    """``message`` escaped for HTML, each citation group shown as the rules' titles and the
    sources' titles as links (the folded entries come from :func:`rule_details_html`)."""
    return _cite_html_in(message, get_language())


@lru_cache(maxsize=4096)
def _cite_html_in(message: str, language: str) -> str:
    """:func:`cite_html` for one language, kept: a lab redraws the same lines on every click."""
    out, last = [], 0
    for m in _group().finditer(message):
        out.append(_esc(message[last:m.start()]))
        items = [_html_item(c) for c in _parse(m.group("body"))]
        opening, closing = ("（", "）") if m.group("open") == "（" else ("(", ")")
        out.append(f'<small class="hvlab-cite">{opening}{_esc(text("cite.separator")).join(items)}{closing}</small>')
        last = m.end()
    out.append(_esc(message[last:]))
    return "".join(out)


# ---------------------------------------------------------------------- assumptions, said once


def assumption_rule(key: str) -> str:
    """The ruling an assumption belongs to: ``"B21_disabled"`` → ``"B21"``; the merge of a
    disk left as a shared parent (``"tidy"``) extends B18."""
    return "B18" if key == "tidy" else key.split("_")[0]


def assumption_line(keys: Iterable[str]) -> str:
    """All the assumed rulings an operation followed, in one short line (``""`` for none):
    "† Assumed by hvlab (Microsoft does not document it): that … (B14); that … (B16)"."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return ""
    what = text("cite.separator").join(f'{text(f"assumed.{k}").rstrip(".。")} ({assumption_rule(k)})' for k in keys)
    return text("note.assumed_short", ruling=what)


def assumptions_html(keys: Iterable[str], told: set[str] | None = None) -> str:
    """The assumed rulings as a quiet marker ("† assumed"): the note is folded, to open; a lab
    passes ``told`` (the assumptions it has already said) so each one is said once per lab and
    afterwards only marked."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return ""
    fresh = [k for k in keys if told is None or k not in told]
    again = [k for k in keys if k not in fresh]
    if told is not None:
        told.update(keys)
    parts = []
    if fresh:
        parts.append(
            f'<details class="hvlab-assumed" data-assumed="{_esc(" ".join(fresh))}"><summary><small>{_esc(text("cite.assumed_marker"))}</small></summary>'
            f"<small>{cite_html(assumption_line(fresh))}</small></details>"
        )
    if again:
        rules = text("cite.separator").join(rule_summary_html(assumption_rule(k)) for k in dict.fromkeys(again))
        parts.append(f'<div class="hvlab-assumed-again" data-assumed="{_esc(" ".join(again))}"><small>{_esc(text("cite.assumed_again"))} {rules}</small></div>')
    return "".join(parts)


def rules_html(rule_ids: Iterable[str]) -> str:
    """The folded entries of ``rule_ids``, one per rule, in order."""
    return "".join(rule_details_html(r) for r in dict.fromkeys(rule_ids) if _known(r))
