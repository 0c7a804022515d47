"""What every part of a VM shares: its state, how it is read, narrated and saved.

:class:`VMCore` holds a VM's settings, power state, disks and checkpoints and answers questions
about them (nothing here changes the lab). The operations live beside it, named as Hyper-V
names them: :mod:`.settings`, :mod:`.power`, :mod:`.checkpoints`, :mod:`.guest_actions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..catalog import text
from ..checkpoint import Checkpoint, MemoryState
from ..checkpoint_type import CheckpointType
from ..disk_chain import Block, DiskChain, VirtualHardDisk
from ..domain_controller import DIRECTORY_PATH, DirectoryState, format_directory
from ..errors import CheckpointNotFoundError, InvalidStateError
from ..events import Event, EventLevel, EventSource
from ..guest import GuestProfile
from ..host import format_version
from ..integration_services import IntegrationService
from ..preview import CheckpointPreview, preview_checkpoint
from ..states import VMState, sources
from ..storage import HardDiskDrive
from .result import OperationResult
from .steps import Step, StepKind, lab_state, new_step, pack_state

if TYPE_CHECKING:  # pragma: no cover
    from ..lab import Lab

__all__ = ["DEFAULT_CONFIGURATION_VERSION", "DEFAULT_DISK_FOLDER", "DEFAULT_VM_FOLDER", "VMCore", "new_disk_chains"]

DEFAULT_CONFIGURATION_VERSION = (10, 0)
"""The version a new VM gets on the default host (Windows Server 2022, B26); a lab's own
default is ``lab.host.default_version``."""
PAUSED_CRITICAL = "PausedCritical"
"""Get-VM's State for a VM paused because its storage ran out (Microsoft.HyperV.PowerShell.VMState,
VMSTATE-ENUM; Hyper-V Manager shows "Paused-Critical", BPA-CKPT; reference B29)."""
DEFAULT_VM_FOLDER = "C:\\ProgramData\\Microsoft\\Windows\\Hyper-V"
DEFAULT_DISK_FOLDER = "C:\\ProgramData\\Microsoft\\Windows\\Virtual Hard Disks"


class VMCore:
    """A VM's state and the questions a learner asks about it."""

    def __init__(
        self,
        lab: Lab,
        name: str,
        vm_id: str,
        *,
        guest: GuestProfile,
        configuration_version: tuple[int, int],
        checkpoint_type: CheckpointType,
        automatic_checkpoints: bool,
        disk_chains: Iterable[DiskChain],
    ):
        self.lab = lab
        self.name = name
        self.id = vm_id
        self.guest = guest
        self.configuration_version = configuration_version
        self.checkpoint_type = checkpoint_type
        self.automatic_checkpoints = automatic_checkpoints
        self.snapshot_file_location = DEFAULT_VM_FOLDER
        self.integration_services = {s: s.enabled_by_default for s in IntegrationService}
        self.state = VMState.OFF
        self.memory: MemoryState | None = None
        self.open_apps: tuple[str, ...] = ()
        self.checkpoints: dict[str, Checkpoint] = {}
        self.now_parent_id: str | None = None
        self.directory = DirectoryState()
        self.events: list[Event] = []
        self.last_result: OperationResult | None = None
        self._pending_notes: list[str] = []
        self._pending_assumptions: list[str] = []
        self._pending_steps: list[Step] = []
        self.disk_chains: list[DiskChain] = list(disk_chains)
        self.active_disk_ids: list[str] = [chain.base_id for chain in self.disk_chains]
        # Drives and adapters beside the disk chains, and a full volume's pause (B29, B30; .storage).
        self.chain_locations: list[int] = list(range(len(self.disk_chains)))
        self.extra_drives: list[HardDiskDrive] = []
        self.fibre_channel_adapters: list[str] = []
        self.paused_critical = False

    # ------------------------------------------------------------------ reading
    def __repr__(self) -> str:
        return f"<VirtualMachine {self.name!r} {self.state.hyperv_label} checkpoints={len(self.checkpoints)}>"

    @property
    def configuration_version_text(self) -> str:
        return format_version(self.configuration_version)

    @property
    def hyperv_state(self) -> str:
        """``Get-VM``'s State column: a booting guest shows as Running (B3); a VM the host paused
        because its volume is full shows ``PausedCritical`` (the VMState value, B29)."""
        if self.paused_critical and self.state is VMState.PAUSED:
            return PAUSED_CRITICAL
        return self.state.hyperv_label

    @property
    def guest_booted(self) -> bool:
        """The heartbeat says the OS is up (IS-REF: Heartbeat drives Status)."""
        return self.state is VMState.RUNNING

    def active_disk(self, disk: int = 0) -> VirtualHardDisk:
        """The disk the VM writes to now (the "Now" disk)."""
        return self.disk_chains[disk][self.active_disk_ids[disk]]

    def files(self, disk: int = 0) -> dict[str, str]:
        """What the guest sees on a virtual disk now (reads fall through the chain, B17)."""
        return self.disk_chains[disk].view(self.active_disk_ids[disk])

    def read_file(self, path: str, disk: int = 0) -> str | None:
        return self.disk_chains[disk].read(self.active_disk_ids[disk], path)

    def checkpoint_files(self, checkpoint: Checkpoint | str, disk: int = 0) -> dict[str, str]:
        """What a checkpoint holds on a virtual disk (its frozen view)."""
        cp = self.find_checkpoint(checkpoint)
        return self.disk_chains[disk].view(cp.disk_ids[disk])

    def find_checkpoint(self, checkpoint: Checkpoint | str) -> Checkpoint:
        """A checkpoint by object, ID or unique name."""
        key = checkpoint.id if isinstance(checkpoint, Checkpoint) else checkpoint
        if key in self.checkpoints:
            return self.checkpoints[key]
        named = [c for c in self.checkpoints.values() if c.name == key]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise CheckpointNotFoundError(text("error.checkpoint_ambiguous", name=key, vm=self.name, count=len(named)))
        raise CheckpointNotFoundError(text("error.checkpoint_not_found", name=key, vm=self.name))

    def children(self, checkpoint: Checkpoint | str | None) -> list[Checkpoint]:
        """Child checkpoints, oldest first; ``None`` for the roots."""
        parent_id = None if checkpoint is None else self.find_checkpoint(checkpoint).id
        return [c for c in self.checkpoints.values() if c.parent_id == parent_id]

    def descendants(self, checkpoint: Checkpoint | str) -> list[Checkpoint]:
        found: list[Checkpoint] = []
        stack = [self.find_checkpoint(checkpoint)]
        while stack:
            for child in self.children(stack.pop()):
                found.append(child)
                stack.append(child)
        return found

    def ancestors_of_now(self) -> list[Checkpoint]:
        """The checkpoints on the Now branch, nearest first."""
        chain = []
        current = self.now_parent_id
        while current is not None:
            cp = self.checkpoints[current]
            chain.append(cp)
            current = cp.parent_id
        return chain

    def preview_checkpoint(self) -> CheckpointPreview:
        """What a checkpoint taken now would be, and why. Changes nothing."""
        return preview_checkpoint(self)  # type: ignore[arg-type]

    def peek_ids(self) -> list[str]:
        """The GUIDs the next checkpoint would get (checkpoint, then one AVHDX per disk)."""
        return self.lab.peek_ids(1 + len(self.disk_chains))

    def disk_owners(self, disk: int = 0) -> dict[str, str]:
        """Which checkpoint (ID) or ``"Now"`` owns each disk of a slot; shared parents own none."""
        owners = {cp.disk_ids[disk]: cp.id for cp in self.checkpoints.values()}
        owners[self.active_disk_ids[disk]] = "Now"
        return owners

    # ------------------------------------------------------------------ narration
    def _log(self, key: str, level: EventLevel = EventLevel.INFORMATION, source: EventSource = EventSource.HVLAB, rule: str | None = None, **values: object) -> None:
        """Log hvlab's narration (a catalog message) of what happened."""
        self.events.append(Event(self.lab.now, self.name, source, level, text(key, **values), rule, verbatim=False))

    def _log_text(self, message: str, source: EventSource, level: EventLevel = EventLevel.INFORMATION, rule: str | None = None, verbatim: bool = False, **fields: object) -> None:
        """Log a finished message, e.g. Hyper-V's own words quoted from a published source;
        ``fields`` are the event's provenance key, event id, log and source (see Event)."""
        self.events.append(Event(self.lab.now, self.name, source, level, message, rule, verbatim, **fields))  # type: ignore[arg-type]

    def _refuse_state(self, action: str, allowed: Iterable[VMState]) -> InvalidStateError:
        allowed_text = text("list.separator").join(s.label for s in allowed)
        return InvalidStateError(
            text("error.invalid_state", action=text(f"action.{action}"), state=self.state.label, allowed=allowed_text),
            state=self.state,
        )

    def _require_state(self, action: str, *allowed: VMState) -> None:
        """Refuse ``action`` unless the VM is in one of ``allowed`` (the power moves' states come
        from the one table, :data:`hvlab.states.POWER_TRANSITIONS`, when none are given)."""
        allowed = allowed or sources(action)
        if self.state not in allowed:
            raise self._refuse_state(action, allowed)

    def _step(self, kind: StepKind, **values: object) -> None:
        """Record one step of the running operation, with the lab as it is right now (its
        picture); call it right after the change it names (see :mod:`.steps`)."""
        self._pending_steps.append(new_step(kind, self.name, pack_state(self.lab.to_dict(events=False)), **values))  # type: ignore[arg-type]

    def _result(self, operation: str, summary: str, before: VMState, **kwargs: object) -> OperationResult:
        """Record what an operation did; notes raised along the way (e.g. by a merge that
        follows an assumed ruling) are added once."""
        notes = list(kwargs.pop("notes", ()))  # type: ignore[call-overload]
        notes += [n for n in self._pending_notes if n not in notes]
        assumed = list(kwargs.pop("assumptions", ()))  # type: ignore[call-overload]
        assumed += [a for a in self._pending_assumptions if a not in assumed]
        steps, self._pending_steps = tuple(self._pending_steps), []
        # Inside an operation the lab's snapshot is the one run_operation took before it
        # (same revision until the operation ends): the lab before the first step.
        start = lab_state(self.lab.snapshot().data) if steps else {}
        self._pending_notes = []
        self._pending_assumptions = []
        if self.state is not VMState.PAUSED:
            self.paused_critical = False  # any move out of Paused ends Paused-Critical (B29)
        result = OperationResult(operation=operation, summary=summary, state_before=before, state_after=self.state,
                                 notes=tuple(notes), assumptions=tuple(assumed), steps=steps,
                                 state_before_steps=start, **kwargs)  # type: ignore[arg-type]
        self.last_result = result
        return result

    # ------------------------------------------------------------------ persistence
    def to_dict(self, events: bool = True) -> dict[str, object]:
        return {
            "name": self.name,
            "id": self.id,
            "guest": self.guest.to_dict(),
            "configuration_version": list(self.configuration_version),
            "checkpoint_type": self.checkpoint_type.name,
            "automatic_checkpoints": self.automatic_checkpoints,
            "snapshot_file_location": self.snapshot_file_location,
            "integration_services": {s.name: on for s, on in self.integration_services.items()},
            "state": self.state.name,
            "memory": self.memory.to_dict() if self.memory else None,
            "open_apps": list(self.open_apps),
            "checkpoints": [c.to_dict() for c in self.checkpoints.values()],
            "now_parent_id": self.now_parent_id,
            "directory": self.directory.to_dict(),
            "disk_chains": [c.to_dict() for c in self.disk_chains],
            "active_disk_ids": list(self.active_disk_ids),
            "chain_locations": list(self.chain_locations),
            "extra_drives": [d.to_dict() for d in self.extra_drives],
            "fibre_channel_adapters": list(self.fibre_channel_adapters),
            "paused_critical": self.paused_critical,
            "events": [e.to_dict() for e in self.events] if events else [],
        }

    def load_dict(self, data: dict) -> None:
        """Replace this VM's whole state in place (objects holding it stay valid)."""
        self.name = data["name"]
        self.id = data["id"]
        self.guest = GuestProfile.from_dict(data["guest"])
        self.configuration_version = (int(data["configuration_version"][0]), int(data["configuration_version"][1]))
        self.checkpoint_type = CheckpointType[data["checkpoint_type"]]
        self.automatic_checkpoints = bool(data["automatic_checkpoints"])
        self.snapshot_file_location = data["snapshot_file_location"]
        self.integration_services = {IntegrationService[k]: bool(v) for k, v in data["integration_services"].items()}
        if set(self.integration_services) != set(IntegrationService):
            raise KeyError("integration_services")
        self.state = VMState[data["state"]]
        self.memory = MemoryState.from_dict(data["memory"]) if data["memory"] else None
        self.open_apps = tuple(data["open_apps"])
        self.checkpoints = {c["id"]: Checkpoint.from_dict(c) for c in data["checkpoints"]}
        self.now_parent_id = data["now_parent_id"]
        self.directory = DirectoryState.from_dict(data["directory"])
        self.disk_chains = [DiskChain.from_dict(c) for c in data["disk_chains"]]
        self.active_disk_ids = list(data["active_disk_ids"])
        # Labs saved before drives and volumes were modelled have none of these (B29, B30).
        self.chain_locations = [int(n) for n in data.get("chain_locations", range(len(self.disk_chains)))]
        self.extra_drives = [HardDiskDrive.from_dict(d) for d in data.get("extra_drives", [])]
        self.fibre_channel_adapters = [str(n) for n in data.get("fibre_channel_adapters", [])]
        self.paused_critical = bool(data.get("paused_critical", False))
        self.events = [Event.from_dict(e) for e in data["events"]]
        self.last_result = None
        self._pending_notes = []
        self._pending_assumptions = []
        self._pending_steps = []


