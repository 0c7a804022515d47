"""One moment of a lab as plain data: what Undo, Reset, a refused operation's rollback and the
diagram caches read (:meth:`hvlab.lab.Lab.snapshot`, :meth:`hvlab.lab.Lab.restore`).

Why a module of its own: the undo history keeps up to 100 of these, and how they are held
(the newest two as plain data, older ones packed) is a memory matter apart from the lab's
operations (``bench/bench_kernel_memory.py``).
"""

from __future__ import annotations

import pickle
import zlib
from dataclasses import dataclass, field

from .storage import volume_from_data

__all__ = ["LabSnapshot"]


@dataclass(frozen=True, eq=False)
class LabSnapshot:
    """The whole lab at one revision, as plain data (:meth:`Lab.to_dict`'s). Never changed once
    taken: undo history, a widget's starting point and the diagram caches share it."""

    revision: int
    _data: dict | bytes
    _vm_states: dict = field(default_factory=dict, repr=False)

    @property
    def data(self) -> dict:
        """The lab as :meth:`Lab.to_dict` gave it (unpacked afresh when packed)."""
        data = self._data
        return data if isinstance(data, dict) else pickle.loads(zlib.decompress(data))

    def pack(self) -> None:
        """Hold the data compressed from now on (a tenth of the size, the same data when read).
        Why: a 50-checkpoint lab's data, its event log included, is about 100 KB of Python
        objects, and the undo history keeps 100 of them in a kernel whose goal is 150 MiB
        (``bench/bench_kernel_memory.py``); packing takes well under a millisecond. pickle, not
        JSON: the data round-trips exactly, tuples and all, and it never leaves the process."""
        if isinstance(self._data, dict):
            object.__setattr__(self, "_data", zlib.compress(pickle.dumps(self._data, pickle.HIGHEST_PROTOCOL), 1))
            self._vm_states.clear()  # they share the data's lists

    def vm_state(self, name: str) -> dict | None:
        """The VM called ``name`` as data, without its event log (what a diagram can show),
        or ``None`` when the lab had no such VM. ``host_volume`` is the host volume the VM's
        disks are on, as a diagram of its fill shows it (size, other files, used: B29)."""
        if name not in self._vm_states:
            data = self.data  # unpacked once, when packed
            found = next((vm for vm in data["vms"] if vm["name"] == name), None)
            self._vm_states[name] = None if found is None else {
                **{k: v for k, v in found.items() if k != "events"}, "host_volume": volume_from_data(data),
            }
        return self._vm_states[name]
