"""A scenario's lab actions: the steps that set its lab up and the steps of its solution.

Each action is one entry of :data:`ACTIONS`: its parameters (typed, so the published JSON
Schema ``hvlab/data/scenario.schema.json`` is built from this table) and the one core operation
it calls (``vm.checkpoint``, ``vm.apply``...), the same call a click in a lab or a cmdlet makes.
A scenario file only names an action and gives its values: nothing in it is evaluated as code.
A new action is one entry here (then ``python -m hvlab scenario schema``, see its test).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from hvlab.checkpoint_type import CheckpointType
from hvlab.guest import GuestOS, GuestProfile, GuestRole
from hvlab.host import HostKind
from hvlab.integration_services import IntegrationService
from hvlab.states import VMState
from hvlab.vm.backups import BackupOutcome

from .presets import GUEST_PRESETS

if TYPE_CHECKING:  # pragma: no cover
    from hvlab.lab import Lab
    from hvlab.vm import VirtualMachine

__all__ = ["ACTIONS", "Action", "Param", "apply_vm_settings", "guest_of", "vm_spec_params"]

STATES = tuple(s.value for s in (VMState.OFF, VMState.RUNNING, VMState.SAVED, VMState.PAUSED))
CHECKPOINT_TYPES = tuple(t.value for t in CheckpointType)
SERVICES = tuple(s.value for s in IntegrationService)
GUEST_OSES = tuple(o.name for o in GuestOS)
GUEST_ROLES = tuple(r.name for r in GuestRole)
HOSTS = tuple(dict.fromkeys(h.value for h in HostKind))
VARIABLE = {"type": "string", "pattern": "^\\{[a-z_][a-z0-9_]{0,31}(\\.[a-z_][a-z0-9_]{0,31})?\\}$"}
"""A whole-string ``{variable}`` (or ``{variable.key}``), allowed wherever a typed value goes."""
MAX_TEXT = 4000
"""The longest text value a scenario may hold (a file's content, a feedback line): a trainer's
sentence fits many times over; a 10 MB string is refused by the schema before any lab exists."""


@dataclass(frozen=True)
class Param:
    """One parameter of an action or a condition: a JSON Schema type (or a list of allowed
    values) and whether it must be given. A string may always be a whole ``{variable}``."""

    kind: str | tuple[str, ...]
    required: bool = False
    items: tuple[str, ...] = ()
    """For ``kind="names"``: the values each item may take (any name when empty)."""

    def schema(self) -> dict[str, Any]:
        variable = VARIABLE
        if isinstance(self.kind, tuple):
            return {"anyOf": [{"enum": list(self.kind)}, variable]}
        if self.kind == "string":
            return {"type": "string", "maxLength": MAX_TEXT}
        if self.kind == "names":
            item = {"enum": list(self.items)} if self.items else {"type": "string", "maxLength": 200}
            return {"type": "array", "maxItems": 64, "items": item}
        return {"anyOf": [{"type": self.kind}, variable]}


@dataclass(frozen=True)
class Action:
    """One lab action: its parameters and the core operation it runs on a VM."""

    name: str
    run: Callable[[VirtualMachine, dict[str, Any]], object]
    params: dict[str, Param] = field(default_factory=dict)


def _app(vm: VirtualMachine, key: str) -> str:
    """An app by its catalog key (``notepad``), named in the learner's language (``app.*``)."""
    from hvlab.catalog import text

    return text(f"app.{key}")


def _install_update(vm: VirtualMachine, p: dict[str, Any]) -> object:
    return vm.install_update(p.get("name", "KB5048667"), float(p.get("size_mb", 650.0)))


_ACTIONS = (
    Action("checkpoint", lambda vm, p: vm.checkpoint(p.get("name")), {"name": Param("string")}),
    Action("apply", lambda vm, p: vm.apply(p["checkpoint"]), {"checkpoint": Param("string", True)}),
    Action("delete_checkpoint", lambda vm, p: vm.delete_checkpoint(p["checkpoint"]), {"checkpoint": Param("string", True)}),
    Action("delete_checkpoint_subtree", lambda vm, p: vm.delete_checkpoint_subtree(p["checkpoint"]),
           {"checkpoint": Param("string", True)}),
    Action("rename_checkpoint", lambda vm, p: vm.rename_checkpoint(p["checkpoint"], p["new_name"]),
           {"checkpoint": Param("string", True), "new_name": Param("string", True)}),
    Action("start", lambda vm, p: vm.start()),
    Action("complete_boot", lambda vm, p: vm.complete_boot()),
    Action("shut_down", lambda vm, p: vm.shut_down()),
    Action("turn_off", lambda vm, p: vm.turn_off()),
    Action("save", lambda vm, p: vm.save()),
    Action("pause", lambda vm, p: vm.pause()),
    Action("resume", lambda vm, p: vm.resume()),
    Action("delete_saved_state", lambda vm, p: vm.delete_saved_state()),
    Action("put_in_state", lambda vm, p: vm.put_in_state(VMState(p["state"])), {"state": Param(STATES, True)}),
    Action("write_file", lambda vm, p: vm.write_file(p["path"], p["content"], float(p.get("size_mb", 1.0))),
           {"path": Param("string", True), "content": Param("string", True), "size_mb": Param("number")}),
    Action("delete_file", lambda vm, p: vm.delete_file(p["path"]), {"path": Param("string", True)}),
    Action("install_update", _install_update, {"name": Param("string"), "size_mb": Param("number")}),
    Action("open_app", lambda vm, p: vm.open_app(_app(vm, p["app"])), {"app": Param(("notepad", "text_editor"), True)}),
    Action("close_app", lambda vm, p: vm.close_app(_app(vm, p["app"])), {"app": Param(("notepad", "text_editor"), True)}),
    Action("change_directory", lambda vm, p: vm.change_directory(p.get("change", "create user alice")),
           {"change": Param("string")}),
    Action("restore_directory_in_dsrm", lambda vm, p: vm.restore_directory_in_dsrm()),
    Action("force_demote", lambda vm, p: vm.force_demote()),
    Action("set_checkpoint_type", lambda vm, p: vm.set_checkpoint_type(CheckpointType(p["type"])),
           {"type": Param(CHECKPOINT_TYPES, True)}),
    Action("set_integration_service", lambda vm, p: vm.set_integration_service(IntegrationService(p["service"]), bool(p["enabled"])),
           {"service": Param(SERVICES, True), "enabled": Param("boolean", True)}),
    Action("set_automatic_checkpoints", lambda vm, p: vm.set_automatic_checkpoints(bool(p["enabled"])),
           {"enabled": Param("boolean", True)}),
    Action("set_vss_requester_running", lambda vm, p: vm.set_vss_requester_running(bool(p["running"])),
           {"running": Param("boolean", True)}),
    Action("set_snapshot_file_location", lambda vm, p: vm.set_snapshot_file_location(p["path"]), {"path": Param("string", True)}),
    Action("upgrade_configuration_version", lambda vm, p: vm.upgrade_configuration_version()),
    # Backups and the files no checkpoint explains (B32-B34): the lab's backup is lab-only.
    Action("run_backup", lambda vm, p: vm.run_backup(BackupOutcome(p.get("outcome", "succeeded"))),
           {"outcome": Param(tuple(o.value for o in BackupOutcome))}),
    Action("set_disk_path", lambda vm, p: vm.set_disk_path(p["path"], int(p.get("disk", 0))),
           {"path": Param("string", True), "disk": Param("integer")}),
    Action("merge_vhd", lambda vm, p: vm.merge_vhd(p["path"], p.get("destination")),
           {"path": Param("string", True), "destination": Param("string")}),
    # Drives a checkpoint cannot hold (B30) and expanding a disk (B31).
    Action("add_pass_through_disk", lambda vm, p: vm.add_hard_disk_drive(disk_number=int(p["disk_number"])),
           {"disk_number": Param("integer", True)}),
    Action("resize_disk", lambda vm, p: vm.resize_disk(int(p.get("disk", 0)), float(p["size_gb"])),
           {"size_gb": Param("number", True), "disk": Param("integer")}),
    # The host volume (B29), lab-only: its size, other files filling it, deleting them.
    Action("set_volume_size", lambda vm, p: vm.lab.set_volume_size(float(p["size_gb"])), {"size_gb": Param("number", True)}),
    Action("fill_volume", lambda vm, p: vm.lab.fill_volume(float(p.get("leave_free_gb", 0.0))), {"leave_free_gb": Param("number")}),
    Action("delete_other_files", lambda vm, p: vm.lab.delete_other_files(float(p["size_gb"]) if "size_gb" in p else None),
           {"size_gb": Param("number")}),
)
ACTIONS: dict[str, Action] = {a.name: a for a in _ACTIONS}
"""Every lab action a scenario's ``lab.steps`` and ``solution.steps`` may name, by name; a step
may also be ``do = "powershell"`` with a ``script`` run by hvlab's console."""


# ---------------------------------------------------------------------- the starting VMs
def vm_spec_params() -> dict[str, Param]:
    """What a ``[[lab.vms]]`` table may say about one VM (``New-VM``, ``Set-VM``, its guest)."""
    return {
        "name": Param("string", True),
        "guest": Param(tuple(GUEST_PRESETS), False),
        "os": Param(GUEST_OSES),
        "roles": Param("names", items=GUEST_ROLES),
        "integration_services_installed": Param("boolean"),
        "vss_requester_running": Param("boolean"),
        "version": Param("string"),
        "checkpoint_type": Param(CHECKPOINT_TYPES),
        "automatic_checkpoints": Param("boolean"),
        "disks": Param("names"),
        "disk_size_gb": Param("number"),
        "state": Param(STATES),
        "disabled_services": Param("names", items=SERVICES),
    }


def guest_of(spec: dict[str, Any]) -> GuestProfile:
    """The guest a VM table describes: a preset (``guest = "linux_no_daemon"``, see
    :mod:`hvlab.course.presets`) or ``os``/``roles``, then the two switches over it."""
    guest = GUEST_PRESETS[spec["guest"]]() if "guest" in spec else GuestProfile()
    from dataclasses import replace

    if "os" in spec:
        guest = replace(guest, os=GuestOS[spec["os"]])
    if "roles" in spec:
        guest = replace(guest, roles=frozenset(GuestRole[r] for r in spec["roles"]))
    if "integration_services_installed" in spec:
        guest = replace(guest, integration_services=bool(spec["integration_services_installed"]))
    if "vss_requester_running" in spec:
        guest = replace(guest, vss_requester_running=bool(spec["vss_requester_running"]))
    return guest


def new_vm(lab: Lab, spec: dict[str, Any]) -> VirtualMachine:
    """``New-VM`` as the table says, then its services and its power state (each an operation)."""
    kwargs: dict[str, Any] = {}
    if "version" in spec:
        kwargs["version"] = spec["version"]
    if "checkpoint_type" in spec:
        kwargs["checkpoint_type"] = CheckpointType(spec["checkpoint_type"])
    if "automatic_checkpoints" in spec:
        kwargs["automatic_checkpoints"] = bool(spec["automatic_checkpoints"])
    if "disks" in spec:
        kwargs["disks"] = list(spec["disks"])
    if "disk_size_gb" in spec:
        kwargs["disk_size_gb"] = float(spec["disk_size_gb"])
    vm = lab.new_vm(spec["name"], guest_of(spec), **kwargs)
    apply_vm_settings(vm, spec)
    return vm


def apply_vm_settings(vm: VirtualMachine, spec: dict[str, Any]) -> None:
    for name in spec.get("disabled_services", ()):
        vm.set_integration_service(IntegrationService(name), False)
    if "state" in spec:
        vm.put_in_state(VMState(spec["state"]))
