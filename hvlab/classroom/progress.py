"""A learner's progress through the course, kept in a small JSON file in their home.

Why a file and not the kernel: a learner restarts kernels, closes notebooks and comes back the
next day; the self-check answers kept in the kernel (``hvlab.widgets.answers()``) are gone then.
Every self-check answer, every solved challenge, every scenario played (conditions met, hints
used, solution shown, skipped, time spent) and every notebook the learner ticks as done is
written to ``~/.hvlab/progress.json`` (or ``$HVLAB_PROGRESS``) at once. On JupyterHub the home is
the learner's own, so each learner has their own record.

The file is read, changed and written under a lock (``filelock``, which locks on Windows as on
Linux and macOS) and replaced atomically, because a learner may have two notebooks (two kernels)
open at once. A home that cannot be written (a read-only
Voila demo, a full disk) never breaks a lab: recording then does nothing and says why once.
This module imports neither ipywidgets nor matplotlib.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import warnings
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any, Callable

import filelock

from hvlab.catalog import text
from hvlab.course.challenges import NOTEBOOK_CHALLENGES, challenge_notebook
from hvlab.course.questions import questions

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "NOTEBOOK_TOPICS",
    "NotebookProgress",
    "ScenarioEvent",
    "Status",
    "learner",
    "load",
    "mark_done",
    "mark_finished",
    "mark_opened",
    "progress_path",
    "record_answer",
    "record_challenge",
    "record_scenario",
    "set_learner",
    "summary",
]

FORMAT = "hvlab-progress"
FORMAT_VERSION = 1
ENVIRONMENT_VARIABLE = "HVLAB_PROGRESS"
NOTEBOOK_TOPICS: tuple[str, ...] = tuple(f"{n:02d}" for n in range(10))
"""The course's notebooks 00–09, by number (the self-check topics are the same numbers)."""
CHALLENGE_TOPIC = "08"
"""The notebook a challenge outside the course's lists is counted under (the review)."""

_warned = False


class Status(Enum):
    """Where a learner is with one notebook; the view shows a symbol *and* a word for each."""

    NOT_STARTED = "not_started"
    STARTED = "started"
    DONE = "done"


@dataclass(frozen=True)
class NotebookProgress:
    """One row of the progress view."""

    topic: str
    status: Status
    questions_answered: int
    questions_total: int
    correct_first_try: int
    challenges_solved: int
    challenges_total: int

    @property
    def title(self) -> str:
        return text(f"classroom.notebook.{self.topic}")


JUPYTERLITE_DRIVE = Path("/drive")
"""Where JupyterLite's Pyodide kernel mounts the file browser's contents, which the browser keeps
(in its storage, usually IndexedDB); the home there (``/home/pyodide``) is in memory only."""


def progress_path() -> Path:
    """Where the record lives: ``$HVLAB_PROGRESS`` if set, else ``~/.hvlab/progress.json``; in
    JupyterLite (Pyodide, ``sys.platform == "emscripten"``) ``/drive/.hvlab/progress.json``, so the
    record survives a reload of the page."""
    override = os.environ.get(ENVIRONMENT_VARIABLE)
    if override:
        return Path(override)
    in_browser = sys.platform == "emscripten" and JUPYTERLITE_DRIVE.is_dir()
    return (JUPYTERLITE_DRIVE if in_browser else Path.home()) / ".hvlab" / "progress.json"


def _empty() -> dict[str, Any]:
    return {"format": FORMAT, "version": FORMAT_VERSION, "learner": "", "notebooks": {}, "answers": {}, "challenges": {},
            "scenarios": {}}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def load(path: Path | None = None) -> dict[str, Any]:
    """The record as a dict; an absent, unreadable or foreign file reads as an empty record
    (progress is a convenience: it must never stop a learner from working)."""
    target = path or progress_path()
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _empty()
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("version"), int):
        return _empty()
    record = _empty()
    for section in ("notebooks", "answers", "challenges", "scenarios"):
        if isinstance(data.get(section), dict):
            record[section] = data[section]
    if isinstance(data.get("learner"), str):
        record["learner"] = data["learner"]
    return record


