"""What a cmdlet declares: its parameters (names, types, sets, positions) and its effect.

The declarations themselves are in :mod:`.specs`, copied from Microsoft's cmdlet reference;
:mod:`.binder` matches what was typed against them and :mod:`.conversion` converts values to
the declared types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = ["ALL", "NET_TYPES", "NO_INPUT", "CmdletSpec", "LabEffect", "Param", "ScriptBlock"]

ALL = "(All)"
NO_INPUT = object()


@dataclass(frozen=True)
class ScriptBlock:
    """A ``{ ... }`` argument: the parsed script and its source text."""

    script: Any
    text: str

    def __str__(self) -> str:
        return self.text


# type code -> (.NET type name used in messages, element type or None)
NET_TYPES = {
    "string": "System.String",
    "string[]": "System.String[]",
    "switch": "System.Management.Automation.SwitchParameter",
    "bool": "System.Boolean",
    "int16": "System.Int16",
    "int32": "System.Int32",
    "int64": "System.Int64",
    "uint32": "System.UInt32",
    "uint64": "System.UInt64",
    "guid": "System.Guid",
    "guid[]": "System.Guid[]",
    "vm": "Microsoft.HyperV.PowerShell.VirtualMachine",
    "vm[]": "Microsoft.HyperV.PowerShell.VirtualMachine[]",
    "vmbase": "Microsoft.HyperV.PowerShell.VirtualMachineBase",
    "snapshot": "Microsoft.HyperV.PowerShell.VMSnapshot",
    "snapshot[]": "Microsoft.HyperV.PowerShell.VMSnapshot[]",
    "is[]": "Microsoft.HyperV.PowerShell.VMIntegrationComponent[]",
    "scriptblock": "System.Management.Automation.ScriptBlock",
    "object": "System.Object",
    "object[]": "System.Object[]",
    "version": "System.Version",
    "enum": "",
    "credential[]": "System.Management.Automation.PSCredential[]",
    "cimsession[]": "Microsoft.Management.Infrastructure.CimSession[]",
}


@dataclass(frozen=True)
class Param:
    """One parameter as the reference declares it. ``sets`` maps a parameter-set name (or
    :data:`ALL`) to ``(position or None, mandatory)``. ``common``: one of PowerShell's
    CommonParameters or risk-mitigation parameters. ``simulated``: False for a documented
    parameter hvlab accepts by name but does not simulate (the console says so)."""

    name: str
    type: str
    sets: dict[str, tuple[int | None, bool]] = field(default_factory=lambda: {ALL: (None, False)})
    aliases: tuple[str, ...] = ()
    by_value: bool = False
    by_property: bool = False
    enum_type: str = ""
    enum_values: tuple[str, ...] = ()
    validate_set: tuple[str, ...] = ()
    not_empty: bool = False
    common: bool = False
    simulated: bool = True

    def in_set(self, set_name: str) -> bool:
        return ALL in self.sets or set_name in self.sets

    def position(self, set_name: str) -> int | None:
        return (self.sets.get(set_name) or self.sets.get(ALL) or (None, False))[0]

    def mandatory(self, set_name: str) -> bool:
        return (self.sets.get(set_name) or self.sets.get(ALL) or (None, False))[1]

    @property
    def net_type(self) -> str:
        return self.enum_type if self.type == "enum" else NET_TYPES[self.type]


class LabEffect(Enum):
    """What calling a cmdlet does to the lab: read it, run one lab operation (rolled back if the
    call is refused, one undo step), or go back in the lab's undo history."""

    NONE = "none"
    OPERATION = "operation"
    UNDO = "undo"


@dataclass(frozen=True)
class CmdletSpec:
    """A cmdlet: name, parameter sets (default first), parameters, and its reference page.

    ``lab_only``: hvlab's own cmdlet, not PowerShell's or Hyper-V's. ``effect``: what a call
    does to the lab (:class:`LabEffect`)."""

    name: str
    params: tuple[Param, ...]
    sets: tuple[str, ...] = ("Default",)
    source: str = ""  # Microsoft's reference URL, or "" for hvlab's own
    lab_only: bool = False
    effect: LabEffect = LabEffect.NONE
    aggregate: bool = False  # takes all pipeline input at once (Sort-Object, Format-Table...)
    command_type: str = ""  # e.g. Microsoft.HyperV.PowerShell.Commands.GetVM (FullyQualifiedErrorId)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)
