"""Parameter binding: which typed word goes to which cmdlet parameter, as PowerShell decides.

The rules are PowerShell's (about_Parameters, about_Parameter_Sets): a parameter is named by
its full name, an alias or any unambiguous prefix; positional arguments fill the parameters of
the chosen parameter set in position order; pipeline input binds by value, then by property
name; every mandatory parameter of the set must end up bound. Each refusal raises a
:class:`~hvlab.powershell.errors.PSError` whose text is PowerShell's own resource string
(ParameterBinderStrings.resx, github.com/PowerShell/PowerShell), taken from the catalog.

Parameter names, positions, aliases, sets and accepted values of each cmdlet are declared in
:mod:`hvlab.powershell.cmdlets` from Microsoft's reference pages.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Sequence

from ..catalog import text
from .errors import PSError
from .objects import IntegrationServiceObject, PSObject, SnapshotObject, VMObject

__all__ = ["ALL", "MISSING", "Bound", "CmdletSpec", "LabEffect", "NO_INPUT", "NamedArg", "Param", "PositionalArg", "ScriptBlock", "bind", "find_parameter"]

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
_OBJECT_TYPES = {"vm": VMObject, "snapshot": SnapshotObject, "is": IntegrationServiceObject}


@dataclass(frozen=True)
class Param:
    """One parameter as the reference declares it. ``sets`` maps a parameter-set name (or
    :data:`ALL`) to ``(position or None, mandatory)``."""

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


@dataclass
class Bound:
    set_name: str
    values: dict[str, Any]
    from_pipeline: set[str] = field(default_factory=set)

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


@dataclass
class NamedArg:
    name: str  # as typed
    value: Any  # MISSING when the next element must supply it
    start: int
    end: int
    colon: bool


@dataclass
class PositionalArg:
    value: Any
    start: int
    end: int
    source: str  # the argument as typed, for messages


MISSING = object()


def _error(key: str, command: str, start: int, end: int, error_id: str, spec: CmdletSpec, category: str = "InvalidArgument", exception: str = "ParameterBindingException", **values: Any) -> PSError:
    command_type = spec.command_type or spec.name
    return PSError(
        [text(key, **values)],
        command=command,
        start=start,
        end=end,
        category=f"{category}: (:) [{spec.name}], {exception}",
        error_id=f"{error_id},{command_type}",
    )


def find_parameter(spec: CmdletSpec, typed: str) -> Param | None:
    """The parameter a typed name means (full name, alias or unambiguous prefix), or None."""
    wanted = typed.casefold()
    exact = [p for p in spec.params if p.name.casefold() == wanted or any(a.casefold() == wanted for a in p.aliases)]
    if exact:
        return exact[0]
    prefix = [p for p in spec.params if p.name.casefold().startswith(wanted) or any(a.casefold().startswith(wanted) for a in p.aliases)]
    return prefix[0] if len(prefix) == 1 else None


def resolve_parameter(spec: CmdletSpec, typed: str, command: str, start: int, end: int) -> Param:
    """Full name, alias, or unambiguous prefix (about_Parameters)."""
    wanted = typed.casefold()
    for p in spec.params:
        if p.name.casefold() == wanted or any(a.casefold() == wanted for a in p.aliases):
            return p
    matches = [p for p in spec.params if p.name.casefold().startswith(wanted) or any(a.casefold().startswith(wanted) for a in p.aliases)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        listed = "".join(f" -{p.name}" for p in matches)
        raise _error("ps.bind.ambiguous_parameter", command, start, end, "AmbiguousParameter", spec, name=typed, matches=listed)
    raise _error("ps.bind.named_parameter_not_found", command, start, end, "NamedParameterNotFound", spec, name=typed)


def convert(param: Param, value: Any, spec: CmdletSpec, command: str, start: int, end: int, source: str = "") -> Any:
    """Convert an argument to the parameter's type, or raise PowerShell's binding error."""
    t = param.type
    if value is None:
        if t == "switch":
            return False
        return None
    if t in ("object", "object[]"):
        return value if t == "object" or isinstance(value, list) else [value]
    if t == "scriptblock":
        if isinstance(value, ScriptBlock):
            return value
        raise _cannot_convert_object(param, value, spec, command, start, end)
    if t == "switch":
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return value != 0
        raise _error("ps.bind.transformation", command, start, end, "ParameterArgumentTransformationError", spec, name=param.name, detail=text("ps.bind.bool_only", type_name=_type_of(value), target="System.Management.Automation.SwitchParameter"))
    if t == "bool":
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return value != 0
        raise _error("ps.bind.transformation", command, start, end, "ParameterArgumentTransformationError", spec, name=param.name, detail=text("ps.bind.bool_only", type_name=_type_of(value), target="System.Boolean"))
    if t in ("string", "string[]", "enum", "version"):
        items = value if isinstance(value, list) else [value]
        strings = [_to_string(v) for v in items]
        if t == "string[]":
            if param.not_empty and any(s == "" for s in strings):
                raise _error("ps.bind.empty_string", command, start, end, "ParameterArgumentValidationErrorEmptyStringNotAllowed", spec, category="InvalidData", name=param.name)
            return strings
        joined = " ".join(strings)
        if t == "string":
            if param.not_empty and joined == "":
                raise _error("ps.bind.empty_string", command, start, end, "ParameterArgumentValidationErrorEmptyStringNotAllowed", spec, category="InvalidData", name=param.name)
            if param.validate_set and joined.casefold() not in (v.casefold() for v in param.validate_set):
                raise _error("ps.bind.validate_set", command, start, end, "ParameterArgumentValidationError", spec, category="InvalidData", name=param.name, value=joined, values=",".join(param.validate_set))
            return joined
        if t == "version":
            if not re.fullmatch(r"\d+\.\d+", joined):
                raise _error("ps.bind.cannot_convert", command, start, end, "CannotConvertArgumentNoMessage", spec, name=param.name, value=joined, type_name="System.Version", detail=text("ps.bind.version_format"))
            return joined
        for member in param.enum_values:
            if member.casefold() == joined.strip().casefold():
                return member
        raise _error(
            "ps.bind.cannot_convert", command, start, end, "CannotConvertArgumentNoMessage", spec,
            name=param.name, value=joined, type_name=param.enum_type,
            detail=text("ps.bind.enum_no_match", value=joined, values=", ".join(param.enum_values)),
        )
    if t in ("int16", "int32", "int64", "uint32", "uint64"):
        items = value if isinstance(value, list) else [value]
        if len(items) != 1:
            raise _error("ps.bind.cannot_convert_object", command, start, end, "CannotConvertArgument", spec, name=param.name, value=_to_string(value), source_type="System.Object[]", type_name=param.net_type)
        v = items[0]
        if isinstance(v, bool):
            v = int(v)
        if isinstance(v, str):
            try:
                v = int(v.strip())
            except ValueError:
                raise _error("ps.bind.cannot_convert", command, start, end, "CannotConvertArgumentNoMessage", spec, name=param.name, value=v, type_name=param.net_type, detail=text("ps.bind.input_format")) from None
        if isinstance(v, float):
            v = int(round(v))
        if not isinstance(v, int):
            raise _cannot_convert_object(param, v, spec, command, start, end)
        if param.validate_set and str(v) not in param.validate_set:
            raise _error("ps.bind.validate_set", command, start, end, "ParameterArgumentValidationError", spec, category="InvalidData", name=param.name, value=str(v), values=",".join(param.validate_set))
        if t.startswith("uint") and v < 0:
            raise _error("ps.bind.cannot_convert", command, start, end, "CannotConvertArgumentNoMessage", spec, name=param.name, value=str(v), type_name=param.net_type, detail=text("ps.bind.value_range"))
        return v
    if t in ("guid", "guid[]"):
        items = value if isinstance(value, list) else [value]
        guids = []
        for v in items:
            if isinstance(v, VMObject):
                v = v.vm_id
            s = _to_string(v)
            try:
                guids.append(str(uuid.UUID(s)).upper())
            except ValueError:
                raise _error("ps.bind.cannot_convert", command, start, end, "CannotConvertArgumentNoMessage", spec, name=param.name, value=s, type_name="System.Guid", detail=text("ps.bind.guid_format")) from None
        return guids if t == "guid[]" else guids[0]
    if t in ("vm", "vm[]", "snapshot", "snapshot[]", "is[]", "vmbase"):
        items = value if isinstance(value, list) else [value]
        wanted: tuple[type, ...] = (VMObject, SnapshotObject) if t == "vmbase" else (_OBJECT_TYPES[t.rstrip("[]")],)
        for v in items:
            if not isinstance(v, wanted):
                raise _cannot_convert_object(param, v, spec, command, start, end)
        if t.endswith("[]"):
            return list(items)
        if len(items) != 1:
            raise _cannot_convert_object(param, value, spec, command, start, end)
        return items[0]
    if t in ("credential[]", "cimsession[]"):
        raise _cannot_convert_object(param, value, spec, command, start, end)
    raise AssertionError(t)  # pragma: no cover


def _cannot_convert_object(param: Param, value: Any, spec: CmdletSpec, command: str, start: int, end: int) -> PSError:
    return _error(
        "ps.bind.cannot_convert_object", command, start, end, "CannotConvertArgument", spec,
        name=param.name, value=_to_string(value), source_type=_type_of(value), type_name=param.net_type,
    )


def _type_of(value: Any) -> str:
    if isinstance(value, PSObject):
        return value.type_name
    if isinstance(value, bool):
        return "System.Boolean"
    if isinstance(value, int):
        return "System.Int32"
    if isinstance(value, float):
        return "System.Double"
    if isinstance(value, list):
        return "System.Object[]"
    if isinstance(value, ScriptBlock):
        return "System.Management.Automation.ScriptBlock"
    return "System.String"


def _to_string(value: Any) -> str:
    from .objects import to_display

    if isinstance(value, list):
        return " ".join(_to_string(v) for v in value)
    return to_display(value)


def _accepts_by_value(param: Param, obj: Any) -> bool:
    t = param.type
    if t in ("object", "object[]"):
        return True
    if t.rstrip("[]") in _OBJECT_TYPES:
        return isinstance(obj, _OBJECT_TYPES[t.rstrip("[]")])
    if t == "vmbase":
        return isinstance(obj, (VMObject, SnapshotObject))
    if t in ("string", "string[]", "guid", "guid[]"):
        return not isinstance(obj, PSObject) and not isinstance(obj, ScriptBlock)
    return False


def bind(
    spec: CmdletSpec,
    command: str,
    named: Sequence[NamedArg],
    positionals: Sequence[PositionalArg],
    pipeline_input: Any = NO_INPUT,
    *,
    command_span: tuple[int, int] = (0, 0),
    check_only: bool = False,
) -> Bound:
    """Bind one invocation (and, when given, one pipeline input object).

    ``check_only`` validates names and values without requiring mandatory parameters (used when a
    downstream command receives no input, so PowerShell never calls it, but still binds its
    arguments).
    """
    resolved: dict[str, tuple[Param, NamedArg]] = {}
    for arg in named:
        param = resolve_parameter(spec, arg.name, command, arg.start, arg.end)
        if param.name in resolved:
            raise _error("ps.bind.already_bound", command, arg.start, arg.end, "ParameterAlreadyBound", spec, name=param.name)
        if arg.value is MISSING and param.type != "switch":
            raise _error("ps.bind.missing_argument", command, arg.start, arg.end, "MissingArgument", spec, name=param.name, type_name=param.net_type)
        resolved[param.name] = (param, arg)

    candidates = [s for s in spec.sets if all(p.in_set(s) for p, _ in resolved.values())]
    if not candidates:
        raise _error("ps.bind.ambiguous_parameter_set", command, *command_span, "AmbiguousParameterSet", spec, command_name=spec.name)

    errors: list[tuple[str, PSError]] = []
    for set_name in candidates:
        try:
            return _bind_set(spec, command, set_name, resolved, positionals, pipeline_input, command_span, check_only)
        except PSError as error:
            errors.append((set_name, error))
    # Report the default set's problem when it was a candidate, as PowerShell does.
    order = {s: i for i, s in enumerate(spec.sets)}
    priority = {"PositionalParameterNotFound": 0, "CannotConvertArgumentNoMessage": 1, "CannotConvertArgument": 1, "ParameterArgumentTransformationError": 1, "ParameterArgumentValidationError": 1, "InputObjectNotBound": 3, "MissingMandatoryParameter": 4}
    errors.sort(key=lambda e: (priority.get((e[1].error_id or "").split(",")[0], 2), order[e[0]]))
    if any((e.error_id or "").startswith("MissingMandatoryParameter") for _, e in errors) and all((e.error_id or "").startswith(("MissingMandatoryParameter", "InputObjectNotBound")) for _, e in errors):
        default = [e for s, e in errors if s == candidates[0]]
        raise default[0]
    raise errors[0][1]


def _bind_set(
    spec: CmdletSpec,
    command: str,
    set_name: str,
    resolved: dict[str, tuple[Param, NamedArg]],
    positionals: Sequence[PositionalArg],
    pipeline_input: Any,
    command_span: tuple[int, int],
    check_only: bool,
) -> Bound:
    values: dict[str, Any] = {}
    for name, (param, arg) in resolved.items():
        raw = True if (param.type == "switch" and arg.value is MISSING) else arg.value
        values[name] = convert(param, raw, spec, command, arg.start, arg.end)
    slots = sorted(
        (p for p in spec.params if p.in_set(set_name) and p.position(set_name) is not None and p.name not in values),
        key=lambda p: p.position(set_name),  # type: ignore[arg-type, return-value]
    )
    if pipeline_input is not NO_INPUT and positionals:
        # A parameter that will take the pipeline object by value is not filled by position
        # (``Get-VMSnapshot ... | Get-VMIntegrationService Shutdown,VSS`` binds -Name).
        piped = next((p for p in slots if p.by_value and _accepts_by_value(p, pipeline_input) and isinstance(pipeline_input, PSObject)), None)
        if piped is not None:
            slots = [p for p in slots if p is not piped]
    for index, arg in enumerate(positionals):
        if index >= len(slots):
            raise _error("ps.bind.positional_not_found", command, arg.start, arg.end, "PositionalParameterNotFound", spec, value=arg.source)
        param = slots[index]
        values[param.name] = convert(param, arg.value, spec, command, arg.start, arg.end, arg.source)
    from_pipeline: set[str] = set()
    if pipeline_input is not NO_INPUT:
        target = None
        for p in spec.params:
            if p.in_set(set_name) and p.by_value and p.name not in values and _accepts_by_value(p, pipeline_input):
                target = p
                break
        if target is not None:
            values[target.name] = convert(target, pipeline_input, spec, command, *command_span)
            from_pipeline.add(target.name)
        if isinstance(pipeline_input, PSObject):
            for p in spec.params:
                if p.in_set(set_name) and p.by_property and p.name not in values:
                    for candidate in (p.name, *p.aliases):
                        if pipeline_input.has(candidate) and pipeline_input.get(candidate) is not None:
                            values[p.name] = convert(p, pipeline_input.get(candidate), spec, command, *command_span)
                            from_pipeline.add(p.name)
                            break
        if not from_pipeline:
            raise _error("ps.bind.input_not_bound", command, *command_span, "InputObjectNotBound", spec, exception="ParameterBindingException")
    if not check_only:
        missing = [p.name for p in spec.params if p.in_set(set_name) and p.mandatory(set_name) and p.name not in values]
        if missing:
            raise _error("ps.bind.missing_mandatory", command, *command_span, "MissingMandatoryParameter", spec, names="".join(f" {m}" for m in missing))
        for p in spec.params:
            if p.in_set(set_name) and p.mandatory(set_name) and p.name in values and values[p.name] is None:
                raise _error("ps.bind.null_argument", command, *command_span, "ParameterArgumentValidationErrorNullNotAllowed", spec, category="InvalidData", name=p.name)
    return Bound(set_name, values, from_pipeline)
