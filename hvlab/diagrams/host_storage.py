"""Under a disk chain: the VM's drives no chain shows (pass-through disks, shared VHDX, virtual
Fibre Channel; they cannot be checkpointed, B30) and the host volume's fill (B29), drawn as
shapes and said in words, so a full volume or a drive that blocks checkpoints is seen at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..catalog import text
from .fonts import TextStyle, fit_text
from .layout import MARGIN, Box, Label, TextLine
from .style import Role

if TYPE_CHECKING:  # pragma: no cover
    from ..vm import VirtualMachine

__all__ = ["host_storage"]

DRIVE_WIDTH, DRIVE_HEIGHT, DRIVE_GAP = 3.3, 0.52, 0.3
BAR_HEIGHT = 0.26
BAR_GAP = 0.12
MIN_SEGMENT = 0.06
"""A used or free part of the bar never thinner than this (a nearly empty volume still shows
that something is on it)."""


def _gb(size_mb: float) -> str:
    return f"{size_mb / 1024:,.1f}"


def host_storage(vm: VirtualMachine, width: float, bottom: float, boxes: list[Box], labels: list[Label], description: list[str]) -> float:
    """Add the other drives and the volume bar below ``bottom`` (y grows upwards, the layout is
    built downwards); returns the new bottom. Box keys ``drive:<n>``, ``volume:used``,
    ``volume:free`` (none is a disk file a learner can open)."""
    inner = width - 2 * MARGIN
    others = [d for d in vm.hard_disk_drives() if d.chain is None]
    adapters = list(vm.fibre_channel_adapters)
    if others or adapters:
        bottom -= 0.3
        labels.append(Label(MARGIN, bottom, text("diagram.storage.other_drives"), TextStyle.BADGE))
        bottom -= 0.12
        per_row = max(1, int((inner + DRIVE_GAP) // (DRIVE_WIDTH + DRIVE_GAP)))
        items = [(drive.kind.label, drive.path.rsplit("\\", 1)[-1] if drive.path else text("diagram.storage.disk_number", number=drive.disk_number))
                 for drive in others] + [(text("diagram.storage.fibre_channel"), san) for san in adapters]
        for index, (kind, name) in enumerate(items):
            col, row = index % per_row, index // per_row
            x = MARGIN + DRIVE_WIDTH / 2 + col * (DRIVE_WIDTH + DRIVE_GAP)
            y = bottom - DRIVE_HEIGHT / 2 - row * (DRIVE_HEIGHT + 0.15)
            first = fit_text(f"{kind} · {name}", TextStyle.BODY, DRIVE_WIDTH - 0.4)
            second = fit_text(text("diagram.storage.not_in_checkpoints"), TextStyle.SMALL, DRIVE_WIDTH - 0.4)
            boxes.append(Box(f"drive:{index}", x, y, DRIVE_WIDTH, DRIVE_HEIGHT, Role.PASS_THROUGH,
                             (TextLine(first, TextStyle.BODY), TextLine(second, TextStyle.SMALL)), full_name=f"{kind} · {name}"))
            description.append(text("diagram.storage.describe_drive", kind=kind, name=name))
        rows = (len(items) + per_row - 1) // per_row
        bottom -= rows * (DRIVE_HEIGHT + 0.15)
    usage = vm.lab.volume_usage()
    summary = text("diagram.storage.volume", used=_gb(usage.used_mb), size=f"{usage.size_gb:,.0f}", percent=f"{usage.percent_used:.0f}",
                   free=_gb(max(usage.free_mb, 0.0)))
    bottom -= 0.34
    labels.append(Label(MARGIN, bottom, fit_text(summary, TextStyle.BODY, inner), TextStyle.BODY))
    bottom -= 0.12
    y = bottom - BAR_HEIGHT / 2
    if usage.used_mb >= usage.size_mb:  # full: one used bar, no free part
        boxes.append(Box("volume:used", MARGIN + inner / 2, y, inner, BAR_HEIGHT, Role.VOLUME_USED, full_name=summary))
    else:  # two parts with a gap between (boxes never touch), in proportion to used and free
        room = inner - BAR_GAP
        used = min(max(room * usage.percent_used / 100.0, MIN_SEGMENT), room - MIN_SEGMENT)
        free = room - used
        free_lines = (TextLine(text("diagram.storage.free"), TextStyle.SMALL),) if free > 0.8 else ()
        boxes.append(Box("volume:used", MARGIN + used / 2, y, used, BAR_HEIGHT, Role.VOLUME_USED, full_name=summary))
        boxes.append(Box("volume:free", MARGIN + used + BAR_GAP + free / 2, y, free, BAR_HEIGHT, Role.VOLUME_FREE, free_lines, full_name=summary))
    description.append(summary)
    return bottom - BAR_HEIGHT
