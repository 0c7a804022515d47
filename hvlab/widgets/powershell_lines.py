"""The PowerShell a learner would type on a real host for what they just clicked.

``hvlab.powershell.equivalent`` is the single authority for cmdlet lines (its tests run each line
in the console and compare the lab with the click's). Controls with no Hyper-V cmdlet (the guest
finishing its boot, guest-side actions, the lab's state shortcut) are shown as PowerShell
comments saying so, never as invented cmdlets; the console's own lab-only cmdlets are marked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hvlab.catalog import text
from hvlab.powershell import NoPowerShellEquivalent, equivalent, lab_only_commands, real_host_instead, setup_script
from hvlab.states import VMState

if TYPE_CHECKING:  # pragma: no cover
    from hvlab.vm import VirtualMachine

__all__ = ["action_lines", "setup_lines"]

_COMMENTS = {
    "complete_boot": "widget.ps.comment_boot",
    "set_guest": "widget.ps.comment_guest",
    "set_configuration_version": "widget.ps.comment_version",
}


def action_lines(vm: VirtualMachine, operation: str, **args: Any) -> list[str]:
    """PowerShell for one operation ``operation`` (a ``VirtualMachine`` method name) on ``vm``."""
    try:
        return _mark_lab_only(equivalent(operation, vm, **args))
    except NoPowerShellEquivalent:
        pass
    if operation == "put_in_state":
        return _state_lines(vm, args["target"])
    if operation == "set_vss_requester_running":
        key = "widget.ps.comment_requester_on" if args.get("running") else "widget.ps.comment_requester_off"
        return [text(key, requester=vm.guest.requester_name)]
    return [text(_COMMENTS.get(operation, "widget.ps.comment_in_guest"))]


def _mark_lab_only(line: str) -> list[str]:
    """hvlab's console has a few lab-only cmdlets (``Complete-LabBoot``, ``Set-LabGuest``; their
    specs say ``lab_only``): mark the line, and add one line per such cmdlet saying what a real
    host needs instead, so nobody types them on a real host."""
    lab_only = lab_only_commands(line)
    if not lab_only:
        return [line]
    return [f"{line}  {text('widget.ps.lab_only')}", *("# " + real_host_instead(name) for name in lab_only)]


def _state_lines(vm: VirtualMachine, target: VMState) -> list[str]:
    """The explorer's state shortcut as the cmdlets a learner would run from Off."""
    if target is VMState.OFF:
        return []
    lines = [equivalent("start", vm)]
    if target is VMState.STARTING:
        lines.append(text("widget.ps.comment_still_booting"))
    elif target is VMState.PAUSED:
        lines.append(equivalent("pause", vm))
    elif target is VMState.SAVED:
        lines.append(equivalent("save", vm))
    return lines


def setup_lines(vm: VirtualMachine) -> list[str]:
    """PowerShell that would bring a fresh VM to ``vm``'s settings and state, then checkpoint it."""
    return [marked for line in setup_script(vm) for marked in _mark_lab_only(line)]
