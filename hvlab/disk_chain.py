"""Virtual hard disks and their differencing chain: base VHDX, AVHDX children, merges.

A checkpoint freezes the current disk read-only and adds a differencing AVHDX whose parent is
the frozen disk; writes go to the newest AVHDX and reads fall through the parent chain down to
the base VHDX (reference B17). hvlab stores data at the granularity of guest files: a disk's
``blocks`` are the files written while that disk was active, so what each checkpoint "sees"
can be computed and compared exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Callable, Iterator, Mapping

__all__ = ["Block", "DiskAction", "DiskChain", "DiskFormat", "DiskOperation", "VirtualHardDisk", "HEADER_MB"]

HEADER_MB = 4.0
"""Metadata a dynamically expanding VHDX/AVHDX file starts with (hvlab's round figure)."""


class DiskFormat(Enum):
    VHDX = "vhdx"
    AVHDX = "avhdx"


class DiskAction(Enum):
    """What an operation did to one disk file (B18)."""

    DELETED = "deleted"
    MERGED = "merged"


@dataclass(frozen=True)
class DiskOperation:
    """One change an operation made to the disk files, recorded when it is made: the narration
    and the before/after diagram are built from these records, never from a separate guess.

    ``disk_id``/``file_name``: the file that went away (deleted, or merged into another);
    ``into_id``/``into_file_name``: the file it was merged into (``MERGED`` only).
    ``shared_parent``: the file was a parent no checkpoint owned, left over from a shared parent,
    merged or deleted once it had one child or none (*assumed*: Hyper-V does not document when).
    """

    action: DiskAction
    disk_id: str
    file_name: str
    into_id: str | None = None
    into_file_name: str | None = None
    shared_parent: bool = False


@dataclass(frozen=True)
class Block:
    """What one disk holds for one guest path: new content, or ``None`` for a deletion."""

    content: str | None
    size_mb: float

    def to_list(self) -> list[object]:
        return [self.content, self.size_mb]


@dataclass
class VirtualHardDisk:
    """One disk file: the base VHDX or an AVHDX differencing disk."""

    id: str
    path: str
    parent_id: str | None
    blocks: dict[str, Block] = field(default_factory=dict)
    read_only: bool = False
    virtual_size_gb: float = 127.0
    """The size the guest sees (New-VM -NewVHDSizeBytes); 127 GB is Hyper-V Manager's default
    for a new disk. A differencing disk has its parent's virtual size."""

    @property
    def format(self) -> DiskFormat:
        return DiskFormat.VHDX if self.parent_id is None else DiskFormat.AVHDX

    @property
    def is_differencing(self) -> bool:
        return self.parent_id is not None

    @property
    def file_name(self) -> str:
        return self.path.rsplit("\\", 1)[-1]

    @property
    def size_mb(self) -> float:
        """File size: header plus every block this disk holds (a dynamic disk grows as written)."""
        return HEADER_MB + sum(b.size_mb for b in self.blocks.values())

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "path": self.path,
            "parent_id": self.parent_id,
            "read_only": self.read_only,
            "virtual_size_gb": self.virtual_size_gb,
            "blocks": {k: v.to_list() for k, v in sorted(self.blocks.items())},
        }

    @classmethod
    def from_dict(cls, data: dict) -> VirtualHardDisk:
        return cls(
            id=str(data["id"]),
            path=str(data["path"]),
            parent_id=data["parent_id"],
            read_only=bool(data["read_only"]),
            virtual_size_gb=float(data["virtual_size_gb"]),
            blocks={str(k): Block(v[0], float(v[1])) for k, v in data["blocks"].items()},
        )


