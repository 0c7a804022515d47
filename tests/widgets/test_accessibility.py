"""The labs' accessibility in the kernel: the page's theme reaches the plain pictures (drawn in
that palette), every diagram image carries its title as its name and its text version beside
it, and the outcome of a click is the live region (the browser tests check the page itself)."""

from __future__ import annotations

import io
import re

import numpy as np
from PIL import Image

from hvlab.diagrams.style import palette_for
from hvlab.widgets import ApplyComparison, CheckpointTypeExplorer
from hvlab.widgets.controller import esc
from hvlab.widgets.accessibility import DIAGRAM_CLASS, DIAGRAM_TEXT_CLASS, LIVE_CLASS, PageWatch


def _corner(png: bytes) -> tuple[int, ...]:
    return tuple(np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))[0, 0])


def _rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def test_a_dark_page_redraws_the_explorer_in_the_dark_palette():
    """The front end reports "dark": the decision path is redrawn once, on the dark page
    colour, and back to light when the page is light again (the light picture from the cache)."""
    explorer = CheckpointTypeExplorer()
    light_png = explorer.images["decision_path"].value
    assert _corner(light_png) == _rgb(palette_for("light").background)
    redraws = explorer.redraws
    explorer.page.theme = "dark"
    dark_png = explorer.images["decision_path"].value
    assert explorer.redraws == redraws + 1
    assert _corner(dark_png) == _rgb(palette_for("dark").background)
    hits = explorer.cache.hits
    explorer.page.theme = "light"
    assert explorer.images["decision_path"].value == light_png and explorer.cache.hits > hits


def test_an_unknown_theme_from_the_page_draws_light():
    """Whatever a page reports that is no theme, the lab draws in the light palette."""
    watch = PageWatch()
    watch.theme = "solarized"
    assert watch.theme_wanted == "light"


def test_every_picture_has_a_name_and_its_text_beside_it():
    """Each diagram image has the diagram class, and the page watch and its text version in the
    same box: the text version carries the picture's title (its accessible name) and the
    layout's whole description (the front end links them)."""
    lab = ApplyComparison()
    for kind, image in lab.images.items():
        if not image.value:
            continue
        assert DIAGRAM_CLASS in image._dom_classes
        box = next(child for child in _boxes(lab.widget) if image in child.children)
        assert lab.page in box.children
        assert any(DIAGRAM_TEXT_CLASS in getattr(c, "_dom_classes", ()) for c in box.children)
        title = re.search(r"data-title='([^']+)'", lab.descriptions[kind].value)
        assert title and "\n" not in title.group(1), "a one-line name for the picture"
        assert len(lab.descriptions[kind].value) > len(title.group(0)) + 100, "and its whole text version"


def test_the_outcome_is_a_live_region_with_the_clicks_words():
    """The outcome box is marked as the live region, and after a click it holds the words of
    what changed (the core's summary)."""
    explorer = CheckpointTypeExplorer()
    assert LIVE_CLASS in explorer.outcome._dom_classes
    assert explorer.run(lambda: explorer.vm.checkpoint("before update"))
    assert explorer.last_result is not None and esc(explorer.last_result.summary) in explorer.outcome.value


def _boxes(widget):
    children = getattr(widget, "children", ())
    if children:
        yield widget
    for child in children:
        yield from _boxes(child)
