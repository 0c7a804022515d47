"""One visual language for all five diagrams: roles, their colours, shapes and hatches, in a
light, a dark and a high-contrast palette.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies), and colour is
never the only signal: every role also has its own shape, outline or hatched strip,
and every highlight a text badge. Why three palettes: a white picture in JupyterLab's dark theme
dazzles, and a learner who asked the system for more contrast gets black, white and a few bright
outlines (:func:`palette_for`); shapes, hatches and words are the same in all three. Every text
and background pair meets WCAG 2.2 AA (4.5:1), every outline, arrow and hatch 3:1
(tests/diagrams/test_palettes.py computes the ratios).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from types import MappingProxyType
from typing import Mapping

__all__ = ["ArrowRole", "Highlight", "Ink", "OKABE_ITO", "Palette", "Role", "RoleStyle", "Shape", "ROLE_STYLES",
           "HIGHLIGHT_COLOURS", "THEMES", "Theme", "palette_for", "tint"]

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
LIGHT_GREY = "#949494"
"""Outlines and arrows of what is off the current path: the lightest grey with 3:1 on white."""


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
    ORPHAN_DISK = "orphan_disk"
    """A disk file no checkpoint lists (B33): what a failed backup or an edited disk path leaves."""
    RECOVERY_DISK = "recovery_disk"
    """The disk a Recovery checkpoint froze (B32): a backup's, not the user's."""
    PASS_THROUGH = "pass_through"
    """A drive with no file on the host volume: a physical disk, or a shared VHDX (B30)."""
    VOLUME_USED = "volume_used"
    VOLUME_FREE = "volume_free"
    """The host volume's fill bar: used and free (B29)."""
    CHECKPOINT_PRODUCTION = "checkpoint_production"
    CHECKPOINT_STANDARD = "checkpoint_standard"
    CHECKPOINT_RECOVERY = "checkpoint_recovery"
    """A checkpoint Get-VMSnapshot reports as SnapshotType Recovery (B32)."""
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
    """Text colours: black on light fills, grey for what is not on the current path (the light
    palette's values; :meth:`Palette.ink` gives each palette's own)."""

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
    # Each is told apart by shape or hatch and by its words, never by colour alone.
    Role.ORPHAN_DISK: RoleStyle(Shape.RECT, tint(OKABE_ITO["vermillion"], 0.78), shade(OKABE_ITO["vermillion"], 0.35), 2.0, dashed=True, strip_hatch="\\\\\\\\"),
    Role.RECOVERY_DISK: RoleStyle(Shape.HEXAGON, tint(OKABE_ITO["yellow"], 0.6), shade(OKABE_ITO["yellow"], 0.6), 1.8),
    Role.PASS_THROUGH: RoleStyle(Shape.STADIUM, "#EDEDED", "#4D4D4D", 1.6, dashed=True),
    Role.VOLUME_USED: RoleStyle(Shape.RECT, tint(OKABE_ITO["blue"], 0.45), shade(OKABE_ITO["blue"], 0.35), 1.0, strip_hatch="////"),
    Role.VOLUME_FREE: RoleStyle(Shape.RECT, "#FFFFFF", shade(OKABE_ITO["blue"], 0.35), 1.0),
    Role.CHECKPOINT_PRODUCTION: RoleStyle(Shape.ROUNDED, tint(OKABE_ITO["blue"], 0.82), shade(OKABE_ITO["blue"], 0.2), 1.4),
    Role.CHECKPOINT_STANDARD: RoleStyle(Shape.RECT, tint(OKABE_ITO["purple"], 0.7), shade(OKABE_ITO["purple"], 0.45), 1.4, strip_hatch="...."),
    Role.CHECKPOINT_RECOVERY: RoleStyle(Shape.HEXAGON, tint(OKABE_ITO["yellow"], 0.6), shade(OKABE_ITO["yellow"], 0.6), 1.8),
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

MUTED_STYLE = RoleStyle(Shape.RECT, "#FAFAFA", "#8C8C8C", 1.0, dashed=True)
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


# ---------------------------------------------------------------------------------- palettes
class Theme(Enum):
    """The page's theme a diagram is drawn for (the widgets read it from the page: JupyterLab's
    theme, the system's dark or more-contrast preference, forced colours)."""

    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high-contrast"


THEMES = tuple(theme.value for theme in Theme)


