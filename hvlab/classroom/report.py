"""The learner's record as CSV or JSON, and the trainer's class view over every learner's record.

    python -m hvlab progress export                       # the record as CSV, on stdout
    python -m hvlab progress export --format json --out my-progress.json
    python -m hvlab progress class /home                  # every learner under /home, a line each
    python -m hvlab progress class /srv/homes --format csv --out class.csv

Why the class view reads home folders: on a JupyterHub each learner's record is the file
``~/.hvlab/progress.json`` in their own home (:mod:`hvlab.classroom.progress`), so the trainer,
on the hub's machine (or in an admin's server that sees the homes), reads every
``<home>/.hvlab/progress.json`` under the folder that holds the homes. Nothing is sent anywhere
and nothing is written into a learner's home. A record that cannot be read is listed as empty,
never stops the view (a learner who never opened a notebook has no record yet).
This module imports neither ipywidgets nor matplotlib.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

from hvlab.catalog import text

from . import progress

__all__ = ["COLUMNS", "EXPORT_FORMAT", "LearnerRecord", "class_records", "class_text", "export_document",
           "main", "rows", "to_csv"]

EXPORT_FORMAT = "hvlab-progress-export"
EXPORT_VERSION = 1
RECORD = Path(".hvlab") / "progress.json"
"""Where a learner's record is, inside their home."""

COLUMNS = ("learner", "kind", "id", "topic", "first_correct", "correct", "attempts", "choice",
           "conditions_met", "conditions_total", "percent", "best_percent", "met", "hints_used",
           "solution_shown", "skipped", "solved", "seconds", "at")
"""One CSV row per answer and per scenario; a column that does not apply to the row is empty.
The names are stable identifiers for a spreadsheet, not learner text."""


@dataclass(frozen=True)
class LearnerRecord:
    """One learner's record as the class view read it."""

    name: str
    """The name the learner saved, else their home folder's name (their hub user name)."""
    home: Path
    record: dict[str, Any]


def rows(record: dict[str, Any], learner: str = "") -> list[dict[str, Any]]:
    """The record as flat rows (:data:`COLUMNS`): every self-check answer, then every scenario."""
    out: list[dict[str, Any]] = []
    for question_id, answer in sorted(record.get("answers", {}).items()):
        out.append({"learner": learner, "kind": "answer", "id": question_id, "topic": answer.get("topic", ""),
                    "first_correct": answer.get("first_correct"), "correct": answer.get("correct"),
                    "attempts": answer.get("attempts"), "choice": answer.get("choice"), "at": answer.get("answered_at")})
    for scenario_id, entry in sorted(record.get("scenarios", {}).items()):
        conditions = entry.get("conditions", {})
        out.append({"learner": learner, "kind": "scenario", "id": scenario_id,
                    "conditions_met": len(conditions.get("met", [])) if conditions else None,
                    "conditions_total": conditions.get("total"), "percent": conditions.get("percent"),
                    "best_percent": entry.get("best_percent"), "met": " ".join(conditions.get("met", [])),
                    "hints_used": entry.get("hints_used", 0), "solution_shown": entry.get("solution_shown"),
                    "skipped": entry.get("skipped"), "solved": entry.get("solved"), "seconds": entry.get("seconds", 0.0),
                    "at": entry.get("last", entry.get("opened"))})
    return [{column: row.get(column) for column in COLUMNS} for row in out]


