"""The labels' layer (hvlab/diagrams/text_layer.py): cached string bitmaps on Agg draw what the
glyph outlines draw, other backends still get the outlines, and the cache stays bounded."""

from __future__ import annotations

import io

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")

from hvlab import Lab, VMState, set_language  # noqa: E402
from hvlab.diagrams import layout_for, render_layout, render_png, text_layer  # noqa: E402
from hvlab.diagrams.fonts import TextStyle  # noqa: E402
from hvlab.diagrams.text_layer import TextLayer  # noqa: E402


def _vm():
    lab = Lab(seed=3)
    vm = lab.new_vm("web01")
    vm.put_in_state(VMState.RUNNING)
    for name in ("before update", "更新前", "café", "قبل التحديث"):
        vm.checkpoint(name)
    return vm


def _pixels(fig) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(render_png(fig))).convert("RGB")).astype(int)


def _as_outlines(monkeypatch) -> None:
    def outlines(self, renderer):
        for collection in self.outline_collections():
            collection.draw(renderer)

    monkeypatch.setattr(TextLayer, "draw", outlines)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_bitmaps_draw_what_the_outlines_draw(monkeypatch, scale):
    layout = layout_for("checkpoint_tree", _vm())
    fast = _pixels(render_layout(layout, dpi=100 * scale))
    with monkeypatch.context() as patch:
        _as_outlines(patch)
        slow = _pixels(render_layout(layout, dpi=100 * scale))
    assert fast.shape == slow.shape
    diff = np.abs(fast - slow).max(axis=2)
    # Only where a label's origin was rounded to a whole pixel do edge pixels differ, and a
    # label is never missing or moved: almost every pixel is the same, and the ink is the same.
    assert (diff > 0).mean() < 0.03
    assert abs((fast < 128).sum() - (slow < 128).sum()) / (slow < 128).sum() < 0.02


def test_other_backends_get_the_outlines():
    fig = render_layout(layout_for("checkpoint_tree", _vm()))
    out = io.StringIO()
    fig.savefig(out, format="svg")
    svg = out.getvalue()
    assert svg.count("<path") > 20  # the labels as paths (no <text>: names are never parsed as math)
    assert "<text" not in svg


def test_a_label_layer_on_axes_is_clipped_and_drawn_as_outlines():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 3))
    ax = fig.add_subplot()
    render_layout(layout_for("checkpoint_tree", _vm()), ax=ax)
    layer = next(a for a in ax.get_children() if isinstance(a, TextLayer))
    clipped = lambda artist: artist.get_clip_box() is not None or artist.get_clip_path() is not None  # noqa: E731
    assert clipped(layer)  # the axes' rectangle: a clip box
    assert all(clipped(c) for c in layer.outline_collections())
    render_png(fig)  # draws (through the outline path) without error


def test_the_masks_are_kept_within_their_budget(monkeypatch):
    monkeypatch.setattr(text_layer._MASKS, "budget", 20_000)
    for i in range(300):
        text_layer.string_mask(f"checkpoint name {i}", TextStyle.BODY, 100.0)
    assert text_layer.cached_mask_bytes() <= 20_000
    assert text_layer.string_mask("", TextStyle.BODY, 100.0) is None


def test_the_masks_follow_the_language():
    try:
        set_language("en")
        english = text_layer.string_mask("Checkpoint 運用", TextStyle.BODY, 100.0)
        set_language("ja")
        japanese = text_layer.string_mask("Checkpoint 運用", TextStyle.BODY, 100.0)
    finally:
        set_language("en")
    assert english is not None and japanese is not None
    assert english[0].shape != japanese[0].shape or not np.array_equal(english[0], japanese[0])