LOCK_TIMEOUT = 10.0
"""Seconds a kernel waits for another kernel's update before giving up on recording (an update
takes milliseconds; a longer wait means a stale lock on a network home, reported like a full disk)."""


def _lock(target: Path) -> filelock.BaseFileLock:
    """The exclusive lock beside the record, so two kernels do not lose each other's updates.
    Pyodide (JupyterLite) has no ``flock``: there the lock is a file that exists while held."""
    lock_class = filelock.SoftFileLock if sys.platform == "emscripten" else filelock.FileLock
    return lock_class(target.with_name(target.name + ".lock"), timeout=LOCK_TIMEOUT)


def _update(change: Callable[[dict[str, Any]], None], path: Path | None = None) -> bool:
    """Read, change and atomically rewrite the record; False (and one warning) if it cannot be written."""
    global _warned
    target = path or progress_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _lock(target):
            record = load(target)
            change(record)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(record, handle, ensure_ascii=False, indent=1)
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
    except (OSError, filelock.Timeout) as error:
        if not _warned:
            _warned = True
            warnings.warn(text("classroom.progress.not_saved", path=str(target), reason=error.strerror or str(error)),
                          RuntimeWarning, stacklevel=3)
        return False
    return True


def mark_opened(topic: str, path: Path | None = None) -> bool:
    """Note that notebook ``topic`` was opened (its self-check or the progress view was shown)."""
    def change(record: dict[str, Any]) -> None:
        record["notebooks"].setdefault(topic, {}).setdefault("opened", _now())
    return _update(change, path)


def mark_done(topic: str, done: bool = True, path: Path | None = None) -> bool:
    """The learner ticks (or unticks) notebook ``topic`` as done."""
    def change(record: dict[str, Any]) -> None:
        entry = record["notebooks"].setdefault(topic, {})
        entry.setdefault("opened", _now())
        if done:
            entry["done"] = _now()
        else:
            entry.pop("done", None)
    return _update(change, path)


def mark_finished(topic: str, path: Path | None = None) -> bool:
    """Notebook ``topic`` was run to its last code cell. For a notebook without a self-check or
    challenges (00) that is what "done" means: there is nothing in it to answer."""
    def change(record: dict[str, Any]) -> None:
        entry = record["notebooks"].setdefault(topic, {})
        entry.setdefault("opened", _now())
        entry.setdefault("finished", _now())
    return _update(change, path)


def record_answer(question_id: str, topic: str, first_correct: bool, correct: bool, path: Path | None = None,
                  *, choice: str | None = None) -> bool:
    """A revealed self-check answer; the first prediction (``first_choice``, ``first_correct``) is
    kept, later changes of mind update ``choice``, ``correct`` and the count of ``attempts``. The
    trainer's export (``hvlab.widgets.export_answers``) reads these, from every notebook's kernel."""
    def change(record: dict[str, Any]) -> None:
        record["notebooks"].setdefault(topic, {}).setdefault("opened", _now())
        entry = record["answers"].setdefault(question_id, {"topic": topic, "first_correct": bool(first_correct)})
        if choice is not None:
            entry.setdefault("first_choice", choice)
            entry["choice"] = choice
        entry.update(topic=topic, correct=bool(correct), attempts=int(entry.get("attempts", 0)) + 1, answered_at=_now())
    return _update(change, path)


def learner(path: Path | None = None) -> str:
    """The name the learner saved for the trainer's export ("" until they save one)."""
    return load(path)["learner"]


def set_learner(name: str, path: Path | None = None) -> bool:
    """Keep the learner's name in the record, so it is asked once and offered again next time."""
    def change(record: dict[str, Any]) -> None:
        record["learner"] = name.strip()
    return _update(change, path)


def record_challenge(challenge_id: str, path: Path | None = None) -> bool:
    """A challenge whose goal was met; the first time it was solved is kept."""
    def change(record: dict[str, Any]) -> None:
        topic = challenge_notebook(challenge_id) or CHALLENGE_TOPIC
        record["notebooks"].setdefault(topic, {}).setdefault("opened", _now())
        record["challenges"].setdefault(challenge_id, {"solved": _now()})
    return _update(change, path)


