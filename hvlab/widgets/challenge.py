"""The challenge widget: a goal, its criteria checked after every click, hints one at a time,
above a :class:`DiskChainLab` on the challenge's own lab. The challenges themselves (labs,
criteria, solutions) are data in :mod:`hvlab.course.challenges`."""

from __future__ import annotations

import ipywidgets as widgets

from hvlab.catalog import text
from hvlab.classroom import progress
from hvlab.course.challenges import CHALLENGES, ChallengeDefinition, challenges
from hvlab.lab import Lab
from hvlab.reference import ruling
from hvlab.reference.citations import cite_html, rules_html
from hvlab.vm import VirtualMachine

from .controller import esc
from .disk_chain_lab import DiskChainLab

__all__ = ["CHALLENGES", "Challenge", "ChallengeDefinition", "challenges"]


class Challenge:
    """One challenge: its goal and criteria above a :class:`DiskChainLab` on its own lab."""

    def __init__(self, challenge_id: str):
        if challenge_id not in CHALLENGES:
            raise KeyError(text("widget.challenge.unknown", id=challenge_id, ids=", ".join(CHALLENGES)))
        self.definition = CHALLENGES[challenge_id]
        lab, vm_name = self.definition.setup()
        self._start_vm = lab.copy().vm(vm_name)
        self.lab_widget = DiskChainLab(lab, vm_name, settings=True)
        self.hints_shown = 0
        self.goal = widgets.HTML()
        self.status = widgets.HTML()
        self.hint_box = widgets.HTML()
        self.hint_button = widgets.Button(description=text("widget.challenge.hint_button"), icon="lightbulb-o",
                                          layout=widgets.Layout(width="auto"))
        self.hint_button.on_click(lambda _: self.next_hint())
        d = self.definition
        # The rules behind the challenge by what they say (their titles), each entry folded.
        self.goal.value = (f"<h3>{esc(d.title())}</h3><div><b>{esc(text('widget.challenge.goal_label'))}</b> "
                           f"{cite_html(d.goal())}</div><details class='hvlab-rules'><summary><small>"
                           f"{esc(text('cite.rules_cited'))}: {esc(text('cite.separator').join(ruling(r).title for r in d.rules))}"
                           f"</small></summary>{rules_html(d.rules)}</details>")
        self.widget = widgets.VBox([self.goal, self.status, widgets.HBox([self.hint_button]), self.hint_box,
                                    self.lab_widget.widget], layout=widgets.Layout(width="100%"))
        self._progress_recorded = False
        self.lab_widget.on_change(lambda _: self._show_status())
        self._show_status()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def lab(self) -> Lab:
        return self.lab_widget.lab

    @property
    def vm(self) -> VirtualMachine:
        return self.lab_widget.vm

    def check(self) -> dict[str, bool]:
        """Each criterion of the goal, met or not, for the lab as it is now."""
        return self.definition.criteria(self.vm, self._start_vm)

    @property
    def solved(self) -> bool:
        return all(self.check().values())

    def next_hint(self) -> str | None:
        """Reveal one more hint; ``None`` once all are shown."""
        if self.hints_shown >= self.definition.hints:
            return None
        self.hints_shown += 1
        shown = [self.definition.hint(n) for n in range(1, self.hints_shown + 1)]
        self.hint_box.value = "".join(f"<div>💡 {cite_html(h)}</div>" for h in shown)
        self.hint_button.disabled = self.hints_shown >= self.definition.hints
        return shown[-1]

    def solve(self) -> None:
        """Run the scripted solution (for trainers) as one undoable step made of core operations."""
        vm = self.vm
        self.lab_widget.run(lambda: self.lab.run_operation(lambda: self.definition.solution(vm)))

    def _show_status(self) -> None:
        results = self.check()
        rows = "".join(
            f"<li data-met='{str(met).lower()}'>{'✔' if met else '☐'} {esc(self.definition.criterion(key))}</li>"
            for key, met in results.items()
        )
        done = all(results.values())
        if done and not self._progress_recorded:
            self._progress_recorded = progress.record_challenge(self.definition.id)  # in the learner's home
        banner = text("widget.challenge.solved") if done else text("widget.challenge.not_yet")
        self.status.value = f"<div class='hvlab-challenge-status'><b>{'🏆 ' if done else ''}{esc(banner)}</b><ul>{rows}</ul></div>"
