"""The PowerShell a learner would type on a real host for what they just clicked.

``hvlab.powershell`` (written alongside the widgets) is the authority: when it is installed its
``equivalent`` is used. Until then, and for anything it does not cover, these small templates
give the cmdlet lines whose syntax the reference quotes (Part C §1.2 SETVM, §4 Restore-VMCheckpoint,
§5.2 Remove-VMCheckpoint, §5.3 Rename-VMCheckpoint, §8 Enable-/Disable-VMIntegrationService).
Lab controls that have no Hyper-V cmdlet (choosing the guest, guest-side actions) are shown as
PowerShell comments saying so, never as invented cmdlets.
"""

from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING, Any

from hvlab.catalog import text
from hvlab.checkpoint_type import CheckpointType
from hvlab.integration_services import IntegrationService
from hvlab.states import VMState

if TYPE_CHECKING:  # pragma: no cover
    from hvlab.vm import VirtualMachine

__all__ = ["action_lines", "powershell_module", "setup_lines"]


def powershell_module() -> Any | None:
    """``hvlab.powershell`` if it is installed, else ``None``."""
    try:
        return importlib.import_module("hvlab.powershell")
    except ImportError:
        return None


def _quote(value: str) -> str:
    """A PowerShell single-quoted string ('' escapes a quote)."""
    return "'" + value.replace("'", "''") + "'"


def action_lines(vm: VirtualMachine, operation: str, **args: Any) -> list[str]:
    """PowerShell for one operation ``operation`` (a ``VirtualMachine`` method name) on ``vm``."""
    module = powershell_module()
    equivalent = getattr(module, "equivalent", None) if module is not None else None
    if equivalent is not None:
        try:
            produced = equivalent(vm, operation, **args)
        except (TypeError, ValueError, KeyError, NotImplementedError):
            produced = None
        if produced:
            lines = [produced] if isinstance(produced, str) else [str(line) for line in produced]
            return [_mark_lab_only(line) for line in lines]
    return _fallback(vm, operation, args)


def _mark_lab_only(line: str) -> str:
    """hvlab's console has a few lab-only cmdlets (``Complete-LabBoot``, ``Set-LabGuest``);
    say so, so nobody types them on a real host."""
    if re.search(r"(^|;\s*)[A-Za-z]+-Lab[A-Za-z]*\b", line):
        return f"{line}  {text('widget.ps.lab_only')}"
    return line


def _fallback(vm: VirtualMachine, operation: str, args: dict[str, Any]) -> list[str]:
    name = _quote(vm.name)
    simple = {
        "start": f"Start-VM -Name {name}",
        "shut_down": f"Stop-VM -Name {name}",
        "turn_off": f"Stop-VM -Name {name} -TurnOff",
        "save": f"Save-VM -Name {name}",
        "pause": f"Suspend-VM -Name {name}",
        "resume": f"Resume-VM -Name {name}",
        "delete_saved_state": f"Remove-VMSavedState -VMName {name}",
    }
    if operation in simple:
        return [simple[operation]]
    cp = args.get("checkpoint")
    cp_name = _quote(getattr(cp, "name", str(cp))) if cp is not None else ""
    if operation == "checkpoint":
        given = args.get("name")
        return [f"Checkpoint-VM -Name {name}" + (f" -SnapshotName {_quote(given)}" if given else "")]
    if operation == "apply":
        lines = []
        if args.get("create_checkpoint"):
            lines.append(f"Checkpoint-VM -Name {name}")
        lines.append(f"Restore-VMCheckpoint -Name {cp_name} -VMName {name} -Confirm:$false")
        return lines
    if operation == "delete_checkpoint":
        return [f"Remove-VMCheckpoint -VMName {name} -Name {cp_name}"]
    if operation == "delete_checkpoint_subtree":
        return [f"Remove-VMCheckpoint -VMName {name} -Name {cp_name} -IncludeAllChildSnapshots"]
    if operation == "rename_checkpoint":
        return [f"Rename-VMCheckpoint -VMName {name} -Name {cp_name} -NewName {_quote(str(args.get('new_name', '')))}"]
    if operation == "set_checkpoint_type":
        value = args["checkpoint_type"]
        value = value.value if isinstance(value, CheckpointType) else str(value)
        return [f"Set-VM -Name {name} -CheckpointType {value}"]
    if operation == "set_integration_service":
        service = args["service"]
        ps_name = service.powershell_name if isinstance(service, IntegrationService) else str(service)
        verb = "Enable" if args.get("enabled") else "Disable"
        return [f"{verb}-VMIntegrationService -VMName {name} -Name {_quote(ps_name)}"]
    if operation == "put_in_state":
        return _state_lines(vm.name, args["target"])
    if operation == "complete_boot":
        return [text("widget.ps.comment_boot")]
    if operation == "set_vss_requester_running":
        key = "widget.ps.comment_requester_on" if args.get("running") else "widget.ps.comment_requester_off"
        return [text(key, requester=vm.guest.requester_name)]
    if operation == "set_guest":
        return [text("widget.ps.comment_guest")]
    if operation == "set_configuration_version":
        return [text("widget.ps.comment_version")]
    return [text("widget.ps.comment_in_guest")]


def _state_lines(vm_name: str, target: VMState) -> list[str]:
    name = _quote(vm_name)
    if target is VMState.OFF:
        return []
    lines = [f"Start-VM -Name {name}"]
    if target is VMState.STARTING:
        lines.append(text("widget.ps.comment_still_booting"))
    elif target is VMState.PAUSED:
        lines.append(f"Suspend-VM -Name {name}")
    elif target is VMState.SAVED:
        lines.append(f"Save-VM -Name {name}")
    return lines


def setup_lines(vm: VirtualMachine) -> list[str]:
    """PowerShell that would bring a fresh VM to ``vm``'s settings and state, then checkpoint it."""
    module = powershell_module()
    setup = getattr(module, "setup_script", None) if module is not None else None
    if setup is not None:
        try:
            produced = setup(vm)
        except (TypeError, ValueError, KeyError, NotImplementedError):
            produced = None
        if produced:
            lines = produced.splitlines() if isinstance(produced, str) else [str(line) for line in produced]
            return [_mark_lab_only(line) for line in lines]
    name = _quote(vm.name)
    lines = [text("widget.ps.comment_guest_is", guest=vm.guest.os.value, version=vm.configuration_version_text)]
    lines.append(f"Set-VM -Name {name} -CheckpointType {vm.checkpoint_type.value}")
    for service in IntegrationService:
        on = vm.integration_services[service]
        if on != service.enabled_by_default:
            verb = "Enable" if on else "Disable"
            lines.append(f"{verb}-VMIntegrationService -VMName {name} -Name {_quote(service.powershell_name)}")
    if vm.guest.integration_services and not vm.guest.vss_requester_running:
        lines.append(text("widget.ps.comment_requester_off", requester=vm.guest.requester_name))
    lines += _state_lines(vm.name, vm.state)
    lines.append(f"Checkpoint-VM -Name {name}")
    return lines
