"""A Hyper-V PowerShell practice console on the simulated host.

Learners type real Hyper-V cmdlets — ``Checkpoint-VM``, ``Restore-VMCheckpoint``,
``Set-VM -CheckpointType ProductionOnly`` … — and the simulator answers as a host would:
PowerShell's output formats and error records, with hvlab's explanations kept apart.

    >>> from hvlab import Lab
    >>> from hvlab.powershell import Session
    >>> session = Session(Lab(seed=1))
    >>> _ = session.run("New-VM -Name web01")
    >>> print(session.run("Get-VM web01 | Select-Object Name, State").output.strip())
    Name  State
    ----  -----
    web01 Off

Pure Python: no matplotlib, no ipywidgets (the notebook widget is
:class:`hvlab.widgets.console.PowerShellConsole`). Nothing typed is ever passed to
``eval``/``exec``: input goes through :mod:`.tokenizer`, :mod:`.parser` (building
:mod:`.syntax` trees), :mod:`.evaluation` (with :mod:`.operators`), :mod:`.binder` and the
:mod:`.cmdlets` subpackage, run by :mod:`.session` with :mod:`.runtime`.
"""

from __future__ import annotations

from .equivalent import NoPowerShellEquivalent, equivalent, lab_only_commands, quote, real_host_instead, setup_script
from .parser import ParseError, parse
from .session import ConsoleResult, Session
from .specs import ALIASES, SPECS

__all__ = [
    "ALIASES",
    "ConsoleResult",
    "NoPowerShellEquivalent",
    "ParseError",
    "SPECS",
    "Session",
    "equivalent",
    "lab_only_commands",
    "parse",
    "quote",
    "real_host_instead",
    "setup_script",
]
