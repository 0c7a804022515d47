"""PNG bytes of a figure, straight from a pooled Agg buffer, with a fast deflate.

Why not ``savefig``/Pillow: a widget redraws on every click, and most of a diagram is white, so
adaptive row filtering and a fresh canvas per picture cost more than the drawing itself
(``bench/bench_diagrams.py`` prints the figures beside a naive pyplot twin).
"""

from __future__ import annotations

import struct
import threading
import zlib

try:  # ISA-L's deflate: the same zlib stream format, much faster at level 1 (see encode_png)
    from isal import isal_zlib as _deflate
except ImportError:  # pragma: no cover - no isal (Pyodide has no wheel of it): plain zlib works
    _deflate = zlib  # type: ignore[assignment]

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure

__all__ = ["encode_png", "render_png"]

_RENDERERS: dict[tuple[int, int, float], RendererAgg] = {}
_RENDER_LOCK = threading.Lock()


def encode_png(rgba: np.ndarray, compress_level: int = 1) -> bytes:
    """An opaque RGB PNG of an (height, width, 4) RGBA array, rows unfiltered, fast deflate.

    Why not Pillow: its adaptive row filtering costs two to three times as much as the
    compression itself on a diagram that is mostly white, and a widget redraws on every click.
    Why ISA-L (the ``isal`` package) when it is installed: its deflate is several times as
    fast as zlib's level 1 on these pictures (``bench/bench_diagrams.py``) for a PNG a few per
    cent larger; any zlib stream is a valid PNG stream, so the picture is the same. Why the colour planes are copied
    one at a time: numpy copies three whole planes faster than one strided RGBA→RGB copy.
    """
    height, width = rgba.shape[:2]
    rows = np.empty((height, 1 + width * 3), dtype=np.uint8)
    rows[:, 0] = 0  # filter type None
    pixels = rows[:, 1:].reshape(height, width, 3)  # a view: copy straight into place
    for channel in range(3):
        pixels[:, :, channel] = rgba[:, :, channel]

    def chunk(tag: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + tag + payload + struct.pack(">I", zlib.crc32(tag + payload) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    data = _deflate.compress(rows, compress_level)  # the array's own buffer: no copy
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def render_png(fig: Figure, dpi: float | None = None, compress_level: int = 1) -> bytes:
    """PNG bytes of ``fig`` straight from an Agg buffer (no tight bbox: the layout already has
    its margins). Agg renderers are pooled by pixel size (at most eight): a fresh canvas pays
    its page faults on the first draw, and a widget redraws the same sizes again and again.
    Light compression: a quick redraw is worth more than a few kilobytes."""
    if dpi is not None and dpi != fig.dpi:
        fig.set_dpi(dpi)
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    width, height = (int(round(v)) for v in fig.bbox.size)
    key = (width, height, float(fig.dpi))
    with _RENDER_LOCK:
        renderer = _RENDERERS.get(key)
        if renderer is None:
            if len(_RENDERERS) >= 8:
                _RENDERERS.pop(next(iter(_RENDERERS)))
            renderer = _RENDERERS[key] = RendererAgg(width, height, fig.dpi)
        renderer.clear()
        fig.draw(renderer)
        return encode_png(np.asarray(renderer.buffer_rgba()), compress_level)
