"""Draw a :class:`~hvlab.diagrams.layout.Layout` on a matplotlib ``Figure`` (never pyplot), fast.

Why it is fast enough to redraw on every click: all boxes of one kind are a single
``PolyCollection``, all arrow shafts one ``LineCollection``, all text one layer drawn from cached
bitmaps of whole strings (:mod:`.text_layer`), the limits are fixed (no autoscale, no tight bbox), and PNGs come
straight from the Agg buffer with light compression (:mod:`.png`). One inch of layout is one inch of figure,
so font sizes in points are what a learner sees at 100 % zoom. Every colour comes from the
palette of the page's theme (:func:`~hvlab.diagrams.style.palette_for`: light, dark,
high-contrast); the shapes, hatches and words are the same in all of them.
"""

from __future__ import annotations

import base64
import html
from typing import Iterable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.figure import Figure

from .fonts import TextStyle, text_width
from .png import encode_png, render_png
from .shapes import Patterns, closed_paths, mark_polygons, shape_vertices
from .text_layer import Label, TextLayer
from .layout import HALO, LEGEND_SAMPLE, Arrow, Box, Layout, LegendEntry, Mark, TextLine
from .style import READ_ONLY_HATCH, ROLE_STYLES, ArrowRole, Highlight, Ink, Palette, RoleStyle, Shape, Theme, palette_for

__all__ = ["DEFAULT_DPI", "DiagramFigure", "encode_png", "new_figure", "render_layout", "render_png", "shape_vertices"]

DEFAULT_DPI = 100
STRIP_WIDTH = 0.13
HEAD_LENGTH = 0.13
HEAD_WIDTH = 0.1


# ---------------------------------------------------------------------------------- text
class _TextBatch:
    """Collects every label (:class:`~.text_layer.Label`) for one :class:`~.text_layer.TextLayer`,
    in the palette's colour of each :class:`Ink` or a badge's own text colour, and the boxes
    behind the labels that ask for a background."""

    def __init__(self, palette: Palette) -> None:
        self.palette = palette
        self.labels: list[Label] = []
        self.backgrounds: list[np.ndarray] = []

    def add(self, text: str, style: TextStyle, x: float, baseline: float, ha: str = "left", ink: Ink | str = Ink.NORMAL, background: bool = False) -> None:
        if not text:
            return
        width = text_width(text, style)
        left = x - width / 2 if ha == "center" else x - width if ha == "right" else x
        colour = self.palette.ink(ink) if isinstance(ink, Ink) else ink
        self.labels.append(Label(text, style, colour, left, baseline))
        if background:
            pad = 0.03
            self.backgrounds.append(
                np.array([(left - pad, baseline - style.size * 0.3 / 72), (left + width + pad, baseline - style.size * 0.3 / 72),
                          (left + width + pad, baseline + style.cap_height + pad), (left - pad, baseline + style.cap_height + pad)])
            )

    def collections(self, transform) -> list:
        out: list = []
        if self.backgrounds:
            out.append(PolyCollection(self.backgrounds, facecolors=self.palette.label_background, edgecolors="none", transform=transform, zorder=4))
        if self.labels:
            out.append(TextLayer(self.labels, transform))
        return out


def _strip_hatch(box: Box, style: RoleStyle) -> str | None:
    if box.muted:
        return None
    return style.strip_hatch or (READ_ONLY_HATCH if box.read_only else None)


def _box_text(batch: _TextBatch, box: Box, style: RoleStyle) -> None:
    lines: tuple[TextLine, ...] = box.lines
    total = sum(line.style.line_height for line in lines)
    slot_top = box.y + total / 2
    pad = 0.1 + (STRIP_WIDTH if _strip_hatch(box, style) else 0.0)
    for line in lines:
        baseline = slot_top - (line.style.line_height + line.style.cap_height) / 2
        ink = Ink.MUTED if box.muted else line.ink
        if box.align == "left":
            batch.add(line.text, line.style, box.left + pad + box.indent, baseline, "left", ink)
        else:
            batch.add(line.text, line.style, box.x + (pad - 0.1) / 2, baseline, "center", ink)
        slot_top -= line.style.line_height


