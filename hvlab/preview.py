"""Checkpoint preview: "if I take a checkpoint now, what happens, and why?"

This is the heart of hvlab's teaching. :func:`preview_checkpoint` reads a VM and evaluates,
rule by rule, whether a production checkpoint is possible (reference B3–B8), what the setting
then does (B1, B2, B7), what the checkpoint will hold (B9, B10), the files it will create (B11)
and what the guest logs (B12). It changes nothing; :meth:`VirtualMachine.checkpoint` calls the
very same function and then carries the plan out, so the preview can never disagree with the
operation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from .catalog import text
from .checkpoint_type import CheckpointKind, CheckpointType, Consistency
from .disk_chain import HEADER_MB
from .guest import GuestFamily
from .integration_services import IntegrationService
from .printing import printable
from .states import VMState

if TYPE_CHECKING:  # pragma: no cover
    from .vm import VirtualMachine

__all__ = [
    "MAX_CHECKPOINTS",
    "PRODUCTION_MIN_CONFIG_VERSION",
    "Check",
    "CheckpointPreview",
    "GuestEvent",
    "Outcome",
    "preview_checkpoint",
]

MAX_CHECKPOINTS = 50
"""Checkpoints per VM (B20, SCALE)."""

PRODUCTION_MIN_CONFIG_VERSION = (6, 2)
"""Minimum VM configuration version for production checkpoints (B6, VMVER)."""


class Outcome(Enum):
    """What taking a checkpoint now results in."""

    PRODUCTION = "Production"
    STANDARD = "Standard"
    ERROR = "Error"


@dataclass(frozen=True)
class Check:
    """One precondition, evaluated: ``passed`` is None when it does not apply here."""

    rule: str
    title: str
    passed: bool | None
    detail: str
    assumed: bool = False

    @property
    def symbol(self) -> str:
        return {True: "✔", False: "✘", None: "–"}[self.passed]


@dataclass(frozen=True)
class GuestEvent:
    """Something the guest logs during the checkpoint; ``verbatim`` when the text is the
    guest's own (quoted from the reference), not hvlab's narration."""

    message: str
    verbatim: bool = False
    rule: str | None = None
    key: str | None = None  # the catalog key of a verbatim line: its provenance (hvlab.reference)
    event_source: str | None = None  # who logs it in the guest, shown beside the text


@dataclass(frozen=True)
class CheckpointPreview:
    """Everything a learner needs to predict a checkpoint, computed without changing anything."""

    vm_name: str
    setting: CheckpointType
    vm_state: VMState
    outcome: Outcome
    checks: tuple[Check, ...]
    reason: str
    fell_back: bool
    hyperv_messages: tuple[str, ...]
    holds_memory: bool
    consistency: Consistency | None
    files: tuple[str, ...]
    guest_events: tuple[GuestEvent, ...]
    state_after_apply: VMState | None
    notes: tuple[str, ...]
    assumptions: tuple[str, ...] = ()
    """The assumed rulings this checkpoint would follow (keys of the catalog's ``assumed.*``),
    kept apart from the notes so a lab can say them once, quietly."""

    @property
    def kind(self) -> CheckpointKind | None:
        return None if self.outcome is Outcome.ERROR else CheckpointKind(self.outcome.value)

    @property
    def has_thumbnail(self) -> bool:
        """A console thumbnail exists only where memory state is saved (A2)."""
        return self.holds_memory

    @property
    def failing_checks(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.passed is False)

    @property
    def failing_rule(self) -> str | None:
        failing = self.failing_checks
        return failing[0].rule if failing else None

    def explain(self) -> str:
        """The whole preview as plain text, for a notebook cell or a screen reader: each rule
        cited by what it says (its title) and its id, how to open the rules' entries once at
        the end, wrapped at word boundaries (see :mod:`hvlab.printing`)."""
        lines = [f"{self.vm_name}: {self.reason}"]
        lines += [f"  {c.symbol} {c.title}: {c.detail} ({c.rule})" for c in self.checks]
        if self.outcome is not Outcome.ERROR:
            lines.append("  " + text("preview.holds", contents=_contents_text(self.holds_memory)))
            if self.consistency is not None:
                lines.append("  " + text("preview.consistency", consistency=text(f"consistency.{self.consistency.name}")))
            if self.state_after_apply is not None:
                lines.append("  " + text("preview.after_apply", state=self.state_after_apply.label))
            lines += ["  " + text("preview.file", file=f) for f in self.files]
        lines += ["  " + m for m in self.hyperv_messages]
        lines += ["  " + text("preview.guest_event", event=e.message) for e in self.guest_events]
        lines += ["  " + n for n in self.notes]
        return printable(lines, self.assumptions)

    def __str__(self) -> str:
        return self.explain()

    def _repr_markdown_(self) -> str:
        return "```\n" + self.explain() + "\n```"


def _clause(detail: str) -> str:
    """A check's sentence as a clause inside the reason (no final full stop)."""
    return detail.rstrip(".。")


def _contents_text(holds_memory: bool) -> str:
    return text("contents.disk_and_memory" if holds_memory else "contents.disk_only")


def _check(rule: str, passed: bool | None, assumed: bool = False, fail_variant: str | None = None, **values: object) -> Check:
    """One rule's line; ``fail_variant`` picks the failure sentence that fits the case (B3 fails
    differently for a booting, a Paused and a Saved VM)."""
    outcome = {True: "pass", False: "fail", None: "na"}[passed]
    if passed is False and fail_variant:
        outcome = f"fail.{fail_variant}"
    return Check(
        rule=rule,
        title=text(f"rule.{rule}.title", **values),
        passed=passed,
        detail=text(f"rule.{rule}.{outcome}", **values),
        assumed=assumed,
    )


def production_checks(vm: VirtualMachine) -> tuple[Check, ...]:
    """Evaluate every precondition of a production checkpoint (B3–B7), all of them, so a
    learner sees each one that fails, not only the first."""
    state = vm.state
    guest = vm.guest
    vss_on = vm.integration_services[IntegrationService.BACKUP]
    return (
        _check("B7", state not in (VMState.SAVED, VMState.PAUSED), assumed=state is VMState.PAUSED, state=state.label),
        _check("B3", state is VMState.RUNNING, fail_variant=state.name, state=state.hyperv_label),
        _check("B4", vss_on),
        _check(
            "B5",
            guest.vss_ready,
            requester=guest.requester_name,
            guest=guest.os.value,
            problem=text("guest.no_integration_services") if not guest.integration_services else text("guest.requester_stopped", requester=guest.requester_name),
        ),
        _check(
            "B6",
            vm.configuration_version >= PRODUCTION_MIN_CONFIG_VERSION,
            version=vm.configuration_version_text,
        ),
    )


def preview_checkpoint(vm: VirtualMachine) -> CheckpointPreview:
    """What a checkpoint taken now would be, and why (reference B1–B12, B20, decision table)."""
    setting = vm.checkpoint_type
    state = vm.state
    notes: list[str] = []
    assumptions: list[str] = []
    checks: list[Check] = [_check("B1", setting.enabled, setting=setting.label)]
    ids = vm.peek_ids()

    if not setting.enabled:
        messages = tuple(
            text(key, vm=vm.name, vm_id=vm.id)
            for key in ("hyperv.checkpoint_failed", "hyperv.disabled", "hyperv.operation_failed_for", "hyperv.disabled_for")
        )
        return _refused(vm, checks, text("preview.reason.disabled"), messages)

    under_limit = len(vm.checkpoints) < MAX_CHECKPOINTS
    checks.append(_check("B20", under_limit, count=len(vm.checkpoints), limit=MAX_CHECKPOINTS))
    if not under_limit:
        return _refused(vm, checks, text("preview.reason.limit", limit=MAX_CHECKPOINTS), ())

    # Drives no checkpoint can hold, and a volume without room for the new AVHDXs (B30, B29):
    # checked only where they apply, so every other VM's preview reads as before.
    blockers = vm.checkpoint_blockers()
    if blockers:
        what = text("list.separator").join(blockers)
        checks.append(_check("B30", False, what=what))
        return _refused(vm, checks, text("preview.reason.storage.blocked", what=what), ())
    need_mb = HEADER_MB * len(vm.disk_chains)
    free_mb = vm.lab.volume_usage().free_mb
    if free_mb < need_mb:
        checks.append(_check("B29", False, need=f"{need_mb:g}", free=f"{max(free_mb, 0.0):.1f}"))
        return _refused(vm, checks, text("preview.reason.storage.no_space", need=f"{need_mb:g}", free=f"{max(free_mb, 0.0):.1f}"), ())

    fell_back = False
    if state is VMState.OFF:
        # B8: nothing to quiesce; the checkpoint holds disks + configuration under every setting.
        checks.append(_check("B8", True, assumed=setting is CheckpointType.PRODUCTION_ONLY))
        outcome = Outcome.PRODUCTION if setting.wants_production else Outcome.STANDARD
        reason = text("preview.reason.off", kind=CheckpointKind(outcome.value).label)
        notes.append(text("note.off_same_contents"))
        if setting is CheckpointType.PRODUCTION_ONLY:
            assumptions.append("B8")
    elif setting is CheckpointType.STANDARD:
        outcome = Outcome.STANDARD
        reason = text("preview.reason.standard_setting")
    else:
        prod_checks = production_checks(vm)
        checks.extend(prod_checks)
        failing = [c for c in prod_checks if c.passed is False]
        if not failing:
            outcome = Outcome.PRODUCTION
            reason = text("preview.reason.production", requester=vm.guest.requester_name)
        elif setting is CheckpointType.PRODUCTION:
            outcome = Outcome.STANDARD
            fell_back = True
            reason = text("preview.reason.fallback", rule=failing[0].rule, why=_clause(failing[0].detail))
        else:
            messages = (
                text("hyperv.production_cannot_be_created_for", vm=vm.name, vm_id=vm.id),
                text("hyperv.operation_failed_for", vm=vm.name, vm_id=vm.id),
            )
            return _refused(
                vm,
                checks,
                text("preview.reason.production_only", rule=failing[0].rule, why=_clause(failing[0].detail)),
                messages,
            )
        for c in failing:
            if c.assumed:
                assumptions.append(c.rule)

    holds_memory = outcome is Outcome.STANDARD and state is not VMState.OFF
    if state is VMState.OFF:
        consistency = Consistency.SHUT_DOWN
    elif outcome is Outcome.PRODUCTION:
        consistency = vm.guest.production_consistency
    else:
        consistency = Consistency.CRASH_CONSISTENT

    checkpoint_id = ids[0]
    folder = vm.snapshot_file_location.rstrip("\\") + "\\Snapshots"
    # Every checkpoint has a configuration file and a runtime-state file (B9, B11; VMVER: "Each
    # checkpoint creates a configuration file and runtime state file"); only a standard
    # checkpoint of a VM that was not Off holds memory in its .vmrs (B10).
    files = [f"{folder}\\{checkpoint_id}.vmcx", f"{folder}\\{checkpoint_id}.vmrs"]
    for chain, active_id, disk_id in zip(vm.disk_chains, vm.active_disk_ids, ids[1:]):
        files.append(chain.differencing_path(active_id, disk_id))

    hyperv_messages: tuple[str, ...] = ()
    guest_events: list[GuestEvent] = []
    if outcome is Outcome.PRODUCTION and state is not VMState.OFF:
        hyperv_messages = (text("hyperv.production_created"), text("hyperv.production_created_body"))
        if vm.guest.family is GuestFamily.LINUX:
            guest_events.append(GuestEvent(text("guest_event.linux_freeze")))
        else:
            guest_events.append(GuestEvent(text("guest_event.windows_vss")))
            if vm.guest.runs_sql_server:
                guest_events.append(GuestEvent(text("guest_verbatim.sql_writer"), verbatim=True, rule="B12", key="guest_verbatim.sql_writer", event_source="SQL Server"))
                assumptions.append("B12")
    if fell_back:
        notes.append(text("note.fallback_invisible"))
    if outcome is Outcome.STANDARD and state is not VMState.OFF:
        assumptions.append("B14")
    if vm.guest.is_domain_controller:
        if vm.guest.os.has_vm_generation_id_support:
            notes.append(text("note.dc_modern"))
            if outcome is Outcome.STANDARD and state is not VMState.OFF:
                notes.append(text("note.dc_standard_unsupported"))
        else:
            notes.append(text("note.dc_old"))

    state_after_apply = VMState.SAVED if holds_memory else VMState.OFF
    return CheckpointPreview(
        vm_name=vm.name,
        setting=setting,
        vm_state=state,
        outcome=outcome,
        checks=tuple(checks),
        reason=reason,
        fell_back=fell_back,
        hyperv_messages=hyperv_messages,
        holds_memory=holds_memory,
        consistency=consistency,
        files=tuple(files),
        guest_events=tuple(guest_events),
        state_after_apply=state_after_apply,
        notes=tuple(notes),
        assumptions=tuple(assumptions),
    )


def _refused(vm: VirtualMachine, checks: list[Check], reason: str, messages: tuple[str, ...]) -> CheckpointPreview:
    return CheckpointPreview(
        vm_name=vm.name,
        setting=vm.checkpoint_type,
        vm_state=vm.state,
        outcome=Outcome.ERROR,
        checks=tuple(checks),
        reason=reason,
        fell_back=False,
        hyperv_messages=messages,
        holds_memory=False,
        consistency=None,
        files=(),
        guest_events=(),
        state_after_apply=None,
        notes=(),
    )
