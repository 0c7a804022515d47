"""Render tests for the diagrams: every diagram of every gallery scenario renders
without a single warning (missing glyphs included), on a Figure (never pyplot), and the core
still imports without matplotlib."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings

import pytest
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from PIL import Image

from hvlab import Lab, VMState
from hvlab.catalog import keys
from hvlab.diagrams import (
    describe,
    draw_before_after,
    draw_checkpoint_tree,
    draw_decision_path,
    draw_disk_chain,
    draw_power_states,
    render_layout,
    render_png,
)
from hvlab.diagrams.fonts import FONT_FAMILY
from hvlab.diagrams.gallery import gallery_layouts, main
from hvlab.diagrams.render import iter_texts
from hvlab.scenarios import SCENARIOS

GALLERY = gallery_layouts()


@pytest.mark.parametrize("stem,layout", GALLERY, ids=[stem for stem, _ in GALLERY])
def test_gallery_diagram_renders_without_warnings(stem, layout):
    """Every diagram of every gallery scenario renders to a non-blank PNG of the layout's size,
    with every warning (missing glyphs included) turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = render_png(render_layout(layout, dpi=100))
    image = Image.open(io.BytesIO(png))
    assert image.size == (round(layout.width * 100), round(layout.height * 100))
    low, high = image.convert("L").getextrema()
    assert low < 60 and high == 255, "black text on a white page"


@pytest.mark.parametrize("stem,layout", GALLERY, ids=[stem for stem, _ in GALLERY])
def test_gallery_text_has_glyphs_in_the_bundled_font(stem, layout):
    """Every character the diagrams draw exists in DejaVu Sans, the font matplotlib ships
    (so JupyterLite and a bare server draw the same picture)."""
    charmap = get_font(findfont(FontProperties(family=FONT_FAMILY))).get_charmap()
    missing = {c for text in iter_texts(layout) for c in text if ord(c) not in charmap}
    assert not missing


@pytest.mark.parametrize("stem,layout", GALLERY, ids=[stem for stem, _ in GALLERY])
def test_gallery_text_and_boxes_stay_on_the_page(stem, layout):
    """Nothing is cut off at the figure's edge: every box, label and legend entry lies inside."""
    from hvlab.diagrams.fonts import TextStyle, text_width
    from hvlab.diagrams.layout import LEGEND_SAMPLE

    for box in layout.boxes:
        assert 0 <= box.left and box.right <= layout.width and 0 <= box.bottom and box.top <= layout.height, box.key
    for label in layout.labels:
        width = text_width(label.text, label.style)
        left = label.x - width / 2 if label.ha == "center" else label.x - width if label.ha == "right" else label.x
        assert 0 <= left and left + width <= layout.width + 1e-6 and 0 <= label.y <= layout.height, label.text
    for entry in layout.legend:
        assert 0 <= entry.x and entry.x + LEGEND_SAMPLE[0] + 0.1 + text_width(entry.text, TextStyle.SMALL) <= layout.width, entry.text
        assert 0 <= entry.y - LEGEND_SAMPLE[1] / 2 and entry.y + LEGEND_SAMPLE[1] / 2 <= layout.height


def test_png_encoder_keeps_every_pixel():
    """render_png's own encoder writes a PNG that decodes to exactly the Agg pixels."""
    import numpy as np

    from hvlab.diagrams.render import encode_png

    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    decoded = np.asarray(Image.open(io.BytesIO(encode_png(rgba))).convert("RGB"))
    assert (decoded == rgba[:, :, :3]).all()


def test_png_encoder_output_is_a_plain_zlib_stream(monkeypatch):
    """The PNG is valid whichever deflate wrote it: ISA-L's (``isal``) or the standard zlib
    fallback, and both decode to the same pixels."""
    import numpy as np

    from hvlab.diagrams import png as render_module

    rng = np.random.default_rng(1)
    rgba = rng.integers(0, 256, size=(21, 34, 4), dtype=np.uint8)
    fast = render_module.encode_png(rgba)
    monkeypatch.setattr(render_module, "_deflate", __import__("zlib"))
    plain = render_module.encode_png(rgba)
    for png in (fast, plain):
        assert (np.asarray(Image.open(io.BytesIO(png)).convert("RGB")) == rgba[:, :, :3]).all()


def test_text_is_built_glyph_by_glyph_one_outline_per_character():
    """Labels are assembled from cached glyphs: pen positions never go backwards, "off" and
    "fi" keep a glyph per letter (no ligature turns a GUID or a word into something else),
    the width is the extent of the ink that is drawn, and a kana in an English label comes
    from the Japanese font of the chain."""
    import numpy as np

    from hvlab.diagrams import fonts

    files = fonts._chain_for("en", "normal")
    for label in ("turned off", "profile", "web01_6F2C…avhdx", "AVATAR"):
        placed = fonts._pen_positions(label, files)
        assert len(placed) == len(label)
        assert all(b[1] >= a[1] for a, b in zip(placed, placed[1:]))
        vertices, _ = fonts.glyph_path(label, fonts.TextStyle.BODY)
        ink = vertices[:, 0].max() - vertices[:, 0].min()
        assert fonts.text_width(label, fonts.TextStyle.BODY) == pytest.approx(ink)
    assert "ipaexg" in fonts._glyph(files, "あ").font.lower()
    assert fonts._glyph(files, "a").font == files[0] == str(fonts.font_files("en", "normal")[0])
    narrow, wide = fonts.text_width("iii", fonts.TextStyle.BODY), fonts.text_width("WWW", fonts.TextStyle.BODY)
    assert 0 < narrow < wide
    assert fonts.text_width("Production", fonts.TextStyle.TITLE) > fonts.text_width("Production", fonts.TextStyle.BODY)
    assert np.isfinite(fonts.text_width("   ", fonts.TextStyle.BODY)) and fonts.text_width("   ", fonts.TextStyle.BODY) == 0


