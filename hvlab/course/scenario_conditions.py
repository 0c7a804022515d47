"""A scenario's goal conditions: declarative checks on the lab, one registry entry each.

A goal condition in a scenario file is data (``check = "checkpoint"``, ``kind = "Production"``),
never code: :data:`CONDITIONS` maps each ``check`` to its parameters (from which the published
JSON Schema is built) and to a plain function of the lab as it is now and as the scenario
started. A condition that names what is not there (a VM, a checkpoint) is simply not met.
A new condition is one :class:`Condition` entry here (then ``python -m hvlab scenario schema``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from hvlab.checkpoint import SnapshotType
from hvlab.checkpoint_type import CheckpointKind, CheckpointType
from hvlab.domain_controller import DIRECTORY_PATH, DirectoryHealth, parse_directory
from hvlab.errors import HvlabError
from hvlab.integration_services import IntegrationService
from hvlab.states import VMState
from hvlab.storage import AttachmentKind

from .scenario_actions import CHECKPOINT_TYPES, SERVICES, Param

if TYPE_CHECKING:  # pragma: no cover
    from hvlab.lab import Lab
    from hvlab.vm import VirtualMachine

__all__ = ["CONDITIONS", "Condition", "GoalContext"]


@dataclass(frozen=True)
class GoalContext:
    """What a condition reads: the lab now, the lab as the scenario started, the VM to look at."""

    lab: Lab
    start: Lab
    default_vm: str

    def vm(self, p: dict[str, Any]) -> VirtualMachine:
        return self.lab.vm(p.get("vm", self.default_vm))

    def start_vm(self, p: dict[str, Any]) -> VirtualMachine:
        return self.start.vm(p.get("vm", self.default_vm))


@dataclass(frozen=True)
class Condition:
    """One kind of goal condition: its parameters and its test."""

    name: str
    test: Callable[[GoalContext, dict[str, Any]], bool]
    params: dict[str, Param] = field(default_factory=dict)

    def met(self, ctx: GoalContext, p: dict[str, Any]) -> bool:
        """Whether it holds; a lookup that fails (no such VM or checkpoint) means not met."""
        try:
            return bool(self.test(ctx, p))
        except (LookupError, HvlabError):
            return False


STATE_NAMES = tuple(s.value for s in VMState)
KINDS = tuple(k.value for k in CheckpointKind)
HEALTHS = tuple(h.name for h in DirectoryHealth)
SNAPSHOT_TYPES = tuple(t.value for t in SnapshotType)


# ---------------------------------------------------------------------- the VM
def _vm_state(ctx: GoalContext, p: dict[str, Any]) -> bool:
    vm = ctx.vm(p)
    return vm.state is VMState(p["state"])


def _app_open(ctx: GoalContext, p: dict[str, Any]) -> bool:
    """An application is open in the guest now (it lives in memory only, never on disk)."""
    return bool(_app_names(p["app"]) & set(ctx.vm(p).open_apps))


def _setting(ctx: GoalContext, p: dict[str, Any]) -> bool:
    vm = ctx.vm(p)
    if "checkpoint_type" in p and vm.checkpoint_type is not CheckpointType(p["checkpoint_type"]):
        return False
    if "automatic_checkpoints" in p and vm.automatic_checkpoints != p["automatic_checkpoints"]:
        return False
    if "service" in p and vm.integration_services[IntegrationService(p["service"])] != p.get("enabled", True):
        return False
    return "vss_requester_running" not in p or vm.guest.vss_requester_running == p["vss_requester_running"]


# ---------------------------------------------------------------------- checkpoints and chains
def _app_names(key: str) -> set[str]:
    """An app's name in every catalog language: a lab set up in one language is checked in any."""
    from hvlab.catalog import available_languages, template

    return {template(language, f"app.{key}") for language in available_languages()}


def _matches(vm: VirtualMachine, cp: Any, p: dict[str, Any]) -> bool:
    if "name" in p and cp.name != p["name"]:
        return False
    if "kind" in p and cp.kind is not CheckpointKind(p["kind"]):
        return False
    if "vm_state" in p and cp.vm_state is not VMState(p["vm_state"]):
        return False
    if "parent" in p:
        parent = vm.checkpoints.get(cp.parent_id) if cp.parent_id else None
        if (parent.name if parent else "") != p["parent"]:
            return False
    if "holds_memory" in p and cp.holds_memory != p["holds_memory"]:
        return False
    if "holds_app" in p and not (cp.memory is not None and _app_names(p["holds_app"]) & set(cp.memory.open_apps)):
        return False
    if "automatic" in p and cp.automatic != p["automatic"]:
        return False
    return "snapshot_type" not in p or cp.snapshot_type is SnapshotType(p["snapshot_type"])


def _checkpoint(ctx: GoalContext, p: dict[str, Any]) -> bool:
    vm = ctx.vm(p)
    found = any(_matches(vm, cp, p) for cp in vm.checkpoints.values())
    return found == p.get("exists", True)


def _checkpoint_count(ctx: GoalContext, p: dict[str, Any]) -> bool:
    count = len(ctx.vm(p).checkpoints)
    return p.get("min", 0) <= count <= p.get("max", count) and count == p.get("count", count)


def _chain(ctx: GoalContext, p: dict[str, Any]) -> bool:
    """The shape of every disk chain: how many AVHDX files, and what they descend from."""
    vm = ctx.vm(p)
    for index, chain in enumerate(vm.disk_chains):
        differencing = [d for d in chain if d.is_differencing]
        if "avhdx" in p and len(differencing) != p["avhdx"]:
            return False
        if "descends_from" in p:
            anchor = vm.find_checkpoint(p["descends_from"]).disk_ids[index]
            if not differencing or any(anchor not in {d.id for d in chain.lineage(d.id)} for d in differencing):
                return False
        if "active_is_base" in p and (vm.active_disk_ids[index] == chain.base_id) != p["active_is_base"]:
            return False
    return True


