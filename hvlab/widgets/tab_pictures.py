"""Pictures on the tabs of a lab: a click draws the one on the tab shown, a tab chosen draws its own.

Why: at 50 checkpoints one picture costs tens of milliseconds in the kernel (about as much as
the click's core operation ten times over, ``bench/bench_widgets.py``), and a kernel still
drawing a picture on a hidden tab delays the learner's next click. A hidden tab's picture is
drawn when the Tab's ``selected_index`` says it is chosen, from the same lab, so it shows what
drawing every picture on every click would have shown. :meth:`TabPictures.draw_all` brings them
all up to date at once (a notebook or a test reading a picture the learner has not opened).
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from .rendering import DiagramCache

__all__ = ["TabPictures"]


class TabPictures:
    """The pictures of the first tabs of ``tabs``, in the tabs' order: ``draws`` maps each
    picture's kind to the function that draws it as the lab is now."""

    def __init__(self, tabs: widgets.Tab, cache: DiagramCache, draws: dict[str, Callable[[], None]]):
        self.tabs = tabs
        self.cache = cache
        self.draws = draws
        self.stale: set[str] = set(draws)
        """The pictures not drawn since the lab last changed."""
        tabs.observe(lambda _: self.draw_shown(), names="selected_index")

    @property
    def shown(self) -> str | None:
        """The kind of the picture on the tab chosen now, ``None`` on a tab without one."""
        index, kinds = self.tabs.selected_index, list(self.draws)
        return kinds[index] if index is not None and index < len(kinds) else None

    def changed(self) -> None:
        """The lab changed: every picture is to be drawn again, the shown one now (called in
        the lab's redraw, within its cache's :meth:`~.rendering.DiagramCache.one_state`)."""
        self.stale = set(self.draws)
        self._draw([self.shown])

    def wanted_again(self, kind: str) -> None:
        """Picture ``kind`` is wanted in another theme or scale (its page said so): drawn now
        if its tab is shown, else when its tab is chosen."""
        self.stale.add(kind)
        self.draw_shown()

    def draw_shown(self) -> None:
        with self.cache.one_state():
            self._draw([self.shown])

    def draw_all(self) -> None:
        """Draw every picture not up to date, the hidden tabs' too."""
        with self.cache.one_state():
            self._draw(list(self.draws))

    def _draw(self, kinds: list[str | None]) -> None:
        for kind in kinds:
            if kind in self.stale:
                self.stale.discard(kind)
                self.draws[kind]()
