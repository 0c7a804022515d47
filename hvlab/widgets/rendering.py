"""Diagrams as PNG bytes for ``widgets.Image``, cached by the state they show.

Why PNG into an Image widget: it is flicker-free and works the same in JupyterLab, Voila and
nbclient. Why a cache keyed by state: Undo and Reset often return to a state that was drawn a
moment ago, and the explorer's controls are toggled back and forth; drawing a diagram costs
far more than a dictionary lookup (``bench/bench_diagrams.py`` measures both).

Why the cache counts bytes, and a redraw gives memory back: a kernel runs for hours, and a
50-checkpoint tree's PNG is a few hundred kilobytes, so 48 drawings of a big lab weigh more than
the lab; after drawing, glibc keeps the pages of the canvas and the temporaries matplotlib freed
(:func:`release_free_memory`; ``bench/bench_kernel_memory.py`` measures the kernel).
"""

from __future__ import annotations

import bisect
import ctypes
import ctypes.util
import importlib
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterator

from hvlab.catalog import get_language, language_held

if TYPE_CHECKING:  # pragma: no cover
    from hvlab.lab import LabSnapshot
    from hvlab.vm import VirtualMachine

__all__ = ["DiagramCache", "Drawing", "PNG_BUDGET", "REGION_KINDS", "diagrams_module", "hit_regions", "release_free_memory",
           "render", "state_key"]

PNG_BUDGET = 6 * 2**20
"""Bytes of PNGs one lab's cache keeps (besides its count): a small lab's 48 drawings fit in a
few hundred kilobytes, a 50-checkpoint lab keeps its last few states (Undo finds them)."""


def diagrams_module() -> Any:
    """``hvlab.diagrams``, imported on first use so ``import hvlab.widgets`` stays cheap."""
    return importlib.import_module("hvlab.diagrams")


class _Snapshot:
    """What the diagrams of one VM are drawn from, found once per redraw: the lab before the
    last operation, deserialised only when a before/after picture has to be drawn."""

    def __init__(self, vm: VirtualMachine):
        self.vm = vm

    @classmethod
    def of(cls, vm: VirtualMachine, snapshot: _Snapshot | None) -> _Snapshot:
        """``snapshot`` when it is the one of ``vm``, else a fresh one."""
        return snapshot if snapshot is not None and snapshot.vm is vm else cls(vm)

    @cached_property
    def before_vm(self) -> VirtualMachine | None:
        """This VM in the lab as it was before the last operation (a detached copy)."""
        lab = self.vm.lab.before_last_operation()
        return lab.vms.get(self.vm.name) if lab is not None else None


class _States:
    """Gives each distinct VM state a small number, so that a state seen before (a control
    toggled back, an Undo) finds its pictures again although the lab's revision is new.

    A state is the VM's data in the lab's own snapshot (:meth:`hvlab.lab.Lab.snapshot`, taken
    once per revision and kept for Undo anyway), without the event log and the clock: nothing
    is serialised for the cache. States are compared as data, within a bucket of a few fields."""

    def __init__(self, size: int):
        self.size = size
        self._by_revision: OrderedDict[tuple[int, str], int] = OrderedDict()
        self._known: OrderedDict[int, tuple[tuple, dict]] = OrderedDict()
        self._next = 0

    def number(self, snapshot: LabSnapshot, name: str) -> int | None:
        """The number of VM ``name``'s state in ``snapshot`` (``None`` if it has no such VM)."""
        memo = (snapshot.revision, name)
        if memo in self._by_revision:
            self._by_revision.move_to_end(memo)
            return self._by_revision[memo]
        data = snapshot.vm_state(name)
        if data is None:
            return None
        bucket = (data["state"], data["checkpoint_type"], len(data["checkpoints"]), data["now_parent_id"], tuple(data["active_disk_ids"]))
        number = next((n for n, (b, known) in self._known.items() if b == bucket and known == data), None)
        if number is None:
            number, self._next = self._next, self._next + 1
            self._known[number] = (bucket, data)
        else:
            self._known.move_to_end(number)
        while len(self._known) > self.size:
            self._known.popitem(last=False)
        self._by_revision[memo] = number
        while len(self._by_revision) > 4 * self.size:
            self._by_revision.popitem(last=False)
        return number


def state_key(kind: str, vm: VirtualMachine, states: _States, theme: str = "light") -> tuple:
    """Everything a diagram of ``kind`` can show about ``vm``, as a small key.

    The event log and the clock are left out (they change on every click but are not drawn),
    so toggling a control back returns the cached picture. The before/after diagram also
    depends on the lab before the last operation and on what that operation did, so those go
    into its key. The language and the page's theme are part of the key too: after
    ``hvlab.set_language`` the next redraw is in the new language, and a page switched to the
    dark theme gets dark pictures (a light one drawn before is kept for the switch back).
    """
    lab = vm.lab
    key: tuple = (kind, get_language(), theme, states.number(lab.snapshot(), vm.name))
    if kind == "before_after":
        previous = lab.previous_snapshot()
        result = vm.last_result
        key += (
            None if previous is None else states.number(previous, vm.name),
            None if result is None else (result.operation, result.summary, result.created_disks, result.disk_operations, result.removed_checkpoints),
        )
    return key


