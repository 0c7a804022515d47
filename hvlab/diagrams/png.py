"""PNG bytes of a figure, straight from a pooled Agg buffer, with a fast deflate.

Why not ``savefig``/Pillow: a widget redraws on every click, and most of a diagram is white, so
adaptive row filtering and a fresh canvas per picture cost more than the drawing itself
(``bench/bench_diagrams.py`` prints the figures beside a naive pyplot twin).

Why memory is counted here: a 50-checkpoint tree is a canvas of several megabytes, and a kernel keeps
running for hours; the pool keeps canvases only up to :data:`CANVAS_BUDGET` bytes, and the PNG
is encoded a strip of rows at a time, so no picture leaves a copy of its pixels behind
(``bench/bench_kernel_memory.py`` measures the kernel).

Why a figure is drawn into a canvas taller than itself: a lab's tree grows or shrinks by a row
with every click, so a pool keyed by exact size never found the canvas of the last click, and a
fresh canvas of a 50-checkpoint tree costs about 10 ms of page faults on every click once the
kernel has given its free memory back (measured: the same tree drawn on a kept canvas 19 ms, on
a fresh one after ``malloc_trim`` 28 ms). So a figure ``h`` rows tall is drawn on a canvas of
:data:`CANVAS_STEP`-rounded height, its bottom-left corner (Agg counts y from the canvas's
bottom), and its pixels are a slice of the buffer.

Why always the same canvas for the same figure, never any kept canvas that is big enough: Agg
turns a figure's y into the canvas's rows by adding the canvas's height in floating point, so
an edge lying within about 1e-13 px of half a pixel snaps to one row on a canvas of one height
and to the next row on a taller one (measured: boxes 3e-14 px above half a pixel, 29 576 pixels
differed between a 346-row and a 2100-row canvas; none of 250 random lab pictures, at 1x and 2x,
had such an edge, so it is rare, but nothing rules it out). A picture drawn on whatever canvas
the pool happened to hold could depend on what the kernel had drawn before; now its pixels
depend on the figure alone, so the page's picture is pixel for pixel the picture the same state gives
anywhere else (the browser tests compare them so; its PNG's bytes may differ, see
:func:`encode_png`). A hatched figure gets a canvas of exactly its own height:
Agg's hatch patterns repeat from the canvas's top edge.
"""

from __future__ import annotations

import struct
import threading
import zlib
from collections import OrderedDict
from typing import Callable, TypeVar

try:  # ISA-L's deflate: the same zlib stream format, much faster at level 1 (see encode_png)
    from isal import isal_zlib as _deflate
except ImportError:  # pragma: no cover - no isal (Pyodide has no wheel of it): plain zlib works
    _deflate = zlib  # type: ignore[assignment]

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure

__all__ = ["CANVAS_BUDGET", "CANVAS_STEP", "STRIP_ROWS", "canvas_key", "encode_png", "pooled_canvas_bytes", "render_pixels", "render_png"]

CANVAS_BUDGET = 12 * 2**20
"""Bytes of Agg canvases kept between pictures: the canvases most recently used, as many as fit.
Room for one canvas of a 50-checkpoint tree (1330x1972 px, 1330x1984 rounded up: 10.6 MB), the
picture every click of the biggest lab redraws (Hyper-V allows 50 checkpoints, B20), and for
the canvases of a few small pictures besides; or for the canvases of a smaller lab's tree and
chain together. Not more: the same lab's chain (14 MB) and
before/after (29 MB) are drawn only when their tab is opened, and each kept canvas stays
resident in a kernel whose goal is 150 MiB (an unbounded pool held three times this)."""
CANVAS_STEP = 64
"""A canvas's rows are the figure's rounded up to a multiple of this, so that the next picture,
a row taller or shorter, is usually drawn on the same canvas (at most 63 spare rows: 0.3 MB at
50 checkpoints; the 50-checkpoint tree's Delete and Checkpoint, 1938 and 1972 rows, share one
of 1984). Its width is the figure's own: a lab's picture keeps its width from click to click,
and a strip of a canvas as wide as the figure is a view of the buffer, not a copy
(:mod:`.tiles`: 2.6 ms a click at 50 checkpoints with 14 spare columns)."""
STRIP_ROWS = 64
"""Rows of pixels converted and compressed at a time: the only copy of the picture's pixels
is the canvas itself (a whole-picture copy would weigh as much again)."""

_RENDERERS: OrderedDict[tuple[int, int, float], RendererAgg] = OrderedDict()
"""Kept canvases by (width, height, dpi), the most recently used last."""
_RENDER_LOCK = threading.Lock()
_T = TypeVar("_T")


def _canvas_bytes(key: tuple[int, int, float]) -> int:
    return key[0] * key[1] * 4


def pooled_canvas_bytes() -> int:
    """Bytes of the Agg canvases the pool keeps now (never more than :data:`CANVAS_BUDGET`)."""
    return sum(_canvas_bytes(key) for key in _RENDERERS)


