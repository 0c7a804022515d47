"""Disk chain diagram: the base VHDX and every AVHDX as a tree, arrows from child to parent.

What it teaches (reference B16–B18): each checkpoint froze a disk read-only and the VM writes
only to the newest AVHDX ("Now"); applying makes a branch; a disk kept only because several
children still read through it (a shared parent, B18) is drawn with its own colour, dashed
outline and hatched strip.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Mapping

from ..catalog import text
from .fonts import TextStyle, fit_text, shorten_file_name, text_width
from .hidden import NOTHING, Hidden, hidden_note, shown_file_name
from .host import on_host
from .host_storage import host_storage
from .layout import MARGIN, built_downwards, Arrow, Box, Label, Layout, LegendEntry, Mark, MarkKind, TextLine, place_legend, tree_positions
from .style import ROLE_STYLES, ArrowRole, Highlight, Ink, Role, Shape

if TYPE_CHECKING:  # pragma: no cover
    from ..vm import VirtualMachine
    from ..vm.disk_files import OrphanDisk

__all__ = ["disk_chain_layout", "format_size", "COMPACT_ABOVE"]

COMPACT_ABOVE = 12
"""Above this many disks the boxes drop to two lines and arrows lose their "parent" text
(the legend says it), so 51 disks stay legible."""

BOX_WIDTH, BOX_HEIGHT, H_GAP, V_GAP = 3.3, 0.66, 0.5, 0.42
"""A disk's box holds its owner's whole default name ("checkpoint “web01 - (6/16/2025 -
9:05:03 AM)”", B20): each picture has the page's full width (a tab of its own)."""
COMPACT_BOX_WIDTH, COMPACT_BOX_HEIGHT, COMPACT_H_GAP, COMPACT_V_GAP = 2.2, 0.44, 0.55, 0.26
NOW_PIN = 0.42
MAX_HEADING_WIDTH = 9.0
"""A narrow chain grows to show its heading up to this width; longer headings are shortened."""


def format_size(size_mb: float) -> str:
    """Disk sizes as Explorer would round them: MB below 1 GB, GB above."""
    if size_mb >= 1024:
        return text("diagram.size_gb", size=f"{size_mb / 1024:,.1f}")
    return text("diagram.size_mb", size=f"{size_mb:,.1f}")


def _role(vm: VirtualMachine, disk: int, disk_id: str, owners: Mapping[str, str], orphans: Mapping[str, OrphanDisk]) -> Role:
    chain = vm.disk_chains[disk]
    if disk_id == vm.active_disk_ids[disk]:
        return Role.NOW_DISK
    if disk_id in orphans:  # no checkpoint lists it (B33): its own kind, badge and words
        return Role.ORPHAN_DISK
    if disk_id in owners and owners[disk_id] != "Now" and vm.checkpoints[owners[disk_id]].is_recovery:
        return Role.RECOVERY_DISK  # a backup's checkpoint (B32)
    if disk_id not in owners:
        # Unowned with children: a shared parent (B18). Unowned without: a disk an operation is
        # about to delete (the old Now disk between two steps of Apply), drawn plainly.
        return Role.SHARED_PARENT if chain.children(disk_id) else Role.CHECKPOINT_DISK
    if disk_id == chain.base_id:
        return Role.BASE_VHDX
    return Role.CHECKPOINT_DISK


def _unlisted(vm: VirtualMachine, disk: int) -> dict[str, OrphanDisk]:
    """The files no checkpoint lists (B33): the VM's own ``orphan_disks``, and the parent such a
    file reads through when no checkpoint owns that parent either (the disk a vanished Recovery
    checkpoint froze): a parent kept for one child is never a B18 shared parent."""
    chain = vm.disk_chains[disk]
    owners = vm.disk_owners(disk)
    found = {o.disk_id: o for o in vm.orphan_disks(disk)}
    for orphan in list(found.values()):
        parent = chain[orphan.disk_id].parent_id
        if parent is not None and parent not in owners and parent != chain.base_id and parent not in found:
            found[parent] = replace(orphan, disk_id=parent, path=chain[parent].path, in_use=False,
                                    parent_path=chain[chain[parent].parent_id].path if chain[parent].parent_id else None)
    return found


def _owner_text(vm: VirtualMachine, disk_id: str, owners: Mapping[str, str], is_base: bool,
                orphans: Mapping[str, OrphanDisk] | None = None) -> str:
    owner = owners.get(disk_id)
    orphan = (orphans or {}).get(disk_id)
    if orphan is not None:
        return text(f"diagram.disk.owner_orphan_{orphan.kind.value}" + ("_now" if owner == "Now" else ""))
    if owner == "Now":
        key = "diagram.disk.owner_now_base" if is_base else "diagram.disk.owner_now"
        return text(key)
    if owner is None:
        chain = next(c for c in vm.disk_chains if disk_id in c)
        if disk_id != chain.base_id and not chain.children(disk_id):
            return text("diagram.disk.owner_left")
        return text("diagram.disk.owner_shared_base" if is_base else "diagram.disk.owner_shared")
    cp = vm.checkpoints[owner]
    if cp.is_recovery:
        return text("diagram.disk.owner_recovery_base" if is_base else "diagram.disk.owner_recovery", name=cp.name)
    return text("diagram.disk.owner_checkpoint_base" if is_base else "diagram.disk.owner_checkpoint", name=cp.name)