@dataclass(frozen=True)
class Drawing:
    """One rendered diagram: the PNG and the same diagram as text (screen readers, tests).

    For a picture a learner acts on (:class:`~hvlab.widgets.picture.Picture`) also the size it
    is shown at (CSS pixels), how many PNG pixels it has per CSS pixel (``scale``: 2 on a HiDPI
    screen) and its hit regions (:func:`hit_regions`), all from the same layout."""

    png: bytes
    description: str = ""
    title: str = ""
    size: tuple[float, float] = (0.0, 0.0)
    scale: float = 1.0
    regions: tuple[dict[str, Any], ...] = ()
    tiles: tuple[Any, ...] = ()
    """The same picture as strips (:class:`hvlab.diagrams.tiles.Tile`), top to bottom: what a
    :class:`~hvlab.widgets.picture.Picture` sends the page, strip by strip."""


REGION_KINDS = {
    "checkpoint_production": "checkpoint", "checkpoint_standard": "checkpoint", "checkpoint_recovery": "checkpoint",
    "base_vhdx": "disk", "checkpoint_disk": "disk", "now_disk": "disk", "shared_parent": "disk",
    "orphan_disk": "disk", "recovery_disk": "disk",
}
"""The boxes a learner can click, by their role's value: a checkpoint of the tree, a disk file of
the chain (the Now node is no checkpoint: Hyper-V Manager offers no checkpoint actions on it)."""


def hit_regions(layout: Any, px_per_inch: float) -> tuple[dict[str, Any], ...]:
    """Where each clickable box of ``layout`` is on the page, in CSS pixels from the picture's
    top left, in the layout's order (the tree's rows top to bottom, the chain's files), with the
    words a hover shows: the box's full name, its other lines, and the labels drawn on its row
    (the tree's kind, memory and files columns).

    Why from the layout: the picture and its regions come from the same data, so a click can
    only ever land on the box drawn there."""
    regions = []
    labels = layout.labels
    by_height = sorted(range(len(labels)), key=lambda i: labels[i].y)  # a row's labels by bisection:
    heights = [labels[i].y for i in by_height]  # a 50-checkpoint tree has 50 rows and 200 labels
    for box in layout.boxes:
        kind = REGION_KINDS.get(box.role.value)
        if kind is None:
            continue
        right = box.right - 1e-6
        on_row = by_height[bisect.bisect_left(heights, box.bottom):bisect.bisect_right(heights, box.top)]
        row = [labels[i].text for i in sorted(on_row) if labels[i].x >= right]
        details = [line.text for line in box.lines[1:]] + row
        regions.append({
            "key": box.key, "kind": kind, "name": box.full_name or (box.lines[0].text if box.lines else box.key),
            "details": details,
            "x": round(box.left * px_per_inch, 1), "y": round((layout.height - box.top) * px_per_inch, 1),
            "w": round(box.width * px_per_inch, 1), "h": round(box.height * px_per_inch, 1),
        })
    return tuple(regions)


