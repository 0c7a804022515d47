"""What each cmdlet does to the lab, grouped by what it manages.

:mod:`.vm` (virtual machines and their power), :mod:`.checkpoints`, :mod:`.integration_services`,
:mod:`.utility` (PowerShell's own cmdlets) and :mod:`.lab_only` (hvlab's lab controls) register
their implementations in :data:`IMPLEMENTATIONS`, keyed by the cmdlet's name in
:data:`hvlab.powershell.specs.SPECS`. Every state change goes through the same public core
methods the lab widgets call (``tests/test_powershell_equivalent.py`` checks this).
"""

from __future__ import annotations

from . import checkpoints, integration_services, lab_only, utility, vm
from .registry import IMPLEMENTATIONS
from .utility import help_text
from .vm import SUPPORTED_VERSIONS

__all__ = ["IMPLEMENTATIONS", "SUPPORTED_VERSIONS", "help_text"]
del checkpoints, integration_services, lab_only, utility, vm
