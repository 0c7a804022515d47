"""What each cmdlet does to the lab, grouped by what it manages.

:mod:`.vm` (virtual machines and their power), :mod:`.checkpoints`, :mod:`.export` (Export-VMSnapshot,
Import-VM), :mod:`.versions` (configuration versions), :mod:`.integration_services`, :mod:`.vhd` (Merge-VHD, Set-VMHardDiskDrive -Path),
:mod:`.backup` (the lab-only Start-LabBackup), :mod:`.storage` (drives, Resize-VHD, the lab-only host volume),
:mod:`.utility` (PowerShell's own cmdlets) and :mod:`.lab_only` (hvlab's lab controls) register
their implementations in :data:`IMPLEMENTATIONS`, keyed by the cmdlet's name in
:data:`hvlab.powershell.specs.SPECS`. Every state change goes through the same public core
methods the lab widgets call (``tests/powershell/test_powershell_equivalent.py`` checks this).

To add a cmdlet: declare its spec in :mod:`hvlab.powershell.specs` from its Microsoft reference
page (parameters, sets, positions, aliases; ``effect`` says whether a call changes the lab,
``lab_only`` whether it is hvlab's own); write its implementation with ``@cmdlet("Verb-Noun")``
in the module for what it manages, changing the lab only through public core methods; give it a
``ps.help.<Verb-Noun>`` synopsis in both catalogs (and, if lab-only, ``ps.help.real_host.<Verb-Noun>``);
add a test under ``tests/powershell/``.
"""

from __future__ import annotations

from . import backup, checkpoints, export, integration_services, lab_only, storage, utility, versions, vhd, vm
from .registry import IMPLEMENTATIONS
from .utility import help_text
from .vm import SUPPORTED_VERSIONS

__all__ = ["IMPLEMENTATIONS", "SUPPORTED_VERSIONS", "help_text"]
del backup, checkpoints, export, integration_services, lab_only, storage, utility, versions, vhd, vm
