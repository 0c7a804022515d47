""""Save as scenario" for any lab: keep its state as a scenario's start, optionally a later
state as its goal, and write the scenario file.

One controller beside a lab widget (any :class:`LabController`: the disk chain lab, the
explorer, a challenge's lab): **Keep as start** copies the lab as it is, **Keep as goal** copies
it again later, **Write file** writes ``<id>.toml`` with
:func:`hvlab.course.scenario_writer.save_as_scenario` and reads it back with the same loader a
learner's Challenge uses, so a file that would not load is never written. What the writer could
not rebuild exactly is listed under the button.
"""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as widgets

from hvlab.catalog import text
from hvlab.course.scenario import ScenarioError, load_scenario
from hvlab.course.scenario_writer import SavedScenario, save_as_scenario
from hvlab.lab import Lab

from .controller import LabController, esc

__all__ = ["SaveAsScenario"]

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
"""A scenario id as the published schema allows it."""


class SaveAsScenario:
    """Keep a lab's state as a scenario's start (and goal) and write the scenario file."""

    def __init__(self, lab_widget: LabController, folder: str | Path = ".", vm_name: str | None = None):
        self.lab_widget = lab_widget
        self.folder = Path(folder)
        self.vm_name = vm_name or getattr(lab_widget, "vm_name", None) or next(iter(lab_widget.lab.vms))
        self.start: Lab | None = None
        self.goal: Lab | None = None
        self.saved: SavedScenario | None = None
        self.scenario_id = widgets.Text(value="my-scenario", description=text("widget.save_scenario.id"),
                                        layout=widgets.Layout(width="22em"))
        self.start_button = widgets.Button(description=text("widget.save_scenario.keep_start"),
                                           tooltip=text("widget.save_scenario.keep_start_tip"), layout=widgets.Layout(width="auto"))
        self.goal_button = widgets.Button(description=text("widget.save_scenario.keep_goal"),
                                          tooltip=text("widget.save_scenario.keep_goal_tip"), layout=widgets.Layout(width="auto"),
                                          disabled=True)
        self.write_button = widgets.Button(description=text("widget.save_scenario.write"), layout=widgets.Layout(width="auto"),
                                           disabled=True)
        self.message = widgets.HTML()
        self.start_button.on_click(lambda _: self.keep_start())
        self.goal_button.on_click(lambda _: self.keep_goal())
        self.write_button.on_click(lambda _: self.write())
        self.widget = widgets.VBox([
            widgets.HTML(f"<b>{esc(text('widget.save_scenario.title'))}</b>"),
            widgets.HBox([self.scenario_id, self.start_button, self.goal_button, self.write_button]),
            self.message,
        ])

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    def keep_start(self) -> None:
        """The lab as it is now becomes the scenario's start (a goal kept before is dropped)."""
        self.start, self.goal = self.lab_widget.lab.copy(), None
        self.goal_button.disabled = self.write_button.disabled = False
        self.message.value = esc(text("widget.save_scenario.start_kept"))

    def keep_goal(self) -> None:
        """The lab as it is now becomes the scenario's goal; the steps between are its solution."""
        self.goal = self.lab_widget.lab.copy()
        self.message.value = esc(text("widget.save_scenario.goal_kept"))

    def write(self) -> Path | None:
        """Write ``<id>.toml`` into the folder; ``None`` (and why, under the button) if not written."""
        scenario_id = self.scenario_id.value.strip()
        if self.start is None:
            return None
        if not ID_PATTERN.match(scenario_id):
            self.message.value = esc(text("widget.save_scenario.bad_id", id=scenario_id))
            return None
        self.saved = save_as_scenario(self.start, self.vm_name, scenario_id, goal=self.goal)
        content = self.saved.toml()
        target = self.folder / f"{scenario_id}.toml"
        try:
            load_scenario(content, file=str(target)).start(0)
        except ScenarioError as error:
            self.message.value = esc(text("widget.save_scenario.not_written", error=str(error)))
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        notes = "".join(f"<li>{esc(d)}</li>" for d in self.saved.differences)
        self.message.value = (f"<div class='hvlab-saved-scenario'>{esc(text('widget.save_scenario.written', path=str(target)))}"
                              f"{f'<ul>{notes}</ul>' if notes else ''}</div>")
        return target
