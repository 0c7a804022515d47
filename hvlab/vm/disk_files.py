"""Disk files no checkpoint explains, and the tools that show and repair them (reference B33).

A failed backup can leave differencing disks that no checkpoint lists; someone editing the VM's
disk path leaves the files it wrote to behind. Hyper-V Manager's checkpoint tree shows neither;
``Get-VHD`` (``VhdType``, ``ParentPath``) and *Inspect Disk* show the files as they are
(SUP-AVHDX: "Check for orphaned differencing files ... that aren't reflected in Hyper-V
Manager"). The repair Microsoft gives is offline: ``Merge-VHD`` each child into its parent,
youngest first, then point the VM at the merged file (SUP-AVHDX, SUP-MERGE, PS-MERGE-VHD).

:meth:`orphan_disks` is the disk chain data the diagrams draw; :meth:`set_disk_path`
(``Set-VMHardDiskDrive -Path``) and :meth:`merge_vhd` (``Merge-VHD``) are operations like
every other: they succeed and say what they did, or refuse and change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from ..catalog import text
from ..disk_chain import DiskChain, VirtualHardDisk
from ..errors import ConfigurationError, InvalidStateError, StorageError
from ..states import VMState
from ..storage import HardDiskDrive
from .base import VMCore
from .result import OperationResult, operation

__all__ = ["OrphanDisk", "OrphanKind", "VMDiskFiles"]


class OrphanKind(Enum):
    """Why no checkpoint explains a disk file (B33)."""

    UNEXPLAINED = "unexplained"
    """A differencing disk the VM (or another file) still reads through, whose parent no
    checkpoint owns: what a backup that did not clean up leaves (SUP-MERGE)."""
    DETACHED = "detached"
    """A file neither the VM nor any checkpoint reads any more: the VM's disk path was edited
    to another file (Set-VMHardDiskDrive -Path), its writes stay in here."""


@dataclass(frozen=True)
class OrphanDisk:
    """One disk file no checkpoint lists, as the diagrams and Get-VHD show it (B33)."""

    slot: int
    disk_id: str
    path: str
    kind: OrphanKind
    parent_path: str | None
    in_use: bool
    """The VM's configuration names this file: it runs on it now."""

    @property
    def file_name(self) -> str:
        return self.path.rsplit("\\", 1)[-1]