def _malloc_trim() -> object | None:
    """glibc's ``malloc_trim``, or ``None`` elsewhere (musl, macOS, Windows, Pyodide)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_TRIM: object | None = None
_TRIM_LOOKED_UP = False


def release_free_memory() -> bool:
    """Give the pages the allocator holds free back to the system; ``True`` if some were.

    Why: glibc returns freed memory to the system only from the top of its heap, and after a
    big allocation is freed it serves the next ones from the heap too (its mmap threshold
    grows), so the temporaries of one redraw stay resident below the drawings a cache keeps
    (4 MiB of a 50-checkpoint lab's kernel after 50 clicks now that png.py keeps the tree's
    canvas; more when every click freed a canvas of its own). ``malloc_trim(0)``
    "frees memory in all arenas and in all chunks with whole free pages" (glibc 2.8 and later,
    https://manpages.debian.org/unstable/manpages-dev/malloc_trim.3.en.html); it takes a
    fraction of a millisecond. Elsewhere nothing is done (``False``)."""
    global _TRIM, _TRIM_LOOKED_UP
    if not _TRIM_LOOKED_UP:
        _TRIM, _TRIM_LOOKED_UP = _malloc_trim(), True
    return bool(_TRIM(0)) if _TRIM is not None else False  # type: ignore[operator]


class DiagramCache:
    """Recent drawings by state key, least recently used dropped first: at most ``size`` of
    them and at most ``max_bytes`` of PNG (one drawing over the budget is still kept)."""

    def __init__(self, size: int = 48, max_bytes: int = PNG_BUDGET):
        self.size = size
        self.max_bytes = max_bytes
        self._bytes = 0
        self._drawings: OrderedDict[tuple, Drawing] = OrderedDict()
        self._states = _States(size)
        self.hits = 0
        self.misses = 0
        self._snapshots: dict[int, _Snapshot] | None = None
        self.hides: frozenset[str] = frozenset()
        """What this lab's pictures leave out, by :class:`hvlab.diagrams.Hidden`'s field names
        ("kind", "file_names"): a scenario's locks (the Challenge sets them). Names, not a
        ``Hidden``, so that setting them loads no matplotlib; they are part of every key."""

    @contextmanager
    def one_state(self) -> Iterator[None]:
        """Within this block the lab does not change (one redraw): the lab before the last
        operation is deserialised at most once for all the diagrams drawn; a block that drew
        something gives the memory its drawing freed back (:func:`release_free_memory`)."""
        self._snapshots = {}
        misses = self.misses
        try:
            with language_held():  # read once for the whole redraw (catalog.language_held)
                yield
        finally:
            self._snapshots = None
            if self.misses != misses:
                release_free_memory()

    def _snapshot(self, vm: VirtualMachine) -> _Snapshot | None:
        if self._snapshots is None:
            return None
        snapshot = _Snapshot.of(vm, self._snapshots.get(id(vm)))
        self._snapshots[id(vm)] = snapshot
        return snapshot

    def drawing(self, kind: str, vm: VirtualMachine, theme: str = "light", scale: float = 1.0,
                strips: bool = False) -> tuple[tuple, Drawing]:
        """``(key, drawing)`` for diagram ``kind`` of ``vm`` in the palette of ``theme``; drawn
        only on a cache miss. ``scale``: PNG pixels per CSS pixel (2 for a HiDPI screen);
        ``strips``: also cut it in strips (:attr:`Drawing.tiles`, for a clickable Picture)."""
        key = (state_key(kind, vm, self._states, theme) + ((scale,) if scale != 1.0 else ()) + ((self.hides,) if self.hides else ())
               + (("strips",) if strips else ()))
        if key in self._drawings:
            self._drawings.move_to_end(key)
            self.hits += 1
            return key, self._drawings[key]
        self.misses += 1
        drawing = render(kind, vm, self._snapshot(vm), theme, scale, self.hides, strips)
        self._drawings[key] = drawing
        self._bytes += len(drawing.png)
        while len(self._drawings) > self.size or (self._bytes > self.max_bytes and len(self._drawings) > 1):
            self._bytes -= len(self._drawings.popitem(last=False)[1].png)
        return key, drawing

    @property
    def png_bytes(self) -> int:
        """Bytes of PNG the cache holds now."""
        return self._bytes


def render(kind: str, vm: VirtualMachine, snapshot: _Snapshot | None = None, theme: str = "light",
           scale: float = 1.0, hides: frozenset[str] = frozenset(), strips: bool = False) -> Drawing:
    """Lay out diagram ``kind`` of ``vm`` (the kinds are listed in
    :data:`hvlab.diagrams.DIAGRAM_KINDS`), render it to PNG bytes no wider than the page shows
    it, in the palette of ``theme``, with the layout's own text description and hit regions.

    ``scale`` 2 draws twice as many pixels each way for a HiDPI screen, shown at the same CSS
    size (crisp); 1 otherwise: on a 1x screen or projector a 2x PNG costs about 2.5 times the
    bytes and 3 to 4 times the drawing time for nothing (``bench/bench_diagrams.py``).
    ``hides``: what a scenario's locks leave out (:attr:`DiagramCache.hides`). ``strips``: also
    cut the picture in strips (:mod:`hvlab.diagrams.tiles`): only a clickable Picture sends them,
    and cutting a 50-checkpoint before/after picture for an Image would cost milliseconds for nothing."""
    diagrams = diagrams_module()
    hidden = diagrams.Hidden(**{name: True for name in hides})
    diagram = diagrams.diagram_kind(kind)
    before_known = snapshot is not None and diagram.needs_before
    layout = diagrams.layout_for(kind, vm, snapshot.before_vm if before_known else None, before_known=before_known, hidden=hidden)
    fig = diagrams.render_layout(layout, theme=theme)
    dpi = min(float(fig.dpi), diagram.max_width_px / fig.get_figwidth())
    if strips:
        png_module, tiles_module = importlib.import_module("hvlab.diagrams.png"), importlib.import_module("hvlab.diagrams.tiles")
        rows = tiles_module.tile_rows_for(layout.row_pitch, dpi * scale)
        png, tiles = png_module.render_pixels(fig, lambda rgba: (png_module.encode_png(rgba), tiles_module.split_tiles(rgba, rows)),
                                              dpi=dpi * scale)
    else:
        png, tiles = diagrams.render_png(fig, dpi=dpi * scale), ()
    size = (round(layout.width * dpi, 1), round(layout.height * dpi, 1))
    return Drawing(png, layout.describe(), layout.title, size, scale, hit_regions(layout, dpi), tiles)
