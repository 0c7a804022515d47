"""The PNG encoder and the canvas pool hold no more memory than they say (render in strips,
pool within its budget): a kernel that draws for hours stays small (bench_kernel_memory.py);
a figure drawn in a kept, bigger canvas has the same pixels as on a canvas of its own."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from PIL import Image

from hvlab.diagrams import png


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


def _own_canvas_png(fig: Figure) -> bytes:
    """The PNG of ``fig`` drawn on a fresh canvas of exactly its size (what the pool must match)."""
    FigureCanvasAgg(fig)
    width, height = (int(round(v)) for v in fig.bbox.size)
    renderer = RendererAgg(width, height, fig.dpi)
    fig.draw(renderer)
    return png.encode_png(np.asarray(renderer.buffer_rgba()))


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
    figure's PNG is byte for byte the one drawn on a canvas of its own size."""
    _fresh_pool(monkeypatch, 2**24)
    for height in (201, 240, 202, 256):  # all within one 256-row canvas (CANVAS_STEP 64)
        assert png.render_png(_drawn(300, height)) == _own_canvas_png(_drawn(300, height))
    assert list(png._RENDERERS) == [(300, 256, 100.0)]  # the figure's own width
    kept = png._RENDERERS[(300, 256, 100.0)]
    png.render_png(_drawn(150, 90))  # a smaller picture: the same canvas, cleared first
    assert png._RENDERERS[(300, 256, 100.0)] is kept and len(png._RENDERERS) == 1
    assert png.render_png(_drawn(300, 233)) == _own_canvas_png(_drawn(300, 233))


def test_a_hatched_figure_gets_a_canvas_of_its_own_height(monkeypatch):
    """Agg's hatch pattern repeats from the canvas's top edge: rows above the figure would
    shift it, so a hatched figure is drawn on a canvas exactly its height (its pixels unchanged)."""
    _fresh_pool(monkeypatch, 2**24)
    png.render_png(_drawn(300, 400))
    first = png.render_png(_drawn(300, 217, hatch="////"))
    assert first == _own_canvas_png(_drawn(300, 217, hatch="////"))
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
    png.render_png(_figure(320, 100))  # narrower: the smallest canvas it fits in
    assert list(png._RENDERERS)[-1][0] == 330 and len(png._RENDERERS) == 2
    assert png.render_png(_figure(330, 100)) == first  # a pooled canvas is cleared before use


def test_a_canvas_over_the_budget_is_drawn_but_not_kept(monkeypatch):
    _fresh_pool(monkeypatch, 100 * 100 * 4)
    picture = png.render_png(_figure(300, 200))
    assert Image.open(io.BytesIO(picture)).size == (300, 200)
    assert png.pooled_canvas_bytes() == 0


def test_a_diagram_drawn_in_a_bigger_kept_canvas_is_byte_identical(monkeypatch):
    """The lab's pictures (any theme, a name that needs shaping) come out of a kept canvas of
    the biggest tree exactly as out of a canvas of their own."""
    from hvlab import scenarios
    from hvlab.diagrams import layout_for, render_layout

    _fresh_pool(monkeypatch, 2**24)
    lab, vm = scenarios.many_checkpoints(6)
    vm.checkpoint("مرحبا بالعالم")
    for kind, theme in (("checkpoint_tree", "light"), ("disk_chain", "dark"), ("checkpoint_tree", "high-contrast")):
        png._RENDERERS[(1600, 2100, 100.0)] = RendererAgg(1600, 2100, 100)
        assert png.render_png(render_layout(layout_for(kind, vm), theme=theme)) == _own_canvas_png(
            render_layout(layout_for(kind, vm), theme=theme))