class VMDiskFiles(VMCore):
    """The disk files themselves: which no checkpoint explains, the VM's disk path, Merge-VHD."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.invalid_disk_paths: dict[int, str] = {}
        """Slots whose configured file Merge-VHD made invalid: the VM's disk path names a file
        that is no longer a disk until Set-VMHardDiskDrive points it at the merged one (B33)."""

    def to_dict(self, events: bool = True) -> dict[str, object]:
        data = super().to_dict(events)
        data["invalid_disk_paths"] = {str(k): v for k, v in sorted(self.invalid_disk_paths.items())}
        return data

    def load_dict(self, data: dict) -> None:
        super().load_dict(data)
        self.invalid_disk_paths = {int(k): str(v) for k, v in data.get("invalid_disk_paths", {}).items()}  # none before B33

    # ------------------------------------------------------------------ reading
    def orphan_disks(self, disk: int | None = None) -> tuple[OrphanDisk, ...]:
        """Every disk file of the VM no checkpoint explains (B33), oldest first per slot.

        A differencing disk is explained when its parent is a checkpoint's disk or a parent
        kept for several children (B18); a file nothing reads through is ``DETACHED``. After any
        sequence of Hyper-V's own checkpoint operations there are none (B18 merges as it goes)."""
        slots = range(len(self.disk_chains)) if disk is None else (disk,)
        found: list[OrphanDisk] = []
        for slot in slots:
            chain = self.disk_chains[slot]
            owned = {cp.disk_ids[slot] for cp in self.checkpoints.values()}
            read = self._read_disks(slot)
            for item in chain:
                if item.id not in read:
                    kind = OrphanKind.DETACHED
                elif item.parent_id is not None and item.parent_id not in owned and len(chain.children(item.parent_id)) == 1:
                    kind = OrphanKind.UNEXPLAINED
                else:
                    continue
                parent = chain[item.parent_id].path if item.parent_id else None
                found.append(OrphanDisk(slot, item.id, item.path, kind, parent, item.id == self.active_disk_ids[slot]))
        return tuple(found)

    def _read_disks(self, slot: int) -> set[str]:
        """The disks the VM or a checkpoint reads through on slot ``slot`` (their lineages)."""
        chain = self.disk_chains[slot]
        heads = [self.active_disk_ids[slot], *(cp.disk_ids[slot] for cp in self.checkpoints.values())]
        return {d.id for head in heads for d in chain.lineage(head)}

    def hard_disk_drives(self) -> list[HardDiskDrive]:
        """The drives as Get-VMHardDiskDrive lists them; a drive whose file Merge-VHD made
        invalid still names that file, as the VM's configuration does (B33)."""
        drives = super().hard_disk_drives()  # type: ignore[misc]
        return [replace(d, path=self.invalid_disk_paths[d.chain]) if d.chain in self.invalid_disk_paths else d for d in drives]

    def find_disk_file(self, path: str) -> tuple[int, VirtualHardDisk]:
        """The slot and disk file at ``path`` (case-insensitive, as Windows paths are)."""
        wanted = path.strip().casefold()
        for slot, chain in enumerate(self.disk_chains):
            for item in chain:
                if item.path.casefold() == wanted:
                    return slot, item
        raise ConfigurationError(text("error.vhd_not_found", path=path, vm=self.name), rule="B33")

    @property
    def disk_paths_invalid(self) -> dict[int, str]:
        """Slots whose configured file is no longer a valid disk (merged away by Merge-VHD):
        the VM cannot start until it is pointed at the merged file (B33)."""
        return dict(self.invalid_disk_paths)

    def _require_valid_disks(self) -> None:
        """Refuse to run on a disk file Merge-VHD made invalid (B33; hvlab's sentence)."""
        if self.invalid_disk_paths:
            slot, path = min(self.invalid_disk_paths.items())
            raise ConfigurationError(text("error.disk_path_invalid", vm=self.name, path=path,
                                          merged=self.active_disk(slot).path), rule="B33")

    # ------------------------------------------------------------------ Set-VMHardDiskDrive -Path
    @operation
    def set_disk_path(self, path: str, disk: int = 0) -> OperationResult:
        """``Set-VMHardDiskDrive -Path`` / Settings > Hard Drive: point the VM at another file
        of its own disk chain (B33). Pointing it at the base VHDX hides everything written
        since into the AVHDX: the guest reads the base only, and the AVHDX is left detached.

        hvlab allows it only with the VM Off and without checkpoints (*assumed*: a real host
        lets you, and the checkpoints' chain is then no longer the VM's)."""
        self._check_slot(disk)
        if self.state is not VMState.OFF:
            raise self._refuse_state("set_disk_path", (VMState.OFF,))
        if self.checkpoints:
            raise ConfigurationError(text("error.disk_path_checkpoints", vm=self.name, count=len(self.checkpoints)), rule="B33")
        slot, target = self.find_disk_file(path)
        if slot != disk:
            raise ConfigurationError(text("error.vhd_not_found", path=path, vm=self.name), rule="B33")
        before = self.state
        self.lab.tick()
        seen_before = self.files(disk)
        old = self.active_disk(disk)
        self.active_disk_ids[disk] = target.id
        target.read_only = False
        self.invalid_disk_paths.pop(disk, None)
        seen_now = self.files(disk)
        changed = sorted(p for p in set(seen_before) | set(seen_now) if seen_before.get(p) != seen_now.get(p))
        notes: list[str] = []
        if old.id != target.id and old.id in self.disk_chains[disk] and old.id not in self._read_disks(disk):
            notes.append(text("note.disk_detached", file=old.file_name))
        if changed:
            notes.append(text("note.disk_path_changed_files", count=len(changed), paths=", ".join(changed)))
        self._log("result.disk_path_set", vm=self.name, path=target.path, rule="B33")
        return self._result("set_disk_path", text("result.disk_path_set", vm=self.name, path=target.path), before,
                            notes=tuple(notes), assumptions=("B33_path",))

    # ------------------------------------------------------------------ Merge-VHD
    @operation
    def merge_vhd(self, path: str, destination: str | None = None) -> OperationResult:
        """``Merge-VHD -Path <child> [-DestinationPath <ancestor>]``: the data of the child and
        of every disk between it and the destination goes into the destination; those files
        "are no longer valid virtual hard disk files" (PS-MERGE-VHD), and hvlab drops them.

        Refused, changing nothing: while the VM uses the chain ("Merge is an offline operation;
        the virtual hard disk chain must not be attached", PS-MERGE-VHD); a parent before its
        child (Microsoft merges "from child to parent", youngest first, SUP-AVHDX); a file a
        checkpoint owns (delete the checkpoint instead, B18); no room on the host volume for the
        data it moves (B29). Without ``destination`` the parent is the destination (*assumed*:
        the reference does not say). See B33."""
        slot, source = self.find_disk_file(path)
        chain = self.disk_chains[slot]
        if not source.is_differencing:
            raise ConfigurationError(text("error.merge_not_differencing", path=source.path), rule="B33")
        lineage = chain.lineage(source.id)
        if destination is None:
            target = lineage[1]
        else:
            target_slot, target = self.find_disk_file(destination)
            if target_slot != slot or target.id not in {d.id for d in lineage[1:]}:
                raise ConfigurationError(text("error.merge_not_ancestor", path=source.path, destination=target.path), rule="B33")
        merged = lineage[: [d.id for d in lineage].index(target.id)]  # source ... the destination's child
        if self.state is not VMState.OFF and {d.id for d in (*merged, target)} & {d.id for d in chain.lineage(self.active_disk_ids[slot])}:
            raise InvalidStateError(text("error.merge_attached", path=source.path, vm=self.name, state=self.state.label),
                                    state=self.state, rule="B33")
        owned = {cp.disk_ids[slot]: cp for cp in self.checkpoints.values()}
        for item in (*merged, target):
            if item.id in owned:
                raise ConfigurationError(text("error.merge_checkpoint_disk", path=item.path, name=owned[item.id].name), rule="B33")
        self._check_merge_order(chain, merged, target)
        self._check_vhd_merge_space(merged)
        before = self.state
        self.lab.tick()
        combined = dict(target.blocks)
        for item in reversed(merged):  # oldest first: the youngest file's writes win
            combined.update(item.blocks)
        target.blocks = {p: b for p, b in combined.items() if b.content is not None or target.is_differencing}
        for item in merged:
            del chain.disks[item.id]
        target.read_only = bool(chain.children(target.id))
        notes = [text("note.merge_invalid_file", file=item.file_name) for item in merged]
        if self.active_disk_ids[slot] in {d.id for d in merged}:
            # The VM's configuration still names the file merged away (SUP-AVHDX step 4 repoints it).
            self.invalid_disk_paths[slot] = next(d.path for d in merged if d.id == self.active_disk_ids[slot])
            self.active_disk_ids[slot] = target.id
            notes.append(text("note.merge_point_vm", vm=self.name, path=target.path))
        self._log("result.vhd_merged", count=len(merged), path=source.file_name, destination=target.file_name, rule="B33")
        return self._result("merge_vhd", text("result.vhd_merged", count=len(merged), path=source.file_name, destination=target.file_name),
                            before, notes=tuple(notes), assumptions=("B33_merge",))

    def _check_vhd_merge_space(self, merged: list[VirtualHardDisk]) -> None:
        """The merged files' data is written into the destination before they are let go, so the
        volume needs that much free space, as for Hyper-V's own merges (B29, SUP-AVHDX)."""
        need = sum(b.size_mb for item in merged for b in item.blocks.values())
        free = self.lab.volume_usage().free_mb
        if need > free:
            raise StorageError(text("error.storage.merge_no_space", file=merged[0].file_name, need=f"{need:,.0f}",
                                    free=f"{max(free, 0.0):,.0f}"), rule="B29")

    @staticmethod
    def _check_merge_order(chain: DiskChain, merged: list[VirtualHardDisk], target: VirtualHardDisk) -> None:
        """No other disk may lose its parent or see its data change: the source has no
        children, each disk between has only the next one, the destination only the last
        (merge "from child to parent", SUP-AVHDX; hvlab refuses rather than break a chain)."""
        source = merged[0]
        children = chain.children(source.id)
        if children:
            raise ConfigurationError(text("error.merge_wrong_order", path=source.path, child=children[0].path), rule="B33")
        for upper, lower in zip((*merged[1:], target), merged):
            others = [c for c in chain.children(upper.id) if c.id != lower.id]
            if others:
                raise ConfigurationError(text("error.merge_other_child", path=upper.path, child=others[0].path), rule="B33")

    def _check_slot(self, disk: int) -> None:
        if not 0 <= disk < len(self.disk_chains):
            raise ConfigurationError(text("error.no_such_disk", disk=disk, count=len(self.disk_chains)))
