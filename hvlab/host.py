"""The Hyper-V host: which Windows runs Hyper-V, and so which VM configuration versions it can
create and run (see reference B26) and whether automatic checkpoints are on by default (B21).

Why the host's Windows version matters: Microsoft's page "Upgrade virtual machine version in
Hyper-V on Windows or Windows Server" (source VMVER,
learn.microsoft.com/windows-server/virtualization/hyper-v/deploy/upgrade-virtual-machine-version-in-hyper-v-on-windows-or-windows-server)
lists, per host, the configuration versions it supports; a VM whose version is not in its
host's row cannot start there. A version is upgraded (``Update-VMVersion``, VM off), never
downgraded ("You can't downgrade a virtual machine configuration version after you've upgraded
it.", VMVER). The table itself lives once, in hvlab's reference (:func:`hvlab.reference.supported_versions`);
this module only names the hosts a lab offers and reads their rows.

New VMs get the host's default version (``Get-VMHostSupportedVersion -Default``); the table
does not list the defaults, so hvlab takes the highest version of the host's row (*assumed*).
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from typing import Iterable

from .reference import supported_versions

__all__ = ["HostKind", "Version", "format_version", "parse_version"]

Version = tuple[int, int]
"""A VM configuration version, ``(10, 0)`` for 10.0: tuples compare as versions do."""


def parse_version(value: str | Iterable[int]) -> Version:
    """``"9.0"`` or ``(9, 0)`` → ``(9, 0)``; anything else raises ValueError."""
    if isinstance(value, str):
        major, _, minor = value.strip().partition(".")
        return int(major), int(minor or 0)
    major, minor = tuple(value)
    return int(major), int(minor)


def format_version(version: Version) -> str:
    return "{}.{}".format(*version)


class HostKind(Enum):
    """The Windows a lab's Hyper-V runs on; each value is the host's row name in Microsoft's
    table (VMVER, reference B26). ``WINDOWS_SERVER`` and ``WINDOWS_CLIENT`` keep their old
    meaning for callers and saved labs: a Windows Server host and a Windows 11 host, with the
    newest configuration version they offered before (10.0 on Windows Server 2022)."""

    WINDOWS_SERVER_2016 = "Windows Server 2016"
    WINDOWS_SERVER_2019 = "Windows Server 2019"
    WINDOWS_SERVER_2022 = "Windows Server 2022"
    WINDOWS_SERVER_2025 = "Windows Server 2025"
    WINDOWS_10 = "Windows 10 November 2021 Update (version 21H2)"
    WINDOWS_11 = "Windows 11, version 22H2 & 23H2"
    WINDOWS_11_24H2 = "Windows 11, version 24H2"
    # The names callers used before hosts had versions (aliases of the members above).
    WINDOWS_SERVER = "Windows Server 2022"
    WINDOWS_CLIENT = "Windows 11, version 22H2 & 23H2"

    @classmethod
    def _missing_(cls, value: object) -> HostKind | None:
        """Labs saved before hosts had versions name them "Windows Server" / "Windows 11"."""
        return _LEGACY.get(value) if isinstance(value, str) else None

    @staticmethod
    def is_legacy_name(value: object) -> bool:
        """Whether ``value`` is one of the names labs used before hosts had versions."""
        return isinstance(value, str) and value in _LEGACY

    @classmethod
    def parse(cls, value: HostKind | str) -> HostKind:
        """A host from a member, its value (Microsoft's row name), its member name or an old name."""
        if isinstance(value, HostKind):
            return value
        if value in cls.__members__:
            return cls.__members__[value]
        return cls(value)

    @classmethod
    def able_to_run(cls, versions: Iterable[Version], preferred: HostKind | None = None) -> HostKind:
        """``preferred`` if it runs every version in ``versions``, else the first Windows Server
        (2022, 2019, 2016, 2025) that does: how a lab saved under the old name "Windows Server"
        keeps a host that can run its VMs. ValueError if none can."""
        wanted = set(versions)
        order = [preferred] if preferred is not None else []
        order += [cls.WINDOWS_SERVER_2022, cls.WINDOWS_SERVER_2019, cls.WINDOWS_SERVER_2016, cls.WINDOWS_SERVER_2025]
        for host in order:
            if wanted <= set(host.supported_versions):
                return host
        raise ValueError(f"no Hyper-V host runs configuration versions {sorted(wanted)}")

    @property
    def label(self) -> str:
        return self.value

    @property
    def is_server(self) -> bool:
        return self.value.startswith("Windows Server")

    @property
    def automatic_checkpoints_by_default(self) -> bool:
        """Automatic checkpoints are on by default on Windows 10 (1709+) and 11, off on Windows
        Server (B21, BLOG-REVERT)."""
        return not self.is_server

    @property
    def supported_versions(self) -> tuple[Version, ...]:
        """The configuration versions this host can create and run, highest first (B26, VMVER)."""
        return _supported(self)

    @property
    def default_version(self) -> Version:
        """The version of a new VM: the highest this host supports (*assumed*, see the module)."""
        return self.supported_versions[0]

    def can_run(self, version: Version) -> bool:
        return tuple(version) in self.supported_versions


_LEGACY = {"Windows Server": HostKind.WINDOWS_SERVER_2022, "Windows 11": HostKind.WINDOWS_11}


@lru_cache(maxsize=None)
def _supported(host: HostKind) -> tuple[Version, ...]:
    """B26's row for ``host``, highest first: read from the reference on first use, so that
    ``import hvlab`` reads no data file."""
    return tuple(sorted((parse_version(v) for v in supported_versions(host.value)), reverse=True))
