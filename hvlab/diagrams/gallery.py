"""``python -m hvlab gallery OUTDIR``: every diagram kind for every prepared scenario, as PNG.

For reviewers and the README: one PNG per scenario and diagram, plus ``index.md`` holding each
picture's description (the screen-reader text), so a reviewer can check words and picture
together. A few extra decision paths show the outcomes the prepared scenarios do not reach.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Callable, Sequence

from ..checkpoint_type import CheckpointType
from ..integration_services import IntegrationService
from ..lab import Lab
from ..scenarios import SCENARIOS, fresh_vm
from ..states import VMState
from ..vm import VirtualMachine
from .decision_path import decision_path_layout
from .layout import Layout
from .registry import DIAGRAM_KINDS, layout_for
from .render import DEFAULT_DPI, render_layout, render_png

__all__ = ["DIAGRAMS", "EXTRA_DECISIONS", "EXTRA_SCENARIOS", "gallery_layouts", "main"]

DIAGRAMS: dict[str, str] = {kind.replace("_", "-"): kind for kind in DIAGRAM_KINDS}
"""File-name stem of each diagram kind (``disk-chain``) → its kind in the registry."""


def _booting_fallback() -> tuple[Lab, VirtualMachine]:
    """Production setting, guest still booting: a standard checkpoint instead (A8, B3)."""
    lab, vm = fresh_vm()
    vm.start()
    return lab, vm


def _production_only_error() -> tuple[Lab, VirtualMachine]:
    """ProductionOnly with the Backup integration service off: the checkpoint fails (B4, B7)."""
    lab, vm = fresh_vm()
    vm.set_checkpoint_type(CheckpointType.PRODUCTION_ONLY)
    vm.set_integration_service(IntegrationService.BACKUP, False)
    vm.put_in_state(VMState.RUNNING)
    return lab, vm


def _disabled() -> tuple[Lab, VirtualMachine]:
    """Checkpoints disabled (B2)."""
    lab, vm = fresh_vm()
    vm.set_checkpoint_type(CheckpointType.DISABLED)
    vm.put_in_state(VMState.RUNNING)
    return lab, vm


def _saved_fallback() -> tuple[Lab, VirtualMachine]:
    """A Saved VM under Production: standard with the saved state (A8, B7)."""
    lab, vm = fresh_vm()
    vm.put_in_state(VMState.SAVED)
    return lab, vm


def _applied_standard() -> tuple[Lab, VirtualMachine]:
    """A running VM applies an older standard checkpoint: Now moves, its old AVHDX is
    discarded, a new one is created, and the VM is Saved (B14, B16)."""
    lab, vm = fresh_vm()
    vm.set_checkpoint_type(CheckpointType.STANDARD)
    vm.put_in_state(VMState.RUNNING)
    vm.open_app("Notepad")
    vm.checkpoint("notepad open")
    vm.write_file("C:\\Data\\later.txt", "later", size_mb=20.0)
    vm.checkpoint("later")
    vm.write_file("C:\\Data\\lost.txt", "lost on apply", size_mb=8.0)
    vm.apply("notepad open")
    return lab, vm


EXTRA_SCENARIOS: dict[str, tuple[Callable[[], tuple[Lab, VirtualMachine]], tuple[str, ...]]] = {
    "apply-standard": (_applied_standard, ("disk-chain", "before-after", "power-states", "checkpoint-tree")),
}
"""Scenarios shown only in some diagrams: an Apply (B14, B16) ends none of the prepared ones."""

EXTRA_DECISIONS: dict[str, Callable[[], tuple[Lab, VirtualMachine]]] = {
    "booting-fallback": _booting_fallback,
    "saved-fallback": _saved_fallback,
    "production-only-error": _production_only_error,
    "disabled": _disabled,
}


def gallery_layouts() -> list[tuple[str, Layout]]:
    """(file stem, layout) for every scenario × diagram, then the extra decision paths."""
    out: list[tuple[str, Layout]] = []
    for scenario, build in SCENARIOS.items():
        _, vm = build()
        for stem, kind in DIAGRAMS.items():
            out.append((f"{scenario}--{stem}", layout_for(kind, vm)))
    for name, (build, kinds) in EXTRA_SCENARIOS.items():
        _, vm = build()
        for kind in kinds:
            out.append((f"{name}--{kind}", layout_for(DIAGRAMS[kind], vm)))
    for name, build in EXTRA_DECISIONS.items():
        _, vm = build()
        out.append((f"{name}--decision-path", decision_path_layout(vm)))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hvlab gallery", description="Write every diagram for the prepared scenarios as PNG.")
    parser.add_argument("outdir", type=Path, help="folder to write the PNGs and index.md into (created if missing)")
    parser.add_argument("--dpi", type=float, default=DEFAULT_DPI, help=f"pixels per inch (default {DEFAULT_DPI})")
    args = parser.parse_args(list(argv) if argv is not None else None)
    args.outdir.mkdir(parents=True, exist_ok=True)
    index = ["# hvlab diagram gallery", ""]
    started = time.perf_counter()
    layouts = gallery_layouts()
    for stem, layout in layouts:
        png = render_png(render_layout(layout, dpi=args.dpi))
        (args.outdir / f"{stem}.png").write_bytes(png)
        index += [f"## {stem}", "", f"![{layout.title}]({stem}.png)", "", "```text", layout.describe(), "```", ""]
    (args.outdir / "index.md").write_text("\n".join(index), encoding="utf-8")
    print(f"wrote {len(layouts)} diagrams to {args.outdir} in {time.perf_counter() - started:.1f} s")
    return 0