class DiskChain:
    """All disk files of one virtual disk slot, as a tree rooted at the base VHDX."""

    def __init__(self, base: VirtualHardDisk):
        self.base_id = base.id
        self.disks: dict[str, VirtualHardDisk] = {base.id: base}

    # -- reading ---------------------------------------------------------------------------
    def __getitem__(self, disk_id: str) -> VirtualHardDisk:
        return self.disks[disk_id]

    def __contains__(self, disk_id: object) -> bool:
        return disk_id in self.disks

    def __iter__(self) -> Iterator[VirtualHardDisk]:
        return iter(self.disks.values())

    def __len__(self) -> int:
        return len(self.disks)

    @property
    def base(self) -> VirtualHardDisk:
        return self.disks[self.base_id]

    def children(self, disk_id: str) -> list[VirtualHardDisk]:
        return [d for d in self.disks.values() if d.parent_id == disk_id]

    def lineage(self, disk_id: str) -> list[VirtualHardDisk]:
        """The disk and its parents, newest first, ending at the base VHDX."""
        chain = []
        current: str | None = disk_id
        while current is not None:
            disk = self.disks[current]
            chain.append(disk)
            current = disk.parent_id
        return chain

    def view(self, disk_id: str) -> dict[str, str]:
        """What the guest sees through ``disk_id``: reads fall through to the parents (B17)."""
        merged: dict[str, str] = {}
        for disk in reversed(self.lineage(disk_id)):
            for path, block in disk.blocks.items():
                if block.content is None:
                    merged.pop(path, None)
                else:
                    merged[path] = block.content
        return merged

    def read(self, disk_id: str, path: str) -> str | None:
        for disk in self.lineage(disk_id):
            if path in disk.blocks:
                return disk.blocks[path].content
        return None

    # -- changing --------------------------------------------------------------------------
    def write(self, disk_id: str, path: str, content: str | None, size_mb: float) -> None:
        """Write into the active disk only; frozen checkpoint disks are read-only (B17)."""
        disk = self.disks[disk_id]
        if disk.read_only:
            raise ValueError(f"{disk.file_name} is read-only")
        disk.blocks[path] = Block(content, size_mb)

    def add_differencing(self, parent_id: str, new_id: str) -> VirtualHardDisk:
        """Freeze ``parent_id`` and add an AVHDX child named ``<base>_<GUID>.avhdx`` beside it (B11, B17)."""
        parent = self.disks[parent_id]
        parent.read_only = True
        child = VirtualHardDisk(
            id=new_id,
            path=self.differencing_path(parent_id, new_id),
            parent_id=parent_id,
            virtual_size_gb=parent.virtual_size_gb,
        )
        self.disks[new_id] = child
        return child

    def differencing_path(self, parent_id: str, new_id: str) -> str:
        """``<base disk name>_<GUID>.avhdx`` in the parent's folder (B11, NAMES-3P)."""
        folder = self.disks[parent_id].path.rsplit("\\", 1)[0]
        stem = self.base.file_name.rsplit(".", 1)[0]
        return f"{folder}\\{stem}_{new_id}.avhdx"

    def discard(self, disk_id: str) -> VirtualHardDisk:
        """Delete a disk file that nothing depends on (no children)."""
        if self.children(disk_id):
            raise ValueError(f"{self.disks[disk_id].file_name} still has children")
        if disk_id == self.base_id:
            raise ValueError("the base VHDX is never deleted")
        return self.disks.pop(disk_id)

    def merge(self, parent_id: str, child_id: str) -> tuple[str, str]:
        """Combine a disk with its only child; the child's writes win. Returns (survivor, removed).

        The child file survives and takes the parent's place in the tree (the checkpoint's
        AVHDX is "merged into its child", B18), except when the parent is the base VHDX: that
        file is never removed, so the child is merged into it and the VHDX becomes writable
        again ("Hyper-V merges the .avhdx and .vhdx files ... the checkpoint's .avhdx file will
        be deleted", USING). Either way no other disk's view changes.
        """
        parent, child = self.disks[parent_id], self.disks[child_id]
        if child.parent_id != parent_id or len(self.children(parent_id)) != 1:
            raise ValueError("merge needs a disk with exactly one child")
        combined = dict(parent.blocks)
        combined.update(child.blocks)
        if parent_id == self.base_id:
            # Deletions need not be kept in the base: nothing lies below it.
            parent.blocks = {p: b for p, b in combined.items() if b.content is not None}
            parent.read_only = child.read_only
            for grandchild in self.children(child_id):
                grandchild.parent_id = parent_id
            del self.disks[child_id]
            return parent_id, child_id
        child.blocks = combined
        child.parent_id = parent.parent_id
        del self.disks[parent_id]
        return child_id, parent_id

    # -- the merge and tidy rules (B18) -------------------------------------------------------
    def tidy(self, disk_id: str, owned: Mapping[str, object], was_shared: bool = False,
             on_done: Callable[[DiskOperation], None] | None = None,
             before_merge: Callable[[VirtualHardDisk, VirtualHardDisk], None] | None = None) -> list[DiskOperation]:
        """Deal with a disk no checkpoint (nor Now) owns any more (B18): no children → deleted,
        then its parent tidied in turn; one child → merged into it; several → kept as their
        shared parent. A disk that *was* a shared parent is merged or deleted the same way
        once its children drop to one or none (``was_shared``; *assumed*). ``owned`` holds the
        disks that still belong to a checkpoint or to Now. Returns what was done, in order.

        ``on_done`` is called with each operation right after it is made, before the next one
        (the VM brings its owners in line and records the step: each step's picture is the
        chain as it is at that moment, never re-derived afterwards). ``before_merge`` is called
        with (parent, child) before each merge and may refuse it by raising (a merge needs free
        space on the host volume, B29)."""
        if disk_id in owned or disk_id not in self.disks:
            return []
        children = self.children(disk_id)
        if not children:
            if disk_id == self.base_id:
                return []
            parent_id = self.disks[disk_id].parent_id
            gone = self.discard(disk_id)
            done = [self._done(DiskOperation(DiskAction.DELETED, disk_id, gone.file_name, shared_parent=was_shared), on_done)]
            return done + (self.tidy(parent_id, owned, was_shared=True, on_done=on_done, before_merge=before_merge) if parent_id else [])
        if len(children) == 1:
            names = {disk_id: self.disks[disk_id].file_name, children[0].id: children[0].file_name}
            if before_merge is not None:
                before_merge(self.disks[disk_id], children[0])
            survivor, removed = self.merge(disk_id, children[0].id)
            return [self._done(DiskOperation(DiskAction.MERGED, removed, names[removed], survivor, names[survivor], shared_parent=was_shared), on_done)]
        return []

    @staticmethod
    def _done(op: DiskOperation, on_done: Callable[[DiskOperation], None] | None) -> DiskOperation:
        if on_done is not None:
            on_done(op)
        return op

    def discard_unowned(self, disk_id: str, owned: Mapping[str, object],
                        on_done: Callable[[DiskOperation], None] | None = None,
                        before_merge: Callable[[VirtualHardDisk, VirtualHardDisk], None] | None = None) -> list[DiskOperation]:
        """Delete a disk nobody needs any more (the old Now disk on Apply, B16), then tidy its
        parent (:meth:`tidy`; ``on_done`` as there)."""
        if self.children(disk_id) or disk_id == self.base_id:
            return []
        parent_id = self.disks[disk_id].parent_id
        gone = self.discard(disk_id)
        done = [self._done(DiskOperation(DiskAction.DELETED, disk_id, gone.file_name), on_done)]
        return done + (self.tidy(parent_id, owned, was_shared=True, on_done=on_done, before_merge=before_merge) if parent_id is not None else [])

    def to_dict(self) -> dict[str, object]:
        return {"base_id": self.base_id, "disks": [d.to_dict() for d in self.disks.values()]}

    @classmethod
    def from_dict(cls, data: dict) -> DiskChain:
        disks = [VirtualHardDisk.from_dict(d) for d in data["disks"]]
        by_id = {d.id: d for d in disks}
        chain = cls(by_id[data["base_id"]])
        chain.disks = by_id
        return chain