IDLE_CAP = 300.0
"""Seconds: the longest gap between two of a learner's actions in a scenario that counts as time
spent on it. A lab left open over lunch (or overnight) adds at most this much, so "time spent"
means time at work, not time the notebook stayed open (an hvlab convention)."""


class ScenarioEvent(Enum):
    """What happened in a scenario, as the record keeps it."""

    OPENED = "opened"
    CHECKED = "checked"
    HINT = "hint"
    SOLUTION_SHOWN = "solution_shown"
    SKIPPED = "skipped"


def record_scenario(scenario_id: str, event: ScenarioEvent, *, seconds: float = 0.0, met: list[str] | None = None,
                    total: int | None = None, hints_used: int | None = None, title: str | None = None,
                    seed: int | None = None, source: str | None = None, path: Path | None = None) -> bool:
    """One event of a scenario played in the Challenge widget: ``seconds`` since the learner's
    previous action in it (capped at :data:`IDLE_CAP`), the condition keys ``met`` of ``total``
    after a check (the best percentage is kept too), the hints shown so far. The first time all
    conditions were met is ``solved``; a scenario solved after its solution was shown, or
    skipped, says so (``solution_shown``, ``skipped``: the first time each happened)."""
    def change(record: dict[str, Any]) -> None:
        now = _now()
        entry = record["scenarios"].setdefault(scenario_id, {"opened": now, "seconds": 0.0, "hints_used": 0})
        entry["seconds"] = round(float(entry.get("seconds", 0.0)) + min(max(float(seconds), 0.0), IDLE_CAP), 1)
        entry["last"] = now
        for key, value in (("title", title), ("seed", seed), ("source", source)):
            if value is not None:
                entry[key] = value
        if hints_used is not None:
            entry["hints_used"] = max(int(entry.get("hints_used", 0)), int(hints_used))
        if met is not None and total is not None:
            percent = round(100 * len(met) / total) if total else 100
            entry["conditions"] = {"met": list(met), "total": int(total), "percent": percent}
            entry["best_percent"] = max(int(entry.get("best_percent", 0)), percent)
            if total and len(met) == total:
                entry.setdefault("solved", now)
        if event is ScenarioEvent.SOLUTION_SHOWN:
            entry.setdefault("solution_shown", now)
        elif event is ScenarioEvent.SKIPPED:
            entry.setdefault("skipped", now)
    return _update(change, path)


def summary(path: Path | None = None, challenge_ids: tuple[str, ...] | None = None) -> list[NotebookProgress]:
    """One row per notebook 00–09. A notebook is done when the learner ticked it, or when every
    question of its self-check is answered (and, for 08, every challenge solved), or, for a
    notebook with nothing to answer (00), when it was run to its last code cell
    (:func:`mark_finished`); started when it was opened or anything in it was answered."""
    if challenge_ids is None:
        challenge_ids = tuple(i for ids in NOTEBOOK_CHALLENGES.values() for i in ids)

    record = load(path)
    rows = []
    for topic in NOTEBOOK_TOPICS:
        bank = [q.id for q in questions(topic)] if topic != "00" else []
        answered = [record["answers"][q] for q in bank if q in record["answers"]]
        wanted = [c for c in challenge_ids if (challenge_notebook(c) or CHALLENGE_TOPIC) == topic]
        solved = sum(1 for c in wanted if c in record["challenges"])
        entry = record["notebooks"].get(topic, {})
        if bank or wanted:
            complete = len(answered) == len(bank) and solved == len(wanted)
        else:
            complete = bool(entry.get("finished"))
        if entry.get("done") or complete:
            status = Status.DONE
        elif entry or answered or solved:
            status = Status.STARTED
        else:
            status = Status.NOT_STARTED
        rows.append(NotebookProgress(
            topic=topic, status=status, questions_answered=len(answered), questions_total=len(bank),
            correct_first_try=sum(1 for a in answered if a.get("first_correct")),
            challenges_solved=solved, challenges_total=len(wanted),
        ))
    return rows
