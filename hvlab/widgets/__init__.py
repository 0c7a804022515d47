"""hvlab's lab widgets (ipywidgets 8), thin controllers over the core and the diagrams.

Each lab is one controller object holding one lab; ``.widget`` is its root box and a bare object
in a cell shows itself::

    from hvlab.widgets import CheckpointTypeExplorer, DiskChainLab, ApplyComparison, SelfCheck, Challenge
    DiskChainLab()

Names are loaded on first use, so ``import hvlab.widgets`` does not pull in ipywidgets or
matplotlib until a widget is made. The course's content (questions, challenges, guest presets,
the apply demo) is data in :mod:`hvlab.course`, which imports neither.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "AnswerExport",
    "ApplyComparison",
    "Challenge",
    "CheckpointTypeExplorer",
    "DiskChainLab",
    "PowerShellConsole",
    "ProgressView",
    "SaveAsScenario",
    "SelfCheck",
    "StepView",
    "answers",
    "challenges",
    "clear_answers",
    "export_answers",
]

_LAZY = {
    "CheckpointTypeExplorer": "explorer",
    "DiskChainLab": "disk_chain_lab",
    "ApplyComparison": "apply_comparison",
    "SelfCheck": "self_check",
    "AnswerExport": "self_check",
    "ScenarioDebrief": "debrief",
    "answers": "self_check",
    "clear_answers": "self_check",
    "export_answers": "self_check",
    "Challenge": "challenge",
    "challenges": "challenge",
    "SaveAsScenario": "scenario_saver",
    "PowerShellConsole": "console",
    "ProgressView": "progress_view",
    "StepView": "step_view",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'hvlab.widgets' has no attribute {name!r}")
    try:
        module = importlib.import_module(f".{module_name}", __name__)
    except ModuleNotFoundError as error:
        if module_name == "console" and error.name == f"{__name__}.console":
            raise AttributeError("hvlab.widgets.PowerShellConsole is not installed yet (hvlab/widgets/console.py)") from None
        raise
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