# ---------------------------------------------------------------------------------- drawing
class DiagramFigure(Figure):
    """A plain matplotlib Figure that also shows itself in Jupyter without pyplot: a bare
    ``draw_disk_chain(vm)`` at the end of a cell displays the PNG (``_repr_png_``), and its
    layout stays attached for :func:`hvlab.diagrams.describe`."""

    layout: Layout | None = None
    theme: Theme = Theme.LIGHT

    def _repr_png_(self) -> bytes:
        return render_png(self)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, object]:
        """PNG plus the screen-reader text as the plain-text alternative, and the same PNG as an
        ``<img>`` whose ``alt`` is that text (JupyterLab and Voila show the HTML first; their own
        PNG output has no text alternative at all). A light diagram with its layout also comes
        drawn in the dark palette, shown instead when the page is in JupyterLab's dark theme
        (``data-jp-theme-light="false"``, also Voila's ``?theme=dark``): never a white
        rectangle in a dark notebook."""
        png = render_png(self)
        words = self.layout.describe() if self.layout is not None else repr(self)
        width, height = (int(round(v)) for v in self.bbox.size)

        def img(data: bytes, theme: str) -> str:
            picture = base64.b64encode(data).decode("ascii")
            return (f'<img src="data:image/png;base64,{picture}" width="{width}" height="{height}" '
                    f'alt="{html.escape(words, quote=True)}" class="hvlab-diagram-output hvlab-theme-{theme}">')

        page = img(png, self.theme.value)
        if self.layout is not None and self.theme is Theme.LIGHT:
            dark = render_png(render_layout(self.layout, dpi=self.dpi, theme=Theme.DARK))
            page = f"<div class='hvlab-themed'><style>{_THEMED_STYLE}</style>{page}{img(dark, Theme.DARK.value)}</div>"
        return {"image/png": png, "text/plain": words, "text/html": page}


_THEMED_STYLE = (
    ".hvlab-themed .hvlab-theme-dark { display: none; }"
    " body[data-jp-theme-light='false'] .hvlab-themed .hvlab-theme-dark { display: inline; }"
    " body[data-jp-theme-light='false'] .hvlab-themed .hvlab-theme-light { display: none; }"
)
"""Which of a bare diagram's two pictures a page shows: the dark one in a dark JupyterLab."""


def new_figure(width: float, height: float, dpi: float = DEFAULT_DPI, theme: Theme | str | None = None) -> DiagramFigure:
    """A Figure of ``width`` × ``height`` inches in the background of ``theme``'s palette (white
    by default) with an Agg canvas and no axes: the diagram's artists sit on the figure itself
    in inches (``fig.dpi_scale_trans``), which spares the ticks, spines and data limits an Axes
    would set up and never show."""
    palette = palette_for(theme)
    fig = DiagramFigure(figsize=(width, height), dpi=dpi, facecolor=palette.background)
    fig.theme = palette.theme
    FigureCanvasAgg(fig)
    return fig


def render_layout(layout: Layout, ax: Axes | None = None, dpi: float = DEFAULT_DPI, theme: Theme | str | None = None) -> Figure:
    """Draw ``layout`` in the palette of ``theme`` ("light", "dark", "high-contrast"; light by
    default); on a new figure of the layout's size, or on ``ax`` (scaled to fit, aspect kept;
    the axes' background is the palette's)."""
    palette = palette_for(theme)
    if ax is None:
        fig = new_figure(layout.width, layout.height, dpi, palette.theme)
        fig.layout = layout
        for artist in layout_artists(layout, fig.dpi_scale_trans, palette):
            fig.add_artist(artist)
        return fig
    ax.set_xlim(0, layout.width)
    ax.set_ylim(0, layout.height)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    ax.set_facecolor(palette.background)
    for artist in layout_artists(layout, ax.transData, palette):
        if isinstance(artist, TextLayer):
            ax.add_artist(artist)  # clipped to the axes: drawn as outlines (text_layer.py)
        else:
            ax.add_collection(artist, autolim=False)
    return ax.figure  # type: ignore[return-value]


