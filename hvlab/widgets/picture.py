"""A diagram a learner acts on, as in Hyper-V Manager: click a checkpoint, choose from its menu.

Why an anywidget: a picture that takes clicks needs its own few lines of front end (hit regions
over the image, a context menu, the keyboard), and anywidget is the well-kept way to ship them
with a Python package: the front end (``picture.js``, ``picture.css`` beside this file) loads the
same in JupyterLab, Voila, the trainer pages and JupyterLite, with no build step and no
JupyterLab extension of hvlab's own.

What travels: the PNG matplotlib drew (:mod:`.rendering`), the picture's size in CSS pixels and
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

    _esm = (FRONT_END / "theme.js").read_text(encoding="utf-8") + (FRONT_END / "picture.js").read_text(encoding="utf-8")
    _css = (FRONT_END / "picture.css").read_text(encoding="utf-8")

    png = traitlets.Bytes(b"").tag(sync=True)
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
        self._action_callbacks: list[Callable[..., Any]] = []
        self._select_callbacks: list[Callable[[str], Any]] = []
        self.on_msg(self._on_message)
        self.observe(self._on_selected, names="selected")

    # ------------------------------------------------------------------ what it shows
    def show(self, drawing: Drawing, regions: list[dict[str, Any]] | None = None) -> None:
        """Show ``drawing`` (its PNG, size, scale, regions and text) in one message; a selection
        whose box is gone is dropped. ``regions``: the drawing's, with what the owner adds (a
        region's own ``actions`` when its menu offers fewer items)."""
        regions = list(drawing.regions) if regions is None else regions
        keys = {region["key"] for region in regions}
        with self.hold_sync():
            self.png = drawing.png
            self.scale = drawing.scale
            self.size = list(drawing.size)
            self.regions = regions
            self.layout.display = None if drawing.png else "none"  # no picture: no empty box
            self.label = drawing.title
            self.description = drawing.description
            if self.selected and self.selected not in keys:
                self.selected = ""

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

    def _on_selected(self, change: dict[str, Any]) -> None:
        for callback in self._select_callbacks:
            callback(change["new"])
