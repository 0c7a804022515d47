"""hvlab's lab-only cmdlets (``*-Lab*``): controls of the simulated lab, not Hyper-V's.

Each spec says ``lab_only``; Get-Help and the transcript's PowerShell lines say so to the learner.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable

from ...catalog import text
from ...guest import GuestOS, GuestRole
from ..binder import Bound
from ..formatter import FormattedText
from ..runtime import CmdletContext
from .common import console_preview, result_notes, vms_of
from .registry import cmdlet

__all__: list[str] = []

_GUEST_OS = {
    "WindowsServer2025": GuestOS.WINDOWS_SERVER_2025,
    "WindowsServer2022": GuestOS.WINDOWS_SERVER_2022,
    "WindowsServer2019": GuestOS.WINDOWS_SERVER_2019,
    "WindowsServer2016": GuestOS.WINDOWS_SERVER_2016,
    "WindowsServer2008R2": GuestOS.WINDOWS_SERVER_2008_R2,
    "Windows11": GuestOS.WINDOWS_11,
    "Windows10": GuestOS.WINDOWS_10,
    "Linux": GuestOS.LINUX,
}
_ROLES = {"sqlserver": GuestRole.SQL_SERVER, "domaincontroller": GuestRole.DOMAIN_CONTROLLER}


@cmdlet("Set-LabGuest")
def set_labguest(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    roles_given = bound.get("Role")
    roles: list[GuestRole] = []
    for role in roles_given or []:
        found = _ROLES.get(role.replace(" ", "").casefold())
        if found is None:
            raise ctx.fail(text("ps.hvlab.bad_role", role=role))
        roles.append(found)
    for vm in vms_of(ctx, bound, "VMName"):
        if any(p in bound for p in ("OperatingSystem", "Role", "IntegrationServicesInstalled")):
            profile = vm.guest
            if "OperatingSystem" in bound:
                profile = replace(profile, os=_GUEST_OS[bound.get("OperatingSystem")])
            if roles_given is not None:
                profile = profile.with_roles(*roles)
            if "IntegrationServicesInstalled" in bound:
                profile = replace(profile, integration_services=bound.get("IntegrationServicesInstalled"))
            if "VssRequesterRunning" in bound:  # one set_guest call, as the lab widgets make
                profile = replace(profile, vss_requester_running=bound.get("VssRequesterRunning"))
            result_notes(ctx, ctx.core(lambda: vm.set_guest(profile)))
        elif "VssRequesterRunning" in bound:
            result_notes(ctx, ctx.core(lambda: vm.set_vss_requester_running(bound.get("VssRequesterRunning"))))
    return []


@cmdlet("Complete-LabBoot")
def complete_labboot(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    for vm in vms_of(ctx, bound, "VMName"):
        result_notes(ctx, ctx.core(vm.complete_boot))
    return []


@cmdlet("Set-LabBootHold")
def set_labboothold(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    for vm in vms_of(ctx, bound, "VMName"):
        if bound.get("Hold"):
            ctx.session.held_in_boot.add(vm.id)
        else:
            ctx.session.held_in_boot.discard(vm.id)
        ctx.note(text("ps.note.hold_on" if bound.get("Hold") else "ps.note.hold_off", vm=vm.name))
    return []


@cmdlet("Get-LabCheckpointPreview")
def get_labcheckpointpreview(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    return [FormattedText(console_preview(vm) + "\n") for vm in vms_of(ctx, bound, "VMName")]


@cmdlet("Get-LabEvent")
def get_labevent(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    out = []
    for vm in vms_of(ctx, bound, "VMName"):
        events = vm.events
        if bound.get("Newest") is not None:
            events = events[-bound.get("Newest") :] if bound.get("Newest") else []
        out.append(FormattedText("\n".join(str(e) for e in events) + "\n"))
    return out


@cmdlet("Undo-LabOperation")
def undo_laboperation(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    ctx.core(ctx.session.undo_line)
    ctx.note(text("ps.note.undone"))
    return []
