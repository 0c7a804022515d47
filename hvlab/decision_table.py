"""The instructor's handout: the whole decision matrix, computed by the preview.

One row per checkpoint setting × VM state × "Backup (volume shadow copy)" on/off × guest.
Every row is produced by building that VM in a throw-away lab and asking
:func:`~hvlab.preview.preview_checkpoint`, so the handout can never drift from the simulator.
The reason column cites each rule by its title as well as its id (``failing_rules`` keeps the ids).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .checkpoint_type import CheckpointType
from .guest import GuestProfile
from .integration_services import IntegrationService
from .lab import Lab
from .preview import Outcome, preview_checkpoint
from .reference.citations import cite_text
from .states import VMState

__all__ = ["COLUMNS", "GUESTS", "Row", "decision_rows", "render"]

COLUMNS = (
    "checkpoint_setting",
    "vm_state",
    "backup_integration_service",
    "guest",
    "result",
    "memory_saved",
    "state_after_apply",
    "consistency",
    "failing_rules",
    "reason",
)

GUESTS: dict[str, GuestProfile] = {
    "windows": GuestProfile.windows(),
    "linux-with-vss-daemon": GuestProfile.linux(vss_daemon=True),
    "linux-without-vss-daemon": GuestProfile.linux(vss_daemon=False),
}


@dataclass(frozen=True)
class Row:
    checkpoint_setting: str
    vm_state: str
    backup_integration_service: str
    guest: str
    result: str
    memory_saved: str
    state_after_apply: str
    consistency: str
    failing_rules: str
    reason: str

    def values(self) -> tuple[str, ...]:
        return tuple(getattr(self, c) for c in COLUMNS)


def decision_rows() -> list[Row]:
    rows = []
    for setting in CheckpointType:
        for state in VMState:
            for backup in (True, False):
                for guest_name, guest in GUESTS.items():
                    lab = Lab(seed=0)
                    vm = lab.new_vm("VM01", guest, checkpoint_type=setting)
                    vm.set_integration_service(IntegrationService.BACKUP, backup)
                    vm.put_in_state(state)
                    p = preview_checkpoint(vm)
                    error = p.outcome is Outcome.ERROR
                    rows.append(
                        Row(
                            checkpoint_setting=setting.value,
                            vm_state=state.value,
                            backup_integration_service="on" if backup else "off",
                            guest=guest_name,
                            result=p.outcome.value,
                            memory_saved="-" if error else ("yes" if p.holds_memory else "no"),
                            state_after_apply="-" if error or p.state_after_apply is None else p.state_after_apply.value,
                            consistency="-" if p.consistency is None else p.consistency.value,
                            failing_rules=" ".join(c.rule for c in p.failing_checks),
                            reason=cite_text(p.reason),
                        )
                    )
    return rows


def render(fmt: str = "csv") -> str:
    rows = decision_rows()
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(r.values() for r in rows)
        return out.getvalue()
    if fmt == "markdown":
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join(v.replace("|", "\\|") for v in r.values()) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    raise ValueError(fmt)