def to_csv(table: list[dict[str, Any]]) -> str:
    """Rows as CSV with a header line (booleans as true/false, absent values empty)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in table:
        writer.writerow({k: ("true" if v is True else "false" if v is False else "" if v is None else v) for k, v in row.items()})
    return buffer.getvalue()


def export_document(record: dict[str, Any], learner: str | None = None) -> dict[str, Any]:
    """The whole record for the trainer as one JSON document: answers, scenarios, notebooks, and
    a summary of each notebook's status (the progress view's rows)."""
    name = learner if learner is not None else record.get("learner", "")
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "learner": name,
        "notebooks": record.get("notebooks", {}),
        "answers": record.get("answers", {}),
        "scenarios": record.get("scenarios", {}),
        "challenges": record.get("challenges", {}),
    }


def class_records(homes: Sequence[Path]) -> list[LearnerRecord]:
    """Every learner's record under each folder of ``homes`` (a folder holding learners' homes,
    as ``/home`` does), by name; a home without a record is a learner with nothing recorded."""
    found = []
    for folder in homes:
        for home in sorted(p for p in Path(folder).iterdir() if p.is_dir() and not p.name.startswith(".")):
            record = progress.load(home / RECORD)
            found.append(LearnerRecord(record.get("learner") or home.name, home, record))
    return sorted(found, key=lambda r: r.name)


def _class_line(entry: LearnerRecord) -> dict[str, Any]:
    record = entry.record
    done = sum(1 for r in progress.summary(entry.home / RECORD) if r.status is progress.Status.DONE)
    answers = record["answers"].values()
    scenarios = record["scenarios"].values()
    return {
        "learner": entry.name, "notebooks_done": done, "notebooks_total": len(progress.NOTEBOOK_TOPICS),
        "answered": len(answers), "first_correct": sum(1 for a in answers if a.get("first_correct")),
        "scenarios_played": len(scenarios), "scenarios_solved": sum(1 for s in scenarios if s.get("solved")),
        "hints_used": sum(int(s.get("hints_used", 0)) for s in scenarios),
        "solutions_shown": sum(1 for s in scenarios if s.get("solution_shown")),
        "skipped": sum(1 for s in scenarios if s.get("skipped")),
        "minutes": round(sum(float(s.get("seconds", 0.0)) for s in scenarios) / 60, 1),
    }


def class_text(entries: list[LearnerRecord]) -> str:
    """The class view as terminal text: a line per learner, then the class's totals."""
    lines = [text("classroom.class.title", learners=len(entries))]
    for entry in entries:
        lines.append(text("classroom.class.line", **_class_line(entry)))
    return "\n".join(lines)


def class_document(entries: list[LearnerRecord]) -> dict[str, Any]:
    return {"format": EXPORT_FORMAT + "-class", "version": EXPORT_VERSION,
            "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "learners": [{**_class_line(e), "home": str(e.home), "record": export_document(e.record, e.name)} for e in entries]}


def _write(content: str, out: str | None) -> None:
    if out:
        Path(out).write_text(content, encoding="utf-8")
    else:
        sys.stdout.write(content)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hvlab progress", description="The learner's record: export it, or view a class's records.")
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write this learner's record as CSV or JSON")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--out", metavar="FILE", help="write to FILE instead of the terminal")
    export.add_argument("--record", metavar="PATH", help="the record to read (default: $HVLAB_PROGRESS or ~/.hvlab/progress.json)")
    view = commands.add_parser("class", help="every learner's record under folders of homes (the trainer's class view)")
    view.add_argument("homes", nargs="+", metavar="HOMES", help="a folder holding the learners' homes, e.g. /home")
    view.add_argument("--format", choices=("text", "csv", "json"), default="text")
    view.add_argument("--out", metavar="FILE")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command == "export":
        record = progress.load(Path(args.record) if args.record else None)
        if args.format == "csv":
            _write(to_csv(rows(record, record["learner"])), args.out)
        else:
            _write(json.dumps(export_document(record), ensure_ascii=False, indent=1) + "\n", args.out)
        return 0
    missing = [h for h in args.homes if not Path(h).is_dir()]
    if missing:
        print(text("classroom.class.no_folder", folder=", ".join(missing)), file=sys.stderr)
        return 2
    try:
        entries = class_records([Path(h) for h in args.homes])
    except OSError as error:  # a folder of homes this account may not list
        print(text("classroom.class.unreadable", folder=str(error.filename or args.homes[0]), reason=error.strerror or str(error)),
              file=sys.stderr)
        return 2
    if args.format == "text":
        _write(class_text(entries) + "\n", args.out)
    elif args.format == "csv":
        _write(to_csv([row for e in entries for row in rows(e.record, e.name)]), args.out)
    else:
        _write(json.dumps(class_document(entries), ensure_ascii=False, indent=1) + "\n", args.out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
