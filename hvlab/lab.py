"""The lab: one simulated Hyper-V host with its VMs, a seeded clock and GUIDs, and undo.

Everything in a lab is reproducible under its seed: VM and checkpoint GUIDs come from the
lab's random generator and time from the lab's own clock, so a notebook shows the same names
on every run and tests can compare labs exactly. Every operation runs through
:meth:`Lab.run_operation`, which takes a :meth:`Lab.snapshot` first: a refused operation is
rolled back completely (:meth:`Lab.restore`), a successful one can be undone.

``Lab.revision`` names the lab's content: every operation gives the lab a new revision, and a
restore gives it back the revision of the snapshot it returns to. Two labs (or the same lab at
two moments) with the same revision hold exactly the same state, so a cache can key on it.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import uuid
from datetime import datetime, timedelta
from typing import Callable, Iterable, TypeVar

from .catalog import text
from .checkpoint_type import CheckpointType
from .errors import ConfigurationError, HvlabError, InvalidNameError, StorageError, VMNotFoundError
from .guest import GuestProfile
from .host import HostKind, Version, format_version, parse_version
from .lab_snapshot import LabSnapshot
from .storage import MB_PER_GB, HostVolume, VolumeUsage, volume_usage
from .vm import DEFAULT_DISK_FOLDER, OperationResult, VirtualMachine
from .vm.export import VMExport, import_vm

__all__ = ["HostKind", "Lab", "LabSnapshot", "UNDO_DEPTH"]

T = TypeVar("T")
UNDO_DEPTH = 100
UNPACKED_UNDO = 2
"""Undo snapshots kept as plain data, the newest ones (Undo and the before/after picture read
them); older ones are packed (:meth:`LabSnapshot.pack`)."""
START_TIME = datetime(2025, 6, 16, 9, 0, 0)
_REVISIONS = itertools.count(1)
"""Revisions are unique in the process: a revision number is never given to two contents."""


class Lab:
    """A simulated Hyper-V host."""

    def __init__(self, seed: int = 0, host: HostKind | str = HostKind.WINDOWS_SERVER):
        """``host``: which Windows runs Hyper-V (:class:`~hvlab.host.HostKind`, or its name);
        it decides which configuration versions the lab's VMs can have (B26)."""
        try:
            self.host = HostKind.parse(host)
        except ValueError:
            raise ConfigurationError(text("error.bad_host", host=host)) from None
        self.seed = seed
        self._rng = random.Random(seed)
        self.now = START_TIME
        self.vms: dict[str, VirtualMachine] = {}
        self.volume = HostVolume()
        """The host volume every VM's disk files are on (B29); :meth:`volume_usage` reads it."""
        self.exports: list[VMExport] = []
        """The exports in the host's folders (``Export-VMSnapshot``, B27), oldest first."""
        self._depth = 0
        self._history: list[LabSnapshot] = []
        self.revision = next(_REVISIONS)
        self._snapshot: LabSnapshot | None = None

    # ------------------------------------------------------------------ determinism
    def _guid(self, rng: random.Random) -> str:
        # Hash the draw so consecutive GUIDs share no visible digits.
        digest = hashlib.sha256(rng.getrandbits(64).to_bytes(8, "big")).digest()
        return str(uuid.UUID(bytes=digest[:16], version=4)).upper()

    def take_ids(self, count: int) -> list[str]:
        """The next ``count`` GUIDs."""
        return [self._guid(self._rng) for _ in range(count)]

    def peek_ids(self, count: int) -> list[str]:
        """The GUIDs :meth:`take_ids` would return next, without using them up."""
        shadow = random.Random()
        shadow.setstate(self._rng.getstate())
        return [self._guid(shadow) for _ in range(count)]

    def tick(self) -> datetime:
        """Advance the lab clock by a few seconds, as a learner's next click would."""
        self.now += timedelta(seconds=self._rng.randint(5, 90))
        return self.now

    # ------------------------------------------------------------------ VMs
    def new_vm(
        self,
        name: str,
        guest: GuestProfile | None = None,
        *,
        version: str | Version | None = None,
        configuration_version: Version | None = None,
        checkpoint_type: CheckpointType = CheckpointType.PRODUCTION,
        automatic_checkpoints: bool | None = None,
        disks: Iterable[str] | None = None,
        disk_folder: str | None = None,
        disk_size_gb: float = 127.0,
    ) -> VirtualMachine:
        """``New-VM``: production checkpoints by default (B1), automatic
        checkpoints by the host's default (B21), one VHDX named after the VM (in
        ``disk_folder``, default the host's Virtual Hard Disks folder, as ``New-VM -NewVHDPath``).

        ``version`` (``New-VM -Version``, ``"5.0"`` or ``(5, 0)``; ``configuration_version`` is
        its older name): the VM's configuration version, by default the host's; refused unless
        this lab's host can create and run it (B26, VMVER)."""

        def create() -> VirtualMachine:
            wanted = version if version is not None else configuration_version
            try:
                vm_version = self.host.default_version if wanted is None else parse_version(wanted)
            except (TypeError, ValueError):
                raise ConfigurationError(text("error.bad_version", version=wanted)) from None
            if not self.host.can_run(vm_version):
                raise ConfigurationError(self.host_refuses(vm_version), rule="B26")
            if not name.strip() or len(name) > 100:
                raise InvalidNameError(text("error.vm_name", name=name))
            if name.casefold() in (n.casefold() for n in self.vms):
                raise InvalidNameError(text("error.vm_exists", name=name))
            disk_names = list(disks) if disks is not None else [name]
            if not disk_names:
                raise ConfigurationError(text("error.no_disks"))
            auto = automatic_checkpoints if automatic_checkpoints is not None else self.host.automatic_checkpoints_by_default
            self.tick()
            vm_id = self.take_ids(1)[0]
            vm = VirtualMachine.create(
                self,
                name,
                vm_id,
                guest=guest or GuestProfile(),
                configuration_version=vm_version,
                checkpoint_type=checkpoint_type,
                automatic_checkpoints=auto,
                disk_names=disk_names,
                disk_folder=(disk_folder or DEFAULT_DISK_FOLDER).rstrip("\\"),
                disk_size_gb=disk_size_gb,
            )
            self.vms[name] = vm
            vm._log("event.vm_created", vm=name)
            return vm

        return self.run_operation(create, undoable=False)

    def describe_host(self) -> str:
        """Which Windows this lab's Hyper-V runs on and the configuration versions it runs (B26),
        as a lesson tells the learner."""
        return text("lab.host", host=self.host.label, versions=", ".join(format_version(v) for v in self.host.supported_versions))

    def host_refuses(self, version: Version) -> str:
        """Why this lab's host cannot create or run configuration version ``version`` (B26)."""
        return text(
            "error.version_not_supported", host=self.host.label, version=format_version(version),
            versions=", ".join(format_version(v) for v in self.host.supported_versions),
        )

    def find_export(self, path: str) -> VMExport | None:
        """The export whose folder or ``.vmcx`` is ``path`` (any letter case), or ``None``."""
        return next((e for e in self.exports if e.matches(path)), None)

    def import_vm(self, path: str, *, copy: bool = False, generate_new_id: bool = False,
                  vhd_destination_path: str | None = None) -> OperationResult:
        """``Import-VM -Path`` (``-Copy``, ``-GenerateNewId``, ``-VhdDestinationPath``): register
        an export as a VM, atomically; the new VM's name is ``result.vm_name`` (B28)."""
        return self.run_operation(lambda: import_vm(self, path, copy=copy, generate_new_id=generate_new_id,
                                                    vhd_destination_path=vhd_destination_path))

    def vm(self, name: str) -> VirtualMachine:
        for vm_name, vm in self.vms.items():
            if vm_name.casefold() == name.casefold():
                return vm
        raise VMNotFoundError(text("error.vm_not_found", name=name))

    def __getitem__(self, name: str) -> VirtualMachine:
        return self.vm(name)

    def __repr__(self) -> str:
        return f"<Lab seed={self.seed} vms={list(self.vms)}>"

    # ------------------------------------------------------------------ atomic operations
    def run_operation(self, action: Callable[[], T], undoable: bool = True) -> T:
        """Run ``action`` atomically: on any exception the lab is restored exactly.

        ``undoable=False`` is for setting the lab up (creating VMs): Undo and Reset go back to
        the lab a learner was given, never to a host without its VMs."""
        if self._depth:
            return action()
        before = self.snapshot()
        self._depth += 1
        try:
            result = action()
            self._check_volume()
        except BaseException:
            self.restore(before)
            raise
        finally:
            self._depth -= 1
        self.revision = next(_REVISIONS)
        if undoable:
            self._history.append(before)
            del self._history[:-UNDO_DEPTH]
            if len(self._history) > UNPACKED_UNDO:
                self._history[-1 - UNPACKED_UNDO].pack()
        return result

    def _check_volume(self) -> None:
        """No operation leaves the host volume holding more than its size: one that would is
        refused and changes nothing (B29: "no additional disk operations can be performed",
        BPA-CKPT). Guest writes pause the VM instead (Paused-Critical), before they get here."""
        usage = volume_usage(self)
        if usage.free_mb < 0:
            raise StorageError(text("error.storage.volume_full", size=f"{usage.size_gb:g}", need=f"{-usage.free_mb:,.0f}"), rule="B29")

    # ------------------------------------------------------------------ the host volume (B29)
    def volume_usage(self) -> VolumeUsage:
        """The host volume now: its size, every file on it, used and free (B29)."""
        return volume_usage(self)

    def _volume_result(self, operation: str, key: str, **values: object) -> OperationResult:
        self.tick()
        usage = volume_usage(self)
        summary = text(key, size=f"{usage.size_gb:g}", used=f"{usage.used_gb:.1f}", free=f"{usage.free_gb:.1f}", **values)
        return OperationResult(operation=operation, summary=summary, notes=(text("storage.lab_only_note"),))

    def set_volume_size(self, size_gb: float) -> OperationResult:
        """Lab-only: give the host volume ``size_gb`` (extend it, or shrink it to what its files
        leave room for). Refused below what the volume holds (B29)."""

        def resize() -> OperationResult:
            used = volume_usage(self).used_mb
            if not size_gb > 0 or size_gb * MB_PER_GB < used:
                raise StorageError(text("error.storage.volume_too_small", size=f"{size_gb:g}", used=f"{used / MB_PER_GB:.1f}"), rule="B29")
            self.volume.size_gb = float(size_gb)
            return self._volume_result("set_volume_size", "result.storage.volume_resized")

        return self.run_operation(resize)

    def fill_volume(self, leave_free_gb: float = 0.0) -> OperationResult:
        """Lab-only: other files fill the host volume until ``leave_free_gb`` is free (the disk
        a log, a backup or an ISO image filled, B29). Refused when less than that is free."""

        def fill() -> OperationResult:
            free = volume_usage(self).free_mb / MB_PER_GB
            if leave_free_gb < 0 or leave_free_gb > free:
                raise StorageError(text("error.storage.fill_too_much", wanted=f"{leave_free_gb:g}", free=f"{free:.1f}"), rule="B29")
            self.volume.other_files_gb += free - leave_free_gb
            return self._volume_result("fill_volume", "result.storage.volume_filled")

        return self.run_operation(fill)

    def delete_other_files(self, size_gb: float | None = None) -> OperationResult:
        """Lab-only: delete ``size_gb`` of the volume's other files (all of them by default), the
        first way out of a full volume (B29). Refused beyond what they hold."""

        def delete() -> OperationResult:
            held = self.volume.other_files_gb
            amount = held if size_gb is None else size_gb
            if amount < 0 or amount > held + 1e-9:
                raise StorageError(text("error.storage.delete_too_much", wanted=f"{amount:g}", held=f"{held:.1f}"), rule="B29")
            self.volume.other_files_gb = max(held - amount, 0.0)
            return self._volume_result("delete_other_files", "result.storage.other_files_deleted", deleted=f"{amount:.1f}")

        return self.run_operation(delete)

    def snapshot(self) -> LabSnapshot:
        """The lab as it is now, as plain data; taken once per revision."""
        if self._snapshot is None or self._snapshot.revision != self.revision:
            self._snapshot = LabSnapshot(self.revision, self.to_dict())
        return self._snapshot

    def restore(self, snapshot: LabSnapshot, *, clear_history: bool = False) -> None:
        """Put the lab back exactly as ``snapshot`` holds it, revision included. VM objects of
        the same name stay valid (they are reloaded in place). ``clear_history`` also forgets
        the undo history (a fresh start, as when the lab was given)."""
        self._restore(snapshot.data)
        self.revision = snapshot.revision
        self._snapshot = snapshot
        if clear_history:
            self._history.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    def previous_snapshot(self) -> LabSnapshot | None:
        """The lab before the last successful operation (what Undo returns to), or ``None``."""
        return self._history[-1] if self._history else None

    def before_last_operation(self) -> Lab | None:
        """A detached copy of the lab as it was before the last successful operation, for
        before/after diagrams; ``None`` when nothing has happened yet."""
        previous = self.previous_snapshot()
        return None if previous is None else Lab.from_snapshot(previous)

    def copy(self) -> Lab:
        """A detached copy of the lab as it is now (without undo history)."""
        return Lab.from_snapshot(self.snapshot())

    def undo(self) -> None:
        """Go back to the lab as it was before the last successful operation."""
        if not self._history:
            raise HvlabError(text("error.nothing_to_undo"))
        self.restore(self._history.pop())

    def reset(self) -> None:
        """Go back to the lab as it was before its first operation (VMs as created)."""
        if self._history:
            self.restore(self._history[0], clear_history=True)

    def _restore(self, data: dict) -> None:
        self._rng.setstate(_rng_state_from_json(data["rng"]))
        self.now = datetime.fromisoformat(data["now"])
        kept: dict[str, VirtualMachine] = {}
        for vm_data in data["vms"]:
            vm = self.vms.get(vm_data["name"])
            if vm is None:
                vm = VirtualMachine.from_dict(self, vm_data)
            else:
                vm.load_dict(vm_data)
            kept[vm.name] = vm
        self.vms = kept
        self.volume = HostVolume.from_dict(data.get("volume"))  # labs saved before B29 get the default
        self.exports = [VMExport.from_dict(e) for e in data.get("exports", [])]  # labs saved before B27 have none

    # ------------------------------------------------------------------ serialisation
    def to_dict(self, events: bool = True) -> dict:
        """The lab as plain data; ``events=False`` leaves the VMs' event logs empty (a step's
        state: the narration is not drawn, and a long log would be copied at every step)."""
        return {
            "seed": self.seed,
            "host": self.host.value,
            "now": self.now.isoformat(),
            "rng": _rng_state_to_json(self._rng.getstate()),
            "vms": [vm.to_dict(events) for vm in self.vms.values()],
            "volume": self.volume.to_dict(),
            "exports": [e.to_dict() for e in self.exports],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Lab:
        """A lab from :meth:`to_dict`. A lab saved before hosts had versions ("Windows Server",
        "Windows 11") gets a host of that kind that runs all its VMs; a host that cannot run one
        of its VMs is a ValueError: no lab shows a combination no host can run (B26)."""
        versions = {parse_version(vm["configuration_version"]) for vm in data["vms"]}
        host = HostKind.parse(str(data["host"]))
        if HostKind.is_legacy_name(str(data["host"])):
            host = HostKind.able_to_run(versions, preferred=host)
        elif not versions <= set(host.supported_versions):
            raise ValueError(f"{host.label} cannot run configuration versions {sorted(versions - set(host.supported_versions))}")
        lab = cls(seed=int(data["seed"]), host=host)
        lab._restore(data)
        return lab

    @classmethod
    def from_snapshot(cls, snapshot: LabSnapshot) -> Lab:
        """A detached lab holding ``snapshot``'s state, at its revision (same content)."""
        lab = cls.from_dict(snapshot.data)
        lab.revision = snapshot.revision
        lab._snapshot = snapshot
        return lab

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lab) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]


def _rng_state_to_json(state: tuple) -> list:
    version, internal, gauss = state
    return [version, list(internal), gauss]


def _rng_state_from_json(data: list) -> tuple:
    version, internal, gauss = data
    return (int(version), tuple(int(x) for x in internal), gauss)
