"""The event log: the story of what happened to a VM, one line per thing Hyper-V or the guest did.

A line is ``verbatim`` only when its text is Hyper-V's (or the guest's) own, copied from a
published source; every other line is hvlab narrating, and is shown as such, so the log never
puts invented words in Hyper-V's mouth. A verbatim line names its ``provenance`` (the catalog
key whose source :func:`hvlab.reference.provenance_of` gives), and the event id, log and source
a Windows event shows are fields of their own, never glued into the quoted text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from .catalog import text
from .printing import columns

__all__ = ["Event", "EventLevel", "EventSource"]


class EventSource(Enum):
    HYPERV = "Hyper-V"
    GUEST = "Guest"
    HVLAB = "hvlab"


class EventLevel(Enum):
    INFORMATION = "Information"
    WARNING = "Warning"
    ERROR = "Error"


@dataclass(frozen=True)
class Event:
    time: datetime
    vm: str
    source: EventSource
    level: EventLevel
    message: str
    rule: str | None = None
    verbatim: bool = False
    provenance: str | None = None  # catalog key of a verbatim line (see hvlab.reference)
    event_id: int | None = None  # a Windows event's id, e.g. 2095
    event_log: str | None = None  # the log it is written to, e.g. "Directory Services"
    event_source: str | None = None  # the event's source, e.g. "Microsoft-Windows-ActiveDirectory_DomainService"

    def __str__(self) -> str:
        rule = f" [{self.rule}]" if self.rule else ""
        event_id = text("event_log.event_id", id=self.event_id) if self.event_id else ""
        fields = ", ".join(f for f in (event_id, self.event_log or "", self.event_source or "") if f)
        where = f"({fields}) " if fields else ""
        source, level = text(f"event_log.source.{self.source.name}"), text(f"event_log.level.{self.level.name}")
        # padded by screen columns, so Japanese words (two columns each) line up too
        source, level = source + " " * max(0, 7 - columns(source)), level + " " * max(0, 11 - columns(level))
        return f"{self.time:%H:%M:%S} {source} {level} {where}{self.message}{rule}"

    def to_dict(self) -> dict[str, object]:
        return {
            "time": self.time.isoformat(),
            "vm": self.vm,
            "source": self.source.name,
            "level": self.level.name,
            "message": self.message,
            "rule": self.rule,
            "verbatim": self.verbatim,
            "provenance": self.provenance,
            "event_id": self.event_id,
            "event_log": self.event_log,
            "event_source": self.event_source,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Event:
        return cls(
            time=datetime.fromisoformat(data["time"]),
            vm=data["vm"],
            source=EventSource[data["source"]],
            level=EventLevel[data["level"]],
            message=data["message"],
            rule=data["rule"],
            verbatim=bool(data["verbatim"]),
            provenance=data.get("provenance"),
            event_id=data.get("event_id"),
            event_log=data.get("event_log"),
            event_source=data.get("event_source"),
        )
