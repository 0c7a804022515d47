"""Save a lab as a scenario: its state as the scenario's start, optionally a second state as its goal.

A trainer builds a situation by clicking in any lab ("three checkpoints, a branch, Notepad open
in one of them") and keeps it as a scenario file instead of writing it by hand. A scenario's
start is data (:mod:`.scenario_actions`: named steps, never code), so the writer turns the lab
into the steps that rebuild it: each VM's ``[[lab.vms]]`` table (guest, version, checkpoint
setting), then, checkpoint by checkpoint in the order they were taken, Apply of its parent when
Now is elsewhere, the guest's file writes and deletions and open apps it saw, its power state
and setting, and the checkpoint itself; last, Now the same way and the VM's settings.

Every step is run on a fresh lab while it is written, so the file holds only steps the lab
accepts, and the result is compared with the lab it came from: whatever the steps could not
rebuild (a checkpoint's kind that depended on a guest setting since changed, two checkpoints of
one name) is listed in :attr:`SavedScenario.differences`, never silently dropped.

With a goal state, the goal's conditions say what that state is (the VM's state, each
checkpoint by name with its kind and parent, the ones that must be gone, the count, the files
Now sees that changed), and the solution is the steps that bring the start to it, the same
writer run from the start's lab: first Delete Checkpoint for each checkpoint the goal no longer
has (a merge keeps every other view, B18), then the goal's new checkpoints and Now. The files
are TOML (``tomli-w``), read back by :func:`hvlab.course.scenario.load_scenario`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import tomli_w

from hvlab.catalog import available_languages, template, text
from hvlab.errors import HvlabError
from hvlab.integration_services import IntegrationService
from hvlab.lab import Lab
from hvlab.states import VMState
from hvlab.vm import VirtualMachine

from .scenario_actions import ACTIONS, new_vm

__all__ = ["SavedScenario", "save_as_scenario"]

APP_KEYS = ("notepad", "text_editor")
"""The apps a scenario step can open, by catalog key (``open_app``)."""


def _words(key: str, **values: Any) -> dict[str, str]:
    """A text of the file in every catalog language, as a scenario holds it."""
    out = {}
    for language in available_languages():
        filled = {k: (v(language) if callable(v) else v) for k, v in values.items()}
        out[language] = template(language, key).format(**filled)
    return out


def _state_word(state: VMState):
    return lambda language: template(language, f"widget.state.{state.name}")


def _app_key(name: str) -> str | None:
    return next((key for key in APP_KEYS if name in {template(lang, f"app.{key}") for lang in available_languages()}), None)


@dataclass
class SavedScenario:
    """A lab kept as scenario data: ``data`` (what the TOML holds) and what could not be rebuilt."""

    data: dict[str, Any]
    differences: list[str] = field(default_factory=list)

    def toml(self) -> str:
        return tomli_w.dumps(self.data)


class _Writer:
    """Writes steps that bring ``replay`` to ``target``, running each on ``replay`` as it goes."""

    def __init__(self, replay: VirtualMachine, differences: list[str]):
        self.replay = replay
        self.steps: list[dict[str, Any]] = []
        self.differences = differences

    def do(self, action: str, **params: Any) -> None:
        step = {"do": action, **params}
        try:
            ACTIONS[action].run(self.replay, step)
        except (HvlabError, ValueError, LookupError) as error:
            self.differences.append(text("scenario.saved.step_refused", step=action, detail=str(error)))
            return
        self.steps.append(step)

    def _now_name(self) -> str | None:
        cp = self.replay.checkpoints.get(self.replay.now_parent_id) if self.replay.now_parent_id else None
        return cp.name if cp else None

    def _running(self) -> None:
        if self.replay.state is not VMState.RUNNING:
            self.do("put_in_state", state=VMState.RUNNING.value)

    def _guest_sees(self, files: dict[str, str], sizes: dict[str, float], apps: tuple[str, ...]) -> None:
        """Make the guest's files and open apps what the target saw (the guest must run for it)."""
        current = self.replay.files()
        changes = [p for p in current if p not in files] + [p for p, c in files.items() if current.get(p) != c]
        wanted = {k for k in (_app_key(a) for a in apps) if k}
        open_now = {k for k in (_app_key(a) for a in self.replay.open_apps) if k}
        if not changes and wanted == open_now:
            return
        self._running()
        for path in [p for p in self.replay.files() if p not in files]:
            self.do("delete_file", path=path)
        for path, content in files.items():
            if self.replay.files().get(path) != content:
                self.do("write_file", path=path, content=content, size_mb=sizes.get(path, 1.0))
        for key in sorted(open_now - wanted):
            self.do("close_app", app=key)
        for key in sorted(wanted - open_now):
            self.do("open_app", app=key)

    def go_to(self, parent: str | None) -> None:
        if parent != self._now_name():
            if parent is None:
                self.differences.append(text("scenario.saved.second_root"))
                return
            self.do("apply", checkpoint=parent)

    def state(self, state: VMState) -> None:
        if self.replay.state is not state:
            self.do("put_in_state", state=state.value)

    def converge(self, target: VirtualMachine) -> None:
        """The steps from ``replay`` as it is to ``target``: delete what the target lacks, take
        its missing checkpoints in the order they were taken, then Now and the settings."""
        wanted = {cp.name for cp in target.checkpoints.values()}
        for cp in sorted(self.replay.checkpoints.values(), key=lambda c: c.created, reverse=True):
            if cp.name not in wanted and cp.id in self.replay.checkpoints:
                self.do("delete_checkpoint", checkpoint=cp.name)
        have = {cp.name for cp in self.replay.checkpoints.values()}
        self.settings(target)  # the guest's services first: a checkpoint's kind depends on them (B4, B5)
        for cp in sorted(target.checkpoints.values(), key=lambda c: c.created):
            if cp.name in have:
                continue
            parent = target.checkpoints[cp.parent_id].name if cp.parent_id in target.checkpoints else None
            self.go_to(parent)
            self._guest_sees(target.checkpoint_files(cp), _sizes(target, cp.disk_ids[0]), cp.memory.open_apps if cp.memory else ())
            self.state(cp.vm_state)
            if self.replay.checkpoint_type is not cp.setting:
                self.do("set_checkpoint_type", type=cp.setting.value)
            self.do("checkpoint", name=cp.name)
            have.add(cp.name)
        now = target.checkpoints[target.now_parent_id].name if target.now_parent_id in target.checkpoints else None
        self.go_to(now)
        self._guest_sees(target.files(), _sizes(target, target.active_disk_ids[0]), target.open_apps)
        self.settings(target)
        self.state(target.state)

    def settings(self, target: VirtualMachine) -> None:
        for service in IntegrationService:
            if self.replay.integration_services[service] != target.integration_services[service]:
                self.do("set_integration_service", service=service.value, enabled=target.integration_services[service])
        if self.replay.guest.vss_requester_running != target.guest.vss_requester_running:
            self.do("set_vss_requester_running", running=target.guest.vss_requester_running)
        if self.replay.checkpoint_type is not target.checkpoint_type:
            self.do("set_checkpoint_type", type=target.checkpoint_type.value)
        if self.replay.automatic_checkpoints != target.automatic_checkpoints:
            self.do("set_automatic_checkpoints", enabled=target.automatic_checkpoints)


