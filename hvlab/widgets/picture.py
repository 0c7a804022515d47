"""A diagram a learner acts on, as in Hyper-V Manager: click a checkpoint, choose from its menu.

Why an anywidget: a picture that takes clicks needs its own few lines of front end (hit regions
over the image, a context menu, the keyboard), and anywidget is the well-kept way to ship them
with a Python package: the front end (``picture.js``, ``picture.css`` beside this file) loads the
same in JupyterLab, Voila, the trainer pages and JupyterLite, with no build step and no
JupyterLab extension of hvlab's own.

What travels: the picture matplotlib drew (:mod:`.rendering`) as strips, each a small PNG
named by its pixels, of which the page receives only those it has not got (a Checkpoint at 50
checkpoints changes 5 of 58 strips: 33 KB instead of 342 KB, and the browser decodes only those;
:mod:`hvlab.diagrams.tiles`), the picture's size in CSS pixels and
its hit regions (one small dict per clickable box, from the same layout); on a HiDPI screen the
front end reports its pixel ratio and the PNG is drawn at twice the pixels for the same CSS
size. A selection made in the page is one synced string; a chosen menu item is one small
message that the owner (:class:`~hvlab.widgets.DiskChainLab`) turns into the same core call a
button or a test makes. Nothing is redrawn for a selection: the front end draws the selection
ring itself.

The page's theme ("light", "dark", "high-contrast") is read by the front end from the page
(JupyterLab's ``data-jp-theme-light`` and theme name, forced colours, ``prefers-contrast``,
``prefers-color-scheme``) and synced back as :attr:`Picture.theme`, so the owner can draw the
picture in that theme's palette.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from typing import Any, Callable

import anywidget
import traitlets

from .rendering import Drawing

__all__ = ["MenuItem", "Picture", "THEMES", "scale_for"]

FRONT_END = resources.files(__package__)
"""Where ``picture.js`` and ``picture.css`` are: read through importlib.resources, so the front
end is found in a zipped wheel too (a Path beside ``__file__`` is not a file there)."""
THEMES = ("light", "dark", "high-contrast")
STRIPS_FROM_PIXELS = 1_500_000
"""Pictures of fewer pixels travel whole. Why: Chromium decoded the page's images one at a time
(a CDP trace of the lab: one decode worker), and with a 10-checkpoint tree (0.8 million pixels,
~14 ms to decode whole) its five new strips cost the page more than the whole picture (browser
part 75-135 ms against 51, bench/bench_browser.py, loads 1-3). At 50 checkpoints (2.6 million)
the strips measured no slower in the page and send a quarter of the bytes (117 KB a click
against 413). Either way the page can show the next picture's strips from a whole one
(:meth:`Picture._tiles_for`)."""


def scale_for(pixel_ratio: float) -> float:
    """PNG pixels per CSS pixel for a screen of ``pixel_ratio``: 2 on a HiDPI screen (ratio 1.5
    and above, where a 1x picture looks blurred), 1 elsewhere. Never more than 2: a 3x picture
    costs more than twice the bytes of a 2x one and looks the same at a learner's distance."""
    return 2.0 if pixel_ratio >= 1.5 else 1.0


def MenuItem(action: str, label: str, title: str | None = None, disabled: bool = False,  # noqa: N802
             prompt: str = "", value: str | None = None) -> dict[str, Any]:
    """One entry of a picture's context menu: the action it sends, its label (Hyper-V Manager's
    words, :mod:`.manager_labels`), its tooltip and whether it can be chosen now. An item with a
    ``prompt`` first asks for one line of text in place, over the box (Rename...: the new name,
    prefilled with the box's name; Export...: a folder, prefilled with ``value``), and sends it
    as ``name``."""
    return {"action": action, "label": label, "title": title or "", "disabled": disabled, "prompt": prompt,
            "value": value}