def disk_chain_layout(
    vm: VirtualMachine,
    disk: int = 0,
    highlights: Mapping[str, Highlight] | None = None,
    badges: Mapping[str, str] | None = None,
    *,
    title: str | None = None,
    legend: bool = True,
    hidden: Hidden = NOTHING,
) -> Layout:
    """Lay out one virtual disk's chain: one box per disk file, one arrow per parent link,
    the Now pin on the active disk; ``highlights`` maps disk IDs to what an operation did.
    ``hidden``: a scenario's locks (file names hidden: neutral labels, in the text too)."""
    chain = vm.disk_chains[disk]
    owners = vm.disk_owners(disk)
    highlights = dict(highlights or {})
    # A file the operation is deleting (the old Now disk between Apply's steps) is no orphan.
    orphans = {k: o for k, o in _unlisted(vm, disk).items() if highlights.get(k) is not Highlight.DISCARDED}
    badges = {**{k: text("diagram.badge.orphan") for k in orphans}, **{d: text("diagram.badge.recovery") for d, o in owners.items()
              if o != "Now" and vm.checkpoints[o].is_recovery}, **(badges or {})}
    compact = len(chain) > COMPACT_ABOVE
    if compact:
        box_width, box_height, h_gap, v_gap = COMPACT_BOX_WIDTH, COMPACT_BOX_HEIGHT, COMPACT_H_GAP, COMPACT_V_GAP
    else:
        box_width, box_height, h_gap, v_gap = BOX_WIDTH, BOX_HEIGHT, H_GAP, V_GAP

    children: dict[str, list[str]] = {}
    for d in chain:
        if d.parent_id is not None:
            children.setdefault(d.parent_id, []).append(d.id)
    column, depth = tree_positions([chain.base_id], children)
    slots = int(max(column.values())) + 1
    levels = max(depth.values()) + 1

    name_style = TextStyle.TITLE
    inner = box_width - 0.32
    heading = title if title is not None else on_host(text("diagram.disk.title", vm=vm.name, disk=disk + 1, count=len(vm.disk_chains), file=shown_file_name(vm, disk, chain.base_id, hidden)), vm)
    width = max(2 * MARGIN + NOW_PIN + slots * box_width + (slots - 1) * h_gap, min(2 * MARGIN + text_width(heading, TextStyle.HEADING), MAX_HEADING_WIDTH))
    top = -MARGIN - 0.55  # below the heading

    boxes: list[Box] = []
    marks: list[Mark] = []
    labels: list[Label] = [Label(MARGIN, -MARGIN - TextStyle.HEADING.cap_height, fit_text(heading, TextStyle.HEADING, width - 2 * MARGIN), TextStyle.HEADING)]
    row = box_height + v_gap
    x0 = MARGIN + NOW_PIN + box_width / 2
    for d in chain:
        role = _role(vm, disk, d.id, owners, orphans)
        is_base = d.id == chain.base_id
        file_name = shown_file_name(vm, disk, d.id, hidden)
        # A hexagon's points take 0.22 in of each side (shapes.shape_vertices): its words keep inside them.
        room = inner - (0.44 if ROLE_STYLES[role].shape is Shape.HEXAGON else 0.0)
        name = shorten_file_name(file_name, name_style, room)
        state = text("diagram.disk.read_only" if d.read_only else "diagram.disk.writable")
        owner = _owner_text(vm, d.id, owners, is_base and not compact, orphans)
        if compact:
            lines = (TextLine(name, name_style), TextLine(f"{format_size(d.size_mb)} · {owner}", TextStyle.SMALL))
        else:
            lines = (
                TextLine(name, name_style),
                TextLine(f"{format_size(d.size_mb)} · {state}", TextStyle.BODY),
                TextLine(owner, TextStyle.SMALL),
            )
        lines = tuple(replace(line, text=shorten_file_name(line.text, line.style, room)) if i else line for i, line in enumerate(lines))
        x = x0 + column[d.id] * (box_width + h_gap)
        y = top - box_height / 2 - depth[d.id] * row
        highlight = highlights.get(d.id)
        boxes.append(
            Box(d.id, x, y, box_width, box_height, role, lines, full_name=file_name, highlight=highlight,
                badge=badges.get(d.id, _default_badge(highlight)), read_only=d.read_only)
        )
        if role is Role.NOW_DISK:
            pin_x = x - box_width / 2 - NOW_PIN / 2 - 0.04
            marks.append(Mark(MarkKind.NOW_ARROW, pin_x, y - 0.04, NOW_PIN))
            labels.append(Label(pin_x, y + 0.1, text("diagram.now"), TextStyle.BADGE, ha="center"))

    by_key = {b.key: b for b in boxes}
    arrows: list[Arrow] = []
    parent_word = text("diagram.disk.parent")
    for d in chain:
        if d.parent_id is None:
            continue
        child, parent = by_key[d.id], by_key[d.parent_id]
        mid = (child.top + parent.bottom) / 2
        if abs(child.x - parent.x) < 1e-6:
            points = ((child.x, child.top), (parent.x, parent.bottom))
        else:
            points = ((child.x, child.top), (child.x, mid), (parent.x, mid), (parent.x, parent.bottom))
        arrows.append(Arrow(d.id, d.parent_id, points, ArrowRole.PARENT, label=parent_word))
        if not compact:
            # Beside the arrow, on the side away from the parent's bus, above any badge.
            left_side = parent.x > child.x + 1e-6
            labels.append(Label(child.x - 0.06 if left_side else child.x + 0.06, child.top + 0.17, parent_word, TextStyle.SMALL,
                                ha="right" if left_side else "left", ink=Ink.MUTED))

    bottom = top - levels * row + v_gap
    description = list(_describe(vm, disk, owners, highlights, orphans, hidden))
    if legend:  # the whole picture (not a panel of before/after): the other drives and the host volume
        bottom = host_storage(vm, width, bottom, boxes, labels, description)
    legend_entries: tuple[LegendEntry, ...] = ()
    if legend:
        legend_entries, bottom = place_legend(_legend(boxes, arrows, compact), width, bottom - 0.15)
    note = hidden_note(replace(hidden, kind=False))  # a chain shows no checkpoint kinds
    if note and title is None:  # the learner is told what the picture leaves out (a panel's picture says it once)
        bottom -= 0.3
        labels.append(Label(MARGIN, bottom, fit_text(note, TextStyle.SMALL, width - 2 * MARGIN), TextStyle.SMALL, ink=Ink.MUTED))
        description.append(note)
        bottom -= 0.1
    now_key = vm.active_disk_ids[disk]
    return built_downwards(
        "disk_chain",
        heading,
        width,
        bottom,
        boxes=tuple(boxes),
        arrows=tuple(arrows),
        labels=tuple(labels),
        marks=tuple(marks),
        legend=legend_entries,
        description=tuple(description),
        now_key=now_key,
        highlights={h: frozenset(k for k, v in highlights.items() if v is h and k in by_key) for h in set(highlights.values())},
        row_pitch=row,  # a disk's row: a chain one disk longer moves the rows below by exactly this
    )


