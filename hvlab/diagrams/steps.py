"""The frames of an operation played step by step: the disk chain before and after each step,
what the step created, merged or deleted highlighted (reference B16–B18).

Why from the steps' own states: each :class:`~hvlab.vm.steps.Step` holds the lab as it was
right after it, recorded by the operation while it ran, so a frame shows what the simulator
did, never a separate script. Frame 0 is the lab before the first step; frame *k* is step *k*,
drawn as a before/after of the state before it and the state after it. A domain controller's
step changes no disk file but its directory: its frame shows the DC's directory and what its
partners remember (B22, B23), the side that changed marked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..catalog import text
from ..domain_controller import DIRECTORY_PATH, parse_directory
from ..lab import Lab
from ..vm import OperationResult
from ..vm.steps import StepKind
from .before_after import before_after_layout
from .disk_chain import disk_chain_layout
from .fonts import TextStyle, fit_text, wrap_text
from .host import on_host
from .layout import MARGIN, Box, Label, Layout, TextLine, built_downwards
from .style import Highlight, Ink, Role

if TYPE_CHECKING:  # pragma: no cover
    from ..vm import VirtualMachine

__all__ = ["StepFrames"]

DIRECTORY_STEPS = frozenset({StepKind.DC_STARTS_ROLLED_BACK, StepKind.DC_USN_ROLLBACK, StepKind.DC_GENERATION_ID, StepKind.DC_NEW_INVOCATION_ID})
BOX_WIDTH, BOX_HEIGHT, GAP = 3.6, 0.9, 0.6


class StepFrames:
    """The layouts of one operation's frames (``len(frames)`` = steps + 1), each VM state
    deserialised once."""

    def __init__(self, result: OperationResult, disk: int = 0):
        self.result = result
        self.disk = disk
        self.vm_name = result.steps[0].vm if result.steps else ""
        self._vms: dict[int, VirtualMachine] = {}

    def __len__(self) -> int:
        return len(self.result.steps) + 1 if self.result.steps else 0

    def vm(self, index: int) -> VirtualMachine:
        """The VM as it was at frame ``index`` (0: before the first step)."""
        if index not in self._vms:
            state = self.result.state_before_steps if index == 0 else self.result.steps[index - 1].state
            self._vms[index] = Lab.from_dict(dict(state)).vm(self.vm_name)
        return self._vms[index]

    def layout(self, index: int) -> Layout:
        """Frame ``index``: the disk chain before the operation, or step ``index`` as a
        before/after with the step's own disk changes highlighted."""
        if index == 0:
            return disk_chain_layout(self.vm(0), self.disk, title=on_host(text("diagram.steps.before", vm=self.vm_name), self.vm(0)))
        step = self.result.steps[index - 1]
        if step.kind in DIRECTORY_STEPS:
            return self._directory_layout(index)
        part = OperationResult(
            operation=self.result.operation, summary=step.text,
            state_before=self.vm(index - 1).state, state_after=self.vm(index).state,
            created_disks=step.created_disks, disk_operations=step.disk_operations,
        )
        return before_after_layout(self.vm(index - 1), self.vm(index), part, self.disk)

    def _directory_layout(self, index: int) -> Layout:
        """The DC's directory (on its disk) beside what its partners remember, after step
        ``index``; a side whose values the step changed is marked."""
        step = self.result.steps[index - 1]
        sides = [self._directory_facts(self.vm(i)) for i in (index - 1, index)]
        heading = on_host(text("diagram.steps.directory_title", vm=self.vm_name), self.vm(index))
        width = 2 * MARGIN + 2 * BOX_WIDTH + GAP
        top = -MARGIN - 0.55
        labels = [Label(MARGIN, -MARGIN - TextStyle.HEADING.cap_height, fit_text(heading, TextStyle.HEADING, width - 2 * MARGIN), TextStyle.HEADING)]
        boxes = []
        changed = set()
        for n, key in enumerate(("directory", "partners")):
            lines = sides[1][n]
            if lines != sides[0][n]:
                changed.add(key)
            x = MARGIN + BOX_WIDTH / 2 + n * (BOX_WIDTH + GAP)
            boxes.append(Box(key, x, top - BOX_HEIGHT / 2, BOX_WIDTH, BOX_HEIGHT, Role.NOW_DISK if n == 0 else Role.CHECKPOINT_DISK,
                             tuple(TextLine(line, TextStyle.TITLE if i == 0 else TextStyle.BODY) for i, line in enumerate(lines)),
                             full_name=lines[0], highlight=Highlight.CURRENT if key in changed else None,
                             badge=text("diagram.steps.changed") if key in changed else ""))
        bottom = top - BOX_HEIGHT - 0.2
        for line in wrap_text(step.text, TextStyle.BODY, width - 2 * MARGIN, 4):
            bottom -= TextStyle.BODY.line_height
            labels.append(Label(MARGIN, bottom, line, TextStyle.BODY, ink=Ink.NORMAL))
        description = (step.text, *(" · ".join(lines) for lines in sides[1]))
        return built_downwards("directory", heading, width, bottom, boxes=tuple(boxes), labels=tuple(labels), description=description,
                               highlights={Highlight.CURRENT: frozenset(changed)} if changed else {})

    @staticmethod
    def _directory_facts(vm: VirtualMachine) -> tuple[tuple[str, ...], tuple[str, ...]]:
        invocation, usn = parse_directory(vm.read_file(DIRECTORY_PATH))
        directory = vm.directory
        return (
            (text("diagram.steps.directory_box", vm=vm.name), text("diagram.steps.values", invocation=invocation, usn=usn), directory.health.label),
            (text("diagram.steps.partners_box"), text("diagram.steps.values", invocation=directory.partner_invocation, usn=directory.partner_usn)),
        )
