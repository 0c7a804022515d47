"""The challenge widget: plays any scenario above a :class:`DiskChainLab` on its own lab.

A scenario (:mod:`hvlab.course.scenario`) comes from a shipped id (the six challenges of
notebook 08 among them), a ``.toml`` file or a URL (:func:`hvlab.course.scenario_source.open_scenario`).
The widget shows its briefing, the lab, after every click the share of goal conditions met and
which ones (each with its feedback line), hints one at a time, "Show solution" and "Skip", and
the debrief once solved. Everything the learner does in it is written to their record
(:func:`hvlab.classroom.progress.record_scenario`): conditions met, hints used, the solution
shown, a skip, time spent. Variables are drawn per learner (:func:`learner_seed`); the six
challenges of notebook 08 keep seed 0, so a class sees one lab there.
"""

from __future__ import annotations

import getpass
import os
import time
import zlib
from pathlib import Path

import ipywidgets as widgets

from hvlab.catalog import text
from hvlab.classroom import progress
from hvlab.classroom.progress import ScenarioEvent
from hvlab.course.challenges import CHALLENGES, SEED, ChallengeDefinition, challenges
from hvlab.course.scenario import ConditionResult, Scenario, ScenarioError, ScenarioRun, list_scenarios
from hvlab.course.scenario_source import open_scenario
from hvlab.lab import Lab
from hvlab.reference import ruling
from hvlab.reference.citations import cite_html, rules_html
from hvlab.vm import VirtualMachine

from .controller import esc
from .disk_chain_lab import DiskChainLab

__all__ = ["CHALLENGES", "Challenge", "ChallengeDefinition", "challenges", "learner_seed"]


def learner_seed(record_path: Path | None = None) -> int:
    """A seed of the learner's own, the same in every kernel and on every day: from the name
    saved in their record, else their hub user name, else their login name."""
    name = progress.learner(record_path) or os.environ.get("JUPYTERHUB_USER") or getpass.getuser()
    return zlib.crc32(name.encode("utf-8")) % 100_000


