"""hvlab: learn how Hyper-V checkpoints really behave.

The core (this package's top level) is pure Python: importing it loads neither matplotlib nor
ipywidgets. Diagrams live in :mod:`hvlab.diagrams`, lab widgets in :mod:`hvlab.widgets`.

Every learner-facing text exists in English and Japanese: ``hvlab.set_language("ja")`` or
``hvlab.set_language("en")`` switches at run time; without it the environment decides
(``HVLAB_LANG``, then ``LC_ALL``/``LC_MESSAGES``/``LANG``, else English). See
:func:`hvlab.catalog.set_language` for what follows a switch.

    >>> from hvlab import Lab, GuestProfile
    >>> lab = Lab(seed=1)
    >>> vm = lab.new_vm("web01", GuestProfile.linux(vss_daemon=False))
    >>> vm.put_in_state(VMState.RUNNING).summary
    'web01 is now Running.'
    >>> vm.preview_checkpoint().outcome.value
    'Standard'
"""

from __future__ import annotations

from .catalog import get_language, set_language, text
from .checkpoint import Checkpoint, ManagerAction, MemoryState, SnapshotType
from .checkpoint_type import CheckpointKind, CheckpointType, Consistency
from .disk_chain import Block, DiskChain, DiskFormat, VirtualHardDisk
from .domain_controller import DirectoryHealth
from .errors import (
    CheckpointLimitError,
    CheckpointNotFoundError,
    CheckpointOperationFailed,
    ConfigurationError,
    GuestNotReadyError,
    HvlabError,
    InvalidNameError,
    InvalidStateError,
    LabFileError,
    StorageError,
    VMNotFoundError,
)
from .events import Event, EventLevel, EventSource
from .guest import GuestFamily, GuestOS, GuestProfile, GuestRole
from .integration_services import IntegrationService
from .host import HostKind
from .lab import Lab, LabSnapshot
from .persistence import load_lab, save_lab
from .preview import MAX_CHECKPOINTS, Check, CheckpointPreview, Outcome, preview_checkpoint
from .states import VMState
from .storage import AttachmentKind, ControllerType, HardDiskDrive, HostVolume, StoredFile, VolumeUsage
from .vm import OperationResult, VirtualMachine
from .vm.backups import BackupMethod, BackupOutcome
from .vm.disk_files import OrphanDisk, OrphanKind
from .vm.steps import Step, StepKind

__version__ = "0.1.0"

__all__ = [
    "MAX_CHECKPOINTS",
    "AttachmentKind",
    "BackupMethod",
    "BackupOutcome",
    "Block",
    "Check",
    "Checkpoint",
    "CheckpointKind",
    "CheckpointLimitError",
    "CheckpointNotFoundError",
    "CheckpointOperationFailed",
    "CheckpointPreview",
    "CheckpointType",
    "ConfigurationError",
    "ControllerType",
    "Consistency",
    "DirectoryHealth",
    "DiskChain",
    "DiskFormat",
    "Event",
    "EventLevel",
    "EventSource",
    "GuestFamily",
    "GuestNotReadyError",
    "GuestOS",
    "GuestProfile",
    "GuestRole",
    "HardDiskDrive",
    "HostKind",
    "HostVolume",
    "HvlabError",
    "IntegrationService",
    "InvalidNameError",
    "InvalidStateError",
    "Lab",
    "LabFileError",
    "LabSnapshot",
    "ManagerAction",
    "MemoryState",
    "OperationResult",
    "OrphanDisk",
    "OrphanKind",
    "Outcome",
    "SnapshotType",
    "Step",
    "StepKind",
    "StorageError",
    "StoredFile",
    "VMNotFoundError",
    "VMState",
    "VirtualHardDisk",
    "VirtualMachine",
    "VolumeUsage",
    "get_language",
    "load_lab",
    "preview_checkpoint",
    "save_lab",
    "set_language",
    "text",
]