def _rounded_up(pixels: int) -> int:
    return -(-pixels // CANVAS_STEP) * CANVAS_STEP


def _has_hatch(fig: Figure) -> bool:
    """Whether any artist of ``fig`` fills with an Agg hatch (whose pattern repeats from the
    canvas's top edge, so the rows above the figure would shift it)."""
    return any(callable(getattr(a, "get_hatch", None)) and a.get_hatch() for a in fig.findobj())


def canvas_key(width: int, height: int, dpi: float, own_height: bool = False) -> tuple[int, int, float]:
    """The canvas a figure of ``width`` x ``height`` px is drawn on: its own width, its height
    rounded up to :data:`CANVAS_STEP` rows (exactly its own when ``own_height``). A function of
    the figure alone, so that its pixels are too (see the module's docstring)."""
    return (width, height if own_height else _rounded_up(height), dpi)


def _take(key: tuple[int, int, float]) -> RendererAgg:
    """The canvas ``key``: the kept one, taken out of the pool and cleared, or a new one."""
    renderer = _RENDERERS.pop(key, None)
    if renderer is None:
        return RendererAgg(key[0], key[1], key[2])
    renderer.clear()
    return renderer


def encode_png(rgba: np.ndarray, compress_level: int = 1) -> bytes:
    """An 8-bit RGBA PNG of an (height, width, 4) RGBA array (a view of an Agg canvas), rows
    unfiltered, fast deflate.

    Why not Pillow: its adaptive row filtering costs two to three times as much as the
    compression itself on a diagram that is mostly white, and a widget redraws on every click.
    Why ISA-L (the ``isal`` package) when it is installed: its deflate is several times as
    fast as zlib's level 1 on these pictures (``bench/bench_diagrams.py``; a 50-checkpoint tree
    3.7 ms against 24 ms) for a PNG a few per cent larger; any zlib stream is a valid PNG stream,
    so the picture is the same. The same pixels, not always the same bytes: ISA-L's deflate may
    compress the same input to other bytes from one call to the next (measured: in 7 runs of the
    same 80 lab pictures, one picture's strips came out in two versions; with zlib never; ISA-L
    makes no promise of it, https://github.com/intel/isa-l/issues/140). So nothing is named or
    compared by its PNG's bytes: strips are named by their pixels (:mod:`.tiles`), a whole
    picture by its strips' names (:mod:`hvlab.widgets.picture`), and the browser tests compare
    decoded pixels. Why RGBA,
    the canvas's own pixels, not RGB: each row is then one plain copy (dropping every fourth
    byte cost more than the deflate), the deflate of an opaque picture's constant alpha bytes
    is nearly free, and the PNG came out smaller (a 50-checkpoint tree: 7.5 -> 3.2 ms, 350 ->
    342 KB, and Chromium decoded it no slower). A transparent figure keeps its transparency.
    Why in strips of :data:`STRIP_ROWS` rows: one small buffer, reused, instead of a copy of
    the whole picture (the same deflate stream either way).
    """
    height, width = rgba.shape[:2]
    strip = np.empty((min(STRIP_ROWS, height), 1 + width * 4), dtype=np.uint8)
    strip[:, 0] = 0  # filter type None
    compressor = _deflate.compressobj(compress_level)
    parts = []
    for top in range(0, height, STRIP_ROWS):
        rows = strip[: min(STRIP_ROWS, height - top)]
        rows[:, 1:].reshape(len(rows), width, 4)[...] = rgba[top : top + len(rows)]  # one copy, straight into place
        parts.append(compressor.compress(rows))  # the array's own buffer: no copy
    parts.append(compressor.flush())
    data = b"".join(parts)

    def chunk(tag: bytes, payload: bytes) -> list[bytes]:
        crc = zlib.crc32(payload, zlib.crc32(tag)) & 0xFFFFFFFF
        return [struct.pack(">I", len(payload)), tag, payload, struct.pack(">I", crc)]

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"".join([b"\x89PNG\r\n\x1a\n", *chunk(b"IHDR", header), *chunk(b"IDAT", data), *chunk(b"IEND", b"")])


def render_png(fig: Figure, dpi: float | None = None, compress_level: int = 1) -> bytes:
    """PNG bytes of ``fig`` straight from an Agg buffer (no tight bbox: the layout already has
    its margins). The canvas comes from a pool (see the module's docstring): the figure's own
    canvas (:func:`canvas_key`) when it is kept, the most recently used kept first, up to
    :data:`CANVAS_BUDGET` bytes; a fresh canvas pays its page faults on the first draw, and a
    widget redraws on every click. Light compression: a quick redraw is worth more than a few kilobytes."""
    return render_pixels(fig, lambda rgba: encode_png(rgba, compress_level), dpi)


def render_pixels(fig: Figure, use: Callable[[np.ndarray], _T], dpi: float | None = None) -> _T:
    """``use(rgba)`` of ``fig`` drawn on a pooled canvas, as :func:`render_png` draws it:
    ``rgba`` is the (height, width, 4) view of the figure's pixels, valid only during the call
    (the canvas goes back to the pool). One drawing for several uses: a widget's whole PNG and
    its strips (:mod:`.tiles`)."""
    if dpi is not None and dpi != fig.dpi:
        fig.set_dpi(dpi)
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    width, height = (int(round(v)) for v in fig.bbox.size)
    key = canvas_key(width, height, float(fig.dpi), _has_hatch(fig))
    with _RENDER_LOCK:
        renderer = _take(key)
        try:
            fig.draw(renderer)
            rgba = np.asarray(renderer.buffer_rgba())
            return use(rgba[rgba.shape[0] - height :, :width])  # the bottom-left corner
        finally:
            _keep(key, renderer)


def _keep(key: tuple[int, int, float], renderer: RendererAgg) -> None:
    """Pool ``renderer`` as the most recently used, dropping the oldest beyond the budget."""
    if _canvas_bytes(key) > CANVAS_BUDGET:
        return
    _RENDERERS[key] = renderer
    while pooled_canvas_bytes() > CANVAS_BUDGET:
        _RENDERERS.popitem(last=False)