def test_learner_text_without_glyphs_becomes_a_box_not_a_warning():
    """A checkpoint name with an emoji no installed font has draws a placeholder box instead of
    warning about a missing glyph (matplotlib's LastResort font, fonts.needs_layout)."""
    lab = Lab(seed=5)
    vm = lab.new_vm("web01")
    vm.checkpoint("before 🚀 launch")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render_png(draw_checkpoint_tree(vm))
    assert "before 🚀 launch" in describe(vm)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_every_draw_function_returns_a_figure(scenario):
    """draw_* accept a VM and return a matplotlib Figure; describe() names the VM."""
    _, vm = SCENARIOS[scenario]()
    for draw in (draw_disk_chain, draw_checkpoint_tree, draw_decision_path, draw_power_states, draw_before_after):
        assert isinstance(draw(vm), Figure)
    assert vm.name in describe(vm)


def test_a_bare_diagram_displays_itself_in_jupyter():
    """A notebook cell ending in ``draw_disk_chain(vm)`` shows the PNG even though pyplot (and
    its inline backend) was never imported; the plain-text alternative is the description."""
    from IPython.core.interactiveshell import InteractiveShell

    _, vm = SCENARIOS["linear-chain"]()
    fig = draw_disk_chain(vm)
    data, _ = InteractiveShell.instance().display_formatter.format(fig)
    assert data["image/png"].startswith(b"\x89PNG")
    assert data["text/plain"] == describe(fig) == describe(fig.layout)
    assert vm.active_disk().file_name in data["text/plain"]


def test_draw_on_a_given_axes_uses_its_figure():
    """``ax=`` draws into the caller's axes (a dashboard with several diagrams)."""
    _, vm = SCENARIOS["linear-chain"]()
    fig = Figure(figsize=(12, 6))
    left, right = fig.subplots(1, 2)
    assert draw_disk_chain(vm, ax=left) is fig
    assert draw_power_states(vm, ax=right) is fig
    assert left.collections and right.collections


def test_draw_before_after_accepts_lab_vm_or_two_vms():
    """The convenience forms agree: a VM, its lab, or (before, after, result)."""
    lab, vm = SCENARIOS["merge-in-progress"]()
    before = lab.before_last_operation().vm(vm.name)
    pngs = {render_png(draw_before_after(x)) for x in (vm, lab)}
    pngs.add(render_png(draw_before_after(before, vm, vm.last_result)))
    assert len(pngs) == 1


def test_diagrams_render_after_undo_without_last_result():
    """After undo the VM has no last result: the diagrams still draw, without highlights."""
    lab = Lab(seed=6)
    vm = lab.new_vm("web01")
    vm.put_in_state(VMState.RUNNING)
    vm.checkpoint("a")
    lab.undo()
    for draw in (draw_before_after, draw_power_states, draw_disk_chain):
        assert isinstance(draw(vm), Figure)


def test_diagram_catalog_keys_are_prefixed():
    """Every learner-facing diagram string lives in the catalog under ``diagram.``."""
    import json
    from importlib import resources

    own = json.loads((resources.files("hvlab.catalog") / "en" / "diagrams.json").read_text(encoding="utf-8"))
    assert own and all(k.startswith("diagram.") for k in own)
    assert set(own) <= keys("en")


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_import_hvlab_does_not_import_matplotlib():
    """Layering: the core loads neither matplotlib nor ipywidgets."""
    out = _run("import sys, hvlab, hvlab.scenarios; print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))")
    assert out == "[]"


def test_drawing_never_touches_pyplot():
    """Diagrams are built on Figure directly: pyplot (and its global state) is never imported."""
    out = _run(
        "import sys\n"
        "from hvlab.scenarios import branches_after_apply\n"
        "from hvlab.diagrams import draw_disk_chain, draw_before_after, render_png\n"
        "lab, vm = branches_after_apply()\n"
        "render_png(draw_disk_chain(vm)); render_png(draw_before_after(vm))\n"
        "print('matplotlib.pyplot' in sys.modules)"
    )
    assert out == "False"


def test_gallery_command_writes_every_png(tmp_path):
    """``python -m hvlab gallery OUTDIR`` writes one PNG per layout and an index with the
    descriptions."""
    assert main([str(tmp_path), "--dpi", "50"]) == 0
    written = sorted(p.stem for p in tmp_path.glob("*.png"))
    assert written == sorted(stem for stem, _ in GALLERY)
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert all(f"({stem}.png)" in index for stem in written)
