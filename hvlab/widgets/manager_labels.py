"""Controls named after Hyper-V Manager's own labels, marked where the wording is unconfirmed.

Why: Microsoft publishes Hyper-V Manager's labels in English only (its pages and screenshots);
hvlab's Japanese labels are translations nobody has checked against a Japanese host. A learner
must be able to tell, and to find the same control on an English host, without an English aside
in every line: each unconfirmed label carries a small marker and the English label in its
tooltip, and the panel lists every pair once, folded.
"""

from __future__ import annotations

from typing import Iterable

from hvlab.catalog import text
from hvlab.reference import ManagerLabel, manager_label

from .controller import esc

__all__ = ["label", "labels_note_html", "tooltip"]


def label(key: str) -> str:
    """The control's label in the learner's language, with the unconfirmed marker if needed."""
    entry = manager_label(key)
    return entry.text if entry.confirmed else f"{entry.text}{text('widget.manager_label.marker')}"


def tooltip(key: str) -> str | None:
    """The English label as a tooltip, for an unconfirmed translation; None otherwise."""
    entry = manager_label(key)
    return None if entry.confirmed else text("widget.manager_label.tooltip", english=entry.english)


def labels_note_html(keys: Iterable[str]) -> str:
    """One folded note for a panel: which labels are hvlab's translations, each beside its
    English original. Empty where every label is Microsoft's own (English)."""
    unconfirmed: list[ManagerLabel] = [entry for entry in map(manager_label, keys) if not entry.confirmed]
    if not unconfirmed:
        return ""
    rows = "".join(f"<li>{esc(entry.text)} — <span lang='en'>{esc(entry.english)}</span></li>" for entry in unconfirmed)
    return (f"<details><summary>{esc(text('widget.manager_label.summary'))}</summary>"
            f"<p>{esc(text('widget.manager_label.note'))}</p><ul>{rows}</ul></details>")
