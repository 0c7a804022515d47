"""The course's content as data: self-check questions, challenges, guest presets, the apply demo.

Pure Python on top of the core (no ipywidgets, no matplotlib), so classroom code and tests read
the course without loading a widget:

- :mod:`hvlab.course.questions` — the self-check question bank (``hvlab/data/questions*.json``,
  validated with ``jsonschema``);
- :mod:`hvlab.course.challenges` — each challenge's lab, goal criteria and scripted solution;
- :mod:`hvlab.course.debriefs` — the review's scenarios: predictions and their debriefs
  (``hvlab/data/debriefs*.json``), for learners without a trainer;
- :mod:`hvlab.course.presets` — the guests a learner picks from in the labs;
- :mod:`hvlab.course.demos` — Microsoft's apply demo, standard and production side by side.

The widgets that show them live in :mod:`hvlab.widgets` (``SelfCheck``, ``Challenge``,
``CheckpointTypeExplorer``, ``ApplyComparison``); the lab fixtures the command line and the
diagram gallery share are :mod:`hvlab.scenarios`, in the core.
"""

from __future__ import annotations

from . import challenges, debriefs, demos, presets, questions
from .challenges import CHALLENGES, ChallengeDefinition
from .questions import TOPICS, Option, Question, QuestionBankError, load_bank

__all__ = [
    "CHALLENGES",
    "ChallengeDefinition",
    "Option",
    "Question",
    "QuestionBankError",
    "TOPICS",
    "challenges",
    "debriefs",
    "demos",
    "load_bank",
    "presets",
    "questions",
]
