"""One visual language for all five diagrams: roles, their colours, shapes and hatches.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies), and colour is
never the only signal: every role also has its own shape, outline or hatched strip,
and every highlight a text badge.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["ArrowRole", "Highlight", "Ink", "OKABE_ITO", "Role", "RoleStyle", "Shape", "ROLE_STYLES", "HIGHLIGHT_COLOURS", "tint"]

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
GREY = "#8C8C8C"
READ_ONLY_HATCH = "////"
LIGHT_GREY = "#C8C8C8"


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white (``amount`` 0 = colour, 1 = white): light box fills keep
    black text readable."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#{:02X}{:02X}{:02X}".format(*mix)


def shade(colour: str, amount: float) -> str:
    """``colour`` darkened towards black, for outlines that must stand out on a projector."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(round(c * (1 - amount)) for c in (r, g, b)))


class Shape(Enum):
    RECT = "rect"
    ROUNDED = "rounded"
    HEXAGON = "hexagon"
    STADIUM = "stadium"


class Role(Enum):
    """What a box stands for; the renderer draws each role the same way in every diagram."""

    BASE_VHDX = "base_vhdx"
    CHECKPOINT_DISK = "checkpoint_disk"
    NOW_DISK = "now_disk"
    SHARED_PARENT = "shared_parent"
    CHECKPOINT_PRODUCTION = "checkpoint_production"
    CHECKPOINT_STANDARD = "checkpoint_standard"
    NOW = "now"
    START = "start"
    DECISION = "decision"
    CHECK_PASSED = "check_passed"
    CHECK_FAILED = "check_failed"
    CHECK_SKIPPED = "check_skipped"
    RESULT_PRODUCTION = "result_production"
    RESULT_STANDARD = "result_standard"
    RESULT_ERROR = "result_error"
    STATE = "state"
    STATE_CURRENT = "state_current"
    EMPTY = "empty"


class Highlight(Enum):
    """What an operation or a path did to a box; drawn as a coloured frame plus a text badge."""

    CREATED = "created"
    MERGED = "merged"
    DISCARDED = "discarded"
    CURRENT = "current"


class ArrowRole(Enum):
    PARENT = "parent"
    TREE = "tree"
    FLOW = "flow"
    TRANSITION = "transition"


class Ink(Enum):
    """Text colours: black on light fills, grey for what is not on the current path."""

    NORMAL = "#000000"
    MUTED = "#6E6E6E"
    WHITE = "#FFFFFF"


@dataclass(frozen=True)
class RoleStyle:
    shape: Shape
    face: str
    edge: str
    linewidth: float = 1.4
    dashed: bool = False
    strip_hatch: str | None = None
    """A narrow hatched strip on the box's left side: the shape-independent second signal
    (read-only disk, shared parent, failed check, error)."""


ROLE_STYLES: dict[Role, RoleStyle] = {
    Role.BASE_VHDX: RoleStyle(Shape.RECT, tint(OKABE_ITO["blue"], 0.62), shade(OKABE_ITO["blue"], 0.35), 2.8),
    Role.CHECKPOINT_DISK: RoleStyle(Shape.RECT, tint(OKABE_ITO["sky"], 0.8), shade(OKABE_ITO["blue"], 0.1), 1.4),
    Role.NOW_DISK: RoleStyle(Shape.ROUNDED, tint(OKABE_ITO["green"], 0.72), shade(OKABE_ITO["green"], 0.35), 2.6),
    Role.SHARED_PARENT: RoleStyle(Shape.RECT, tint(OKABE_ITO["orange"], 0.7), shade(OKABE_ITO["orange"], 0.45), 1.8, dashed=True, strip_hatch="xxxx"),
    Role.CHECKPOINT_PRODUCTION: RoleStyle(Shape.ROUNDED, tint(OKABE_ITO["blue"], 0.82), shade(OKABE_ITO["blue"], 0.2), 1.4),
    Role.CHECKPOINT_STANDARD: RoleStyle(Shape.RECT, tint(OKABE_ITO["purple"], 0.7), shade(OKABE_ITO["purple"], 0.45), 1.4, strip_hatch="...."),
    Role.NOW: RoleStyle(Shape.ROUNDED, tint(OKABE_ITO["green"], 0.72), shade(OKABE_ITO["green"], 0.35), 2.2),
    Role.START: RoleStyle(Shape.STADIUM, "#F2F2F2", "#333333", 1.4),
    Role.DECISION: RoleStyle(Shape.HEXAGON, "#FFFFFF", "#333333", 1.4),
    Role.CHECK_PASSED: RoleStyle(Shape.ROUNDED, tint(OKABE_ITO["green"], 0.8), shade(OKABE_ITO["green"], 0.35), 1.4),
    Role.CHECK_FAILED: RoleStyle(Shape.RECT, tint(OKABE_ITO["vermillion"], 0.75), shade(OKABE_ITO["vermillion"], 0.3), 2.2, strip_hatch="xxxx"),
    Role.CHECK_SKIPPED: RoleStyle(Shape.ROUNDED, "#FFFFFF", GREY, 1.0, dashed=True),
    Role.RESULT_PRODUCTION: RoleStyle(Shape.ROUNDED, tint(OKABE_ITO["blue"], 0.82), shade(OKABE_ITO["blue"], 0.2), 1.4),
    Role.RESULT_STANDARD: RoleStyle(Shape.RECT, tint(OKABE_ITO["purple"], 0.7), shade(OKABE_ITO["purple"], 0.45), 1.4, strip_hatch="...."),
    Role.RESULT_ERROR: RoleStyle(Shape.RECT, tint(OKABE_ITO["vermillion"], 0.75), shade(OKABE_ITO["vermillion"], 0.3), 1.4, strip_hatch="xxxx"),
    Role.STATE: RoleStyle(Shape.STADIUM, "#FFFFFF", "#333333", 1.4),
    Role.STATE_CURRENT: RoleStyle(Shape.STADIUM, tint(OKABE_ITO["green"], 0.72), shade(OKABE_ITO["green"], 0.35), 3.0),
    Role.EMPTY: RoleStyle(Shape.RECT, "#FFFFFF", LIGHT_GREY, 1.0, dashed=True),
}

MUTED_STYLE = RoleStyle(Shape.RECT, "#FAFAFA", LIGHT_GREY, 1.0, dashed=True)
"""Boxes off the current path (decision diagram): same shape as their role, greyed."""

HIGHLIGHT_COLOURS: dict[Highlight, str] = {
    Highlight.CREATED: OKABE_ITO["yellow"],
    Highlight.MERGED: OKABE_ITO["purple"],
    Highlight.DISCARDED: OKABE_ITO["vermillion"],
    Highlight.CURRENT: OKABE_ITO["black"],
}

ARROW_COLOUR = "#333333"
PATH_COLOUR = "#000000"
NOW_GREEN = shade(OKABE_ITO["green"], 0.1)
