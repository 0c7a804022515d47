"""Cmdlets of VM configuration versions: ``Get-VMHostSupportedVersion`` (what the lab's host can
create and run, B26) and ``Update-VMVersion`` (one way, VM off, to the host's version, B26).

The versions come from the host (:class:`hvlab.host.HostKind`, VMVER's table); an upgrade goes
through the core's ``VirtualMachine.upgrade_configuration_version``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ...catalog import text
from ...host import Version, format_version
from ..binder import Bound
from ..objects import PSObject
from ..runtime import CmdletContext
from .common import check_common, result_notes, should_process, vm_object, vms_of
from .registry import cmdlet

__all__ = ["SupportedVersionObject"]


@dataclass
class SupportedVersionObject(PSObject):
    """``Microsoft.HyperV.PowerShell.VMHostSupportedVersion`` (Get-VMHostSupportedVersion
    OUTPUTS): a version and whether new VMs get it. ``Name`` is hvlab's: the host's row in
    Microsoft's table (a real host's wording of it is not documented; the console says so)."""

    host: str
    version: Version
    is_default: bool

    type_name = "Microsoft.HyperV.PowerShell.VMHostSupportedVersion"

    def property_names(self) -> list[str]:
        return ["Name", "Version", "IsDefault"]

    def _get(self, name: str) -> Any:
        return {"Name": f"{self.host} ({format_version(self.version)})", "Version": format_version(self.version), "IsDefault": self.is_default}[name]


@cmdlet("Get-VMHostSupportedVersion")
def get_vmhostsupportedversion(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    check_common(ctx, bound)
    if bound.set_name == "CimSession":
        raise ctx.not_simulated("ps.hvlab.one_host", computer="CimSession", host=ctx.session.host_name)
    host = ctx.lab.host
    versions = [v for v in host.supported_versions if not bound.get("Default") or v == host.default_version]
    ctx.note(text("ps.note.supported_versions", host=host.label))
    return [SupportedVersionObject(host.label, v, v == host.default_version) for v in versions]


@cmdlet("Update-VMVersion")
def update_vmversion(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    out = []
    for vm in vms_of(ctx, bound):
        if not should_process(ctx, bound, "Update-VMVersion", vm.name):
            continue
        result_notes(ctx, ctx.core(vm.upgrade_configuration_version))
        if bound.get("Passthru"):
            out.append(vm_object(ctx, vm))
    return out