class Picture(anywidget.AnyWidget):
    """A diagram PNG with hit regions, a selection, a context menu and the keyboard.

    ``on_action(callback)`` registers ``callback(action, key, **details)`` for every menu item
    chosen in the page (``details`` carries ``name``, the text an item with a prompt asked for); ``on_select(callback)``
    registers ``callback(key)`` for every selection made in the page or in Python."""

    _esm = "".join((FRONT_END / name).read_text(encoding="utf-8") for name in ("theme.js", "tiles.js", "picture.js"))
    _css = (FRONT_END / "picture.css").read_text(encoding="utf-8")

    png = traitlets.Bytes(b"")
    """The whole picture's PNG, for Python (tests, notebooks); the page receives :attr:`tiles`."""
    tiles = traitlets.List(traitlets.Dict()).tag(sync=True)
    """The picture as strips, top to bottom (:mod:`hvlab.diagrams.tiles`): ``{"key", "rows",
    "png"}``, where ``png`` is the strip's PNG only if the last picture had no strip of that
    key, else ``None`` (the page has it); or the whole picture as one, with its strips as
    ``parts`` (``[key, rows]`` each, top to bottom), which the page can then show cut from it.
    A page that lacks a strip (a view opened later, a page reloaded) asks for it by key and gets
    it in a message of its own. A whole picture's ``cut`` (true when the next picture is likely
    to come in strips) asks the page to cut it into its strips while the page is idle."""
    scale = traitlets.Float(1.0).tag(sync=True)
    """PNG pixels per CSS pixel of :attr:`png`."""
    size = traitlets.List(traitlets.Float(), default_value=[0.0, 0.0]).tag(sync=True)
    """Width and height the picture is shown at, CSS pixels (never scaled: screen.pane scrolls)."""
    regions = traitlets.List(traitlets.Dict()).tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    """The picture's accessible name: the layout's title."""
    description = traitlets.Unicode("").tag(sync=True)
    """The picture's accessible description: the layout's ``describe()`` text."""
    menu = traitlets.List(traitlets.Dict()).tag(sync=True)
    """The context menu of a checkpoint (:func:`MenuItem` entries), in the learner's language."""
    menu_label = traitlets.Unicode("").tag(sync=True)
    theme = traitlets.Unicode("light").tag(sync=True)
    """The page's theme as the front end found it: one of :data:`THEMES`."""
    pixel_ratio = traitlets.Float(1.0).tag(sync=True)
    """The screen's ``devicePixelRatio`` as the front end found it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._tile_png: dict[str, bytes] = {}
        """The PNG of each strip of the picture shown, by key: what a page that asks gets."""
        self._drawn_keys: set[str] = set()
        """The keys of the strips of the last drawing shown (whole or not)."""
        self._action_callbacks: list[Callable[..., Any]] = []
        self._select_callbacks: list[Callable[[str], Any]] = []
        self.on_msg(self._on_message)
        self.observe(self._on_selected, names="selected")

    # ------------------------------------------------------------------ what it shows
    def show(self, drawing: Drawing, regions: list[dict[str, Any]] | None = None, selected: str | None = None) -> None:
        """Show ``drawing`` (its PNG, size, scale, regions and text) in one message; a selection
        whose box is gone is dropped. ``regions``: the drawing's, with what the owner adds (a
        region's own ``actions`` when its menu offers fewer items). ``selected``: the box to
        show selected with it, in the same message (``None``: the selection stays)."""
        regions = list(drawing.regions) if regions is None else regions
        keys = {region["key"] for region in regions}
        tiles = self._tiles_for(drawing)
        with self.hold_sync():
            self.png = drawing.png
            self.tiles = tiles
            self.scale = drawing.scale
            self.size = list(drawing.size)
            self.regions = regions
            self.layout.display = None if drawing.png else "none"  # no picture: no empty box
            self.label = drawing.title
            self.description = drawing.description
            if selected is not None:
                self.selected = selected if selected in keys else ""
            elif self.selected and self.selected not in keys:
                self.selected = ""

    def _tiles_for(self, drawing: Drawing) -> list[dict[str, Any]]:
        """What :attr:`tiles` becomes for ``drawing``: its strips, each strip's PNG only where
        the page has no strip of that key; or the whole PNG as one strip, so the page decodes
        one image, not several, when most of the picture changed since the last drawing (a
        deeper tree moves every column) or when the picture is small (:data:`STRIPS_FROM_PIXELS`).
        A whole picture lists its strips as its ``parts``: the page shows a strip of it cut from
        the whole picture's decoded pixels (tiles.js), so the next drawing sends only the strips
        that are new. A whole picture big enough for the next one to come in strips says so
        (``cut``): the page cuts it into its strips while it is idle, not in the learner's next
        click (at 50 checkpoints that first click took 132-152 ms from click to paint against
        78-107 for the clicks after it, bench/bench_browser.py, 2026-12-04).
        Why: when the next drawing sent every strip again, the first click of a 50-checkpoint lab
        (its picture came whole with the page) made the page load and decode 57 strips, 250 ms
        from click to paint against 130 for the clicks after it (bench/bench_browser.py)."""
        drawn, self._drawn_keys = self._drawn_keys, {tile.key for tile in drawing.tiles}
        if not drawing.tiles:
            self._tile_png = {}
            return []
        had = self._tile_png
        changed = sum(len(tile.png) for tile in drawing.tiles if tile.key not in drawn)
        pixels = drawing.size[0] * drawing.scale * sum(tile.rows for tile in drawing.tiles)
        self._tile_png = {tile.key: tile.png for tile in drawing.tiles}  # what a page that asks gets
        small = pixels < STRIPS_FROM_PIXELS
        if changed > len(drawing.png) / 2 or small:
            # named by its strips' names (its pixels), not by its PNG's bytes: ISA-L may encode
            # the same pixels to other bytes (hvlab/diagrams/png.py), and the same picture drawn
            # again should find the one the page kept
            key = "whole-" + hashlib.sha1(" ".join(tile.key for tile in drawing.tiles).encode()).hexdigest()
            self._tile_png[key] = drawing.png
            return [{"key": key, "rows": sum(tile.rows for tile in drawing.tiles), "png": None if key in had else drawing.png,
                     "parts": [[tile.key, tile.rows] for tile in drawing.tiles], "cut": not small}]
        return [{"key": tile.key, "rows": tile.rows, "png": None if tile.key in had else tile.png} for tile in drawing.tiles]

    @property
    def scale_wanted(self) -> float:
        """The scale this picture should be drawn at for the screen it is shown on."""
        return scale_for(self.pixel_ratio)

    @property
    def theme_wanted(self) -> str:
        """The page's theme, or "light" for anything the front end may report that is not one."""
        return self.theme if self.theme in THEMES else "light"

    def region(self, key: str) -> dict[str, Any]:
        """The hit region of box ``key``."""
        for region in self.regions:
            if region["key"] == key:
                return region
        raise KeyError(key)

    # ------------------------------------------------------------------ what it does
    def on_action(self, callback: Callable[..., Any]) -> None:
        self._action_callbacks.append(callback)

    def on_select(self, callback: Callable[[str], Any]) -> None:
        self._select_callbacks.append(callback)

    def choose(self, action: str, key: str, **details: Any) -> None:
        """Choose menu item ``action`` on box ``key``, as the page's menu does (tests, notebooks)."""
        self._on_message(self, {"action": action, "key": key, **details}, [])

    def _on_message(self, _widget: Any, content: dict[str, Any], _buffers: list) -> None:
        if "want" in content:  # a page without some strips of the picture shown asks for them
            self._send_tiles(content.get("want"))
            return
        action, key = content.get("action"), content.get("key")
        if not isinstance(action, str) or not isinstance(key, str):
            return
        if key not in {region["key"] for region in self.regions}:
            return  # a click on a picture that changed meanwhile: the box is gone
        if self.selected != key:
            self.selected = key
        details = {k: v for k, v in content.items() if k == "name" and isinstance(v, str)}
        for callback in self._action_callbacks:
            callback(action, key, **details)

    def _send_tiles(self, wanted: Any) -> None:
        """Send the strips ``wanted`` (keys) that the picture shown has, in one message."""
        if not isinstance(wanted, list):
            return
        found = list(dict.fromkeys(k for k in wanted if isinstance(k, str) and k in self._tile_png))
        if found:
            self.send({"tiles": found}, [self._tile_png[k] for k in found])

    def _on_selected(self, change: dict[str, Any]) -> None:
        for callback in self._select_callbacks:
            callback(change["new"])