def _default_badge(highlight: Highlight | None) -> str:
    return text(f"diagram.badge.{highlight.value}") if highlight else ""


def _legend(boxes: list[Box], arrows: list[Arrow], compact: bool) -> list[LegendEntry]:
    roles = {b.role for b in boxes}
    entries = [LegendEntry(text(f"diagram.legend.{role.value}"), role=role) for role in (
        Role.BASE_VHDX, Role.CHECKPOINT_DISK, Role.RECOVERY_DISK, Role.SHARED_PARENT, Role.ORPHAN_DISK, Role.NOW_DISK, Role.PASS_THROUGH) if role in roles]
    if any(b.read_only for b in boxes):
        entries.append(LegendEntry(text("diagram.legend.read_only"), read_only=True))
    entries.append(LegendEntry(text("diagram.legend.now_pin"), mark=MarkKind.NOW_ARROW))
    if arrows:
        entries.append(LegendEntry(text("diagram.legend.parent_arrow"), arrow=ArrowRole.PARENT))
    for highlight in (Highlight.CREATED, Highlight.MERGED, Highlight.DISCARDED):
        if any(b.highlight is highlight for b in boxes):
            entries.append(LegendEntry(text(f"diagram.legend.{highlight.value}"), highlight=highlight))
    return entries


def _describe(vm: VirtualMachine, disk: int, owners: Mapping[str, str], highlights: Mapping[str, Highlight],
              orphans: Mapping[str, OrphanDisk] | None = None, hidden: Hidden = NOTHING) -> tuple[str, ...]:
    chain = vm.disk_chains[disk]

    def name(disk_id: str) -> str:
        return shown_file_name(vm, disk, disk_id, hidden)

    lineage = chain.lineage(vm.active_disk_ids[disk])
    names = [name(d.id) + (" " + text("diagram.disk.base_suffix") if d.id == chain.base_id else "") for d in lineage]
    lines = [" → ".join([text("diagram.now"), *names])]
    for d in chain:
        parent = name(d.parent_id) if d.parent_id else text("diagram.disk.no_parent")
        lines.append(
            text(
                "diagram.describe.disk",
                file=name(d.id),
                size=format_size(d.size_mb),
                state=text("diagram.disk.read_only" if d.read_only else "diagram.disk.writable"),
                owner=_owner_text(vm, d.id, owners, d.id == chain.base_id, orphans),
                parent=parent,
            )
        )
    for highlight in (Highlight.CREATED, Highlight.MERGED, Highlight.DISCARDED):
        files = [name(k) for k, v in highlights.items() if v is highlight and k in chain]
        if files:
            lines.append(text(f"diagram.describe.{highlight.value}", files=", ".join(files)))
    return tuple(lines)
