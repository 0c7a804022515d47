"""The PowerShell line equivalent to one core VM operation, for the lab widgets.

``equivalent("checkpoint", vm, name="before-update")`` returns
``Checkpoint-VM -Name 'web01' -SnapshotName 'before-update'``. Typed into a
:class:`~hvlab.powershell.Session` on an identical lab, the line calls the very same core
method(s) with the same arguments, so both labs end identical (``lab.to_dict()``), clock and
GUIDs included — ``tests/powershell/test_powershell_equivalent.py`` checks every operation listed here.

=============================  ====================================================================
core operation (kwargs)        PowerShell
=============================  ====================================================================
start                          ``Start-VM -Name 'web01'`` — the console's Start-VM also completes the
                               boot (``start()`` then ``complete_boot()``); pass ``hold_in_boot=True``
                               for a bare ``start()``: ``Set-LabBootHold … -Hold $true; Start-VM …``
complete_boot                  ``Complete-LabBoot -VMName 'web01'`` (lab-only)
shut_down / turn_off           ``Stop-VM -Name 'web01'`` / ``Stop-VM -Name 'web01' -TurnOff``
save / pause / resume          ``Save-VM`` / ``Suspend-VM`` / ``Resume-VM -Name 'web01'``
delete_saved_state             ``Remove-VMSavedState -VMName 'web01'``
checkpoint (name=None)         ``Checkpoint-VM -Name 'web01' [-SnapshotName 'x']``
apply (checkpoint,             ``Restore-VMCheckpoint -VMName 'web01' -Name 'x' -Confirm:$false``;
create_checkpoint=False)       with ``create_checkpoint``: ``Checkpoint-VM -Name 'web01' -ErrorAction Stop; Restore-…``
delete_checkpoint              ``Remove-VMCheckpoint -VMName 'web01' -Name 'x'``
delete_checkpoint_subtree      … ``-IncludeAllChildSnapshots``
rename_checkpoint (new_name)   ``Rename-VMCheckpoint -VMName 'web01' -Name 'x' -NewName 'y'``
export_checkpoint (path)       ``Export-VMCheckpoint -VMName 'web01' -Name 'x' -Path 'D:\\Exports'`` (B27)
upgrade_configuration_version  ``Update-VMVersion -Name 'web01'`` (B26)
set_checkpoint_type            ``Set-VM -Name 'web01' -CheckpointType ProductionOnly``
set_automatic_checkpoints      ``Set-VM -Name 'web01' -AutomaticCheckpointsEnabled $false``
set_snapshot_file_location     ``Set-VM -Name 'web01' -SnapshotFileLocation 'D:\\Checkpoints'``
set_integration_service        ``Disable-VMIntegrationService -VMName 'web01' -Name 'VSS'`` / Enable-…
set_guest / set_vss_requester  ``Set-LabGuest -VMName 'web01' …`` (lab-only)
add_hard_disk_drive (path |    ``Add-VMHardDiskDrive -VMName 'web01' -Path 'D:\\q.vhdx' [-SupportPersistentReservations]``
disk_number, shared)           or ``-DiskNumber 2``, ``[-ControllerLocation n]`` (B30)
remove_hard_disk_drive         ``Remove-VMHardDiskDrive -VMName 'web01' -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 1``
add_/remove_fibre_channel_…    ``Add-VMFibreChannelHba -VMName 'web01' -SanName 'x'`` / ``Get-VMFibreChannelHba … | Remove-…``
resize_disk (disk, size_gb)    ``Resize-VHD -Path '<the disk's VHDX>' -SizeBytes 214748364800`` or ``-ToMinimumSize`` (B31)
_running
=============================  ====================================================================

A checkpoint whose name is shared with another, or contains wildcard characters, is chosen by
its ID instead: ``Get-VMCheckpoint -VMName 'web01' | Where-Object Id -eq '<GUID>' | Restore-…``.
Operations with no PowerShell counterpart (guest actions such as writing a file,
``put_in_state``, ``set_configuration_version``) raise :class:`NoPowerShellEquivalent`.

The Restore cmdlet is written with its ``*-VMCheckpoint`` alias, the name Microsoft's checkpoint
pages use (USING); aliases and ``*-VMSnapshot`` names run identically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..catalog import text
from ..checkpoint import Checkpoint
from ..checkpoint_type import CheckpointType
from ..guest import GuestOS, GuestProfile, GuestRole
from ..integration_services import IntegrationService
from ..states import VMState

from .parser import parse
from .specs import ALIASES, SPECS
from .syntax import Assignment, Command, CommandParameter, Pipeline, Script, ScriptBlockExpr, SubExpression

if TYPE_CHECKING:  # pragma: no cover
    from ..vm import VirtualMachine

__all__ = ["NoPowerShellEquivalent", "equivalent", "lab_only_commands", "quote", "real_host_instead", "setup_script"]


class NoPowerShellEquivalent(ValueError):
    """The operation happens inside the guest or is a lab shortcut: no cmdlet does it."""


def quote(value: str) -> str:
    """A PowerShell single-quoted string literal (``'`` doubled inside; about_Quoting_Rules)."""
    return "'" + str(value).replace("'", "''") + "'"


def _bool(value: bool) -> str:
    return "$true" if value else "$false"


_OS_NAMES = {
    GuestOS.WINDOWS_SERVER_2025: "WindowsServer2025",
    GuestOS.WINDOWS_SERVER_2022: "WindowsServer2022",
    GuestOS.WINDOWS_SERVER_2019: "WindowsServer2019",
    GuestOS.WINDOWS_SERVER_2016: "WindowsServer2016",
    GuestOS.WINDOWS_SERVER_2008_R2: "WindowsServer2008R2",
    GuestOS.WINDOWS_11: "Windows11",
    GuestOS.WINDOWS_10: "Windows10",
    GuestOS.LINUX: "Linux",
}
_ROLE_NAMES = {GuestRole.SQL_SERVER: "SQLServer", GuestRole.DOMAIN_CONTROLLER: "DomainController"}


def equivalent(first: Any, second: Any, /, **kwargs: Any) -> str:
    """The PowerShell line doing what ``getattr(vm, operation)(**kwargs)`` does.

    Accepts ``equivalent(operation, vm, **kwargs)`` or ``equivalent(vm, operation, **kwargs)``.
    Raises :class:`NoPowerShellEquivalent` (a ``ValueError``) when no cmdlet does it.
    """
    operation, vm = (first, second) if isinstance(first, str) else (second, first)
    name = quote(vm.name)
    simple = {
        "shut_down": f"Stop-VM -Name {name}",
        "turn_off": f"Stop-VM -Name {name} -TurnOff",
        "save": f"Save-VM -Name {name}",
        "pause": f"Suspend-VM -Name {name}",
        "resume": f"Resume-VM -Name {name}",
        "delete_saved_state": f"Remove-VMSavedState -VMName {name}",
        "complete_boot": f"Complete-LabBoot -VMName {name}",
    }
    if operation in simple:
        return simple[operation]
    if operation == "start":
        line = f"Start-VM -Name {name}"
        if kwargs.get("hold_in_boot"):
            return f"Set-LabBootHold -VMName {name} -Hold $true; {line}"
        return line
    if operation == "checkpoint":
        given = kwargs.get("name")
        return f"Checkpoint-VM -Name {name}" + (f" -SnapshotName {quote(given)}" if given is not None else "")
    if operation == "apply":
        line = _with_checkpoint(vm, kwargs["checkpoint"], "Restore-VMCheckpoint", "-Confirm:$false")
        if kwargs.get("create_checkpoint"):
            # "Create Checkpoint and Apply" applies only if the checkpoint was taken: -ErrorAction
            # Stop keeps a refused Checkpoint-VM from letting the Restore run (about_CommonParameters).
            return f"Checkpoint-VM -Name {name} -ErrorAction Stop; {line}"
        return line
    if operation == "delete_checkpoint":
        return _with_checkpoint(vm, kwargs["checkpoint"], "Remove-VMCheckpoint", "")
    if operation == "delete_checkpoint_subtree":
        return _with_checkpoint(vm, kwargs["checkpoint"], "Remove-VMCheckpoint", "-IncludeAllChildSnapshots")
    if operation == "rename_checkpoint":
        return _with_checkpoint(vm, kwargs["checkpoint"], "Rename-VMCheckpoint", f"-NewName {quote(kwargs['new_name'])}")
    if operation == "export_checkpoint":
        return _with_checkpoint(vm, kwargs["checkpoint"], "Export-VMCheckpoint", f"-Path {quote(kwargs['path'])}")
    if operation == "upgrade_configuration_version":
        return f"Update-VMVersion -Name {name}"
    if operation == "set_checkpoint_type":
        value = kwargs["checkpoint_type"]
        value = value if isinstance(value, CheckpointType) else CheckpointType.parse(str(value))
        return f"Set-VM -Name {name} -CheckpointType {value.value}"
    if operation == "set_automatic_checkpoints":
        return f"Set-VM -Name {name} -AutomaticCheckpointsEnabled {_bool(kwargs['enabled'])}"
    if operation == "set_snapshot_file_location":
        return f"Set-VM -Name {name} -SnapshotFileLocation {quote(kwargs['path'])}"
    if operation == "set_integration_service":
        service = kwargs["service"]
        service = service if isinstance(service, IntegrationService) else IntegrationService.from_name(str(service))
        verb = "Enable" if kwargs["enabled"] else "Disable"
        return f"{verb}-VMIntegrationService -VMName {name} -Name {quote(service.powershell_name)}"
    if operation == "set_vss_requester_running":
        return f"Set-LabGuest -VMName {name} -VssRequesterRunning {_bool(kwargs['running'])}"
    if operation == "set_guest":
        guest: GuestProfile = kwargs["guest"]
        roles = ",".join(_ROLE_NAMES[r] for r in sorted(guest.roles, key=lambda r: r.name)) or "@()"
        return (
            f"Set-LabGuest -VMName {name} -OperatingSystem {_OS_NAMES[guest.os]} -Role {roles}"
            f" -IntegrationServicesInstalled {_bool(guest.integration_services)} -VssRequesterRunning {_bool(guest.vss_requester_running)}"
        )
    storage = _storage_line(operation, vm, name, kwargs)
    if storage is not None:
        return storage
    raise NoPowerShellEquivalent(operation)


def _storage_line(operation: str, vm: "VirtualMachine", name: str, kwargs: dict[str, Any]) -> str | None:
    """The drives and disk sizes (B30, B31); ``None`` for another operation. A new disk's own
    size has no Add-VMHardDiskDrive parameter (the console makes it 127 GB, as New-VM's default)."""
    if operation == "add_hard_disk_drive":
        if kwargs.get("size_gb", 127.0) != 127.0:
            raise NoPowerShellEquivalent(operation)
        location = kwargs.get("controller_location")
        where = f" -ControllerLocation {location}" if location is not None else ""
        if kwargs.get("disk_number") is not None:
            return f"Add-VMHardDiskDrive -VMName {name} -DiskNumber {int(kwargs['disk_number'])}{where}"
        shared = " -SupportPersistentReservations" if kwargs.get("shared") else ""
        return f"Add-VMHardDiskDrive -VMName {name} -Path {quote(kwargs['path'])}{shared}{where}"
    if operation == "remove_hard_disk_drive":
        kind = kwargs.get("controller_type")
        return (f"Remove-VMHardDiskDrive -VMName {name} -ControllerType {getattr(kind, 'value', kind or 'SCSI')}"
                f" -ControllerNumber {kwargs.get('controller_number', 0)} -ControllerLocation {kwargs['controller_location']}")
    if operation == "add_fibre_channel_adapter":
        return f"Add-VMFibreChannelHba -VMName {name} -SanName {quote(kwargs['san_name'])}"
    if operation == "remove_fibre_channel_adapter":
        return f"Get-VMFibreChannelHba -VMName {name} | Where-Object SanName -eq {quote(kwargs['san_name'])} | Remove-VMFibreChannelHba"
    if operation == "resize_disk":
        path = quote(vm.disk_chains[kwargs.get("disk", 0)].base.path)
        if kwargs.get("to_minimum"):
            return f"Resize-VHD -Path {path} -ToMinimumSize"
        return f"Resize-VHD -Path {path} -SizeBytes {int(round(kwargs['size_gb'] * 1024**3))}"
    return None


def _with_checkpoint(vm: "VirtualMachine", checkpoint: Checkpoint | str, cmdlet: str, tail: str) -> str:
    cp = vm.find_checkpoint(checkpoint)
    name = quote(vm.name)
    unique = sum(1 for c in vm.checkpoints.values() if c.name.casefold() == cp.name.casefold()) == 1
    plain = unique and not any(ch in cp.name for ch in "*?[]`")
    suffix = f" {tail}" if tail else ""
    if plain:
        return f"{cmdlet} -VMName {name} -Name {quote(cp.name)}{suffix}"
    return f"Get-VMCheckpoint -VMName {name} | Where-Object Id -eq {quote(cp.id)} | {cmdlet}{suffix}"


def setup_script(vm: "VirtualMachine") -> list[str]:
    """Lines that build, on a fresh host, a VM with ``vm``'s settings, guest and power state,
    then take a checkpoint — the script a learner would type to reproduce an explorer's setup.

    Lab-only ``Set-LabGuest`` / ``Set-LabBootHold`` appear only where the guest or a booting
    state cannot be chosen with Hyper-V cmdlets.
    """
    name = quote(vm.name)
    first = f"New-VM -Name {name}"
    if vm.configuration_version != vm.lab.host.default_version:
        first += f" -Version {vm.configuration_version_text}"
    lines = [first]
    if vm.guest != GuestProfile():
        lines.append(equivalent("set_guest", vm, guest=vm.guest))
    if vm.checkpoint_type is not CheckpointType.PRODUCTION:
        lines.append(equivalent("set_checkpoint_type", vm, checkpoint_type=vm.checkpoint_type))
    for service in IntegrationService:
        if vm.integration_services[service] != service.enabled_by_default:
            lines.append(equivalent("set_integration_service", vm, service=service, enabled=vm.integration_services[service]))
    host_default = vm.lab.host.automatic_checkpoints_by_default  # (B21)
    if vm.automatic_checkpoints != host_default:
        lines.append(equivalent("set_automatic_checkpoints", vm, enabled=vm.automatic_checkpoints))
    if vm.state is VMState.STARTING:
        lines.append(equivalent("start", vm, hold_in_boot=True))
    elif vm.state is not VMState.OFF:
        lines.append(equivalent("start", vm))
        if vm.state is VMState.PAUSED:
            lines.append(equivalent("pause", vm))
        elif vm.state is VMState.SAVED:
            lines.append(equivalent("save", vm))
    lines.append(equivalent("checkpoint", vm))
    return lines


def lab_only_commands(line: str) -> list[str]:
    """The lab-only cmdlets ``line`` calls, by their specs' ``lab_only`` flag (read from the
    parsed line, aliases resolved), in order of appearance: what a transcript must mark."""
    found: list[str] = []

    def visit(node: object) -> None:
        if isinstance(node, Script):
            for statement in node.statements:
                visit(statement.pipeline if isinstance(statement, Assignment) else statement)
        elif isinstance(node, Pipeline):
            for element in node.elements:
                visit(element)
        elif isinstance(node, Command):
            spec = SPECS.get(ALIASES.get(node.name.casefold(), node.name).casefold())
            if spec is not None and spec.lab_only and spec.name not in found:
                found.append(spec.name)
            for element in node.elements:
                visit(element.argument if isinstance(element, CommandParameter) else element.expr)
        elif isinstance(node, SubExpression):
            visit(node.pipeline)
        elif isinstance(node, ScriptBlockExpr):
            visit(node.script)

    visit(parse(line))
    return found


def real_host_instead(cmdlet: str) -> str:
    """One short line: what a real host needs instead of the lab-only ``cmdlet``."""
    return text("ps.help.real_host." + cmdlet)
