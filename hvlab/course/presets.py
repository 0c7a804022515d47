"""Guest presets: the guests a learner picks from in the labs, by a short key.

Each key names a guest the course teaches with (its label is the catalog's ``widget.guest.<key>``);
the value makes a fresh :class:`~hvlab.guest.GuestProfile`, so two labs never share one."""

from __future__ import annotations

from typing import Callable

from hvlab.guest import GuestOS, GuestProfile, GuestRole

__all__ = ["GUEST_PRESETS", "preset_of"]

GUEST_PRESETS: dict[str, Callable[[], GuestProfile]] = {
    "windows": lambda: GuestProfile.windows(GuestOS.WINDOWS_SERVER_2022),
    "linux_daemon": lambda: GuestProfile.linux(vss_daemon=True),
    "linux_no_daemon": lambda: GuestProfile.linux(vss_daemon=False),
    "old_dc": GuestProfile.old_domain_controller,
    "sql": lambda: GuestProfile.windows(GuestOS.WINDOWS_SERVER_2022, GuestRole.SQL_SERVER),
}
"""Windows (VSS), Linux with and without ``hv_vss_daemon`` (B5), a Windows Server 2008 R2 domain
controller (A10, B23) and a Windows guest with SQL Server (A9, B12): key -> profile."""


def preset_of(guest: GuestProfile) -> str | None:
    """The key of the preset ``guest`` equals, or ``None`` for a guest set up another way."""
    return next((key for key, make in GUEST_PRESETS.items() if make() == guest), None)
