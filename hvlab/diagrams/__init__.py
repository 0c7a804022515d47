"""Diagrams of the simulator in matplotlib: disk chain, checkpoint tree, decision path,
before/after, power states.

Each diagram is a layout computed as plain data (``*_layout``), rendered onto a
``matplotlib.figure.Figure`` (``draw_*``), never with pyplot state; ``describe`` gives the same
diagram as text. The core (``import hvlab``) never imports this package.
"""

from __future__ import annotations

from .api import (
    before_after_layout,
    checkpoint_tree_layout,
    decision_path_layout,
    describe,
    disk_chain_layout,
    draw_before_after,
    draw_checkpoint_tree,
    draw_decision_path,
    draw_disk_chain,
    draw_power_states,
    last_operation_layout,
    power_states_layout,
)
from .hidden import NOTHING, Hidden
from .layout import Arrow, Box, Label, Layout, LegendEntry, Mark, MarkKind, TextLine
from .registry import DIAGRAM_KINDS, DiagramKind, diagram_kind, layout_for
from .render import render_layout, render_png
from .style import ArrowRole, Highlight, Role

__all__ = [
    "Arrow",
    "ArrowRole",
    "DIAGRAM_KINDS",
    "DiagramKind",
    "Box",
    "Hidden",
    "Highlight",
    "Label",
    "Layout",
    "LegendEntry",
    "Mark",
    "MarkKind",
    "NOTHING",
    "Role",
    "TextLine",
    "before_after_layout",
    "checkpoint_tree_layout",
    "decision_path_layout",
    "describe",
    "diagram_kind",
    "disk_chain_layout",
    "draw_before_after",
    "draw_checkpoint_tree",
    "draw_decision_path",
    "draw_disk_chain",
    "draw_power_states",
    "last_operation_layout",
    "layout_for",
    "power_states_layout",
    "render_layout",
    "render_png",
]
