"""The diagrams' light, dark and high-contrast palettes: every text and background pair meets
WCAG 2.2 AA (4.5:1), every outline, arrow and hatch 3:1 (non-text contrast), and every
diagram drawn in a palette really is drawn in it (its page, its ink), with the same layout."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from hvlab import Lab, VMState
from hvlab.diagrams import render_layout, render_png
from hvlab.diagrams.gallery import gallery_layouts
from hvlab.diagrams.style import THEMES, Ink, Palette, Theme, palette_for
from hvlab.widgets.rendering import DiagramCache

GALLERY = gallery_layouts()


def relative_luminance(colour: str) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour ``#RRGGBB`` (Understanding SC 1.4.3)."""
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast_ratio(a: str, b: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance first."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_ratio_matches_wcag_examples():
    """Black on white is 21:1, a colour on itself 1:1, and #767676 on white the known 4.54:1."""
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#123456", "#123456") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", THEMES)
def test_text_contrast_is_at_least_4_5(theme):
    """WCAG 2.2 SC 1.4.3 (AA): every text colour on every fill it is drawn on, 4.5:1 or more."""
    low = [(what, round(contrast_ratio(fg, bg), 2)) for what, fg, bg in palette_for(theme).text_pairs()
           if contrast_ratio(fg, bg) < 4.5]
    assert not low


@pytest.mark.parametrize("theme", THEMES)
def test_graphics_contrast_is_at_least_3(theme):
    """WCAG 2.2 SC 1.4.11 (AA): outlines, arrows, hatched strips and frames, 3:1 or more
    against what they are drawn on."""
    low = [(what, round(contrast_ratio(fg, bg), 2)) for what, fg, bg in palette_for(theme).graphic_pairs()
           if contrast_ratio(fg, bg) < 3.0]
    assert not low


@pytest.mark.parametrize("theme", THEMES)
def test_every_role_has_a_style_and_every_pair_is_checked(theme):
    """Each palette styles every role and highlight the light one does, with the same shapes
    and hatches (colour is never the only signal), and its pairs cover every role."""
    light, palette = palette_for("light"), palette_for(theme)
    assert set(palette.roles) == set(light.roles) and set(palette.highlights) == set(light.highlights)
    for role, style in palette.roles.items():
        assert (style.shape, style.strip_hatch, style.dashed) == (light.roles[role].shape, light.roles[role].strip_hatch, light.roles[role].dashed)
    checked = {what for what, _, _ in palette.text_pairs()}
    assert {f"text on {role.value}" for role in palette.roles} <= checked


def test_palette_for_names_and_refuses_unknown_themes():
    """The widgets' traitlet values name the palettes; a misspelt theme is an error, not light."""
    assert palette_for(None) is palette_for("light") is palette_for(Theme.LIGHT)
    assert [palette_for(name).theme.value for name in THEMES] == ["light", "dark", "high-contrast"]
    with pytest.raises(ValueError):
        palette_for("Dark")


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("stem,layout", GALLERY[::5], ids=[stem for stem, _ in GALLERY[::5]])
def test_diagram_is_drawn_in_its_palette(stem, layout, theme):
    """The page of the picture is the palette's background (most of a diagram is page), and
    its text ink is there: a dark page is not a white rectangle with a dark border."""
    palette: Palette = palette_for(theme)
    pixels = _pixels(render_png(render_layout(layout, dpi=100, theme=theme)))
    background = np.all(pixels == _rgb(palette.background), axis=-1)
    assert background.mean() > 0.4
    assert tuple(pixels[0, 0]) == _rgb(palette.background)
    assert np.all(pixels == _rgb(palette.ink(Ink.NORMAL)), axis=-1).any()


def test_dark_and_light_pictures_differ_but_say_the_same():
    """The widgets' cache keeps a picture per theme: the dark one is another PNG (a hit the
    second time), the text alternative is the same words."""
    lab = Lab(seed=0)
    vm = lab.new_vm("web01")
    vm.put_in_state(VMState.RUNNING)
    vm.checkpoint("before update")
    cache = DiagramCache()
    light_key, light = cache.drawing("checkpoint_tree", vm)
    dark_key, dark = cache.drawing("checkpoint_tree", vm, "dark")
    assert light_key != dark_key and light.png != dark.png
    assert light.description == dark.description
    assert cache.drawing("checkpoint_tree", vm, "dark")[1] is dark and cache.hits == 1


def test_a_bare_diagram_in_a_notebook_has_its_text_and_a_dark_twin():
    """A diagram shown by a cell: the HTML version is the light picture and the dark one (the
    page shows the one of its theme), each an <img> whose alt is the describe() text; the PNG
    and text versions stay for other front ends."""
    import base64
    import html
    import re

    from hvlab.diagrams import draw_checkpoint_tree

    lab = Lab(seed=0)
    vm = lab.new_vm("web01")
    vm.put_in_state(VMState.RUNNING)
    vm.checkpoint("before update")
    fig = draw_checkpoint_tree(vm)
    bundle = fig._repr_mimebundle_()
    assert bundle["text/plain"] == fig.layout.describe() and bundle["image/png"].startswith(b"\x89PNG")
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)"[^>]* alt="([^"]*)" class="[^"]*hvlab-theme-(\w+)"', bundle["text/html"])
    assert [theme for _, _, theme in images] == ["light", "dark"]
    for data, alt, theme in images:
        assert html.unescape(alt) == fig.layout.describe()
        assert tuple(_pixels(base64.b64decode(data))[0, 0]) == _rgb(palette_for(theme).background)
    assert "data-jp-theme-light='false'" in bundle["text/html"]
    dark_only = draw_checkpoint_tree(vm, theme="dark")._repr_mimebundle_()["text/html"]
    assert dark_only.count("<img") == 1
