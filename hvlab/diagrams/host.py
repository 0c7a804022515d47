"""The lab's host in a diagram's title: a lab has a host, shown in every lab and diagram title,
because the host's Windows decides which configuration versions its VMs can have (B26)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..catalog import text

if TYPE_CHECKING:  # pragma: no cover
    from ..vm import VirtualMachine

__all__ = ["on_host"]


def on_host(heading: str, vm: VirtualMachine) -> str:
    """``heading`` followed by the host the VM runs on ("… · host: Windows Server 2022")."""
    return text("diagram.on_host", title=heading, host=vm.lab.host.label)
