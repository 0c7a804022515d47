"""PowerShell's own utility cmdlets on the console's objects: Where-Object, ForEach-Object,
Select-Object, Sort-Object, the Format cmdlets, Measure-Object, Write-Output, Get-Command and
Get-Help (Microsoft.PowerShell.Core and .Utility reference pages).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from ...catalog import text
from ..binder import Bound
from ..parameters import CmdletSpec, ScriptBlock
from ..evaluation import unwrap
from ..formatter import FormattedText, format_list, format_table
from ..objects import CustomObject, PSObject, to_display
from ..operators import compare, has_wildcard, iter_names, truthy, wildcard_match
from ..runtime import CmdletContext
from ..specs import ALIASES, SPECS
from .registry import cmdlet

__all__ = ["help_text"]


def pipeline_inputs(bound: Bound, inputs: list[Any] | None) -> list[Any]:
    if inputs is not None:
        return inputs
    value = bound.get("InputObject")
    return [] if value is None else (value if isinstance(value, list) else [value])


@cmdlet("Where-Object")
def where_object(ctx: CmdletContext, bound: Bound, inputs: Any) -> Iterable[Any]:
    items = pipeline_inputs(bound, inputs)
    if bound.set_name == "ScriptBlockSet":
        block: ScriptBlock = bound.get("FilterScript")
        return [i for i in items if truthy(unwrap(ctx.session.run_script_block(block, i)))]
    prop = bound.get("Property")
    operators = [p.name for p in ctx.spec.params if p.type == "switch" and p.name not in ("Verbose", "Debug") and bound.get(p.name)]
    kept = []
    for i in items:
        value = i.get(prop) if isinstance(i, PSObject) else None
        if not operators:
            keep = truthy(value)
        else:
            keep = bool(compare(operators[0].lower(), value, bound.get("Value")))
        if keep:
            kept.append(i)
    return kept


@cmdlet("ForEach-Object")
def foreach_object(ctx: CmdletContext, bound: Bound, inputs: Any) -> Iterable[Any]:
    items = pipeline_inputs(bound, inputs)
    out: list[Any] = []
    if bound.set_name == "ScriptBlockSet":
        for i in items:
            out += ctx.session.run_script_block(bound.get("Process"), i)
        return out
    member = bound.get("MemberName")
    return [i.get(member) for i in items if isinstance(i, PSObject)]


@cmdlet("Select-Object")
def select_object(ctx: CmdletContext, bound: Bound, inputs: Any) -> Iterable[Any]:
    items = pipeline_inputs(bound, inputs)
    if bound.get("Unique"):
        seen: list[str] = []
        unique = []
        for i in items:
            key = to_display(i)
            if key not in seen:
                seen.append(key)
                unique.append(i)
        items = unique
    if bound.get("Skip"):
        items = items[bound.get("Skip") :]
    if bound.get("First") is not None:
        items = items[: bound.get("First")]
    if bound.get("Last") is not None:
        items = items[-bound.get("Last") :] if bound.get("Last") else []
    expand = bound.get("ExpandProperty")
    if expand:
        out: list[Any] = []
        for i in items:
            value = i.get(expand) if isinstance(i, PSObject) else None
            if value is None and isinstance(i, PSObject) and not i.has(expand):
                raise ctx.fail(text("ps.select_expand_missing", name=expand))
            out += value if isinstance(value, list) else [value]
        return out
    props = bound.get("Property")
    if not props:
        return items
    names = [str(p) for p in props]
    result = []
    for i in items:
        if not isinstance(i, PSObject):
            result.append(CustomObject({n: None for n in names}))
            continue
        expanded: list[str] = []
        for n in names:
            if has_wildcard(n):
                expanded += [p for p in i.property_names() if wildcard_match(n, p) and p not in expanded]
            else:
                spelled = next((p for p in i.property_names() if p.casefold() == n.casefold()), n)
                expanded.append(spelled)
        result.append(CustomObject({n: i.get(n) for n in expanded}))
    return result


@cmdlet("Sort-Object")
def sort_object(ctx: CmdletContext, bound: Bound, inputs: Any) -> Iterable[Any]:
    items = list(pipeline_inputs(bound, inputs))
    props = [str(p) for p in (bound.get("Property") or [])]

    def key(obj: Any) -> tuple:
        if not props:
            return (_sort_value(obj.get(obj.property_names()[0]) if isinstance(obj, PSObject) else obj),)
        return tuple(_sort_value(obj.get(p) if isinstance(obj, PSObject) else None) for p in props)

    items.sort(key=key, reverse=bool(bound.get("Descending")))
    return items


def _sort_value(value: Any) -> tuple:
    if value is None:
        return (0, "")
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, (int, float)):
        return (1, value)
    if isinstance(value, datetime):
        return (2, value.isoformat())
    return (3, to_display(value).casefold())


@cmdlet("Format-Table")
def format_table_cmd(ctx: CmdletContext, bound: Bound, inputs: Any) -> Iterable[Any]:
    items = pipeline_inputs(bound, inputs)
    props = [str(p) for p in bound.get("Property")] if bound.get("Property") else None
    rendered = format_table(items, props)
    return [FormattedText(rendered)] if rendered else []


@cmdlet("Format-List")
def format_list_cmd(ctx: CmdletContext, bound: Bound, inputs: Any) -> Iterable[Any]:
    items = pipeline_inputs(bound, inputs)
    props = [str(p) for p in bound.get("Property")] if bound.get("Property") else None
    rendered = format_list(items, props)
    return [FormattedText(rendered)] if rendered else []


@cmdlet("Measure-Object")
def measure_object(ctx: CmdletContext, bound: Bound, inputs: Any) -> Iterable[Any]:
    items = pipeline_inputs(bound, inputs)
    return [CustomObject({"Count": len(items), "Average": None, "Sum": None, "Maximum": None, "Minimum": None, "Property": None})]


@cmdlet("Write-Output")
def write_output(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    if item is not None:
        return [item]
    value = bound.get("InputObject")
    return value if isinstance(value, list) else [value]


@cmdlet("Get-Command")
def get_command(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    patterns = iter_names(bound.get("Name")) or ["*"]
    out = []
    for spec in sorted(SPECS.values(), key=lambda s: s.name):
        if any(wildcard_match(p, spec.name) for p in patterns):
            source = "hvlab (lab only)" if spec.lab_only else ("Hyper-V" if "hyper-v" in spec.source else "Microsoft.PowerShell")
            out.append(CustomObject({"CommandType": "Cmdlet", "Name": spec.name, "Source": source}))
    for alias, target in sorted(ALIASES.items()):
        if any(wildcard_match(p, alias) for p in patterns) and "vm" in alias:
            out.append(CustomObject({"CommandType": "Alias", "Name": f"{_alias_spelling(alias)} -> {target}", "Source": "Hyper-V"}))
    return out


def _alias_spelling(alias: str) -> str:
    verb, noun = alias.split("-", 1)
    return verb.capitalize() + "-VMCheckpoint" if noun == "vmcheckpoint" else alias


@cmdlet("Get-Help")
def get_help(ctx: CmdletContext, bound: Bound, item: Any) -> Iterable[Any]:
    name = bound.get("Name")
    if not name:
        names = ", ".join(sorted(s.name for s in SPECS.values()))
        return [FormattedText(text("ps.help.overview", commands=names) + "\n")]
    spec = SPECS.get(ALIASES.get(name.casefold(), name).casefold())
    if spec is None:
        raise ctx.fail(text("ps.help.not_found", name=name))
    return [FormattedText(help_text(spec) + "\n")]


def help_text(spec: CmdletSpec) -> str:
    """NAME / SYNOPSIS / SYNTAX / REMARKS, the layout of ``Get-Help``; lab cmdlets say they are not Hyper-V's."""
    key = "ps.help." + spec.name
    try:
        synopsis = text(key)
    except KeyError:
        synopsis = ""
    lines = ["", "NAME", "    " + spec.name, "", "SYNOPSIS", "    " + synopsis, "", "SYNTAX"]
    common = {p.name for p in spec.params if p.common}
    for set_name in spec.sets:
        parts = [spec.name]
        params = [p for p in spec.params if p.in_set(set_name) and p.name not in common]
        params.sort(key=lambda p: (p.position(set_name) is None, p.position(set_name) or 0))
        for p in params:
            type_name = p.net_type.rsplit(".", 1)[-1] if p.type != "switch" else ""
            name = f"-{p.name}" if p.position(set_name) is None else f"[-{p.name}]"
            piece = name if p.type == "switch" else f"{name} <{type_name}>"
            parts.append(piece if p.mandatory(set_name) else f"[{piece}]")
        if any(p.name == "WhatIf" for p in spec.params):
            parts += ["[-WhatIf]", "[-Confirm]"]
        parts.append("[<CommonParameters>]")
        lines.append("    " + " ".join(parts))
        lines.append("")
    lines.append("REMARKS")
    if spec.lab_only:
        lines.append("    " + text("ps.help.lab_only"))
        lines.append("    " + text("ps.help.real_host." + spec.name))
    else:
        lines.append("    " + text("ps.help.online", url=spec.source))
    aliases = [a for a, t in ALIASES.items() if t == spec.name]
    if aliases:
        lines.append("    " + text("ps.help.aliases", aliases=", ".join(_alias_spelling(a) for a in aliases)))
    return "\n".join(lines)