class Challenge:
    """One scenario played: briefing, the lab, the conditions met, hints, solution, skip."""

    def __init__(self, source: str | Path | Scenario, *, seed: int | None = None, record_path: Path | None = None):
        if isinstance(source, Scenario):
            scenario = source
        elif isinstance(source, str) and source in CHALLENGES:
            scenario = CHALLENGES[source].scenario
        else:
            try:
                scenario = open_scenario(source)
            except ScenarioError:
                if isinstance(source, str) and "://" not in source and not Path(source).exists():
                    ids = ", ".join(s.id for s in list_scenarios())
                    raise KeyError(text("widget.challenge.unknown", id=source, ids=ids)) from None
                raise
        self.scenario = scenario
        self.definition: ChallengeDefinition | None = CHALLENGES[scenario.id] if scenario.id in CHALLENGES else None
        if seed is None:
            seed = SEED if self.definition is not None else learner_seed(record_path)
        self.run: ScenarioRun = scenario.start(seed)
        self.record_path = record_path
        self.source = str(source) if not isinstance(source, Scenario) else scenario.file
        # The scenario's locks (docs/scenarios.md): the lab's pictures and outcome honour them.
        self.lab_widget = DiskChainLab(self.run.lab, self.run.vm_name, settings=True, locks=self.run.locks)
        self.hints_shown = 0
        self.solution_shown = False
        self.skipped = False
        self._last_action = time.monotonic()

        self.goal = widgets.HTML()
        self.status = widgets.HTML()
        self.hint_box = widgets.HTML()
        self.solution_box = widgets.HTML()
        self.debrief_box = widgets.HTML()
        self.hint_button = widgets.Button(description=text("widget.challenge.hint_button"), icon="lightbulb-o",
                                          layout=widgets.Layout(width="auto"))
        self.solution_button = widgets.Button(description=text("widget.challenge.solution_button"),
                                              tooltip=text("widget.challenge.solution_tip"), layout=widgets.Layout(width="auto"))
        self.skip_button = widgets.Button(description=text("widget.challenge.skip_button"),
                                          tooltip=text("widget.challenge.skip_tip"), layout=widgets.Layout(width="auto"))
        self.hint_button.on_click(lambda _: self.next_hint())
        self.solution_button.on_click(lambda _: self.show_solution())
        self.skip_button.on_click(lambda _: self.skip())
        self.hint_button.disabled = not self.run.hints
        run = self.run
        # The rules behind the scenario by what they say (their titles), each entry folded.
        rules = ""
        if scenario.rules:
            rules = (f"<details class='hvlab-rules'><summary><small>{esc(text('cite.rules_cited'))}: "
                     f"{esc(text('cite.separator').join(ruling(r).title for r in scenario.rules))}</small></summary>"
                     f"{rules_html(scenario.rules)}</details>")
        self.goal.value = (f"<h3>{esc(run.title)}</h3><div><b>{esc(text('widget.challenge.goal_label'))}</b> "
                           f"{cite_html(run.briefing)}</div>{rules}")
        self.widget = widgets.VBox([self.goal, self.status,
                                    widgets.HBox([self.hint_button, self.solution_button, self.skip_button]),
                                    self.hint_box, self.solution_box, self.debrief_box, self.lab_widget.widget],
                                   layout=widgets.Layout(width="100%"))
        self._progress_recorded = False
        self.lab_widget.on_change(lambda _: self._show_status(ScenarioEvent.CHECKED))
        self._show_status(ScenarioEvent.OPENED)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    # ------------------------------------------------------------------ reading
    @property
    def id(self) -> str:
        return self.scenario.id

    @property
    def lab(self) -> Lab:
        return self.lab_widget.lab

    @property
    def vm(self) -> VirtualMachine:
        return self.lab_widget.vm

    def results(self) -> list[ConditionResult]:
        """Each goal condition for the lab as it is now, with the line to show for it."""
        return self.run.check()

    def check(self) -> dict[str, bool]:
        """Each goal condition, met or not, by its key."""
        return {r.key: r.met for r in self.results()}

    @property
    def percent(self) -> int:
        """The share of the goal's conditions met, 0–100 (partial credit)."""
        return self.run.percent

    @property
    def solved(self) -> bool:
        return all(self.check().values())

    # ------------------------------------------------------------------ the learner's moves
    def _seconds(self) -> float:
        now = time.monotonic()
        spent, self._last_action = now - self._last_action, now
        return spent

    def _record(self, event: ScenarioEvent, results: list[ConditionResult] | None = None) -> None:
        met = None if results is None else [r.key for r in results if r.met]
        progress.record_scenario(
            self.id, event, seconds=self._seconds(), hints_used=self.hints_shown,
            met=met, total=None if results is None else len(results),
            title=self.run.title, seed=self.run.seed, source=self.source, path=self.record_path)

    def next_hint(self) -> str | None:
        """Reveal one more hint; ``None`` once all are shown."""
        hints = self.run.hints
        if self.hints_shown >= len(hints):
            return None
        self.hints_shown += 1
        self.hint_box.value = "".join(f"<div>💡 {cite_html(h)}</div>" for h in hints[:self.hints_shown])
        self.hint_button.disabled = self.hints_shown >= len(hints)
        self._record(ScenarioEvent.HINT)
        return hints[self.hints_shown - 1]

    def show_solution(self) -> str:
        """Show the scenario's solution in words (recorded: a solve after it says so)."""
        self.solution_shown = True
        self.solution_box.value = (f"<div class='hvlab-challenge-solution'><b>{esc(text('widget.challenge.solution_label'))}</b> "
                                   f"{cite_html(self.run.solution_text)}</div>")
        self.solution_button.disabled = True
        self._record(ScenarioEvent.SOLUTION_SHOWN)
        return self.run.solution_text

    def skip(self) -> None:
        """Leave the scenario unsolved for now (recorded); its debrief is shown, the lab stays."""
        self.skipped = True
        self.skip_button.disabled = True
        self._record(ScenarioEvent.SKIPPED)
        self._show_debrief(text("widget.challenge.skipped"))

    def solve(self) -> None:
        """Run the scenario's solution (for trainers) as one undoable step made of core operations."""
        self.lab_widget.run(self.run.solve)

    # ------------------------------------------------------------------ drawing
    def _show_debrief(self, lead: str) -> None:
        self.debrief_box.value = (f"<div class='hvlab-challenge-debrief'><b>{esc(lead)}</b> "
                                  f"{cite_html(self.run.debrief)}</div>")

    def _show_status(self, event: ScenarioEvent) -> None:
        results = self.results()
        met = sum(r.met for r in results)
        percent = round(100 * met / len(results)) if results else 100
        rows = "".join(
            f"<li data-met='{str(r.met).lower()}' data-key='{esc(r.key)}'>{'✔' if r.met else '☐'} {esc(r.feedback)}</li>"
            for r in results
        )
        done = met == len(results)
        self._record(event, results)
        if done and not self._progress_recorded:
            # notebook 08's progress counts its challenges by id, in the learner's home
            self._progress_recorded = progress.record_challenge(self.id, self.record_path)
        if done:
            self._show_debrief(text("widget.challenge.debrief_label"))
        elif not self.skipped:
            self.debrief_box.value = ""
        banner = text("widget.challenge.solved") if done else text("widget.challenge.not_yet")
        share = text("widget.challenge.percent", percent=percent, met=met, total=len(results))
        self.status.value = (f"<div class='hvlab-challenge-status' data-percent='{percent}'><b>{'🏆 ' if done else ''}"
                             f"{esc(banner)}</b> <span>{esc(share)}</span><ul>{rows}</ul></div>")
