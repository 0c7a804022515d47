"""Decision path: from the checkpoint setting to the result, the way the VM goes highlighted.

The flow is the reference's rule order (B1, B20, B8, then the production preconditions B7, B3,
B4, B5, B6, then the fallback rule B1/B7): every question is asked top-down, each answer leaves to
its outcome on the right. Drawn from a :class:`~hvlab.preview.CheckpointPreview`, the very
object the checkpoint operation executes, so the diagram cannot disagree with what happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

from ..catalog import text
from ..reference.citations import cite_text
from ..checkpoint_type import CheckpointType
from ..preview import MAX_CHECKPOINTS, Check, CheckpointPreview, Outcome
from ..states import VMState
from .fonts import TextStyle, fit_text, wrap_text
from .host import on_host
from .layout import MARGIN, built_downwards, Arrow, Box, Label, Layout, LegendEntry, TextLine, place_legend
from .style import ArrowRole, Highlight, Ink, Role

if TYPE_CHECKING:  # pragma: no cover
    from ..vm import VirtualMachine

__all__ = ["PRODUCTION_RULES", "decision_path_layout"]

PRODUCTION_RULES = ("B7", "B3", "B4", "B5", "B6")
"""The production preconditions, in the order the preview evaluates them."""

MAIN_WIDTH = 3.2
OUT_WIDTH = 3.3
GAP = 0.95
QUESTION_HEIGHT = 0.44
CHECK_HEIGHT = 0.34
STEP = 0.34
CHECK_GAP = 0.24


def _preview(subject: Union[VirtualMachine, CheckpointPreview]) -> CheckpointPreview:
    return subject if isinstance(subject, CheckpointPreview) else subject.preview_checkpoint()


def _path(p: CheckpointPreview) -> tuple[list[str], str, dict[str, str]]:
    """The node keys the VM passes, the outcome key, and the answer given at each question."""
    checks = {c.rule: c for c in p.checks}
    # (question, the answer that leaves the column, does this VM leave here?, where to, nodes passed after "stay")
    questions = (
        ("q_enabled", "no", not p.setting.enabled, "r_disabled", ()),
        ("q_limit", "no", checks.get("B20") is not None and checks["B20"].passed is False, "r_limit", ()),
        ("q_off", "yes", p.vm_state is VMState.OFF, "r_off", ()),
        ("q_standard", "yes", p.setting is CheckpointType.STANDARD, "r_standard", tuple(f"check_{rule}" for rule in PRODUCTION_RULES)),
        ("q_all", "yes", p.outcome is Outcome.PRODUCTION, "r_production", ()),
        ("q_fallback", "yes", p.setting is CheckpointType.PRODUCTION, "r_fallback", ()),
    )
    path = ["start"]
    answers: dict[str, str] = {}
    for key, leave_answer, leaves, outcome, passed_after in questions:
        path.append(key)
        if leaves:
            answers[key] = leave_answer
            return path, outcome, answers
        answers[key] = "no" if leave_answer == "yes" else "yes"
        path += passed_after
    return path, "r_production_only", answers


def decision_path_layout(subject: Union[VirtualMachine, CheckpointPreview]) -> Layout:
    """Lay out every question and outcome; the VM's path and outcome highlighted, the others
    greyed, each production precondition marked passed (✔), failed (✘, named) or not asked."""
    p = _preview(subject)
    checks: dict[str, Check] = {c.rule: c for c in p.checks}
    path, outcome, answers = _path(p)
    on_path = set(path) | {outcome}

    main_x = MARGIN + MAIN_WIDTH / 2
    out_x = MARGIN + MAIN_WIDTH + GAP + OUT_WIDTH / 2
    width = MARGIN * 2 + MAIN_WIDTH + GAP + OUT_WIDTH
    heading = text("diagram.decision.title", vm=p.vm_name)
    if not isinstance(subject, CheckpointPreview):  # a preview alone does not know its lab's host
        heading = on_host(heading, subject)
    labels: list[Label] = [Label(MARGIN, -MARGIN - TextStyle.HEADING.cap_height, fit_text(heading, TextStyle.HEADING, width - 2 * MARGIN), TextStyle.HEADING)]
    subtitle = text("diagram.decision.subtitle", setting=p.setting.label, state=p.vm_state.hyperv_display)
    labels.append(Label(MARGIN, -MARGIN - 0.42, fit_text(subtitle, TextStyle.BODY, width - 2 * MARGIN), TextStyle.BODY))

    boxes: list[Box] = []
    y = -MARGIN - 0.7

    def add(key: str, x: float, top: float, w: float, h: float, role: Role, lines: tuple[TextLine, ...], full: str = "") -> Box:
        muted = key not in on_path
        highlight = Highlight.CURRENT if key == outcome else None
        box = Box(key, x, top - h / 2, w, h, role, lines, full_name=full or " ".join(line.text for line in lines), muted=muted,
                  highlight=highlight, badge=text("diagram.badge.result") if highlight else "")
        boxes.append(box)
        return box

    def question(key: str, title_key: str, **values: object) -> Box:
        nonlocal y
        title = text(title_key, **values)
        box = add(key, main_x, y, MAIN_WIDTH, QUESTION_HEIGHT, Role.DECISION, tuple(TextLine(t, TextStyle.BODY) for t in wrap_text(title, TextStyle.BODY, MAIN_WIDTH - 0.5, 2)), title)
        y -= QUESTION_HEIGHT + STEP
        return box

    def result(key: str, beside: Box, role: Role, title_key: str, detail_key: str, dy: float = 0.0, **values: object) -> Box:
        title = text(title_key, **values)
        detail = text(detail_key, **values)
        lines = (TextLine(fit_text(title, TextStyle.TITLE, OUT_WIDTH - 0.35), TextStyle.TITLE),
                 *(TextLine(t, TextStyle.SMALL) for t in wrap_text(detail, TextStyle.SMALL, OUT_WIDTH - 0.35, 2)))
        h = max(QUESTION_HEIGHT, sum(line.style.line_height for line in lines) + 0.1)
        return add(key, out_x, beside.y + h / 2 + dy, OUT_WIDTH, h, role, lines, f"{title} {detail}")

    start = add("start", main_x, y, MAIN_WIDTH, 0.36, Role.START, (TextLine(fit_text(text("diagram.decision.start", setting=p.setting.label), TextStyle.TITLE, MAIN_WIDTH - 0.4), TextStyle.TITLE),))
    y -= 0.36 + STEP
    q_enabled = question("q_enabled", "diagram.decision.q_enabled")
    q_limit = question("q_limit", "diagram.decision.q_limit", limit=MAX_CHECKPOINTS)
    q_off = question("q_off", "diagram.decision.q_off")
    q_standard = question("q_standard", "diagram.decision.q_standard")
    check_boxes: list[Box] = []
    for rule in PRODUCTION_RULES:
        check = checks.get(rule)
        key = f"check_{rule}"
        title = check.title if check else text(f"rule.{rule}.title")
        if check is None or check.passed is None:
            role, symbol = Role.CHECK_SKIPPED, "–"
        elif check.passed:
            role, symbol = Role.CHECK_PASSED, "✔"
        else:
            role, symbol = Role.CHECK_FAILED, "✘"
        lines = [TextLine(t, TextStyle.BODY) for t in wrap_text(text("diagram.decision.check_line", symbol=symbol, rule=rule, title=title), TextStyle.BODY, MAIN_WIDTH - 0.4, 2)]
        if check is not None and check.passed is False:
            lines += [TextLine(t, TextStyle.SMALL) for t in wrap_text(check.detail, TextStyle.SMALL, MAIN_WIDTH - 0.4, 4)]
        h = max(CHECK_HEIGHT, sum(line.style.line_height for line in lines) + 0.1)
        full = text("diagram.decision.check_line", symbol=symbol, rule=rule, title=title) + (f": {check.detail}" if check and check.passed is False else "")
        check_boxes.append(add(key, main_x, y, MAIN_WIDTH, h, role, tuple(lines), full))
        y -= h + CHECK_GAP
    y -= STEP - CHECK_GAP
    q_all = question("q_all", "diagram.decision.q_all")
    q_fallback = question("q_fallback", "diagram.decision.q_fallback")

    off_kind = text(f"diagram.kind.{'production' if p.setting.wants_production else 'standard'}")
    r_disabled = result("r_disabled", q_enabled, Role.RESULT_ERROR, "diagram.decision.r_disabled", "diagram.decision.r_disabled_detail")
    r_limit = result("r_limit", q_limit, Role.RESULT_ERROR, "diagram.decision.r_limit", "diagram.decision.r_limit_detail", limit=MAX_CHECKPOINTS)
    r_off = result("r_off", q_off, Role.RESULT_PRODUCTION if p.setting.wants_production else Role.RESULT_STANDARD, "diagram.decision.r_off", "diagram.decision.r_off_detail", kind=off_kind)
    r_standard = result("r_standard", q_standard, Role.RESULT_STANDARD, "diagram.decision.r_standard", "diagram.decision.r_standard_detail")
    r_production = result("r_production", q_all, Role.RESULT_PRODUCTION, "diagram.decision.r_production", "diagram.decision.r_production_detail")
    r_fallback = result("r_fallback", q_fallback, Role.RESULT_STANDARD, "diagram.decision.r_fallback", "diagram.decision.r_fallback_detail")
    r_po = result("r_production_only", q_fallback, Role.RESULT_ERROR, "diagram.decision.r_production_only", "diagram.decision.r_production_only_detail",
                  dy=-(QUESTION_HEIGHT + STEP + 0.2))

    arrows: list[Arrow] = []
    yes, no = text("diagram.decision.yes"), text("diagram.decision.no")

    def link(a: Box, b: Box, answer: str = "", side: bool = False) -> None:
        taken = a.key in on_path and b.key in on_path and (not answer or answers.get(a.key) == answer)
        word = {"yes": yes, "no": no}.get(answer, "")
        if side:
            points = ((a.right, a.y), (b.left, a.y)) if abs(a.y - b.y) < 1e-6 else ((a.right, a.y), (a.right + GAP / 2, a.y), (a.right + GAP / 2, b.y), (b.left, b.y))
            label_at = (a.right + 0.08, a.y + 0.06)
        else:
            points = ((a.x, a.bottom), (b.x, b.top))
            label_at = (a.x + 0.08, a.bottom - 0.16)
        arrows.append(Arrow(a.key, b.key, points, ArrowRole.FLOW, label=word, highlight=taken, muted=not taken))
        if word:
            labels.append(Label(*label_at, word, TextStyle.BADGE if taken else TextStyle.SMALL, ink=Ink.NORMAL if taken else Ink.MUTED, background=True))

    link(start, q_enabled)
    link(q_enabled, q_limit, "yes")
    link(q_enabled, r_disabled, "no", side=True)
    link(q_limit, q_off, "yes")
    link(q_limit, r_limit, "no", side=True)
    link(q_off, r_off, "yes", side=True)
    link(q_off, q_standard, "no")
    link(q_standard, r_standard, "yes", side=True)
    link(q_standard, check_boxes[0], "no")
    for a, b in zip(check_boxes, check_boxes[1:]):
        link(a, b)
    link(check_boxes[-1], q_all)
    link(q_all, r_production, "yes", side=True)
    link(q_all, q_fallback, "no")
    link(q_fallback, r_fallback, "yes", side=True)
    # ProductionOnly: down, then right to the error below the fallback result.
    taken = answers.get("q_fallback") == "no"
    points = ((q_fallback.x, q_fallback.bottom), (q_fallback.x, r_po.y), (r_po.left, r_po.y))
    arrows.append(Arrow(q_fallback.key, r_po.key, points, ArrowRole.FLOW, label=no, highlight=taken, muted=not taken))
    labels.append(Label(q_fallback.x + 0.08, q_fallback.bottom - 0.16, no, TextStyle.BADGE if taken else TextStyle.SMALL, ink=Ink.NORMAL if taken else Ink.MUTED, background=True))

    bottom = min(r_po.bottom, q_fallback.bottom) - 0.3
    seen: set[str] = set()  # each rule's title once in the picture's text, then "rule B3"
    reason = cite_text(p.reason, seen)
    notes = [cite_text(note, seen) for note in p.notes]
    reason_lines = wrap_text(reason, TextStyle.BODY, width - 2 * MARGIN, 4)
    for line in reason_lines:
        labels.append(Label(MARGIN, bottom, line, TextStyle.BODY))
        bottom -= TextStyle.BODY.line_height
    # The preview's notes, "assumed" rulings included: the learner is told where hvlab assumes.
    for note in notes:
        bottom -= 0.04
        for line in wrap_text("• " + note, TextStyle.SMALL, width - 2 * MARGIN, 3):
            labels.append(Label(MARGIN, bottom, line, TextStyle.SMALL))
            bottom -= TextStyle.SMALL.line_height
    entries = [
        LegendEntry(text("diagram.legend.check_passed"), role=Role.CHECK_PASSED),
        LegendEntry(text("diagram.legend.check_failed"), role=Role.CHECK_FAILED),
        LegendEntry(text("diagram.legend.check_skipped"), role=Role.CHECK_SKIPPED),
        LegendEntry(text("diagram.legend.path"), arrow=ArrowRole.FLOW),
        LegendEntry(text("diagram.legend.result_production"), role=Role.RESULT_PRODUCTION),
        LegendEntry(text("diagram.legend.result_standard"), role=Role.RESULT_STANDARD),
        LegendEntry(text("diagram.legend.result_error"), role=Role.RESULT_ERROR),
    ]
    legend, bottom = place_legend(entries, width, bottom - 0.05)

    by_key = {b.key: b for b in boxes}
    description = [subtitle]
    description.append(text("diagram.describe.path", path=" → ".join(_node_words(by_key[k], answers.get(k)) for k in path)))
    description += [text("diagram.decision.check_line", symbol=c.symbol, rule=c.rule, title=c.title) + f": {c.detail}" for c in p.checks]
    description.append(text("diagram.describe.outcome", outcome=by_key[outcome].full_name))
    description.append(reason)
    description += notes
    return built_downwards(
        "decision_path",
        heading,
        width,
        bottom,
        boxes=tuple(boxes),
        arrows=tuple(arrows),
        labels=tuple(labels),
        legend=legend,
        description=tuple(description),
        highlights={Highlight.CURRENT: frozenset({outcome})},
    )


def _node_words(box: Box, answer: str | None) -> str:
    words = box.full_name
    return f"{words} ({text('diagram.decision.' + answer)})" if answer else words
