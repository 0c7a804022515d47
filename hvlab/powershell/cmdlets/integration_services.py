"""Cmdlets that manage integration services: Get-, Enable- and Disable-VMIntegrationService.

The Backup (volume shadow copy) service decides whether a production checkpoint can use the
guest's VSS (see reference B5); the names are the ones Get-VMIntegrationService lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from ...catalog import text
from ...errors import VMNotFoundError
from ...integration_services import IntegrationService
from ..binder import Bound
from ..objects import IntegrationServiceObject
from ..operators import has_wildcard, wildcard_match
from ..runtime import CmdletContext
from .common import live_checkpoint, result_notes, should_process, vms_of
from .registry import IMPLEMENTATIONS, Impl, cmdlet

if TYPE_CHECKING:  # pragma: no cover
    from ...vm import VirtualMachine

__all__: list[str] = []


def _services_named(ctx: CmdletContext, vm: "VirtualMachine", names: list[str] | None) -> list[IntegrationService]:
    ordered = sorted(IntegrationService, key=lambda s: s.powershell_name)
    if names is None:
        return ordered
    found: list[IntegrationService] = []
    for name in names:
        matches = [s for s in ordered if wildcard_match(name, s.powershell_name)] if has_wildcard(name) else [s for s in ordered if s.powershell_name.casefold() == name.casefold()]
        if not matches and not has_wildcard(name):
            raise ctx.fail(text("error.bad_integration_service", value=name))
        found += [s for s in matches if s not in found]
    return found


@cmdlet("Get-VMIntegrationService")
def get_vmintegrationservice(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    if "VMSnapshot" in bound:
        vm, cp = live_checkpoint(ctx, bound.get("VMSnapshot"))
        ctx.note(text("ps.note.snapshot_services", name=cp.name))
        vms = [vm]
    else:
        vms = vms_of(ctx, bound, "VMName")
    out = []
    for vm in vms:
        for service in _services_named(ctx, vm, bound.get("Name")):
            out.append(IntegrationServiceObject(ctx.lab, vm.id, service))
    return out


def _set_services(enabled: bool) -> Impl:
    verb = "Enable-VMIntegrationService" if enabled else "Disable-VMIntegrationService"

    def run(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
        targets: list[tuple[VirtualMachine, IntegrationService]] = []
        if "VMIntegrationService" in bound:
            for obj in bound.get("VMIntegrationService"):
                try:
                    targets.append((obj.vm, obj.service))
                except VMNotFoundError:
                    raise ctx.fail(text("ps.hvlab.object_gone")) from None
        else:
            for vm in vms_of(ctx, bound, "VMName"):
                for service in _services_named(ctx, vm, bound.get("Name")):
                    targets.append((vm, service))
        out = []
        for vm, service in targets:
            if not should_process(ctx, bound, verb, f"{vm.name}: {service.powershell_name}"):
                continue
            result_notes(ctx, ctx.core(lambda: vm.set_integration_service(service, enabled)))
            if bound.get("Passthru"):
                out.append(IntegrationServiceObject(ctx.lab, vm.id, service))
        return out

    return run


IMPLEMENTATIONS["Enable-VMIntegrationService"] = _set_services(True)
IMPLEMENTATIONS["Disable-VMIntegrationService"] = _set_services(False)