def layout_artists(layout: Layout, transform, palette: Palette | None = None) -> list:
    """The few collections that draw ``layout`` (coordinates in inches through ``transform``)
    in ``palette``'s colours (light by default)."""
    palette = palette or palette_for(Theme.LIGHT)
    artists: list = []
    batch = _TextBatch(palette)
    patterns = Patterns()
    polys: dict[bool, tuple[list, list, list, list]] = {}

    def poly(verts: np.ndarray, face: str, edge: str, lw: float, dashed: bool = False) -> None:
        group = polys.setdefault(dashed, ([], [], [], []))
        group[0].append(verts)
        group[1].append(face)
        group[2].append(edge)
        group[3].append(lw)

    halos: list[tuple[np.ndarray, str, bool]] = []
    for box in layout.boxes:
        style = palette.muted if box.muted else palette.role(box.role)
        shape = ROLE_STYLES[box.role].shape
        if box.highlight is not None:
            halos.append((shape_vertices(shape, box.x, box.y, box.width + 2 * HALO, box.height + 2 * HALO), palette.highlights[box.highlight], box.highlight is Highlight.DISCARDED))
        poly(shape_vertices(shape, box.x, box.y, box.width, box.height), style.face, style.edge, style.linewidth, style.dashed)
        hatch = _strip_hatch(box, style)
        if hatch:
            inset = 0.04
            patterns.add(hatch, box.left + inset + STRIP_WIDTH / 2, box.y, STRIP_WIDTH, box.height - 2 * inset - 0.02, style.edge)
        _box_text(batch, box, style)
        if box.badge:
            width = text_width(box.badge, TextStyle.BADGE) + 0.12
            bx, by = box.right - width / 2 - 0.04, box.top + 0.02
            colour = palette.badge_face if box.highlight in (None, Highlight.CURRENT) else palette.highlights[box.highlight]
            poly(shape_vertices(Shape.RECT, bx, by, width, 0.17), colour, palette.frame, 0.8)
            batch.add(box.badge, TextStyle.BADGE, bx, by - TextStyle.BADGE.cap_height / 2, "center", palette.badge_ink)

    for mark in layout.marks:
        for verts, face, edge, dashed in mark_polygons(mark, palette):
            poly(verts, face, edge, 0.8, dashed)

    for label in layout.labels:
        batch.add(label.text, label.style, label.x, label.y, label.ha, label.ink, label.background)

    lines: dict[tuple[bool, str, float], list[np.ndarray]] = {}
    heads: tuple[list, list] = ([], [])
    for arrow in layout.arrows:
        _arrow(arrow, lines, heads, palette)

    for entry in layout.legend:
        _legend_entry(entry, poly, patterns, batch, lines, heads, palette)

    if halos:
        artists.append(PolyCollection([h[0] for h in halos], facecolors=[h[1] for h in halos], edgecolors=palette.frame,
                                      linewidths=[0.8] * len(halos), linestyles=["--" if h[2] else "-" for h in halos], transform=transform, zorder=1))
    for (dashed, colour, lw), segments in lines.items():
        artists.append(LineCollection(segments, colors=colour, linewidths=lw, linestyles="--" if dashed else "-", transform=transform, zorder=2, capstyle="butt", joinstyle="miter"))
    if heads[0]:
        artists.append(PolyCollection(heads[0], facecolors=heads[1], edgecolors=heads[1], linewidths=0.5, transform=transform, zorder=5))
    for dashed, (verts, faces, edges, lws) in polys.items():
        artists.append(PathCollection(closed_paths(verts), facecolors=faces, edgecolors=edges, linewidths=lws,
                                      linestyles="--" if dashed else "-", transform=transform, zorder=3))
    artists += patterns.collections(transform)
    artists += batch.collections(transform)
    return artists