@dataclass(frozen=True)
class Palette:
    """Every colour a diagram uses, for one theme: the renderer asks the palette, never a
    constant, so a dark page gets a dark picture with the same shapes, hatches and words."""

    theme: Theme
    background: str
    inks: Mapping[Ink, str]
    roles: Mapping[Role, RoleStyle]
    muted: RoleStyle
    highlights: Mapping[Highlight, str]
    frame: str
    """Outline of the highlight frames, the badges and the legend's samples."""
    badge_face: str
    """A badge without a highlight colour (a "current" marker)."""
    badge_ink: str
    """Badge text: badges are small, so their text is always dark on a bright badge."""
    arrow: str
    tree_arrow: str
    path: str
    """The highlighted path (decision diagram) and the flow arrow in a legend."""
    muted_line: str
    label_background: str
    now_arrow: tuple[str, str]
    """Face and outline of the Now arrow mark."""
    thumbnail: tuple[str, str, str]
    """A thumbnail's screen, its outline and its picture."""
    empty_screen: tuple[str, str]
    """A missing thumbnail: face and dashed outline."""

    def ink(self, ink: Ink) -> str:
        return self.inks[ink]

    def role(self, role: Role) -> RoleStyle:
        return self.roles[role]

    def text_pairs(self) -> list[tuple[str, str, str]]:
        """``(what, text colour, background colour)`` for every place text is drawn: box text
        on each role's fill, muted text on muted and empty boxes and on the page, badge text on
        each badge (tests check 4.5:1)."""
        normal, muted = self.ink(Ink.NORMAL), self.ink(Ink.MUTED)
        pairs = [(f"text on {role.value}", normal, style.face) for role, style in self.roles.items()]
        pairs += [("muted text on a muted box", muted, self.muted.face), ("muted text on an empty box", muted, self.roles[Role.EMPTY].face),
                  ("text on the page", normal, self.background), ("muted text on the page", muted, self.background),
                  ("text on a label's background", normal, self.label_background),
                  ("muted text on a label's background", muted, self.label_background),
                  ("badge text", self.badge_ink, self.badge_face)]
        pairs += [(f"badge text on {h.value}", self.badge_ink, colour) for h, colour in self.highlights.items()
                  if h is not Highlight.CURRENT]
        return pairs

    def graphic_pairs(self) -> list[tuple[str, str, str]]:
        """``(what, colour, against)`` for every line or shape a learner must see: box outlines
        and arrows on the page, hatched strips on their box, frames around highlights (3:1)."""
        bg = self.background
        pairs = [(f"outline of {role.value}", style.edge, bg) for role, style in self.roles.items()]
        # A strip is drawn in the box's outline colour on its fill (any box can be read-only).
        pairs += [(f"hatch on {role.value}", style.edge, style.face) for role, style in self.roles.items()]
        pairs += [("outline of a muted box", self.muted.edge, bg), ("arrow", self.arrow, bg), ("tree line", self.tree_arrow, bg),
                  ("highlighted path", self.path, bg), ("muted arrow", self.muted_line, bg), ("highlight frame", self.frame, bg),
                  ("Now arrow", self.now_arrow[0], bg), ("thumbnail", self.thumbnail[1], bg), ("missing thumbnail", self.empty_screen[1], bg)]
        return pairs


def _dark_role(style: RoleStyle, hue: str | None) -> RoleStyle:
    """A role's dark twin: a deep fill of its hue, a bright outline of the same hue."""
    if hue is None:
        return replace(style, face="#1A1A1A", edge="#B0B0B0")
    return replace(style, face=shade(hue, 0.68), edge=tint(hue, 0.3))


_HUES: dict[Role, str | None] = {
    Role.BASE_VHDX: OKABE_ITO["blue"], Role.CHECKPOINT_DISK: OKABE_ITO["sky"], Role.NOW_DISK: OKABE_ITO["green"],
    Role.SHARED_PARENT: OKABE_ITO["orange"], Role.CHECKPOINT_PRODUCTION: OKABE_ITO["blue"],
    Role.ORPHAN_DISK: OKABE_ITO["vermillion"], Role.RECOVERY_DISK: OKABE_ITO["yellow"], Role.PASS_THROUGH: None,
    Role.VOLUME_USED: OKABE_ITO["blue"], Role.VOLUME_FREE: None, Role.CHECKPOINT_RECOVERY: OKABE_ITO["yellow"],
    Role.CHECKPOINT_STANDARD: OKABE_ITO["purple"], Role.NOW: OKABE_ITO["green"], Role.START: None, Role.DECISION: None,
    Role.CHECK_PASSED: OKABE_ITO["green"], Role.CHECK_FAILED: OKABE_ITO["vermillion"], Role.CHECK_SKIPPED: None,
    Role.RESULT_PRODUCTION: OKABE_ITO["blue"], Role.RESULT_STANDARD: OKABE_ITO["purple"],
    Role.RESULT_ERROR: OKABE_ITO["vermillion"], Role.STATE: None, Role.STATE_CURRENT: OKABE_ITO["green"], Role.EMPTY: None,
}

