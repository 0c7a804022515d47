"""How a lab is arranged on the screen: one projector screen (1280×720) per lab.

Why a module of its own: every lab follows the same arrangement, so a trainer finds the same
things in the same places — the controls first (a compact column or grouped rows), the result
of the last click beside or right under them, the picture in a pane beside the result, and the
secondary material (the checklist, the PowerShell, the event log, the pictures' text versions)
on tabs of the same pane or folded. A picture is always shown at the size it was drawn for: a
pane scrolls when a picture is larger than the screen (a 50-checkpoint tree), it never shrinks
it (a shrunk picture's text is unreadable from the back of a room).

Why a stylesheet: ipywidgets gives a button, a checkbox label and a tab title a fixed width and
cuts longer words with an ellipsis ("Delete Checkpoin…", 「チェックポイント…」). The rules here,
scoped to the class :data:`LAB_CLASS` that each lab's root box carries, let every label take
the width its words need and wrap inside its column instead; nothing outside a lab changes.
They also draw a clear focus ring on whatever has the keyboard's focus (JupyterLab takes a text
box's outline away, so theirs is a ring of shadow), so a lab can be used from the keyboard alone.
The stylesheet is plain CSS inside an HTML widget (it works the same in JupyterLab, Voila,
the trainer pages and JupyterLite, and loads nothing from the internet).

The row of actions on a selected checkpoint is one box (:func:`group`) so that it can later
move into the checkpoint tree's context menu as a whole, leaving the rest of the arrangement as
it is.
"""

from __future__ import annotations

from typing import Sequence

import ipywidgets as widgets

__all__ = ["LAB_CLASS", "PANE_MAX_HEIGHT", "PANE_RESERVE_PX", "column", "group", "lab_root", "pane", "stylesheet", "tabs"]

LAB_CLASS = "hvlab-lab"
"""CSS class of every lab's root box: the stylesheet's rules apply inside it only."""

PANE_RESERVE_PX = 390
"""How much of the window a picture pane leaves to what is above it by default: rows of controls
and the result (and JupyterLab's own menus and toolbars), so the lab stays within one screen
(the pane at 1280×720: 330 px; at 1920×1080: 690 px). A lab whose controls sit in a column
beside the pane reserves less."""

PANE_MAX_HEIGHT = f"calc(100vh - {PANE_RESERVE_PX}px)"
"""Tallest a picture pane grows by default."""

PANE_MIN_HEIGHT = "280px"
"""A pane never shrinks below this, whatever the window: a picture needs room to be read."""