# ---------------------------------------------------------------------- what the guest sees
def _file(ctx: GoalContext, p: dict[str, Any]) -> bool:
    vm = ctx.vm(p)
    seen = vm.checkpoint_files(p["checkpoint"]).get(p["path"]) if "checkpoint" in p else vm.read_file(p["path"])
    if seen is None:
        return not p.get("exists", True)
    if not p.get("exists", True):
        return False
    return "content" not in p or seen == p["content"]


def _views_unchanged(ctx: GoalContext, p: dict[str, Any]) -> bool:
    """Each named checkpoint, and Now unless ``now = false``, sees exactly the files it saw at
    the start: nothing was lost (B18's merge keeps every view)."""
    vm, start = ctx.vm(p), ctx.start_vm(p)
    for name in p.get("checkpoints", ()):
        if vm.checkpoint_files(name) != start.checkpoint_files(name):
            return False
    return not p.get("now", True) or vm.files() == start.files()


def _directory(ctx: GoalContext, p: dict[str, Any]) -> bool:
    """A domain controller's directory: its health, a new invocationID since the start, and its
    USN back at a checkpoint's (A10, A11, B23)."""
    vm, start = ctx.vm(p), ctx.start_vm(p)
    invocation, usn = parse_directory(vm.read_file(DIRECTORY_PATH))
    start_invocation, start_usn = parse_directory(start.read_file(DIRECTORY_PATH))
    if "health" in p and vm.directory.health is not DirectoryHealth[p["health"]]:
        return False
    if "state" in p and vm.state is not VMState(p["state"]):
        return False
    if "new_invocation" in p and (invocation != start_invocation) != p["new_invocation"]:
        return False
    if "rolled_back_to" in p:
        _, anchor_usn = parse_directory(vm.checkpoint_files(p["rolled_back_to"]).get(DIRECTORY_PATH))
        if not usn <= anchor_usn < start_usn:
            return False
    return True


def _host_free_space(ctx: GoalContext, p: dict[str, Any]) -> bool:
    """The host volume's free space, in GB, at least ``min_gb`` (B29)."""
    return ctx.lab.volume_usage().free_gb >= p["min_gb"]


def _disk_size(ctx: GoalContext, p: dict[str, Any]) -> bool:
    """The virtual size of the VM's disk ``disk`` (its base VHDX), in GB, at least ``min_gb`` (B31)."""
    return ctx.vm(p).disk_chains[p.get("disk", 0)].base.virtual_size_gb >= p["min_gb"]


def _pass_through_disks(ctx: GoalContext, p: dict[str, Any]) -> bool:
    """How many pass-through disks the VM has (B30): none, unless ``count`` says."""
    return sum(d.kind is AttachmentKind.PASS_THROUGH for d in ctx.vm(p).hard_disk_drives()) == p.get("count", 0)


def _orphan_files(ctx: GoalContext, p: dict[str, Any]) -> bool:
    """How many disk files of the VM no checkpoint explains (B33): none, unless ``count`` says."""
    return len(ctx.vm(p).orphan_disks()) == p.get("count", 0)


_VM = {"vm": Param("string")}
_CONDITIONS = (
    Condition("vm_state", _vm_state, {**_VM, "state": Param(STATE_NAMES, True)}),
    Condition("app_open", _app_open, {**_VM, "app": Param(("notepad", "text_editor"), True)}),
    Condition("setting", _setting, {**_VM, "checkpoint_type": Param(CHECKPOINT_TYPES), "automatic_checkpoints": Param("boolean"),
                                    "service": Param(SERVICES), "enabled": Param("boolean"),
                                    "vss_requester_running": Param("boolean")}),
    Condition("checkpoint", _checkpoint, {**_VM, "exists": Param("boolean"), "name": Param("string"), "kind": Param(KINDS),
                                          "vm_state": Param(STATE_NAMES), "parent": Param("string"),
                                          "holds_memory": Param("boolean"), "holds_app": Param(("notepad", "text_editor")),
                                          "automatic": Param("boolean"), "snapshot_type": Param(SNAPSHOT_TYPES)}),
    Condition("checkpoint_count", _checkpoint_count, {**_VM, "count": Param("integer"), "min": Param("integer"),
                                                      "max": Param("integer")}),
    Condition("chain", _chain, {**_VM, "avhdx": Param("integer"), "descends_from": Param("string"),
                                "active_is_base": Param("boolean")}),
    Condition("file", _file, {**_VM, "path": Param("string", True), "content": Param("string"), "exists": Param("boolean"),
                              "checkpoint": Param("string")}),
    Condition("views_unchanged", _views_unchanged, {**_VM, "checkpoints": Param("names"), "now": Param("boolean")}),
    Condition("directory", _directory, {**_VM, "health": Param(HEALTHS), "state": Param(STATE_NAMES), "new_invocation": Param("boolean"),
                                        "rolled_back_to": Param("string")}),
    Condition("host_free_space", _host_free_space, {"min_gb": Param("number", True)}),
    Condition("orphan_files", _orphan_files, {**_VM, "count": Param("integer")}),
    Condition("disk_size", _disk_size, {**_VM, "min_gb": Param("number", True), "disk": Param("integer")}),
    Condition("pass_through_disks", _pass_through_disks, {**_VM, "count": Param("integer")}),
)
CONDITIONS: dict[str, Condition] = {c.name: c for c in _CONDITIONS}
"""Every ``check`` a goal condition may name."""
