"""A Hyper-V virtual machine: its settings, power state, disks, checkpoints and operations.

One class, :class:`VirtualMachine`, put together from parts named as Hyper-V names them:

- :mod:`.base` — the VM's state and what a learner reads from it (files, checkpoints, owners);
- :mod:`.settings` — ``Set-VM``, integration services, configuration version, the guest;
- :mod:`.power` — ``Start-VM``, ``Stop-VM``, ``Save-VM``, ``Suspend-VM``... (one table of moves,
  :data:`hvlab.states.POWER_TRANSITIONS`);
- :mod:`.checkpoints` — ``Checkpoint-VM``, Apply, ``Remove-VMCheckpoint``, ``Rename-VMCheckpoint``;
- :mod:`.guest_actions` — what the guest does between checkpoints (files, apps, the directory);
- :mod:`.storage` — the VM's drives (``Add-VMHardDiskDrive``, ``Resize-VHD``) and a full volume;
- :mod:`.export` — ``Export-VMSnapshot`` (a checkpoint written out as a VM) and ``Import-VM``;
- :mod:`.backups`, :mod:`.disk_files` — a host backup (lab-only), its Recovery checkpoint, disk
  files no checkpoint explains, ``Set-VMHardDiskDrive -Path``, ``Merge-VHD``;
- :mod:`.result` — :class:`OperationResult` and the atomic ``operation`` wrapper.

Every public method that changes something is an *operation*: it either succeeds and returns an
:class:`OperationResult` a learner can read, or raises an :class:`~hvlab.errors.HvlabError` and
leaves the whole lab exactly as it was (the lab restores its snapshot on any failure).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..checkpoint_type import CheckpointType
from ..guest import GuestProfile
from .backups import VMBackups
from .base import DEFAULT_CONFIGURATION_VERSION, DEFAULT_DISK_FOLDER, DEFAULT_VM_FOLDER, new_disk_chains
from .checkpoints import MAX_NAME_LENGTH, VMCheckpoints
from .export import VMExports
from .guest_actions import GuestActions
from .power import VMPower
from .result import OperationResult, operation
from .settings import VMSettings
from .storage import VMStorage

if TYPE_CHECKING:  # pragma: no cover
    from ..lab import Lab

__all__ = [
    "DEFAULT_CONFIGURATION_VERSION",
    "DEFAULT_DISK_FOLDER",
    "DEFAULT_VM_FOLDER",
    "MAX_NAME_LENGTH",
    "OperationResult",
    "VirtualMachine",
    "operation",
]


class VirtualMachine(VMBackups, VMSettings, VMPower, VMCheckpoints, VMExports, GuestActions, VMStorage):
    """One VM on the simulated host. Create it with :meth:`hvlab.Lab.new_vm`."""

    @classmethod
    def create(
        cls,
        lab: Lab,
        name: str,
        vm_id: str,
        *,
        guest: GuestProfile,
        configuration_version: tuple[int, int],
        checkpoint_type: CheckpointType,
        automatic_checkpoints: bool,
        disk_names: Iterable[str],
        disk_folder: str,
        disk_size_gb: float = 127.0,
    ) -> VirtualMachine:
        """A new VM, Off, with a fresh base VHDX per disk name (GUIDs from ``lab``)."""
        return cls(
            lab, name, vm_id, guest=guest, configuration_version=configuration_version, checkpoint_type=checkpoint_type,
            automatic_checkpoints=automatic_checkpoints, disk_chains=new_disk_chains(lab, guest, disk_names, disk_folder, disk_size_gb),
        )

    @classmethod
    def from_dict(cls, lab: Lab, data: dict) -> VirtualMachine:
        """A VM of ``lab`` as :meth:`to_dict` saved it."""
        vm = cls(
            lab, data["name"], data["id"], guest=GuestProfile.from_dict(data["guest"]),
            configuration_version=(int(data["configuration_version"][0]), int(data["configuration_version"][1])),
            checkpoint_type=CheckpointType[data["checkpoint_type"]], automatic_checkpoints=bool(data["automatic_checkpoints"]),
            disk_chains=(),
        )
        vm.load_dict(data)
        return vm
