"""What a picture leaves out: a scenario's locks (docs/scenarios.md, ``[locks]``).

A trainer hides the kind column (the learner tells a standard checkpoint by what it holds) or
the disk file names (the learner reasons from the tree, not from the AVHDX names). The layouts
leave them out of the picture AND of its ``describe()`` text: a screen reader must not read
what the picture hides. Disk files then carry neutral labels ("disk file 1"...), numbered in
their chain's order, the same in the tree, the chain and the before/after picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..catalog import text

if TYPE_CHECKING:  # pragma: no cover
    from ..vm import VirtualMachine

__all__ = ["Hidden", "NOTHING", "disk_file_label", "hidden_note", "shown_file_name"]


@dataclass(frozen=True)
class Hidden:
    """``kind``: the tree's KIND column and the production/standard shapes; ``file_names``:
    every disk file's name (neutral labels instead) and the checkpoints' file names."""

    kind: bool = False
    file_names: bool = False


NOTHING = Hidden()
"""Everything shown: every picture outside a locked scenario."""


def disk_file_label(vm: VirtualMachine, slot: int, disk_id: str) -> str:
    """The neutral label of a disk file whose name is hidden: its place in its chain, counted
    from the base (with the virtual disk's number when the VM has several)."""
    number = next(i for i, d in enumerate(vm.disk_chains[slot], start=1) if d.id == disk_id)
    return text("diagram.hidden.disk_file", number=f"{slot + 1}.{number}" if len(vm.disk_chains) > 1 else str(number))


def shown_file_name(vm: VirtualMachine, slot: int, disk_id: str, hidden: Hidden) -> str:
    """A disk file's name, or its neutral label when file names are hidden."""
    if hidden.file_names:
        return disk_file_label(vm, slot, disk_id)
    return vm.disk_chains[slot][disk_id].file_name


def hidden_note(hidden: Hidden) -> str:
    """The line a locked picture (and its text) ends with, saying what it leaves out; ``""``
    when nothing is hidden."""
    what = [text(f"diagram.hidden.what_{name}") for name in ("kind", "file_names") if getattr(hidden, name)]
    return text("diagram.hidden.note", what=text("cite.separator").join(what)) if what else ""
