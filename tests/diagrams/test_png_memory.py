"""The PNG encoder and the canvas pool hold no more memory than they say (render in strips,
pool within its budget): a kernel that draws for hours stays small (bench_kernel_memory.py);
a figure's pixels depend on the figure alone, never on the canvases the pool happens to hold."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from PIL import Image

from hvlab.diagrams import png
from support import pixels


def test_strips_encode_every_row_of_a_picture_taller_than_one_strip():
    rng = np.random.default_rng(2)
    height = 2 * png.STRIP_ROWS + 7  # a last strip shorter than the others
    rgba = rng.integers(0, 256, size=(height, 41, 4), dtype=np.uint8)
    decoded = np.asarray(Image.open(io.BytesIO(png.encode_png(rgba))).convert("RGB"))
    assert decoded.shape == (height, 41, 3)
    assert (decoded == rgba[:, :, :3]).all()


def _figure(width_px: int, height_px: int) -> Figure:
    fig = Figure(figsize=(width_px / 100, height_px / 100), dpi=100)
    fig.patch.set_facecolor("#336699")
    return fig


def _own_canvas_png(fig: Figure, rows: int | None = None) -> bytes:
    """The PNG of ``fig`` drawn on a fresh canvas of its width and ``rows`` rows (its own height
    by default), the figure in the bottom-left corner: what the pool must match."""
    FigureCanvasAgg(fig)
    width, height = (int(round(v)) for v in fig.bbox.size)
    renderer = RendererAgg(width, rows or height, fig.dpi)
    fig.draw(renderer)
    return png.encode_png(np.asarray(renderer.buffer_rgba())[(rows or height) - height :])


def _drawn(width_px: int, height_px: int, hatch: str | None = None) -> Figure:
    """A figure with what moves with the canvas if anything does: text, a snapped box, a line."""
    fig = _figure(width_px, height_px)
    fig.patches.append(Rectangle((0.1, 0.15), 0.5, 0.6, facecolor="#ffcc00", edgecolor="black", hatch=hatch,
                                 transform=fig.transFigure, figure=fig))
    fig.lines.append(Line2D([0.05, 0.95], [0.9, 0.12], color="white", linewidth=1.3, transform=fig.transFigure, figure=fig))
    fig.text(0.13, 0.41, "Checkpoint 0.5 – café", fontsize=11, color="white")
    return fig


def _fresh_pool(monkeypatch, budget: int) -> None:
    monkeypatch.setattr(png, "_RENDERERS", type(png._RENDERERS)())
    monkeypatch.setattr(png, "CANVAS_BUDGET", budget)


def test_a_kept_canvas_serves_a_figure_a_row_taller_with_the_same_pixels(monkeypatch):
    """A lab's tree grows by a row per click: one canvas, rounded up, serves them all, and the
    figure's pixels are those drawn on a fresh canvas of that size."""
    _fresh_pool(monkeypatch, 2**24)
    for height in (201, 240, 202, 256):  # all within one 256-row canvas (CANVAS_STEP 64)
        assert pixels(png.render_png(_drawn(300, height))) == pixels(_own_canvas_png(_drawn(300, height), 256))
    assert list(png._RENDERERS) == [(300, 256, 100.0)]  # the figure's own width
    kept = png._RENDERERS[(300, 256, 100.0)]
    png.render_png(_drawn(300, 193))  # a smaller picture: the same canvas, cleared first
    assert png._RENDERERS[(300, 256, 100.0)] is kept and len(png._RENDERERS) == 1
    assert pixels(png.render_png(_drawn(300, 233))) == pixels(_own_canvas_png(_drawn(300, 233), 256))


def test_a_figure_gets_the_canvas_of_its_own_size_whatever_the_pool_holds(monkeypatch):
    """Never a bigger kept canvas: a narrower or much shorter figure gets a canvas of its own
    width and rounded height, so that its pixels are a function of the figure alone."""
    _fresh_pool(monkeypatch, 2**24)
    png.render_png(_drawn(400, 900))
    png.render_png(_drawn(150, 90))
    png.render_png(_drawn(400, 300))
    assert list(png._RENDERERS) == [(400, 960, 100.0), (150, 128, 100.0), (400, 320, 100.0)]
    assert png.canvas_key(400, 300, 100.0) == (400, 320, 100.0)
    assert png.canvas_key(400, 300, 100.0, own_height=True) == (400, 300, 100.0)


