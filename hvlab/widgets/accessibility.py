"""What a screen reader and the page's theme need from a lab, beyond what ipywidgets says itself.

Why a small widget of its own: ipywidgets gives a ``widgets.Image`` no text alternative and an
``HTML`` widget no ARIA attributes, and the kernel cannot see the page's theme. One invisible
anywidget per lab (its front end, ``accessibility.js`` beside this file, loads the same in
JupyterLab, Voila, the trainer pages and JupyterLite) does the three things:

- it reads the page's theme (JupyterLab's ``data-jp-theme-light`` and theme name, forced colours,
  ``prefers-contrast``, ``prefers-color-scheme``), as :class:`~hvlab.widgets.picture.Picture` does
  for its own pictures, and syncs it as :attr:`PageWatch.theme`: the lab redraws its plain
  pictures in that theme's palette (:func:`hvlab.diagrams.style.palette_for`);
- it makes every element of the class :data:`LIVE_CLASS` (a lab's outcome box) a polite live
  region (``role="status"``), so what a click changed is read out without moving the focus;
- it gives every diagram ``<img>`` of the class :data:`DIAGRAM_CLASS` its title as its ``alt`` and
  the diagram's text version beside it (the layout's ``describe()``, :data:`DIAGRAM_TEXT_CLASS`)
  as its accessible description.
"""

from __future__ import annotations

from importlib import resources

import anywidget
import ipywidgets as widgets
import traitlets

__all__ = ["DIAGRAM_CLASS", "DIAGRAM_TEXT_CLASS", "LIVE_CLASS", "PageWatch", "THEMES", "live_region"]

FRONT_END = resources.files(__package__)
"""Where ``accessibility.js`` is: read through importlib.resources, so it is found when hvlab runs
from a zipped wheel (the Lite tests run the site's wheel that way), as ``picture.py`` does."""
THEMES = ("light", "dark", "high-contrast")
LIVE_CLASS = "hvlab-live"
DIAGRAM_CLASS = "hvlab-diagram"
DIAGRAM_TEXT_CLASS = "hvlab-diagram-text"


class PageWatch(anywidget.AnyWidget):
    """Invisible: the page's theme as :attr:`theme`, the labs' live regions and pictures' texts.

    One model may be shown in several places of a lab (every view reports the same page)."""

    _esm = (FRONT_END / "theme.js").read_text(encoding="utf-8") + (FRONT_END / "accessibility.js").read_text(encoding="utf-8")

    theme = traitlets.Unicode("light").tag(sync=True)
    """The page's theme as the front end found it: one of :data:`THEMES`."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("layout", widgets.Layout(display="none"))
        super().__init__(**kwargs)

    @property
    def theme_wanted(self) -> str:
        """The page's theme, or "light" for anything the front end may report that is not one."""
        return self.theme if self.theme in THEMES else "light"


def live_region(widget: widgets.DOMWidget) -> widgets.DOMWidget:
    """Mark ``widget`` (an outcome box) as a polite live region; returns it."""
    widget.add_class(LIVE_CLASS)
    return widget
