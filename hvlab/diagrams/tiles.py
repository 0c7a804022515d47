"""A picture as a column of horizontal tiles, each a small PNG of its own, named by its pixels.

Why: a lab redraws its picture on every click, and at 50 checkpoints that picture is 2.6
million pixels (1330 x 1972). Sent whole, the page receives some 340 KB per click and the browser
decodes all of it again, 25-40 ms on this project's machines, while most of it did not change:
a Checkpoint adds one row to the tree and moves the rows below it down by exactly one row. So the
picture is cut into full-width strips, each strip named by its pixels (two checksums, its width
and height), and the page receives only the strips it has not got: the rest it shows again
from what it kept (:class:`~hvlab.widgets.picture.Picture`). A strip is as tall as the
layout's row pitch where the layout has one (:attr:`~hvlab.diagrams.layout.Layout.row_pitch`:
the checkpoint tree's rows), so a row moved down by one row still matches the strip it was.

The checksums (CRC-32 and Adler-32 of the strip's bytes, ISA-L's where installed: about a
millisecond for the whole 50-checkpoint picture) are no cryptographic hash; two different strips
of the same size would have to agree on both 32-bit sums by chance, which a learner's session
of some thousands of clicks will not meet. Strips are encoded with :func:`~.png.encode_png`;
strips seen recently are found in a small cache and not encoded again.
"""

from __future__ import annotations

import zlib
from typing import NamedTuple

import numpy as np

from .budget import ByteBudgetCache
from .png import encode_png

try:  # ISA-L's checksums: several times as fast as zlib's (see the module's docstring)
    from isal import isal_zlib as _sums
except ImportError:  # pragma: no cover - no isal (Pyodide): zlib's are the same sums
    _sums = zlib  # type: ignore[assignment]

__all__ = ["DEFAULT_TILE_ROWS", "TILE_BUDGET", "Tile", "cached_tile_bytes", "split_tiles", "tile_rows_for"]

DEFAULT_TILE_ROWS = 32
"""Rows of pixels per strip of a picture whose layout has no row pitch: small enough that a
change in one place re-sends little, large enough that a picture is a few dozen images."""
TILE_BUDGET = 2 * 2**20
"""Bytes of encoded strips kept between pictures: a 50-checkpoint tree's strips weigh about
340 KB, so the last pictures of the tree, the chain and a step view's frames fit."""

_TILES: ByteBudgetCache[bytes] = ByteBudgetCache(TILE_BUDGET, len)


class Tile(NamedTuple):
    """One strip of a picture: its name (from its pixels), its height in PNG pixels, its PNG."""

    key: str
    rows: int
    png: bytes


def cached_tile_bytes() -> int:
    """Bytes of encoded strips kept now (at most :data:`TILE_BUDGET`, but for one strip)."""
    return _TILES.bytes


def tile_rows_for(row_pitch: float, px_per_inch: float) -> int:
    """Strip height in PNG pixels: the layout's row pitch (inches) where it comes to a whole
    number of pixels, so that a row moved by one row is a strip seen before; else the default."""
    if row_pitch > 0:
        rows = row_pitch * px_per_inch
        if rows >= 8 and abs(rows - round(rows)) < 1e-6:
            return int(round(rows))
    return DEFAULT_TILE_ROWS


def split_tiles(rgba: np.ndarray, rows: int = DEFAULT_TILE_ROWS, compress_level: int = 1) -> tuple[Tile, ...]:
    """The strips of an (height, width, 4) RGBA picture, ``rows`` rows each (the last one
    shorter), top to bottom, each with its name and its PNG."""
    height, width = rgba.shape[:2]
    out = []
    for top in range(0, height, rows):
        strip = np.ascontiguousarray(rgba[top : top + rows])  # a view when the canvas has the figure's width
        count = strip.shape[0]
        data = memoryview(strip).cast("B")
        key = f"{_sums.crc32(data):08x}{_sums.adler32(data):08x}-{width}x{count}"
        png = _TILES.get(key)
        if png is None:
            png = encode_png(strip, compress_level)
            _TILES.put(key, png)
        out.append(Tile(key, count, png))
    return tuple(out)
