"""Convert typed values to a parameter's declared type, or raise PowerShell's binding error.

The rules and messages are PowerShell's parameter binder's (ParameterBinderStrings.resx in
github.com/PowerShell/PowerShell) and, inside them, .NET's conversion messages (Strings.resx
in github.com/dotnet/runtime), taken from the catalog.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from ..catalog import text
from .errors import PSError
from .objects import IntegrationServiceObject, PSObject, SnapshotObject, VMObject, to_display
from .parameters import CmdletSpec, Param, ScriptBlock

__all__ = ["INTEGER_RANGES", "accepts_by_value", "binding_error", "convert"]

INTEGER_RANGES = {
    "int16": (-(2**15), 2**15 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint32": (0, 2**32 - 1),
    "uint64": (0, 2**64 - 1),
}
"""The range of each .NET integer type; outside it .NET's conversion throws an OverflowException
whose message (``ps.bind.overflow.<type>``) names the parameter's type: "Value was either too
large or too small for a UInt64." (resources Overflow_Int16 ... Overflow_UInt64 in
github.com/dotnet/runtime, src/libraries/System.Private.CoreLib/src/Resources/Strings.resx)."""
_OBJECT_TYPES = {"vm": VMObject, "snapshot": SnapshotObject, "is": IntegrationServiceObject}


def binding_error(key: str, command: str, start: int, end: int, error_id: str, spec: CmdletSpec, category: str = "InvalidArgument", exception: str = "ParameterBindingException", **values: Any) -> PSError:
    command_type = spec.command_type or spec.name
    return PSError(
        [text(key, **values)],
        command=command,
        start=start,
        end=end,
        category=f"{category}: (:) [{spec.name}], {exception}",
        error_id=f"{error_id},{command_type}",
    )


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
        raise binding_error("ps.bind.transformation", command, start, end, "ParameterArgumentTransformationError", spec, name=param.name, detail=text("ps.bind.bool_only", type_name=_type_of(value), target="System.Management.Automation.SwitchParameter"))
    if t == "bool":
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return value != 0
        raise binding_error("ps.bind.transformation", command, start, end, "ParameterArgumentTransformationError", spec, name=param.name, detail=text("ps.bind.bool_only", type_name=_type_of(value), target="System.Boolean"))
    if t in ("string", "string[]", "enum", "version"):
        items = value if isinstance(value, list) else [value]
        strings = [_to_string(v) for v in items]
        if t == "string[]":
            if param.not_empty and any(s == "" for s in strings):
                raise binding_error("ps.bind.empty_string", command, start, end, "ParameterArgumentValidationErrorEmptyStringNotAllowed", spec, category="InvalidData", name=param.name)
            return strings
        joined = " ".join(strings)
        if t == "string":
            if param.not_empty and joined == "":
                raise binding_error("ps.bind.empty_string", command, start, end, "ParameterArgumentValidationErrorEmptyStringNotAllowed", spec, category="InvalidData", name=param.name)
            if param.validate_set and joined.casefold() not in (v.casefold() for v in param.validate_set):
                raise binding_error("ps.bind.validate_set", command, start, end, "ParameterArgumentValidationError", spec, category="InvalidData", name=param.name, value=joined, values=",".join(param.validate_set))
            return joined
        if t == "version":
            if not re.fullmatch(r"\d+\.\d+", joined):
                raise binding_error("ps.bind.cannot_convert", command, start, end, "CannotConvertArgumentNoMessage", spec, name=param.name, value=joined, type_name="System.Version", detail=text("ps.bind.version_format"))
            return joined
        for member in param.enum_values:
            if member.casefold() == joined.strip().casefold():
                return member
        raise binding_error(
            "ps.bind.cannot_convert", command, start, end, "CannotConvertArgumentNoMessage", spec,
            name=param.name, value=joined, type_name=param.enum_type,
            detail=text("ps.bind.enum_no_match", value=joined, values=", ".join(param.enum_values)),
        )
    if t in ("int16", "int32", "int64", "uint32", "uint64"):
        items = value if isinstance(value, list) else [value]
        if len(items) != 1:
            raise binding_error("ps.bind.cannot_convert_object", command, start, end, "CannotConvertArgument", spec, name=param.name, value=_to_string(value), source_type="System.Object[]", type_name=param.net_type)
        v = items[0]
        if isinstance(v, bool):
            v = int(v)
        if isinstance(v, str):
            try:
                v = int(v.strip())
            except ValueError:
                raise binding_error("ps.bind.cannot_convert", command, start, end, "CannotConvertArgumentNoMessage", spec, name=param.name, value=v, type_name=param.net_type, detail=text("ps.bind.input_format")) from None
        if isinstance(v, float):
            v = int(round(v))
        if not isinstance(v, int):
            raise _cannot_convert_object(param, v, spec, command, start, end)
        # conversion first (its overflow message), then validation, as PowerShell binds
        low, high = INTEGER_RANGES[t]
        if not low <= v <= high:
            raise binding_error("ps.bind.cannot_convert", command, start, end, "CannotConvertArgumentNoMessage", spec, name=param.name, value=str(v), type_name=param.net_type, detail=text("ps.bind.overflow." + t))
        if param.validate_set and str(v) not in param.validate_set:
            raise binding_error("ps.bind.validate_set", command, start, end, "ParameterArgumentValidationError", spec, category="InvalidData", name=param.name, value=str(v), values=",".join(param.validate_set))
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
                raise binding_error("ps.bind.cannot_convert", command, start, end, "CannotConvertArgumentNoMessage", spec, name=param.name, value=s, type_name="System.Guid", detail=text("ps.bind.guid_format")) from None
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
    return binding_error(
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
    if isinstance(value, list):
        return " ".join(_to_string(v) for v in value)
    return to_display(value)


def accepts_by_value(param: Param, obj: Any) -> bool:
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
