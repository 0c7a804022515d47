"""``python -m hvlab scenario``: list, check and play scenario files.

    python -m hvlab scenario list                 # the scenarios hvlab ships
    python -m hvlab scenario check my.toml ...    # schema, then solved by its own solution
    python -m hvlab scenario play my.toml         # play it in hvlab's PowerShell console
    python -m hvlab scenario schema               # the JSON Schema (hvlab/data/scenario.schema.json)

``check`` exits 1 and prints ``FILE: PLACE: what is wrong`` for the first defect of each file:
the schema and the rules beside it, then every variable's every choice set up and solved by the
file's own solution (a lab that starts solved is a defect too). It never prints a traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Sequence, TextIO

from hvlab import catalog
from hvlab.catalog import text

from .scenario import Scenario, ScenarioError, ScenarioRun, list_scenarios, load_scenario
from .scenario_schema import schema_text

__all__ = ["check_file", "main", "variants"]

SEEDS = range(4)
"""Seeds ``check`` plays besides one run per choice (a learner's draw is one of these)."""


def variants(item: Scenario) -> list[dict[str, Any]]:
    """Values that together use every choice of every variable at least once."""
    count = max((len(c) for c in item.variables.values()), default=1)
    return [{k: c[i % len(c)] for k, c in item.variables.items()} for i in range(count)]


def _proved(item: Scenario, run: ScenarioRun) -> None:
    if run.solved:
        raise ScenarioError(item.file, "goal", text("scenario.error.solved_at_start"))
    run.solve()
    unmet = [r.key for r in run.check() if not r.met]
    if unmet:
        raise ScenarioError(item.file, "solution", text("scenario.error.unsolved", keys=", ".join(unmet)))


def check_file(path: str) -> Scenario:
    """Load ``path`` and prove every variant solvable by its own solution; raises ScenarioError."""
    item = load_scenario(path)
    for values in variants(item):
        _proved(item, item.start_with(values, seed=0))
    for seed in SEEDS:
        _proved(item, item.start(seed))
    return item


def _check(paths: list[str], out: TextIO, err: TextIO) -> int:
    failed = 0
    for path in paths:
        try:
            item = check_file(path)
        except ScenarioError as error:
            print(str(error), file=err)
            failed += 1
        except Exception as error:  # a defect hvlab did not foresee: still no traceback  # noqa: BLE001
            print(f"{path}: {text('scenario.place.whole')}: {type(error).__name__}: {error}", file=err)
            failed += 1
        else:
            print(text("scenario.cli.check_ok", file=path, id=item.id, variants=len(variants(item)) + len(SEEDS)), file=out)
    return 1 if failed else 0


def _list(out: TextIO) -> int:
    for item in list_scenarios():
        extra = text("scenario.cli.list_extra", conditions=len(item.conditions), hints=item.hint_count,
                     variables=len(item.variables))
        print(f"{item.id:<24} {item.title}\n{'':<24} {extra}", file=out)
    return 0


def _checklist(run: ScenarioRun) -> str:
    lines = [text("scenario.cli.percent", percent=run.percent)]
    lines += [f"  [{'x' if r.met else ' '}] {r.feedback}" for r in run.check()]
    return "\n".join(lines)


def _play(path: str, seed: int, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    """The scenario in the console: PowerShell lines run on its lab; ``:check``, ``:hint``,
    ``:solution``, ``:quit`` are hvlab's own (``:help`` lists them)."""
    from hvlab.powershell import Session

    try:
        run = load_scenario(path).start(seed)
    except ScenarioError as error:
        print(str(error), file=err)
        return 1
    print(f"{run.title}\n\n{run.briefing}\n\n{_checklist(run)}\n\n{text('scenario.cli.play_help')}", file=out)
    session = Session(run.lab)
    hints = 0
    for line in stdin:
        command = line.strip()
        print(f"PS C:\\> {command}", file=out)
        if command in (":quit", ":q"):
            break
        if command == ":help":
            print(text("scenario.cli.play_help"), file=out)
        elif command == ":check":
            print(_checklist(run), file=out)
        elif command == ":hint":
            hints += 1
            print(run.hint(hints) if hints <= len(run.hints) else text("scenario.cli.no_more_hints"), file=out)
        elif command == ":solution":
            print(run.solution_text, file=out)
        else:
            result = session.feed(line.rstrip("\n"))
            if result is None:
                continue
            block = result.text()
            if block:
                print(block, file=out)
            if result.changed:
                print(_checklist(run), file=out)
        if run.solved:
            print(f"\n{text('scenario.cli.solved')}\n{run.debrief}", file=out)
            return 0
    return 0 if run.solved else 1


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hvlab scenario", description="List, check and play hvlab scenario files.")
    parser.add_argument("--lang", choices=catalog.available_languages(), help="language (default: HVLAB_LANG / LANG)")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("list", help="the scenarios hvlab ships")
    check = sub.add_parser("check", help="check scenario files: the schema, then solved by their own solution")
    check.add_argument("files", nargs="+", metavar="FILE")
    play = sub.add_parser("play", help="play a scenario in hvlab's PowerShell console")
    play.add_argument("file", metavar="FILE")
    play.add_argument("--seed", type=int, default=0, help="the learner's seed (which variant)")
    sub.add_parser("schema", help="print the scenario file's JSON Schema")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.lang:
        catalog.set_language(args.lang)
    out, err = stdout or sys.stdout, stderr or sys.stderr
    if args.action == "list":
        return _list(out)
    if args.action == "check":
        return _check(args.files, out, err)
    if args.action == "schema":
        out.write(schema_text())
        return 0
    return _play(args.file, args.seed, stdin or sys.stdin, out, err)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
