"""The PNG encoder and the canvas pool hold no more memory than they say (render in strips,
pool within its budget): a kernel that draws for hours stays small (bench_kernel_memory.py)."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure
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


def test_the_canvas_pool_stays_within_its_budget_and_reuses_a_size(monkeypatch):
    monkeypatch.setattr(png, "_RENDERERS", type(png._RENDERERS)())
    monkeypatch.setattr(png, "CANVAS_BUDGET", 3 * 203 * 100 * 4)  # room for three of these canvases
    for width in (200, 201, 202, 203):
        png.render_png(_figure(width, 100))
        assert png.pooled_canvas_bytes() <= png.CANVAS_BUDGET
    assert [key[0] for key in png._RENDERERS] == [201, 202, 203]  # the oldest size left first
    kept = png._RENDERERS[(202, 100, 100.0)]
    first = png.render_png(_figure(202, 100))
    assert png._RENDERERS[(202, 100, 100.0)] is kept and list(png._RENDERERS)[-1][0] == 202
    assert png.render_png(_figure(202, 100)) == first  # a pooled canvas is cleared before use


def test_a_canvas_over_the_budget_is_drawn_but_not_kept(monkeypatch):
    monkeypatch.setattr(png, "_RENDERERS", type(png._RENDERERS)())
    monkeypatch.setattr(png, "CANVAS_BUDGET", 100 * 100 * 4)
    picture = png.render_png(_figure(300, 200))
    assert Image.open(io.BytesIO(picture)).size == (300, 200)
    assert png.pooled_canvas_bytes() == 0
