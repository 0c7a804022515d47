"""Parameter binding: which typed word goes to which cmdlet parameter, as PowerShell decides.

The rules are PowerShell's (about_Parameters, about_Parameter_Sets): a parameter is named by
its full name, an alias or any unambiguous prefix; positional arguments fill the parameters of
the chosen parameter set in position order; pipeline input binds by value, then by property
name; every mandatory parameter of the set must end up bound. Each refusal raises a
:class:`~hvlab.powershell.errors.PSError` whose text is PowerShell's own resource string
(ParameterBinderStrings.resx, github.com/PowerShell/PowerShell), taken from the catalog.

Parameter names, positions, aliases, sets and accepted values of each cmdlet are declared in
:mod:`hvlab.powershell.specs` (as :mod:`.parameters` objects) from Microsoft's reference pages;
values are converted by :mod:`.conversion`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from .conversion import accepts_by_value, binding_error, convert
from .errors import PSError
from .objects import PSObject
from .parameters import NO_INPUT, CmdletSpec, Param

__all__ = ["MISSING", "Bound", "NamedArg", "PositionalArg", "bind", "find_parameter", "resolve_parameter"]


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
        raise binding_error("ps.bind.ambiguous_parameter", command, start, end, "AmbiguousParameter", spec, name=typed, matches=listed)
    raise binding_error("ps.bind.named_parameter_not_found", command, start, end, "NamedParameterNotFound", spec, name=typed)


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
            raise binding_error("ps.bind.already_bound", command, arg.start, arg.end, "ParameterAlreadyBound", spec, name=param.name)
        if arg.value is MISSING and param.type != "switch":
            raise binding_error("ps.bind.missing_argument", command, arg.start, arg.end, "MissingArgument", spec, name=param.name, type_name=param.net_type)
        resolved[param.name] = (param, arg)

    candidates = [s for s in spec.sets if all(p.in_set(s) for p, _ in resolved.values())]
    if not candidates:
        raise binding_error("ps.bind.ambiguous_parameter_set", command, *command_span, "AmbiguousParameterSet", spec, command_name=spec.name)

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
        piped = next((p for p in slots if p.by_value and accepts_by_value(p, pipeline_input) and isinstance(pipeline_input, PSObject)), None)
        if piped is not None:
            slots = [p for p in slots if p is not piped]
    for index, arg in enumerate(positionals):
        if index >= len(slots):
            raise binding_error("ps.bind.positional_not_found", command, arg.start, arg.end, "PositionalParameterNotFound", spec, value=arg.source)
        param = slots[index]
        values[param.name] = convert(param, arg.value, spec, command, arg.start, arg.end, arg.source)
    from_pipeline: set[str] = set()
    if pipeline_input is not NO_INPUT:
        target = None
        for p in spec.params:
            if p.in_set(set_name) and p.by_value and p.name not in values and accepts_by_value(p, pipeline_input):
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
            raise binding_error("ps.bind.input_not_bound", command, *command_span, "InputObjectNotBound", spec, exception="ParameterBindingException")
    if not check_only:
        missing = [p.name for p in spec.params if p.in_set(set_name) and p.mandatory(set_name) and p.name not in values]
        if missing:
            raise binding_error("ps.bind.missing_mandatory", command, *command_span, "MissingMandatoryParameter", spec, names="".join(f" {m}" for m in missing))
        for p in spec.params:
            if p.in_set(set_name) and p.mandatory(set_name) and p.name in values and values[p.name] is None:
                raise binding_error("ps.bind.null_argument", command, *command_span, "ParameterArgumentValidationErrorNullNotAllowed", spec, category="InvalidData", name=p.name)
    return Bound(set_name, values, from_pipeline)
