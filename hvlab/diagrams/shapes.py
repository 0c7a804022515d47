"""The shapes of a diagram as plain vertices and paths: box outlines, the marks (the Now arrow,
the console thumbnail), the hatched strips of read-only disks and standard checkpoints.

Why apart from :mod:`.render`: these are geometry only (numpy and matplotlib's ``Path``), the
same in every palette; :mod:`.render` puts them into the few collections it draws.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.path import Path

from .layout import Mark, MarkKind
from .style import Palette, Shape

__all__ = ["PATTERN_SPACING", "Patterns", "closed_paths", "mark_polygons", "shape_vertices"]


# ---------------------------------------------------------------------------------- geometry
def _arc(cx: float, cy: float, r: float, start: float, stop: float, steps: int) -> list[tuple[float, float]]:
    angles = np.linspace(start, stop, steps)
    return [(cx + r * np.cos(a), cy + r * np.sin(a)) for a in angles]


def shape_vertices(shape: Shape, x: float, y: float, w: float, h: float) -> np.ndarray:
    """Outline of a box shape centred on ``x``, ``y`` (a closed polygon, inches)."""
    l, r, b, t = x - w / 2, x + w / 2, y - h / 2, y + h / 2
    if shape is Shape.RECT:
        return np.array([(l, b), (r, b), (r, t), (l, t)])
    if shape is Shape.HEXAGON:
        p = min(h / 2, 0.22)
        return np.array([(l, y), (l + p, b), (r - p, b), (r, y), (r - p, t), (l + p, t)])
    radius = h / 2 if shape is Shape.STADIUM else min(0.09, h / 4)
    steps = 9 if shape is Shape.STADIUM else 5
    pts: list[tuple[float, float]] = []
    pts += _arc(r - radius, b + radius, radius, -np.pi / 2, 0, steps)
    pts += _arc(r - radius, t - radius, radius, 0, np.pi / 2, steps)
    pts += _arc(l + radius, t - radius, radius, np.pi / 2, np.pi, steps)
    pts += _arc(l + radius, b + radius, radius, np.pi, 1.5 * np.pi, steps)
    return np.array(pts)


_CLOSED_CODES: dict[int, np.ndarray] = {}


def closed_paths(polygons: list[np.ndarray]) -> list[Path]:
    """Closed paths of ``polygons`` (each an (n, 2) array of corners), drawn exactly as a
    ``PolyCollection`` of them draws, built without ``Path``'s argument checks: a 50-checkpoint
    tree has some 250 polygons, and checking each one's shape cost more than Agg's drawing of
    them all. The corners come from :func:`shape_vertices` and :func:`_mark_polygons` only."""
    paths = []
    fast = getattr(Path, "_fast_from_codes_and_verts", None)
    for corners in polygons:
        count = len(corners) + 1
        codes = _CLOSED_CODES.get(count)
        if codes is None:
            codes = _CLOSED_CODES[count] = np.array([Path.MOVETO] + [Path.LINETO] * (count - 2) + [Path.CLOSEPOLY], dtype=Path.code_type)
        vertices = np.concatenate([corners, corners[:1]]).astype(float, copy=False)
        paths.append(fast(vertices, codes) if fast is not None else Path(vertices, codes))
    return paths


def mark_polygons(mark: Mark, palette: Palette) -> list[tuple[np.ndarray, str, str, bool]]:
    """(vertices, face, edge, dashed) for one mark."""
    s, x, y = mark.size, mark.x, mark.y
    if mark.kind is MarkKind.NOW_ARROW:
        shaft = s * 0.22
        head = s * 0.45
        verts = np.array([
            (x - s / 2, y - shaft), (x + s / 2 - head, y - shaft), (x + s / 2 - head, y - s * 0.42),
            (x + s / 2, y), (x + s / 2 - head, y + s * 0.42), (x + s / 2 - head, y + shaft), (x - s / 2, y + shaft),
        ])
        return [(verts, *palette.now_arrow, False)]
    w, h = s, s * 0.72
    screen = shape_vertices(Shape.RECT, x, y + h * 0.1, w, h)
    stand = shape_vertices(Shape.RECT, x, y - h * 0.5, w * 0.4, h * 0.12)
    if mark.kind is MarkKind.THUMBNAIL:
        inner = shape_vertices(Shape.RECT, x, y + h * 0.1, w * 0.78, h * 0.7)
        face, edge, picture = palette.thumbnail
        return [(screen, face, edge, False), (inner, picture, picture, False), (stand, face, edge, False)]
    return [(screen, *palette.empty_screen, True)]


# ---------------------------------------------------------------------------------- patterns
PATTERN_SPACING = 0.055


class Patterns:
    """Hatched strips drawn as plain line segments and dots: Agg's hatch fill is slow per
    hatched polygon, so 51 strips would cost more than the whole rest of a diagram."""

    def __init__(self) -> None:
        self.segments: dict[str, list[np.ndarray]] = {}
        self.dots: dict[str, list[np.ndarray]] = {}

    def add(self, pattern: str, cx: float, cy: float, w: float, h: float, colour: str) -> None:
        x0, x1, y0, y1 = cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2
        if "." in pattern:
            size = 0.022
            dots = self.dots.setdefault(colour, [])
            for row, y in enumerate(np.arange(y0 + 0.03, y1 - 0.01, PATTERN_SPACING)):
                for x in np.arange(x0 + 0.03 + (row % 2) * PATTERN_SPACING / 2, x1 - 0.01, PATTERN_SPACING):
                    dots.append(np.array([(x - size / 2, y - size / 2), (x + size / 2, y - size / 2), (x + size / 2, y + size / 2), (x - size / 2, y + size / 2)]))
            return
        segments = self.segments.setdefault(colour, [])
        step = PATTERN_SPACING * 2 ** 0.5
        if "/" in pattern or "x" in pattern:  # y = x + c
            for c in np.arange(y0 - x1 + step / 2, y1 - x0, step):
                lo, hi = max(x0, y0 - c), min(x1, y1 - c)
                if lo < hi:
                    segments.append(np.array([(lo, lo + c), (hi, hi + c)]))
        if "\\" in pattern or "x" in pattern:  # y = -x + c
            for c in np.arange(x0 + y0 + step / 2, x1 + y1, step):
                lo, hi = max(x0, c - y1), min(x1, c - y0)
                if lo < hi:
                    segments.append(np.array([(lo, c - lo), (hi, c - hi)]))

    def collections(self, transform) -> list:
        """One compound path per colour for all strokes and one for all dots: a 50-disk chain
        has about 600 hatch strokes, and a ``Path`` object for each costs more than drawing them."""
        out: list = []
        for colour, segments in self.segments.items():
            codes = np.tile(np.array([Path.MOVETO, Path.LINETO], dtype=np.uint8), len(segments))
            strokes = Path(np.concatenate(segments), codes)
            out.append(PathCollection([strokes], facecolors="none", edgecolors=colour, linewidths=0.9, transform=transform, zorder=3.5))
        for colour, dots in self.dots.items():
            square = np.array([Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY], dtype=np.uint8)
            closed = np.concatenate([np.concatenate([d, d[:1]]) for d in dots])
            out.append(PathCollection([Path(closed, np.tile(square, len(dots)))], facecolors=colour, edgecolors="none",
                                      linewidths=0, transform=transform, zorder=3.5))
        return out
