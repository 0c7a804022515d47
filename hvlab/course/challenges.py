"""The six challenges of notebook 08, played from their scenario files.

Each challenge is a scenario file in ``hvlab/data/scenarios/`` (its lab, goal conditions,
hints and solution as data, in English and Japanese: :mod:`hvlab.course.scenario`). This module
keeps the interface the challenge widget (``hvlab.widgets.challenge.Challenge``), the notebooks
and the classroom's progress record read: :data:`CHALLENGES` by id, each a
:class:`ChallengeDefinition` with ``setup()``, ``criteria(vm, start)`` and ``solution(vm)``,
always the scenario's first variant (seed 0), so every learner of notebook 08 sees one lab.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from hvlab.lab import Lab
from hvlab.vm import VirtualMachine

from .scenario import Scenario, evaluate, run_solution, scenario, words

__all__ = ["CHALLENGES", "CHALLENGE_IDS", "NOTEBOOK_CHALLENGES", "ChallengeDefinition", "challenge_notebook", "challenges"]

CHALLENGE_IDS = ("production-linux", "only-before-update", "keep-notepad", "report-back", "merge-middle", "old-dc-dsrm")
"""Notebook 08's challenges, in teaching order (the classroom's progress counts these)."""
SEED = 0

NOTEBOOK_CHALLENGES: Mapping[str, tuple[str, ...]] = {
    "08": CHALLENGE_IDS,
    "09": ("recovery-checkpoint-left", "full-host-volume", "pointed-at-base"),
}
"""The notebook each course challenge is met in (notebook 09's are the incidents of 'Checkpoints
at work'); the classroom's progress record counts a notebook done when its challenges are solved."""


def challenge_notebook(challenge_id: str) -> str | None:
    """The notebook a challenge belongs to, or None for a scenario outside the course's notebooks."""
    return next((topic for topic, ids in NOTEBOOK_CHALLENGES.items() if challenge_id in ids), None)


@dataclass(frozen=True)
class ChallengeDefinition:
    """One challenge: its scenario at seed 0 — how its lab starts, what counts as solved, one
    way to solve it."""

    scenario: Scenario

    @property
    def id(self) -> str:
        return self.scenario.id

    @property
    def rules(self) -> tuple[str, ...]:
        return self.scenario.rules

    @property
    def hints(self) -> int:
        return self.scenario.hint_count

    @cached_property
    def data(self) -> dict:
        return self.scenario.resolve(SEED)

    def setup(self) -> tuple[Lab, str]:
        """A fresh lab as the scenario starts, and the name of the VM to look at."""
        run = self.scenario.start(SEED)
        return run.lab, run.vm_name

    def criteria(self, vm: VirtualMachine, start: VirtualMachine) -> dict[str, bool]:
        """Each goal condition, met or not (``start``: the VM as the challenge began)."""
        return {r.key: r.met for r in evaluate(self.data["goal"], vm.lab, start.lab, vm.name)}

    def solution(self, vm: VirtualMachine) -> None:
        """The scenario's solution on ``vm``'s lab (the widget makes it one undoable step)."""
        run_solution(self.scenario.file, self.data, vm.lab, vm.name)

    def title(self) -> str:
        return words(self.data["title"])

    def goal(self) -> str:
        return words(self.data["briefing"])

    def hint(self, number: int) -> str:
        return words(self.data["hints"][number - 1])

    def criterion(self, key: str) -> str:
        return next(words(c["text"]) for c in self.data["goal"] if c["key"] == key)

    def solution_text(self) -> str:
        """One solution in words, for the trainer's guide (the scripted one does the same)."""
        return words(self.data["solution"]["text"])


class _Challenges(Mapping[str, ChallengeDefinition]):
    """The challenges by id, their files read on first use (``import hvlab.course`` reads none)."""

    @cached_property
    def _items(self) -> dict[str, ChallengeDefinition]:
        return {i: ChallengeDefinition(scenario(i)) for i in CHALLENGE_IDS}

    def __getitem__(self, key: str) -> ChallengeDefinition:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(CHALLENGE_IDS)

    def __len__(self) -> int:
        return len(CHALLENGE_IDS)

    def __contains__(self, key: object) -> bool:
        return key in CHALLENGE_IDS


CHALLENGES: Mapping[str, ChallengeDefinition] = _Challenges()


def challenges() -> list[str]:
    """The ids of every challenge, in teaching order."""
    return list(CHALLENGE_IDS)
