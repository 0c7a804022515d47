"""``python -m hvlab``: one entry point, one subcommand per tool.

Subcommands load their module only when used, so ``python -m hvlab table`` never imports
matplotlib or ipywidgets.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Callable, Sequence

# name -> (module, function taking argv, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str, str]] = {
    "table": ("hvlab.decision_table_cli", "main", "print the whole decision matrix (CSV or Markdown)"),
    "gallery": ("hvlab.diagrams.gallery", "main", "write every diagram for representative scenarios as PNG"),
    "ps": ("hvlab.powershell.cli", "main", "run Hyper-V PowerShell against the simulated host"),
    "classroom-link": ("hvlab.classroom.link", "main", "print the nbgitpuller link that pulls the course into every learner's home on a JupyterHub"),
    "present": ("hvlab.classroom.present", "main", "serve the labs as clean Voila pages for a trainer's projector"),
    "explain": ("hvlab.reference.cli", "main", "print a ruling of hvlab's reference with its status and sources, e.g. explain B23"),
    "scenario": ("hvlab.course.scenario_cli", "main", "list, check (schema, then solved by its own solution) and play scenario files"),
    "progress": ("hvlab.classroom.report", "main", "export the learner's record as CSV or JSON (progress export), or view a class's records (progress class HOMES)"),
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m hvlab", description="hvlab: Hyper-V checkpoints, simulated.")
    parser.add_argument("command", choices=sorted(SUBCOMMANDS), help="; ".join(f"{k}: {v[2]}" for k, v in sorted(SUBCOMMANDS.items())))
    if not args or args[0] in ("-h", "--help"):
        parser.print_help()
        return 0 if args else 2
    known = parser.parse_args(args[:1])
    module_name, function, _ = SUBCOMMANDS[known.command]
    entry: Callable[[list[str]], int] = getattr(importlib.import_module(module_name), function)
    try:
        return int(entry(args[1:]) or 0)
    except BrokenPipeError:
        # The reader left early (``python -m hvlab scenario list | head``): what it read is all it
        # wanted; stdout is pointed at devnull so Python's exit does not complain a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