def new_disk_chains(lab: Lab, guest: GuestProfile, disk_names: Iterable[str], disk_folder: str, disk_size_gb: float) -> list[DiskChain]:
    """The disks of a new VM: one base VHDX per name in ``disk_folder``, GUIDs from the lab;
    the first holds the installed guest OS."""
    chains = []
    for index, disk_name in enumerate(disk_names):
        disk_id = lab.take_ids(1)[0]
        base = VirtualHardDisk(id=disk_id, path=f"{disk_folder}\\{disk_name}.vhdx", parent_id=None, virtual_size_gb=disk_size_gb)
        if index == 0:
            base.blocks.update(_installed_os_blocks(guest))
        chains.append(DiskChain(base))
    return chains


def _installed_os_blocks(guest: GuestProfile) -> dict[str, Block]:
    """What a freshly installed guest disk holds, roughly sized like the real thing."""
    if guest.family.value == "Linux":
        return {
            "/boot/vmlinuz": Block("kernel", 12.0),
            "/usr": Block("system files", 3500.0),
            "/home/student/notes.txt": Block("first notes", 0.1),
        }
    blocks = {
        "C:\\Windows\\System32": Block("system files", 9000.0),
        "C:\\Users\\Student\\Documents\\notes.txt": Block("first notes", 0.1),
    }
    if guest.is_domain_controller:
        blocks[DIRECTORY_PATH] = Block(format_directory(1, 0), 40.0)
    return blocks