def _arrow_style(arrow: Arrow, palette: Palette) -> tuple[bool, str, float]:
    if arrow.muted:
        return True, palette.muted_line, 1.0
    if arrow.highlight:
        return False, palette.path, 2.8
    if arrow.role is ArrowRole.TREE:
        return False, palette.tree_arrow, 1.2
    return False, palette.arrow, 1.4


def _arrow(arrow: Arrow, lines: dict, heads: tuple[list, list], palette: Palette, with_head: bool = True) -> None:
    dashed, colour, lw = _arrow_style(arrow, palette)
    points = np.asarray(arrow.points, dtype=float)
    if with_head and arrow.role is not ArrowRole.TREE:
        (x0, y0), (x1, y1) = points[-2], points[-1]
        length = float(np.hypot(x1 - x0, y1 - y0)) or 1.0
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        scale = 1.25 if arrow.highlight else 1.0
        hl, hw = HEAD_LENGTH * scale, HEAD_WIDTH * scale / 2
        base = (x1 - ux * hl, y1 - uy * hl)
        heads[0].append(np.array([(x1, y1), (base[0] - uy * hw, base[1] + ux * hw), (base[0] + uy * hw, base[1] - ux * hw)]))
        heads[1].append(colour)
        points = points.copy()
        points[-1] = (x1 - ux * hl * 0.8, y1 - uy * hl * 0.8)
    lines.setdefault((dashed, colour, lw), []).append(points)


def _legend_entry(entry: LegendEntry, poly, patterns: Patterns, batch: _TextBatch, lines: dict, heads: tuple[list, list], palette: Palette) -> None:
    w, h = LEGEND_SAMPLE
    cx, cy = entry.x + w / 2, entry.y
    if entry.read_only:
        poly(shape_vertices(Shape.RECT, cx, cy, w, h), palette.background, palette.arrow, 0.8)
        patterns.add(READ_ONLY_HATCH, entry.x + 0.03 + 0.05, cy, 0.1, h - 0.06, palette.arrow)
    elif entry.role is not None:
        style = palette.role(entry.role)
        poly(shape_vertices(style.shape, cx, cy, w, h), style.face, style.edge, min(style.linewidth, 1.6), style.dashed)
        if style.strip_hatch:
            patterns.add(style.strip_hatch, entry.x + 0.03 + 0.05, cy, 0.1, h - 0.06, style.edge)
    elif entry.highlight is not None:
        poly(shape_vertices(Shape.RECT, cx, cy, w, h), palette.highlights[entry.highlight], palette.frame, 0.8, entry.highlight is Highlight.DISCARDED)
    elif entry.mark is not None:
        for verts, face, edge, dashed in mark_polygons(Mark(entry.mark, cx, cy, 0.3), palette):
            poly(verts, face, edge, 0.8, dashed)
    elif entry.arrow is not None:
        highlight = entry.arrow is ArrowRole.FLOW
        _arrow(Arrow("", "", ((entry.x, cy), (entry.x + w, cy)), entry.arrow, highlight=highlight), lines, heads, palette)
    batch.add(entry.text, TextStyle.SMALL, entry.x + w + 0.1, cy - TextStyle.SMALL.cap_height / 2)


def iter_texts(layout: Layout) -> Iterable[str]:
    """Every string the layout draws (tests check glyph coverage with it)."""
    for box in layout.boxes:
        yield from (line.text for line in box.lines)
        if box.badge:
            yield box.badge
    yield from (label.text for label in layout.labels)
    yield from (entry.text for entry in layout.legend)