def _edges_near_half_pixels(height_px: int) -> Figure:
    """Boxes whose edges lie 3e-14 px above half a pixel: Agg adds the canvas's height to each
    y in floating point, so such an edge snaps to one row on a canvas of one height and to the
    next row on a taller one (none of 250 random lab pictures had one: rare, not impossible)."""
    fig = _figure(300, height_px)
    ys = [(k + 0.5 + 3e-14) / 100 for k in range(10, height_px - 40, 9)]
    boxes = [np.array([(0.2, y), (2.5, y), (2.5, y + 0.3), (0.2, y + 0.3)]) for y in ys]
    fig.add_artist(PolyCollection(boxes, facecolors="#ffcc00", edgecolors="black", linewidths=1.0,
                                  transform=fig.dpi_scale_trans))
    return fig


def test_a_picture_does_not_depend_on_what_was_drawn_before(monkeypatch):
    """The same figure gives the same pixels in a fresh kernel and in one that drew a taller
    picture first (the page's picture and a test's twin come from different histories)."""
    _fresh_pool(monkeypatch, 2**24)
    alone = pixels(png.render_png(_edges_near_half_pixels(346)))
    assert alone == pixels(_own_canvas_png(_edges_near_half_pixels(346), 384))
    assert alone != pixels(_own_canvas_png(_edges_near_half_pixels(346), 1920))  # the hazard is real
    _fresh_pool(monkeypatch, 2**24)
    png.render_png(_edges_near_half_pixels(1900))  # a kept canvas of 1920 rows, the same width
    assert pixels(png.render_png(_edges_near_half_pixels(346))) == alone


def test_a_hatched_figure_gets_a_canvas_of_its_own_height(monkeypatch):
    """Agg's hatch pattern repeats from the canvas's top edge: rows above the figure would
    shift it, so a hatched figure is drawn on a canvas exactly its height (its pixels unchanged)."""
    _fresh_pool(monkeypatch, 2**24)
    png.render_png(_drawn(300, 400))
    first = png.render_png(_drawn(300, 217, hatch="////"))
    assert pixels(first) == pixels(_own_canvas_png(_drawn(300, 217, hatch="////")))
    assert (300, 217, 100.0) in png._RENDERERS


def test_the_canvas_pool_stays_within_its_budget_oldest_first(monkeypatch):
    _fresh_pool(monkeypatch, (330 + 400) * 128 * 4)  # room for the last two canvases below
    for width in (200, 260, 330, 400):  # each too wide for the canvases before it
        png.render_png(_figure(width, 100))
        assert png.pooled_canvas_bytes() <= png.CANVAS_BUDGET
    assert [key[0] for key in png._RENDERERS] == [330, 400]  # the oldest left first
    kept = png._RENDERERS[(330, 128, 100.0)]
    first = png.render_png(_figure(330, 100))  # the canvas of its own width
    assert png._RENDERERS[(330, 128, 100.0)] is kept and list(png._RENDERERS)[-1][0] == 330
    png.render_png(_figure(320, 100))  # narrower: a canvas of its own width, the oldest leaves
    assert [key[0] for key in png._RENDERERS] == [330, 320]
    assert pixels(png.render_png(_figure(330, 100))) == pixels(first)  # a pooled canvas is cleared before use


def test_a_canvas_over_the_budget_is_drawn_but_not_kept(monkeypatch):
    _fresh_pool(monkeypatch, 100 * 100 * 4)
    picture = png.render_png(_figure(300, 200))
    assert Image.open(io.BytesIO(picture)).size == (300, 200)
    assert png.pooled_canvas_bytes() == 0


def test_a_diagram_comes_out_of_a_kept_canvas_as_out_of_a_fresh_one(monkeypatch):
    """The lab's pictures (any theme, a name that needs shaping) come out of a kept canvas that
    drew another picture first exactly as out of a fresh canvas of the same size."""
    from hvlab import scenarios
    from hvlab.diagrams import layout_for, render_layout

    _fresh_pool(monkeypatch, 2**24)
    lab, vm = scenarios.many_checkpoints(6)
    vm.checkpoint("مرحبا بالعالم")
    for kind, theme in (("checkpoint_tree", "light"), ("disk_chain", "dark"), ("checkpoint_tree", "high-contrast")):
        fig = render_layout(layout_for(kind, vm), theme=theme)
        width, height = (int(round(v)) for v in fig.bbox.size)
        rows = png.canvas_key(width, height, fig.dpi)[1]
        png.render_png(_figure(width, rows - 1))  # the same canvas, painted all over first
        assert pixels(png.render_png(fig)) == pixels(_own_canvas_png(render_layout(layout_for(kind, vm), theme=theme), rows))