STYLE = f"""
.{LAB_CLASS} .widget-button, .{LAB_CLASS} .widget-toggle-button {{
  width: auto; max-width: none; padding: 0 9px; overflow: visible; text-overflow: clip; flex: 0 0 auto;
}}
.{LAB_CLASS} .widget-toggle-buttons {{ flex-wrap: wrap; row-gap: 2px; }}
.{LAB_CLASS} .widget-toggle-buttons .widget-toggle-button {{ margin-right: 2px; }}
.{LAB_CLASS} .widget-checkbox, .{LAB_CLASS} .widget-checkbox .widget-label-basic {{
  width: auto; max-width: 100%; height: auto; min-height: 22px;
}}
.{LAB_CLASS} .widget-checkbox .widget-label-basic, .{LAB_CLASS} .widget-radio-box label {{
  white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.3; height: auto;
  align-items: flex-start;
}}
.{LAB_CLASS} .widget-checkbox .widget-label-basic input {{ margin-top: 2px; flex: 0 0 auto; }}
.{LAB_CLASS} .widget-radio-box {{ width: auto; max-width: 100%; }}
.{LAB_CLASS} .widget-label {{ width: auto; max-width: none; overflow: visible; text-overflow: clip; }}
.{LAB_CLASS} .widget-dropdown {{ width: auto; max-width: 100%; }}
.{LAB_CLASS} .widget-dropdown > select {{ width: auto; max-width: 100%; min-width: 0; }}
.{LAB_CLASS} .widget-text {{ max-width: 100%; }}
.{LAB_CLASS} .lm-TabBar-tab {{ flex: 0 0 auto !important; max-width: none !important; }}
.{LAB_CLASS} .lm-TabBar-tabLabel {{ overflow: visible; text-overflow: clip; }}
.{LAB_CLASS} .lm-TabBar-content {{ flex-wrap: wrap; }}
.{LAB_CLASS} .widget-tab-contents {{ padding: 4px 6px; }}
.{LAB_CLASS} .widget-html-content {{ line-height: 1.35; }}
.{LAB_CLASS} .hvlab-heading {{ font-size: 1.15em; font-weight: bold; margin: 0 0 2px 0; }}
.{LAB_CLASS} .widget-html-content pre {{ margin: 2px 0; }}
.{LAB_CLASS} .widget-html-content table {{ border-collapse: collapse; }}
.{LAB_CLASS} .widget-html-content td, .{LAB_CLASS} .widget-html-content th {{ padding: 1px 6px 1px 0; vertical-align: top; }}
.{LAB_CLASS} .widget-html-content ul {{ margin: 2px 0; padding-left: 1.3em; }}
.{LAB_CLASS} :focus-visible {{ outline: 2px solid var(--jp-brand-color1, #1565c0) !important; outline-offset: 1px; }}
.{LAB_CLASS} input:focus-visible, .{LAB_CLASS} select:focus-visible, .{LAB_CLASS} textarea:focus-visible {{
  box-shadow: 0 0 0 2px var(--jp-brand-color1, #1565c0) !important;
}}
@media (forced-colors: active) {{ .{LAB_CLASS} :focus-visible {{ outline-color: Highlight; }} }}
"""


def stylesheet() -> widgets.HTML:
    """The rules above, as an HTML widget that takes no room (a hidden box still applies its
    ``<style>``). Every lab root puts one first."""
    return widgets.HTML(f"<style>{STYLE}</style>", layout=widgets.Layout(display="none"))


def lab_root(children: Sequence[widgets.Widget]) -> widgets.VBox:
    """A lab's root box: the stylesheet first, the class the stylesheet is scoped to."""
    root = widgets.VBox([stylesheet(), *children], layout=widgets.Layout(width="auto"))
    root.add_class(LAB_CLASS)
    return root


def group(children: Sequence[widgets.Widget], **layout: str) -> widgets.HBox:
    """A row of controls that wraps onto the next line when the column is narrow."""
    return widgets.HBox(list(children), layout=widgets.Layout(flex_flow="row wrap", align_items="center", **layout))


def column(children: Sequence[widgets.Widget], width: str | None = None, padding: str = "0 10px 0 0") -> widgets.VBox:
    """A column of a lab: fixed ``width`` (the controls), or a share of the rest of the row (the
    result and the picture; ``min_width`` 0 so a wide picture scrolls inside its pane instead
    of pushing the lab past the page's edge)."""
    if width is not None:
        layout = widgets.Layout(width=width, flex="0 0 auto", padding=padding)
    else:
        layout = widgets.Layout(flex="1 1 0", min_width="0", padding=padding)
    return widgets.VBox(list(children), layout=layout)


def pane(children: Sequence[widgets.Widget], reserve_px: int = PANE_RESERVE_PX) -> widgets.VBox:
    """A box for pictures: at most the window's height less ``reserve_px`` (never less than
    :data:`PANE_MIN_HEIGHT`), scrolling (both ways) when the picture is larger, so a picture is
    never shown smaller than it was drawn."""
    return widgets.VBox(list(children), layout=widgets.Layout(
        max_height=f"max({PANE_MIN_HEIGHT}, calc(100vh - {reserve_px}px))", overflow="auto", width="auto"))


def tabs(pages: Sequence[tuple[str, widgets.Widget]]) -> widgets.Tab:
    """Tabs switched in the page itself (no round trip to the kernel): every page stays in the
    page, so a picture on a tab not shown is still updated and shown at once when chosen."""
    tab = widgets.Tab(children=[page for _, page in pages], layout=widgets.Layout(width="auto"))
    tab.titles = tuple(title for title, _ in pages)
    tab.selected_index = 0
    return tab
