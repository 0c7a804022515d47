"""Power states of a VM: the five states hvlab models, the moves between them, the current
state and the last transition highlighted.

"Starting" is drawn as what Hyper-V shows, Running, with "guest still booting" beneath: the
state in which a production checkpoint fails although the VM looks running (A8, B3).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Union

from ..catalog import CatalogError, text
from ..states import POWER_TRANSITIONS, VMState
from ..vm import OperationResult
from .fonts import TextStyle, fit_text, text_width
from .host import on_host
from .layout import HALO, MARGIN, Arrow, Box, Label, Layout, LegendEntry, TextLine, place_legend
from .style import ArrowRole, Highlight, Role

if TYPE_CHECKING:  # pragma: no cover
    from ..vm import VirtualMachine

__all__ = ["POSITIONS", "TRANSITIONS", "Transition", "power_states_layout"]

Transition = Union[OperationResult, tuple]

STATE_SIZE = (1.75, 0.62)
POSITIONS: dict[VMState, tuple[float, float]] = {
    VMState.OFF: (1.25, 2.75),
    VMState.STARTING: (4.85, 4.55),
    VMState.RUNNING: (8.45, 2.75),
    VMState.PAUSED: (6.55, 0.55),
    VMState.SAVED: (3.15, 0.55),
}
"""Where each state sits (inches, above the legend); chosen so that no two labels meet."""

EDGE_LABELS: dict[tuple[VMState, VMState], str] = {
    (VMState.STARTING, VMState.RUNNING): "diagram.power.booted",
    (VMState.RUNNING, VMState.OFF): "diagram.power.shut_down_turn_off",
    (VMState.SAVED, VMState.RUNNING): "diagram.power.start_resumes",
}
"""Arrows named otherwise than after their one operation ("action.<operation>")."""


def _transitions() -> tuple[tuple[VMState, VMState, str, frozenset[str]], ...]:
    edges: dict[tuple[VMState, VMState], list[str]] = {}
    for move in POWER_TRANSITIONS:
        if move.usual:
            edges.setdefault((move.source, move.target), []).append(move.operation)
    return tuple(
        (a, b, EDGE_LABELS.get((a, b), f"action.{ops[0]}"), frozenset(ops)) for (a, b), ops in edges.items()
    )


TRANSITIONS = _transitions()
"""The arrows: one per pair of states the usual moves of the core's one table
(:data:`hvlab.states.POWER_TRANSITIONS`) connect, in its order, with the operations behind it."""


def operation_word(operation: str) -> str:
    """A learner-facing name for an operation (the catalog's, else the method name in words)."""
    for key in (f"diagram.op.{operation}", f"action.{operation}"):
        try:
            return text(key)
        except CatalogError:
            continue
    return operation.replace("_", " ")


def _inside_stadium(dx: float, dy: float, half_w: float, half_h: float) -> bool:
    straight = half_w - half_h
    if abs(dx) <= straight:
        return abs(dy) <= half_h
    return (abs(dx) - straight) ** 2 + dy ** 2 <= half_h ** 2


def _clip(x0: float, y0: float, x1: float, y1: float, half_w: float, half_h: float, centre: tuple[float, float]) -> tuple[float, float]:
    """Where the segment from (x0, y0) towards (x1, y1) leaves the state's stadium outline
    around ``centre`` (bisection: arrows start and end on the outline, not in the air)."""
    low, high = 0.0, 1.0
    for _ in range(30):
        mid = (low + high) / 2
        px, py = x0 + (x1 - x0) * mid, y0 + (y1 - y0) * mid
        if _inside_stadium(px - centre[0], py - centre[1], half_w, half_h):
            low = mid
        else:
            high = mid
    return x0 + (x1 - x0) * high, y0 + (y1 - y0) * high


def _label_rect(label: Label) -> tuple[float, float, float, float]:
    width = text_width(label.text, label.style)
    left = label.x - width / 2 if label.ha == "center" else label.x - width if label.ha == "right" else label.x
    return left - 0.03, label.y - 0.05, left + width + 0.03, label.y + label.style.cap_height + 0.04


def _place_label(word: str, style: TextStyle, start: tuple[float, float], end: tuple[float, float], normal: tuple[float, float], side: float,
                 occupied: list[tuple[float, float, float, float]]) -> Label:
    """Beside the arrow's middle, on its left; if that spot is taken (an extra transition
    crossing the usual ones), the first free spot further along either side."""
    nx, ny = normal
    candidates = [(t, sign) for t in (0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8) for sign in (1, -1)]
    first: Label | None = None
    for t, sign in candidates:
        mx, my = start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t
        lx, ly = mx + nx * side * sign, my + ny * side * sign
        if abs(nx) > 0.2:  # beside a steep or diagonal line: grow away from it
            ha = "left" if nx * sign > 0 else "right"
        else:
            ha = "center"
        label = Label(lx, ly - style.cap_height / 2, word, style, ha=ha, background=True)
        first = first or label
        l1, b1, r1, t1 = _label_rect(label)
        if not any(l1 < r2 and l2 < r1 and b1 < t2 and b2 < t1 for l2, b2, r2, t2 in occupied):
            return label
    assert first is not None
    return first


def state_words(state: VMState) -> str:
    """The state as Hyper-V shows it, made precise where Hyper-V hides a difference (A8)."""
    return text("diagram.power.starting_words") if state is VMState.STARTING else state.hyperv_display


def _last(vm: VirtualMachine, last_transition: Transition | None) -> tuple[VMState, VMState, str] | None:
    source = last_transition if last_transition is not None else vm.last_result
    if source is None:
        return None
    if isinstance(source, OperationResult):
        return source.state_before, source.state_after, source.operation
    before, after, *rest = source
    return before, after, rest[0] if rest else ""


def power_states_layout(vm: VirtualMachine, last_transition: Transition | None = None) -> Layout:
    """Lay out the state machine with ``vm.state`` current and the last transition (from
    ``vm.last_result``, or ``last_transition``: an OperationResult or a (before, after[,
    operation]) tuple) drawn thick and named."""
    last = _last(vm, last_transition)
    base_y = 1.1
    heading = on_host(text("diagram.power.title", vm=vm.name), vm)
    labels: list[Label] = []
    boxes: list[Box] = []
    w, h = STATE_SIZE
    for state, (x, y) in POSITIONS.items():
        current = state is vm.state
        lines = [TextLine(state.hyperv_display, TextStyle.TITLE)]
        lines.append(TextLine(text(f"diagram.power.detail.{state.name.lower()}"), TextStyle.SMALL))
        boxes.append(Box(state.name, x + MARGIN, y + base_y, w, h, Role.STATE_CURRENT if current else Role.STATE, tuple(lines),
                         full_name=state.hyperv_display, highlight=Highlight.CURRENT if current else None,
                         badge=text("diagram.badge.state") if current else ""))
    by_state = {VMState[b.key]: b for b in boxes}

    edges = [(a, b, text(key), ops, False) for a, b, key, ops in TRANSITIONS]
    extra = False
    if last is not None and last[0] is not last[1]:
        before, after, operation = last
        match = [i for i, (a, b, _, ops, _) in enumerate(edges) if a is before and b is after]
        if match:
            # The same move between the same states: that arrow, named by what really happened
            # when it was not its usual button (Apply of a standard checkpoint: Running → Saved).
            a, b, word, ops, _ = edges[match[0]]
            if operation not in ops:
                word = text("diagram.power.last_via", actions=word, operation=operation_word(operation))
            edges[match[0]] = (a, b, word, ops, True)
        else:
            edges.append((before, after, operation_word(operation), frozenset({operation}), True))
            extra = True

    arrows: list[Arrow] = []
    pairs = {(a, b) for a, b, *_ in edges}
    occupied = [(b.left, b.bottom, b.right, b.top) for b in boxes]
    usual: list[tuple[str, TextStyle, tuple[float, float], tuple[float, float], tuple[float, float], float]] = []
    last_moves: list[tuple[str, TextStyle, tuple[float, float], tuple[float, float], tuple[float, float], float]] = []
    for a, b, word, ops, hot in edges:
        sa, sb = by_state[a], by_state[b]
        dx, dy = sb.x - sa.x, sb.y - sa.y
        length = math.hypot(dx, dy)
        nx, ny = -dy / length, dx / length  # left of the direction of travel
        is_extra = hot and extra
        offset = 0.32 if is_extra else (0.12 if (b, a) in pairs else 0.0)
        ox, oy = nx * offset, ny * offset
        pad_a, pad_b = (0.03 + (HALO if s.highlight else 0.0) for s in (sa, sb))  # clear the current state's frame
        start = _clip(sa.x + ox, sa.y + oy, sb.x + ox, sb.y + oy, w / 2 + pad_a, h / 2 + pad_a, (sa.x, sa.y))
        end = _clip(sb.x + ox, sb.y + oy, sa.x + ox, sa.y + oy, w / 2 + pad_b, h / 2 + pad_b, (sb.x, sb.y))
        arrows.append(Arrow(a.name, b.name, (start, end), ArrowRole.TRANSITION, label=word, highlight=hot))
        style = TextStyle.BADGE if hot else TextStyle.SMALL
        side = 0.2 if (b, a) in pairs or is_extra else 0.15
        (last_moves if hot else usual).append((word, style, start, end, (nx, ny), side))
    for word, style, start, end, normal, side in usual + last_moves:  # the last move's label yields
        label = _place_label(word, style, start, end, normal, side, occupied)
        occupied.append(_label_rect(label))
        labels.append(label)

    width = 2 * MARGIN + 8.45 + w / 2 + 0.4
    top_y = base_y + max(y for _, y in POSITIONS.values()) + h / 2 + 0.35
    heading_y = top_y + 0.25
    labels.append(Label(MARGIN, heading_y, fit_text(heading, TextStyle.HEADING, width - 2 * MARGIN), TextStyle.HEADING))
    if last is None:
        caption = text("diagram.power.no_last")
    elif last[0] is last[1]:
        caption = text("diagram.power.last_same", operation=operation_word(last[2]), state=state_words(last[0]))
    else:
        caption = text("diagram.power.last", operation=operation_word(last[2]), before=state_words(last[0]), after=state_words(last[1]))
    caption = fit_text(caption, TextStyle.BODY, width - 2 * MARGIN)
    labels.append(Label(MARGIN, base_y - 0.35, caption, TextStyle.BODY))
    entries = [
        LegendEntry(text("diagram.legend.state_current"), role=Role.STATE_CURRENT),
        LegendEntry(text("diagram.legend.state"), role=Role.STATE),
        LegendEntry(text("diagram.legend.last_transition"), arrow=ArrowRole.FLOW),
    ]
    legend, bottom = place_legend(entries, width, base_y - 0.5)
    shift = -bottom + MARGIN
    height = heading_y + shift + MARGIN + 0.05

    description = [text("diagram.describe.state", state=vm.state.hyperv_display, detail=text(f"diagram.power.detail.{vm.state.name.lower()}")), caption]
    description += [text("diagram.describe.transition", before=state_words(a), after=state_words(b), action=word) for a, b, word, _, _ in edges]
    layout = Layout(
        kind="power_states",
        title=heading,
        width=width,
        height=height,
        boxes=tuple(boxes),
        arrows=tuple(arrows),
        labels=tuple(labels),
        legend=legend,
        description=tuple(description),
        now_key=vm.state.name,
        highlights={Highlight.CURRENT: frozenset({vm.state.name})},
    )
    return layout.shifted(0.0, shift)
