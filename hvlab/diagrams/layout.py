"""Diagram layouts as plain data: boxes, arrows, labels, marks, legend, and the description.

Every diagram is computed here first, in inches (x to the right, y up), and rendered afterwards
(like schemdraw). Tests assert on this data; :meth:`Layout.describe` turns the same
data into the screen-reader text, so the picture and the words can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Iterable, Sequence

from .fonts import TextStyle, text_width
from .style import ArrowRole, Highlight, Ink, Role

__all__ = [
    "Arrow",
    "Box",
    "Label",
    "Layout",
    "LegendEntry",
    "Mark",
    "MarkKind",
    "TextLine",
    "built_downwards",
    "place_legend",
    "tree_positions",
]

MARGIN = 0.3
"""Blank border around every diagram, in inches."""
HALO = 0.075
"""Width of the coloured frame around a highlighted box, in inches."""


@dataclass(frozen=True)
class TextLine:
    text: str
    style: TextStyle = TextStyle.BODY
    ink: Ink = Ink.NORMAL


@dataclass(frozen=True)
class Box:
    """One element: a disk file, a checkpoint, a check, a state. ``x``, ``y`` is its centre."""

    key: str
    x: float
    y: float
    width: float
    height: float
    role: Role
    lines: tuple[TextLine, ...] = ()
    full_name: str = ""
    highlight: Highlight | None = None
    badge: str = ""
    muted: bool = False
    read_only: bool = False
    """Drawn with a hatched strip on its left side (a frozen disk, B17)."""
    align: str = "center"
    """Text alignment inside the box: "center" or "left"."""
    indent: float = 0.0
    """Extra space before left-aligned text (room for an icon such as the Now arrow)."""

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        return self.y + self.height / 2

    @property
    def bottom(self) -> float:
        return self.y - self.height / 2


@dataclass(frozen=True)
class Arrow:
    """A polyline from ``source`` to ``target`` with its head at the last point."""

    source: str
    target: str
    points: tuple[tuple[float, float], ...]
    role: ArrowRole
    label: str = ""
    highlight: bool = False
    muted: bool = False


@dataclass(frozen=True)
class Label:
    """Free text: panel titles, arrow labels, column headings, captions."""

    x: float
    y: float
    text: str
    style: TextStyle = TextStyle.BODY
    ha: str = "left"
    ink: Ink = Ink.NORMAL
    background: bool = False
    """Draw a white patch behind the text (labels that sit on arrows)."""


class MarkKind(Enum):
    NOW_ARROW = "now_arrow"
    """Hyper-V Manager's green "Now" arrow."""
    THUMBNAIL = "thumbnail"
    """A tiny console screen: the checkpoint holds memory, so Hyper-V shows a thumbnail (A2)."""
    NO_THUMBNAIL = "no_thumbnail"
    """An empty, dashed screen: no memory, no thumbnail."""


@dataclass(frozen=True)
class Mark:
    kind: MarkKind
    x: float
    y: float
    size: float = 0.2


