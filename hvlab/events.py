"""The event log: the story of what happened to a VM, one line per thing Hyper-V or the guest did.

A line is ``verbatim`` only when its text is Hyper-V's (or the guest's) own, copied from the
reference; every other line is hvlab narrating, and is shown as such, so the log never puts
invented words in Hyper-V's mouth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

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

    def __str__(self) -> str:
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{self.time:%H:%M:%S} {self.source.value:<7} {self.level.value:<11} {self.message}{rule}"

    def to_dict(self) -> dict[str, object]:
        return {
            "time": self.time.isoformat(),
            "vm": self.vm,
            "source": self.source.name,
            "level": self.level.name,
            "message": self.message,
            "rule": self.rule,
            "verbatim": self.verbatim,
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
        )
