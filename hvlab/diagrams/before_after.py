"""Before / after an operation: the disk chain twice, what the operation created, merged or
discarded highlighted, so a learner sees which files moved (reference B16–B18)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..catalog import text
from .disk_chain import disk_chain_layout
from .fonts import TextStyle, wrap_text
from .hidden import NOTHING, Hidden, disk_file_label, hidden_note
from .host import on_host
from .layout import MARGIN, Arrow, Box, Label, Layout, LegendEntry, TextLine, place_legend
from .power_states import operation_word
from .style import ArrowRole, Highlight, Ink, Role

if TYPE_CHECKING:  # pragma: no cover
    from ..vm import OperationResult, VirtualMachine

__all__ = ["AFTER", "BEFORE", "before_after_layout", "operation_highlights"]

BEFORE = "before:"
AFTER = "after:"
PANEL_GAP = 0.9


def operation_highlights(result: OperationResult | None, before_disks: set[str], after_disks: set[str]) -> tuple[dict[str, Highlight], dict[str, Highlight]]:
    """What to mark in each panel: discarded and merged-away disks before, created disks and
    merge survivors after (from the operation's own record, never re-derived)."""
    before: dict[str, Highlight] = {}
    after: dict[str, Highlight] = {}
    if result is None:
        return before, after
    for disk_id in result.discarded_disks:
        if disk_id in before_disks:
            before[disk_id] = Highlight.DISCARDED
    for removed, survivor in result.merged_disks:
        if removed in before_disks:
            before[removed] = Highlight.MERGED
        if survivor in after_disks:
            after[survivor] = Highlight.MERGED
    for disk_id in result.created_disks:
        if disk_id in after_disks:
            after[disk_id] = Highlight.CREATED
    return before, after


def _empty_panel(title: str) -> Layout:
    width, height = 5.6, 1.6
    box = Box("empty", width / 2, height / 2 - 0.1, 3.0, 0.6, Role.EMPTY, (TextLine(text("diagram.before_after.no_vm"), TextStyle.BODY, Ink.MUTED),), full_name=text("diagram.before_after.no_vm"))
    return Layout("disk_chain", title, width, height, boxes=(box,), labels=(Label(MARGIN, height - MARGIN - TextStyle.HEADING.cap_height, title, TextStyle.HEADING),),
                  description=(text("diagram.before_after.no_vm"),))


def before_after_layout(before_vm: VirtualMachine | None, after_vm: VirtualMachine, result: OperationResult | None, disk: int = 0,
                        hidden: Hidden = NOTHING) -> Layout:
    """Two disk-chain panels side by side; box keys are prefixed ``before:`` / ``after:``;
    ``hidden``: a scenario's locks, as in :func:`disk_chain_layout`."""
    after_chain = after_vm.disk_chains[disk]
    before_ids = set(before_vm.disk_chains[disk].disks) if before_vm is not None else set()
    hl_before, hl_after = operation_highlights(result, before_ids, set(after_chain.disks))
    if before_vm is None:  # New-VM: every file of the chain is new
        hl_after = {d: Highlight.CREATED for d in after_chain.disks}
    merged_into = {}
    if result is not None and before_vm is not None:
        chain = before_vm.disk_chains[disk]
        for removed, survivor in result.merged_disks:
            if removed in chain and survivor in chain:
                merged_into[removed] = text("diagram.badge.merged_into", file=disk_file_label(before_vm, disk, survivor) if hidden.file_names
                                             else chain[survivor].file_name.rsplit("_", 1)[-1][:4])
    operation = operation_word(result.operation) if result is not None else ""
    before_title = text("diagram.before_after.before", operation=operation) if result else text("diagram.before_after.before_plain")
    after_title = text("diagram.before_after.after", operation=operation) if result else text("diagram.before_after.after_plain")
    left = disk_chain_layout(before_vm, disk, hl_before, merged_into, title=before_title, legend=False, hidden=hidden) if before_vm is not None else _empty_panel(before_title)
    right = disk_chain_layout(after_vm, disk, hl_after, title=after_title, legend=False, hidden=hidden)
    width = left.width + PANEL_GAP + right.width
    if result is not None and hidden != NOTHING:
        # The operation's summary names the kind and the files: a locked picture says what it hides instead.
        summary = f"{operation}: {hidden_note(hidden)}"
    elif result is not None:
        summary = result.summary
    elif before_vm is None:
        summary = text("diagram.before_after.new_vm", vm=after_vm.name)
    else:
        summary = text("diagram.before_after.no_operation")
    summary_lines = wrap_text(on_host(summary, after_vm), TextStyle.BODY, width - 2 * MARGIN, 3)  # the panels' titles leave no room for it
    panel_height = max(left.height, right.height)

    bottom = -0.05
    labels: list[Label] = []
    for line in summary_lines:
        bottom -= TextStyle.BODY.line_height
        labels.append(Label(MARGIN, bottom, line, TextStyle.BODY))
    entries = [
        LegendEntry(text("diagram.legend.created"), highlight=Highlight.CREATED),
        LegendEntry(text("diagram.legend.merged"), highlight=Highlight.MERGED),
        LegendEntry(text("diagram.legend.discarded"), highlight=Highlight.DISCARDED),
        LegendEntry(text("diagram.legend.now_disk"), role=Role.NOW_DISK),
        LegendEntry(text("diagram.legend.shared_parent"), role=Role.SHARED_PARENT),
        LegendEntry(text("diagram.legend.read_only"), read_only=True),
    ]
    legend, bottom = place_legend(entries, width, bottom - 0.1)
    footer = -bottom + MARGIN
    height = panel_height + footer
    left = left.shifted(0.0, height - left.height, BEFORE)
    right = right.shifted(left.width + PANEL_GAP, height - right.height, AFTER)
    labels = [replace(label, y=label.y + footer) for label in labels]
    legend = tuple(replace(entry, y=entry.y + footer) for entry in legend)
    divider_x = left.width + PANEL_GAP / 2
    arrow_y = height - MARGIN - 0.6
    arrows = [*left.arrows, *right.arrows, Arrow(BEFORE, AFTER, ((divider_x - 0.3, arrow_y), (divider_x + 0.3, arrow_y)), ArrowRole.FLOW, label=operation, highlight=True)]

    highlights: dict[Highlight, frozenset[str]] = {}
    for part in (left.highlights, right.highlights):
        for h, keys in part.items():
            highlights[h] = highlights.get(h, frozenset()) | keys
    heading = on_host(text("diagram.before_after.title", vm=after_vm.name, operation=operation or "—"), after_vm)
    description = [summary]
    description.append(text("diagram.before_after.before_plain") + ": " + left.description[0])
    description.append(text("diagram.before_after.after_plain") + ": " + right.description[0])
    if result is not None:
        def names(vm: VirtualMachine) -> dict[str, str]:
            return {d.id: disk_file_label(vm, disk, d.id) if hidden.file_names else d.file_name for d in vm.disk_chains[disk]}

        files = {**(names(before_vm) if before_vm is not None else {}), **names(after_vm)}
        created = [files[d] for d in result.created_disks if d in files]
        discarded = [files[d] for d in result.discarded_disks if d in files]
        merged = [text("diagram.describe.merge_pair", removed=files.get(r, r), survivor=files.get(s_, s_)) for r, s_ in result.merged_disks]
        for key, names in (("created", created), ("merged", merged), ("discarded", discarded)):
            if names:
                description.append(text(f"diagram.describe.{key}", files=", ".join(names)))
    return Layout(
        kind="before_after",
        title=heading,
        width=width,
        height=height,
        boxes=left.boxes + right.boxes,
        arrows=tuple(arrows),
        labels=left.labels + right.labels + tuple(labels),
        marks=left.marks + right.marks,
        legend=legend,
        description=tuple(description),
        now_key=right.now_key,
        highlights=highlights,
    )
