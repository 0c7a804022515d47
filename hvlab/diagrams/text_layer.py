"""Every label of a diagram as one artist, drawn on Agg from cached bitmaps of whole strings.

Why: a widget redraws its picture on every click, and a 50-checkpoint tree has about 260
labels. Filled as glyph outlines (one compound path per colour, :mod:`.fonts`) they cost Agg
about 20 ms per picture, over 70,000 outline points, plus the building of the path; yet most
strings of the next picture are the strings of the last one (the names, the kinds, the
column headings). So each string is rasterised ONCE per font chain, size and pixel density,
from the same outline Agg would fill, and kept as an 8-bit coverage mask; a picture then
places each mask with Agg's own text compositing (the call matplotlib's text uses for its glyph
bitmaps, coloured by the graphics context), tens of microseconds a label
(``bench/bench_diagrams.py`` prints the figures beside the outline path in one run).

What is the same: the outline, the antialiasing (Agg's, on the same path) and the colour. What
differs: a label's origin is rounded to a whole pixel, as matplotlib's own text does with its
glyph bitmaps (glyphs inside the string keep their exact positions). Where the fast way does not
apply (another backend: SVG, PDF; a label layer clipped to an Axes; a transform that is not a
plain scale and shift), the same outlines are filled as paths, as before.

The masks are kept up to :data:`MASK_BUDGET` bytes, the most recently used first: a kernel
runs for hours and a learner may type a thousand names.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.path import Path
from matplotlib.transforms import Affine2D

from .budget import ByteBudgetCache
from .fonts import TextStyle, _chain, glyph_path

__all__ = ["MASK_BUDGET", "Label", "TextLayer", "cached_mask_bytes", "string_mask"]

MASK_BUDGET = 2 * 2**20
"""Bytes of string masks kept between pictures: a 50-checkpoint tree's labels weigh about
half a megabyte at 1x (a byte per pixel), so the tree, the chain and the text of the lab's
other pictures fit, at 1x and 2x."""

_MASKS: ByteBudgetCache[tuple[np.ndarray, int, int]] = ByteBudgetCache(MASK_BUDGET, lambda found: found[0].nbytes)


class Label(NamedTuple):
    """One string to draw: its style, its colour, and its pen origin (inches, baseline)."""

    text: str
    style: TextStyle
    colour: str
    x: float
    y: float


def cached_mask_bytes() -> int:
    """Bytes of string masks kept now (never more than :data:`MASK_BUDGET`, but for one)."""
    return _MASKS.bytes


def string_mask(text: str, style: TextStyle, px_per_inch: float) -> tuple[np.ndarray, int, int] | None:
    """``text``'s coverage mask at ``px_per_inch`` (rows top to bottom, uint8) and the offset of
    its bottom-left pixel from the pen origin (x right, y up, whole pixels); ``None`` for a
    string with no ink. Rasterised by Agg from :func:`~.fonts.glyph_path`'s outline, once."""
    vertices, codes = glyph_path(text, style)
    if not len(codes):
        return None
    key = (text, style, _chain(style), px_per_inch)  # the font chain too: set_language draws other fonts
    found = _MASKS.get(key)
    if found is not None:
        return found
    pixels = vertices * px_per_inch
    left, bottom = math.floor(pixels[:, 0].min()) - 1, math.floor(pixels[:, 1].min()) - 1
    right, top = math.ceil(pixels[:, 0].max()) + 1, math.ceil(pixels[:, 1].max()) + 1
    canvas = RendererAgg(right - left, top - bottom, 72)
    gc = canvas.new_gc()
    gc.set_linewidth(0)
    canvas.draw_path(gc, Path(pixels, codes), Affine2D().translate(-left, -bottom), (0.0, 0.0, 0.0, 1.0))
    gc.restore()
    mask = np.array(np.asarray(canvas.buffer_rgba())[:, :, 3])  # coverage: black drawn on transparent
    found = (mask, left, bottom)
    _MASKS.put(key, found)
    return found


def _scale_and_shift(transform) -> tuple[float, float, float] | None:
    """``(pixels per inch, x shift, y shift)`` when ``transform`` only scales (the same both
    ways) and shifts, else ``None``."""
    if not transform.is_affine:
        return None
    (a, b, tx), (c, d, ty), _ = transform.get_matrix()
    if b or c or a <= 0 or not math.isclose(a, d, rel_tol=1e-9):
        return None
    return float(a), float(tx), float(ty)


class TextLayer(Artist):
    """All the labels of one diagram (:class:`Label`), above everything else (zorder 6)."""

    def __init__(self, labels: list[Label], transform) -> None:
        super().__init__()
        self.labels = labels
        self.set_transform(transform)
        self.set_zorder(6)

    def draw(self, renderer) -> None:
        if not self.get_visible() or not self.labels:
            return
        fast = _scale_and_shift(self.get_transform())
        agg = getattr(renderer, "_renderer", None) if isinstance(renderer, RendererAgg) else None
        if (fast is None or agg is None or not hasattr(agg, "draw_text_image")
                or self.get_clip_path() is not None or self.get_clip_box() is not None):
            for collection in self.outline_collections():
                collection.draw(renderer)
            self.stale = False
            return
        ppi, shift_x, shift_y = fast
        height = int(renderer.height)
        gcs: dict[str, object] = {}
        for label in self.labels:
            found = string_mask(label.text, label.style, ppi)
            if found is None:
                continue
            mask, left, bottom = found
            gc = gcs.get(label.colour)
            if gc is None:
                gc = gcs[label.colour] = renderer.new_gc()
                gc.set_foreground(to_rgba(label.colour))
            x = round(label.x * ppi + shift_x) + left
            y = height - (round(label.y * ppi + shift_y) + bottom)  # draw_text_image: y down, the mask's bottom edge
            agg.draw_text_image(mask, x, y, 0, gc)
        for gc in gcs.values():
            gc.restore()
        self.stale = False

    def outline_collections(self) -> list[PathCollection]:
        """The labels as filled glyph outlines, one compound path per colour (any backend)."""
        parts: dict[str, tuple[list[np.ndarray], list[np.ndarray]]] = {}
        for label in self.labels:
            vertices, codes = glyph_path(label.text, label.style)
            if not len(codes):
                continue
            verts, code_list = parts.setdefault(label.colour, ([], []))
            verts.append(vertices + (label.x, label.y))
            code_list.append(codes)
        out = []
        for colour, (verts, codes) in parts.items():
            collection = PathCollection([Path(np.concatenate(verts), np.concatenate(codes))], facecolors=colour,
                                        edgecolors="none", linewidths=0, transform=self.get_transform(), zorder=6)
            collection.set_figure(self.figure)
            collection.set_clip_box(self.get_clip_box())
            collection.set_clip_path(self.get_clip_path())
            out.append(collection)
        return out
