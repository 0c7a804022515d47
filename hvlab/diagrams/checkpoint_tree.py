"""Checkpoint tree as Hyper-V Manager shows it, plus what Hyper-V Manager does not show.

Left: the tree itself (names, indentation, the green "Now" arrow under the checkpoint the VM is
based on, USING's screenshots). Right: hvlab's extras, one column each: the kind the
checkpoint really became (Hyper-V does not show it, B25), whether it holds memory (then Hyper-V
shows a console thumbnail, A2) and its files (B11).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..catalog import text
from ..checkpoint import Checkpoint
from ..checkpoint_type import CheckpointKind
from .disk_chain import format_size
from .fonts import TextStyle, fit_text, shorten_file_name, text_width
from .hidden import NOTHING, Hidden, hidden_note, shown_file_name
from .host import on_host
from .layout import MARGIN, built_downwards, Arrow, Box, Label, Layout, LegendEntry, Mark, MarkKind, TextLine, place_legend
from .style import ArrowRole, Ink, Role

if TYPE_CHECKING:  # pragma: no cover
    from ..vm import VirtualMachine

__all__ = ["NOW_KEY", "checkpoint_tree_layout", "tree_rows"]

NOW_KEY = "Now"
ROW = 0.34
NODE_HEIGHT = 0.26
INDENT = 0.26
MAX_INDENT = 3.0
DEPTH_STEP = 4
"""The tree's columns make room for its depth in steps of this many levels (see the layout)."""
NAME_WIDTH = 2.5
SNAPSHOT_TYPE_WIDTH = 1.25
"""Get-VMSnapshot's SnapshotType (Standard, Recovery...): what PowerShell shows, beside the tree."""
KIND_WIDTH = 1.35
MEMORY_WIDTH = 1.75
FILES_WIDTH = 2.6


def tree_rows(vm: VirtualMachine) -> list[tuple[str, int, str | None]]:
    """(key, depth, parent key) in Hyper-V Manager's order: each checkpoint followed by its
    children, oldest first, and "Now" as the last child of the checkpoint it sits under."""
    children: dict[str | None, list[str]] = {}
    for cp in vm.checkpoints.values():
        children.setdefault(cp.parent_id, []).append(cp.id)
    children.setdefault(vm.now_parent_id, []).append(NOW_KEY)
    rows: list[tuple[str, int, str | None]] = []
    stack: list[tuple[str, int, str | None]] = [(k, 0, None) for k in reversed(children.get(None, []))]
    while stack:
        key, depth, parent = stack.pop()
        rows.append((key, depth, parent))
        if key != NOW_KEY:
            stack.extend((k, depth + 1, key) for k in reversed(children.get(key, [])))
    return rows


def _described_files(vm: VirtualMachine, cp: Checkpoint, hidden: Hidden) -> str:
    """The checkpoint's files for the text version: their names, or with file names hidden
    only their extensions and the disks' neutral labels."""
    disks = [shown_file_name(vm, i, d, hidden) for i, d in enumerate(cp.disk_ids)]
    config = ["." + f.rsplit(".", 1)[-1] for f in cp.files] if hidden.file_names else list(cp.files)
    return ", ".join([*config, *disks])


def _files_text(cp: Checkpoint, disk_count: int) -> str:
    extensions = " ".join(sorted({"." + f.rsplit(".", 1)[-1] for f in cp.files}, key=lambda e: (e != ".vmcx", e)))
    return text("diagram.tree.files", config=extensions, disks=disk_count)