def _sizes(vm: VirtualMachine, disk_id: str) -> dict[str, float]:
    """Each file's size as the disk that wrote its content last holds it (a file's size fills the chain)."""
    sizes: dict[str, float] = {}
    for disk in vm.disk_chains[0].lineage(disk_id):
        for path, block in disk.blocks.items():
            sizes.setdefault(path, block.size_mb)
    return sizes


def _vm_table(vm: VirtualMachine) -> dict[str, Any]:
    """``[[lab.vms]]`` for ``vm``: guest and settings at creation; automatic checkpoints off while
    the steps run (a Start would take one), set at the end."""
    guest = vm.guest
    return {"name": vm.name, "os": guest.os.name, "roles": sorted(r.name for r in guest.roles),
            "integration_services_installed": guest.integration_services,
            "vss_requester_running": guest.vss_requester_running, "version": vm.configuration_version_text,
            "checkpoint_type": vm.checkpoint_type.value, "automatic_checkpoints": False}


def _compare(want: VirtualMachine, got: VirtualMachine, differences: list[str]) -> None:
    def tree(vm: VirtualMachine) -> dict[str, tuple]:
        return {cp.name: (vm.checkpoints[cp.parent_id].name if cp.parent_id in vm.checkpoints else None,
                          cp.kind.value, cp.vm_state.value, tuple(sorted(vm.checkpoint_files(cp).items())))
                for cp in vm.checkpoints.values()}

    a, b = tree(want), tree(got)
    for name in sorted(set(a) | set(b)):
        if a.get(name) != b.get(name):
            differences.append(text("scenario.saved.differs", vm=want.name, what=name))
    if (want.files(), want.state) != (got.files(), got.state):
        differences.append(text("scenario.saved.differs", vm=want.name, what="Now"))