@dataclass(frozen=True)
class LegendEntry:
    """A sample (a role, a highlight, an arrow or a mark) and what it means."""

    text: str
    role: Role | None = None
    highlight: Highlight | None = None
    mark: MarkKind | None = None
    arrow: ArrowRole | None = None
    read_only: bool = False
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class Layout:
    """A finished diagram layout, in inches."""

    kind: str
    title: str
    width: float
    height: float
    boxes: tuple[Box, ...] = ()
    arrows: tuple[Arrow, ...] = ()
    labels: tuple[Label, ...] = ()
    marks: tuple[Mark, ...] = ()
    legend: tuple[LegendEntry, ...] = ()
    description: tuple[str, ...] = ()
    now_key: str | None = None
    """The box the "Now" pin sits on (the active disk, or the Now node)."""
    row_pitch: float = 0.0
    """Inches from one row of the picture to the next, for a layout made of equal rows (the
    checkpoint tree), else 0: a picture sent in strips (:mod:`.tiles`) cuts them this tall."""
    highlights: dict[Highlight, frozenset[str]] = field(default_factory=dict)
    """Which box keys carry each highlight, for tests and for the description."""

    def describe(self) -> str:
        """The diagram as text for a screen reader (and for font-independent tests)."""
        return "\n".join((self.title, *self.description))

    def box(self, key: str) -> Box:
        for b in self.boxes:
            if b.key == key:
                return b
        raise KeyError(key)

    def shifted(self, dx: float, dy: float, prefix: str = "") -> Layout:
        """The same layout moved by ``dx``, ``dy`` inches, keys prefixed (for two-panel diagrams)."""
        return replace(
            self,
            boxes=tuple(replace(b, key=prefix + b.key, x=b.x + dx, y=b.y + dy) for b in self.boxes),
            arrows=tuple(
                replace(a, source=prefix + a.source, target=prefix + a.target, points=tuple((x + dx, y + dy) for x, y in a.points))
                for a in self.arrows
            ),
            labels=tuple(replace(label, x=label.x + dx, y=label.y + dy) for label in self.labels),
            marks=tuple(replace(m, x=m.x + dx, y=m.y + dy) for m in self.marks),
            legend=tuple(replace(e, x=e.x + dx, y=e.y + dy) for e in self.legend),
            now_key=prefix + self.now_key if self.now_key else None,
            highlights={h: frozenset(prefix + k for k in keys) for h, keys in self.highlights.items()},
        )


def built_downwards(kind: str, title: str, width: float, bottom: float, **parts: object) -> Layout:
    """Finish a layout that was built from y=0 downwards to ``bottom``: add the bottom margin
    and move it so y runs from 0 (bottom) to its height, like every other layout."""
    height = -bottom + MARGIN
    return Layout(kind=kind, title=title, width=width, height=height, **parts).shifted(0.0, height)  # type: ignore[arg-type]


LEGEND_SAMPLE = (0.42, 0.22)
LEGEND_ROW = 0.34


def place_legend(entries: Sequence[LegendEntry], width: float, top: float) -> tuple[tuple[LegendEntry, ...], float]:
    """Flow legend entries in rows below ``top`` within ``width`` inches; returns the placed
    entries and the y where the legend ends."""
    placed: list[LegendEntry] = []
    x = MARGIN
    y = top - LEGEND_ROW / 2
    for entry in entries:
        entry_width = LEGEND_SAMPLE[0] + 0.12 + text_width(entry.text, TextStyle.SMALL) + 0.35
        if x + entry_width > width - MARGIN and x > MARGIN:
            x = MARGIN
            y -= LEGEND_ROW
        placed.append(replace(entry, x=x, y=y))
        x += entry_width
    end = y - LEGEND_ROW / 2 if placed else top
    return tuple(placed), end


def tree_positions(roots: Iterable[str], children: dict[str, list[str]]) -> tuple[dict[str, float], dict[str, int]]:
    """Column (x slot) and depth of every node of a forest, leaves in consecutive slots and
    each parent centred over its children: no two nodes ever share a slot at one depth."""
    column: dict[str, float] = {}
    depth: dict[str, int] = {}
    next_leaf = 0.0
    for root in roots:
        stack: list[tuple[str, int, bool]] = [(root, 0, False)]
        while stack:
            node, level, expanded = stack.pop()
            kids = children.get(node, [])
            if expanded or not kids:
                depth[node] = level
                if kids:
                    column[node] = (column[kids[0]] + column[kids[-1]]) / 2
                else:
                    column[node] = next_leaf
                    next_leaf += 1
                continue
            stack.append((node, level, True))
            for kid in reversed(kids):
                stack.append((kid, level + 1, False))
    return column, depth


def box_lines_height(lines: Sequence[TextLine]) -> float:
    return sum(line.style.line_height for line in lines)