def checkpoint_tree_layout(vm: VirtualMachine, hidden: Hidden = NOTHING) -> Layout:
    """Lay out the checkpoint tree: one node per checkpoint plus the Now node, one connector
    per parent link (the Now node's included). ``hidden``: a scenario's locks (no KIND column,
    production and standard drawn alike; neutral disk labels), in the text version too."""
    rows = tree_rows(vm)
    # Room for the depth rounded up to DEPTH_STEP levels: a checkpoint one level deeper than the
    # deepest then moves no column, so the rows above it stay the picture they were (a lab sends
    # only the strips that changed, diagrams/tiles.py).
    levels = -(-max(depth for _, depth, _ in rows) // DEPTH_STEP) * DEPTH_STEP
    indent = min(INDENT, MAX_INDENT / levels) if levels else INDENT
    tree_right = MARGIN + levels * indent + NAME_WIDTH
    type_x = tree_right + 0.25
    kind_x = type_x + SNAPSHOT_TYPE_WIDTH
    memory_x = kind_x + (0.0 if hidden.kind else KIND_WIDTH)
    files_x = memory_x + MEMORY_WIDTH
    width = files_x + FILES_WIDTH + MARGIN

    heading = on_host(text("diagram.tree.title", vm=vm.name, count=len(vm.checkpoints)), vm)
    labels: list[Label] = [
        Label(MARGIN, -MARGIN - TextStyle.HEADING.cap_height, fit_text(heading, TextStyle.HEADING, width - 2 * MARGIN), TextStyle.HEADING),
        Label(MARGIN, -MARGIN - 0.4, fit_text(text("diagram.tree.subtitle"), TextStyle.SMALL, width - 2 * MARGIN), TextStyle.SMALL, ink=Ink.MUTED),
    ]
    header_y = -MARGIN - 0.78
    for x, key in ((MARGIN, "diagram.tree.col_tree"), (type_x, "diagram.tree.col_snapshot_type"), *(() if hidden.kind else ((kind_x, "diagram.tree.col_kind"),)), (memory_x, "diagram.tree.col_memory"), (files_x, "diagram.tree.col_files")):
        labels.append(Label(x, header_y, text(key), TextStyle.BADGE))
    top = header_y - 0.12

    boxes: list[Box] = []
    marks: list[Mark] = []
    positions: dict[str, Box] = {}
    description: list[str] = []
    for index, (key, depth, parent) in enumerate(rows):
        y = top - ROW * (index + 0.5)
        left = MARGIN + depth * indent
        box_width = tree_right - left
        text_y = y - TextStyle.BODY.cap_height / 2
        if key == NOW_KEY:
            now_text = fit_text(text("diagram.tree.now"), TextStyle.TITLE, box_width - 0.55)
            box = Box(NOW_KEY, left + box_width / 2, y, box_width, NODE_HEIGHT, Role.NOW, (TextLine(now_text, TextStyle.TITLE),),
                      full_name=text("diagram.now"), align="left", indent=0.32)
            marks.append(Mark(MarkKind.NOW_ARROW, left + 0.22, y, 0.26))
            state = text("diagram.tree.now_state", state=vm.state.hyperv_display)
            labels.append(Label(kind_x, text_y, fit_text(state, TextStyle.BODY, (MEMORY_WIDTH if hidden.kind else KIND_WIDTH) - 0.1), TextStyle.BODY))
            active = vm.active_disk(0)
            size = f" · {format_size(active.size_mb)}"
            room = FILES_WIDTH - 0.1 - text_width(size, TextStyle.BODY)
            labels.append(Label(files_x, text_y, shorten_file_name(shown_file_name(vm, 0, active.id, hidden), TextStyle.BODY, room) + size, TextStyle.BODY))
            parent_name = vm.checkpoints[vm.now_parent_id].name if vm.now_parent_id else None
            description.append("  " * depth + (text("diagram.describe.now_under", name=parent_name) if parent_name else text("diagram.describe.now_alone")) + " " + state)
        else:
            cp = vm.checkpoints[key]
            production = cp.kind is CheckpointKind.PRODUCTION and not hidden.kind  # hidden: all drawn alike
            role = Role.CHECKPOINT_PRODUCTION if production else Role.CHECKPOINT_STANDARD
            if cp.is_recovery:  # a backup's checkpoint, its own kind in Get-VMSnapshot (B32): its own shape
                role = Role.CHECKPOINT_RECOVERY
            inner = box_width - 0.34 if role is not Role.CHECKPOINT_PRODUCTION else box_width - 0.2
            box = Box(key, left + box_width / 2, y, box_width, NODE_HEIGHT, role, (TextLine(fit_text(cp.name, TextStyle.BODY, inner), TextStyle.BODY),), full_name=cp.name, align="left")
            kind = text(f"diagram.kind.{cp.kind.name.lower()}") + (" " + text("diagram.tree.automatic") if cp.automatic else "")
            labels.append(Label(type_x, text_y, fit_text(cp.powershell_snapshot_type, TextStyle.BODY, SNAPSHOT_TYPE_WIDTH - 0.1), TextStyle.BODY))
            if not hidden.kind:
                labels.append(Label(kind_x, text_y, fit_text(kind, TextStyle.BODY, KIND_WIDTH - 0.1), TextStyle.BODY))
            memory = text("diagram.tree.memory_yes" if cp.holds_memory else "diagram.tree.memory_no")
            marks.append(Mark(MarkKind.THUMBNAIL if cp.has_thumbnail else MarkKind.NO_THUMBNAIL, memory_x + 0.12, y, 0.22))
            labels.append(Label(memory_x + 0.32, text_y, fit_text(memory, TextStyle.BODY, MEMORY_WIDTH - 0.42), TextStyle.BODY))
            files = _files_text(cp, len(cp.disk_ids))
            labels.append(Label(files_x, text_y, fit_text(files, TextStyle.BODY, FILES_WIDTH - 0.1), TextStyle.BODY))
            listed = _described_files(vm, cp, hidden)
            described = (text("diagram.hidden.describe_checkpoint", name=cp.name, memory=memory, files=listed) if hidden.kind else
                         text("diagram.describe.checkpoint", name=cp.name, kind=text(f"diagram.kind.{cp.kind.name.lower()}"), memory=memory, files=listed))
            description.append(
                "  " * depth
                + described
                + " " + text("diagram.tree.describe_snapshot_type", type=cp.powershell_snapshot_type)
            )
        boxes.append(box)
        positions[key] = box

    arrows: list[Arrow] = []
    for key, depth, parent in rows:
        if parent is None:
            continue
        child, up = positions[key], positions[parent]
        trunk = up.left + min(0.12, indent / 2)
        points = ((trunk, up.bottom), (trunk, child.y), (child.left, child.y))
        arrows.append(Arrow(key, parent, points, ArrowRole.TREE))

    bottom = top - ROW * len(rows) - 0.1
    kinds = ([LegendEntry(text("diagram.hidden.legend_checkpoint"), role=Role.CHECKPOINT_STANDARD)] if hidden.kind else
             [LegendEntry(text("diagram.legend.checkpoint_production"), role=Role.CHECKPOINT_PRODUCTION),
              LegendEntry(text("diagram.legend.checkpoint_standard"), role=Role.CHECKPOINT_STANDARD)])
    entries = [
        *kinds,
        *([LegendEntry(text("diagram.legend.checkpoint_recovery"), role=Role.CHECKPOINT_RECOVERY)]
          if any(cp.is_recovery for cp in vm.checkpoints.values()) else []),
        LegendEntry(text("diagram.legend.now_node"), mark=MarkKind.NOW_ARROW),
        LegendEntry(text("diagram.legend.thumbnail"), mark=MarkKind.THUMBNAIL),
        LegendEntry(text("diagram.legend.no_thumbnail"), mark=MarkKind.NO_THUMBNAIL),
    ]
    legend, bottom = place_legend(entries, width, bottom - 0.1)
    note = hidden_note(hidden)
    if note:  # the learner is told what the picture leaves out, in the picture and its text
        bottom -= 0.3
        labels.append(Label(MARGIN, bottom, fit_text(note, TextStyle.SMALL, width - 2 * MARGIN), TextStyle.SMALL, ink=Ink.MUTED))
        description.append(note)
        bottom -= 0.1
    return built_downwards(
        "checkpoint_tree",
        heading,
        width,
        bottom,
        boxes=tuple(boxes),
        arrows=tuple(arrows),
        labels=tuple(labels),
        marks=tuple(marks),
        legend=legend,
        description=tuple(description),
        now_key=NOW_KEY,
        row_pitch=ROW,
    )
