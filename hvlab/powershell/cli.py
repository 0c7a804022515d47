"""``python -m hvlab ps [SCRIPT]``: replay a scripted PowerShell demo against the simulated host.

A trainer writes the cmdlets of a demo into a ``.ps1`` file (or pipes them in) and replays them
on a projector: each line is echoed after a ``PS C:\\>`` prompt, followed by what PowerShell
would print and hvlab's notes. A line after a ``Confirm`` prompt answers it, as when PowerShell
reads a script from standard input. ``--scenario`` starts from one of hvlab's prepared labs.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence, TextIO

from ..catalog import text
from ..lab import Lab
from .session import Session

__all__ = ["main"]

PROMPT = "PS C:\\> "
CONTINUATION = ">> "


def _lab(scenario: str | None, seed: int) -> Lab:
    if not scenario:
        return Lab(seed=seed)
    from ..scenarios import SCENARIOS

    lab, _vm = SCENARIOS[scenario](seed=seed)
    return lab


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the script; exit status 0, or 1 with ``--strict`` when any line failed."""
    from ..scenarios import SCENARIOS

    parser = argparse.ArgumentParser(prog="python -m hvlab ps", description="Run Hyper-V PowerShell against hvlab's simulated host.")
    parser.add_argument("script", nargs="?", help="a script file; standard input when omitted or '-'")
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), help="start from a prepared lab instead of an empty host")
    parser.add_argument("--seed", type=int, default=0, help="the lab's seed (GUIDs and clock)")
    parser.add_argument("--quiet", action="store_true", help="print only what PowerShell would print, without hvlab's notes")
    parser.add_argument("--no-echo", action="store_true", help="do not echo each input line after a prompt")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 if any line was refused")
    args = parser.parse_args(list(argv) if argv is not None else None)
    out = stdout or sys.stdout
    if args.script and args.script != "-":
        try:
            with open(args.script, encoding="utf-8-sig") as handle:
                source = handle.read()
        except OSError as error:
            print(text("error.lab_file_unreadable", path=args.script, detail=error.strerror or str(error)), file=sys.stderr)
            return 2
    else:
        source = (stdin or sys.stdin).read()
    session = Session(_lab(args.scenario, args.seed))
    failed = False
    first_line = True
    for line in source.splitlines():
        if not args.no_echo:
            prefix = CONTINUATION if session.continuing else PROMPT
            if session.pending_prompt:
                prefix = ""
            out.write(("" if first_line else "") + prefix + line + "\n")
        first_line = False
        result = session.feed(line)
        if result is None:
            continue
        block = result.text(notes=not args.quiet)
        if block:
            out.write(block + ("" if result.prompt else "\n"))
            if result.prompt:
                out.write(" ")
        failed = failed or not result.ok
    result = session.flush()
    if result is not None:
        block = result.text(notes=not args.quiet)
        if block:
            out.write(block + "\n")
        failed = failed or not result.ok
    out.flush()
    return 1 if (failed and args.strict) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
