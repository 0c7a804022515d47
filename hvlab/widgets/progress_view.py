"""The progress view of ``00-start-here.ipynb``: the course at a glance, from the learner's record.

One controller: it reads :mod:`hvlab.classroom.progress` and draws one table; it is the last
code cell of notebook 00, so showing it finishes 00 (which has nothing to answer); a
"done" tick box per notebook writes to the same record; **Refresh** re-reads the file, because
the answers are recorded by other notebooks' kernels. Status is a symbol *and* a word, never a
colour alone.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from hvlab.catalog import text
from hvlab.classroom import progress
from hvlab.classroom.progress import NotebookProgress, Status

from .controller import esc

__all__ = ["ProgressView"]

SYMBOL = {Status.DONE: "✔", Status.STARTED: "◐", Status.NOT_STARTED: "○"}
CELL = "padding:2px 1.5em 2px 0;border-bottom:1px solid #ddd"


class ProgressView:
    """Which notebooks, self-checks and challenges are done; stored in the learner's home."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else None
        progress.mark_finished("00", self.path)  # the view is notebook 00's last code cell
        self.rows: list[NotebookProgress] = []
        self.done_boxes = {
            topic: widgets.Checkbox(description=text("classroom.progress.tick_done"), indent=False,
                                    layout=widgets.Layout(width="auto"))
            for topic in progress.NOTEBOOK_TOPICS
        }
        for topic, box in self.done_boxes.items():
            box.observe(lambda change, t=topic: self._on_tick(t, change), names="value")
        self.table = widgets.HTML()
        self.scenarios = widgets.HTML()
        self.refresh_button = widgets.Button(description=text("classroom.progress.refresh"),
                                             tooltip=text("classroom.progress.refresh_tip"),
                                             layout=widgets.Layout(width="max-content"))
        self.refresh_button.on_click(lambda _: self.refresh())
        self.where = widgets.HTML()
        # One grid, a notebook's title and its tick box on one row: HBoxes of unequal labels put the
        # boxes at ragged places. The accordion's title is the list's only heading.
        cells: list[widgets.Widget] = []
        for topic, box in self.done_boxes.items():
            cells += [widgets.HTML(esc(text(f"classroom.notebook.{topic}")), layout=widgets.Layout(margin="0 1.5em 0 0")), box]
        self.tick_grid = widgets.GridBox(cells, layout=widgets.Layout(
            grid_template_columns="max-content max-content", align_items="center", grid_gap="0 0"))
        self.ticks = widgets.Accordion([self.tick_grid], titles=[text("classroom.progress.tick_heading")])
        self.widget = widgets.VBox([
            widgets.HTML(f"<h3>{esc(text('classroom.progress.title'))}</h3>"
                         f"<div>{esc(text('classroom.progress.done_means'))}</div>"),
            self.table, self.scenarios, widgets.HBox([self.refresh_button]), self.ticks,
            self.where,
        ], layout=widgets.Layout(width="100%"))
        self._syncing = False
        self.refresh()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    def _on_tick(self, topic: str, change: dict) -> None:
        if self._syncing:
            return
        progress.mark_done(topic, bool(change["new"]), self.path)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the record and redraw the table and the tick boxes once."""
        self.rows = progress.summary(self.path)
        record = progress.load(self.path)
        body = []
        for row in self.rows:
            if not row.questions_total:
                checks = "—"
            elif row.questions_answered:
                checks = text("classroom.progress.questions", answered=row.questions_answered,
                              total=row.questions_total, first=row.correct_first_try)
            else:
                checks = text("classroom.progress.questions_none", total=row.questions_total)
            challenges = (text("classroom.progress.challenges", solved=row.challenges_solved, total=row.challenges_total)
                          if row.challenges_total else "—")
            status = f"{SYMBOL[row.status]} {text(f'classroom.progress.status.{row.status.value}')}"
            cells = "".join(f"<td style='{CELL}'>{esc(value)}</td>" for value in (row.title, status, checks, challenges))
            body.append(f"<tr data-topic='{row.topic}' data-status='{row.status.value}'>{cells}</tr>")
        head = "".join(f"<th style='text-align:left;{CELL}'>{esc(text(f'classroom.progress.column.{c}'))}</th>"
                       for c in ("notebook", "status", "selfcheck", "challenges"))
        done = sum(1 for r in self.rows if r.status is Status.DONE)
        self.table.value = (f"<div class='hvlab-progress'><div>{esc(text('classroom.progress.overall', done=done, total=len(self.rows)))}</div>"
                            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")
        self.scenarios.value = self._scenarios_html(record)
        self._syncing = True
        try:
            for topic, box in self.done_boxes.items():
                box.value = bool(record["notebooks"].get(topic, {}).get("done"))
        finally:
            self._syncing = False
        self.where.value = f"<small>{esc(text('classroom.progress.stored', path=str(self.path or progress.progress_path())))}</small>"

    @staticmethod
    def _scenarios_html(record: dict) -> str:
        """The scenarios played in a Challenge, as the record keeps them: the best share of the
        goal met, hints used, whether the solution was shown or the scenario skipped, minutes."""
        played = record.get("scenarios", {})
        if not played:
            return ""
        yes, no = text("classroom.progress.yes"), "—"
        body = []
        for scenario_id, entry in sorted(played.items(), key=lambda item: item[1].get("opened", "")):
            status = text("classroom.progress.status.done") if entry.get("solved") else f"{entry.get('best_percent', 0)}%"
            cells = (entry.get("title") or scenario_id, status, str(entry.get("hints_used", 0)),
                     yes if entry.get("solution_shown") else no, yes if entry.get("skipped") else no,
                     f"{float(entry.get('seconds', 0.0)) / 60:.0f}")
            body.append(f"<tr data-scenario='{esc(scenario_id)}'>" + "".join(f"<td style='{CELL}'>{esc(c)}</td>" for c in cells) + "</tr>")
        head = "".join(f"<th style='text-align:left;{CELL}'>{esc(text(f'classroom.progress.scenario.{c}'))}</th>"
                       for c in ("title", "goal", "hints", "solution", "skipped", "minutes"))
        return (f"<div class='hvlab-progress-scenarios'><b>{esc(text('classroom.progress.scenarios'))}</b>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")