_HIGH_CONTRAST_EDGES: dict[str | None, str] = {
    OKABE_ITO["blue"]: "#5CC8FF", OKABE_ITO["sky"]: "#00FFFF", OKABE_ITO["green"]: "#3FFF3F",
    OKABE_ITO["orange"]: "#FFB000", OKABE_ITO["purple"]: "#FF80FF", OKABE_ITO["vermillion"]: "#FF8060", None: "#FFFFFF",
    OKABE_ITO["yellow"]: "#FFFF66",
}


def _palettes() -> dict[Theme, Palette]:
    light = Palette(
        theme=Theme.LIGHT, background="#FFFFFF", inks=MappingProxyType({ink: ink.value for ink in Ink}),
        roles=MappingProxyType(ROLE_STYLES), muted=MUTED_STYLE, highlights=MappingProxyType(HIGHLIGHT_COLOURS),
        frame="#000000", badge_face="#FFFFFF", badge_ink="#000000", arrow=ARROW_COLOUR, tree_arrow="#555555",
        path=PATH_COLOUR, muted_line=LIGHT_GREY, label_background="#FFFFFF", now_arrow=(NOW_GREEN, "#00442F"),
        thumbnail=("#333333", "#000000", "#9AD0F0"), empty_screen=("#FFFFFF", "#6E6E6E"),
    )
    dark = Palette(
        theme=Theme.DARK, background="#111111",
        inks=MappingProxyType({Ink.NORMAL: "#F2F2F2", Ink.MUTED: "#A6A6A6", Ink.WHITE: "#FFFFFF"}),
        roles=MappingProxyType({role: _dark_role(style, _HUES[role]) for role, style in ROLE_STYLES.items()}),
        muted=replace(MUTED_STYLE, face="#1A1A1A", edge="#7A7A7A"),
        highlights=MappingProxyType({Highlight.CREATED: OKABE_ITO["yellow"], Highlight.MERGED: tint(OKABE_ITO["purple"], 0.15),
                                     Highlight.DISCARDED: tint(OKABE_ITO["vermillion"], 0.2), Highlight.CURRENT: "#F2F2F2"}),
        frame="#F2F2F2", badge_face="#F2F2F2", badge_ink="#000000", arrow="#C8C8C8", tree_arrow="#A6A6A6",
        path="#FFFFFF", muted_line="#6E6E6E", label_background="#111111", now_arrow=(tint(OKABE_ITO["green"], 0.2), "#B5F0DC"),
        thumbnail=("#3A3A3A", "#C8C8C8", "#56B4E9"), empty_screen=("#111111", "#A6A6A6"),
    )
    high_contrast = Palette(
        theme=Theme.HIGH_CONTRAST, background="#000000",
        inks=MappingProxyType({Ink.NORMAL: "#FFFFFF", Ink.MUTED: "#D0D0D0", Ink.WHITE: "#FFFFFF"}),
        roles=MappingProxyType({role: replace(style, face="#000000", edge=_HIGH_CONTRAST_EDGES[_HUES[role]], linewidth=style.linewidth + 0.8)
                                for role, style in ROLE_STYLES.items()}),
        muted=replace(MUTED_STYLE, face="#000000", edge="#B0B0B0"),
        highlights=MappingProxyType({Highlight.CREATED: "#FFFF00", Highlight.MERGED: "#FF80FF", Highlight.DISCARDED: "#FF8C00",
                                     Highlight.CURRENT: "#FFFFFF"}),
        frame="#FFFFFF", badge_face="#FFFFFF", badge_ink="#000000", arrow="#FFFFFF", tree_arrow="#FFFFFF",
        path="#FFFF00", muted_line="#B0B0B0", label_background="#000000", now_arrow=("#3FFF3F", "#FFFFFF"),
        thumbnail=("#000000", "#FFFFFF", "#00FFFF"), empty_screen=("#000000", "#FFFFFF"),
    )
    return {palette.theme: palette for palette in (light, dark, high_contrast)}


_PALETTES: dict[Theme, Palette] = _palettes()


def palette_for(theme: Theme | str | None = None) -> Palette:
    """The palette of ``theme`` ("light", "dark", "high-contrast" or a :class:`Theme`; ``None``
    is light). An unknown name is a ``ValueError``: a misspelt theme must not silently be light."""
    if theme is None:
        return _PALETTES[Theme.LIGHT]
    return _PALETTES[theme if isinstance(theme, Theme) else Theme(theme)]