def _goal(start: VirtualMachine, goal: VirtualMachine) -> list[dict[str, Any]]:
    """Goal conditions saying what the goal state is, each in every language: the VM's state,
    its checkpoints (and the ones gone), their count, the apps newly open, the files changed."""
    out: list[dict[str, Any]] = [{"key": "state", "check": "vm_state", "vm": goal.name, "state": goal.state.value,
                                  "text": _words("scenario.saved.state", vm=goal.name, state=_state_word(goal.state))}]
    for index, cp in enumerate(sorted(goal.checkpoints.values(), key=lambda c: c.created), start=1):
        parent = goal.checkpoints[cp.parent_id].name if cp.parent_id in goal.checkpoints else None
        condition = {"key": f"checkpoint_{index}", "check": "checkpoint", "vm": goal.name, "name": cp.name, "kind": cp.kind.value}
        if parent is not None:
            condition["parent"] = parent
            condition["text"] = _words("scenario.saved.checkpoint", name=cp.name, kind=cp.kind.value, parent=parent)
        else:
            condition["text"] = _words("scenario.saved.checkpoint_top", name=cp.name, kind=cp.kind.value)
        out.append(condition)
    kept = {cp.name for cp in goal.checkpoints.values()}
    for index, name in enumerate(sorted({cp.name for cp in start.checkpoints.values()} - kept), start=1):
        out.append({"key": f"gone_{index}", "check": "checkpoint", "vm": goal.name, "name": name, "exists": False,
                    "text": _words("scenario.saved.gone", name=name)})
    out.append({"key": "count", "check": "checkpoint_count", "vm": goal.name, "count": len(goal.checkpoints),
                "text": _words("scenario.saved.count", count=len(goal.checkpoints))})
    opened = {k for k in (_app_key(a) for a in goal.open_apps) if k} - {k for k in (_app_key(a) for a in start.open_apps) if k}
    for key in sorted(opened):
        out.append({"key": f"app_{key}", "check": "app_open", "vm": goal.name, "app": key,
                    "text": _words("scenario.saved.app_open", vm=goal.name, app=lambda language, k=key: template(language, f"app.{k}"))})
    before, after = start.files(), goal.files()
    for index, path in enumerate(sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p)), start=1):
        if path in after:
            out.append({"key": f"file_{index}", "check": "file", "vm": goal.name, "path": path, "content": after[path],
                        "text": _words("scenario.saved.file", path=path, content=after[path])})
        else:
            out.append({"key": f"file_{index}", "check": "file", "vm": goal.name, "path": path, "exists": False,
                        "text": _words("scenario.saved.no_file", path=path)})
    return out[:32]


def _rebuild(lab: Lab, differences: list[str]) -> tuple[Lab, list[dict[str, Any]], list[dict[str, Any]]]:
    replay_lab = Lab(seed=lab.seed, host=lab.host)
    tables, steps = [], []
    for vm in lab.vms.values():
        if len(vm.disk_chains) != 1:
            differences.append(text("scenario.saved.disks", vm=vm.name))
        table = _vm_table(vm)
        tables.append(table)
        writer = _Writer(new_vm(replay_lab, table), differences)
        writer.converge(vm)
        steps += [{**step, "vm": vm.name} for step in writer.steps]
        _compare(vm, replay_lab.vm(vm.name), differences)
    return replay_lab, tables, steps


def save_as_scenario(lab: Lab, vm_name: str, scenario_id: str, *, goal: Lab | None = None,
                     title: dict[str, str] | None = None, briefing: dict[str, str] | None = None) -> SavedScenario:
    """``lab`` as a scenario's start (the VM to look at: ``vm_name``); with ``goal``, that lab
    (the same VMs, later) as its goal and the steps from one to the other as its solution.
    Without a goal, the goal conditions describe the start itself: a file for the trainer to
    finish (``differences`` says so)."""
    differences: list[str] = []
    replay_lab, tables, steps = _rebuild(lab, differences)
    target = goal if goal is not None else lab
    writer = _Writer(replay_lab.copy().vm(vm_name), differences)
    writer.converge(target.vm(vm_name))
    if goal is not None:
        _compare(goal.vm(vm_name), writer.replay, differences)
    if goal is None:
        differences.append(text("scenario.saved.no_goal"))
    data: dict[str, Any] = {
        "format": "hvlab-scenario", "version": 1, "id": scenario_id,
        "title": title or _words("scenario.saved.title", vm=vm_name),
        "briefing": briefing or _words("scenario.saved.briefing", vm=vm_name),
        "debrief": _words("scenario.saved.debrief"),
        "hints": [],
        "lab": {"seed": lab.seed, "host": lab.host.value, "vm": vm_name, "vms": tables, "steps": steps},
        "goal": _goal(lab.vm(vm_name), target.vm(vm_name)),
        "solution": {"text": _words("scenario.saved.solution"), "steps": writer.steps},
    }
    return SavedScenario(data, differences)
