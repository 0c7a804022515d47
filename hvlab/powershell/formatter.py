"""Turn pipeline output into text the way PowerShell's formatter does.

Each Hyper-V type has the default view a real host prints (columns copied from Microsoft's own
sample output): ``Get-VM`` — Name, State, CPUUsage(%), MemoryAssigned(M), Uptime, Status,
Version (learn.microsoft.com WSL interop sample; many host transcripts); ``Get-VMSnapshot`` —
VMName, Name, SnapshotType, CreationTime, ParentSnapshotName; ``Get-VMIntegrationService`` —
VMName, Name, Enabled, PrimaryStatusDescription, SecondaryStatusDescription (IS-MANAGE);
``Get-VHD`` — a list. Other objects follow PowerShell's rule: four properties or fewer make a
table, more a list. Tables are laid out as data first (:func:`table_layout`) so tests can check
columns without parsing text.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, Sequence

from .objects import IntegrationServiceObject, PSObject, SnapshotObject, VhdObject, VMObject, to_display

__all__ = ["Column", "TableLayout", "format_list", "format_output", "format_table", "table_layout"]


@dataclass(frozen=True)
class Column:
    header: str
    property: str
    align_right: bool = False
    scale: float = 1.0  # MemoryAssigned(M) shows bytes / 1 MB


@dataclass(frozen=True)
class TableLayout:
    headers: tuple[str, ...]
    widths: tuple[int, ...]
    rows: tuple[tuple[str, ...], ...]
    right: tuple[bool, ...]


DEFAULT_TABLES: dict[type, tuple[Column, ...]] = {
    VMObject: (
        Column("Name", "Name"),
        Column("State", "State"),
        Column("CPUUsage(%)", "CPUUsage"),
        Column("MemoryAssigned(M)", "MemoryAssigned", scale=1024 * 1024),
        Column("Uptime", "Uptime"),
        Column("Status", "Status"),
        Column("Version", "Version"),
    ),
    SnapshotObject: (
        Column("VMName", "VMName"),
        Column("Name", "Name"),
        Column("SnapshotType", "SnapshotType"),
        Column("CreationTime", "CreationTime"),
        Column("ParentSnapshotName", "ParentSnapshotName"),
    ),
    IntegrationServiceObject: (
        Column("VMName", "VMName"),
        Column("Name", "Name"),
        Column("Enabled", "Enabled"),
        Column("PrimaryStatusDescription", "PrimaryStatusDescription"),
        Column("SecondaryStatusDescription", "SecondaryStatusDescription"),
    ),
}
LIST_TYPES = (VhdObject,)


def _cell(obj: PSObject, column: Column) -> str:
    value = obj.get(column.property)
    if column.scale != 1.0 and isinstance(value, (int, float)):
        value = int(value / column.scale)
    return to_display(value)


def table_layout(objects: Sequence[PSObject], columns: Sequence[Column]) -> TableLayout:
    rows = tuple(tuple(_cell(o, c) for c in columns) for o in objects)
    widths = tuple(max([len(c.header)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns))
    return TableLayout(tuple(c.header for c in columns), widths, rows, tuple(c.align_right for c in columns))


def _render_table(layout: TableLayout) -> str:
    def line(cells: Sequence[str], fill: bool = True) -> str:
        parts = []
        last = len(cells) - 1
        for i, cell in enumerate(cells):
            width = layout.widths[i]
            if layout.right[i]:
                parts.append(cell.rjust(width))
            else:
                parts.append(cell.ljust(width) if i < last else cell)
        return " ".join(parts).rstrip()

    out = ["", line(layout.headers), line(["-" * len(h) for h in layout.headers])]
    out += [line(r) for r in layout.rows]
    return "\n".join(out) + "\n"


def format_table(objects: Sequence[Any], properties: Sequence[str] | None = None) -> str:
    """``Format-Table``: the type's default columns, or the given properties."""
    objects = [o for o in objects]
    if not objects:
        return ""
    plain = [o for o in objects if not isinstance(o, PSObject)]
    if plain and len(plain) == len(objects):
        return "\n".join(to_display(o) for o in objects) + "\n"
    ps_objects = [o for o in objects if isinstance(o, PSObject)]
    columns = _columns_for(ps_objects[0], properties)
    numeric = [all(isinstance(o.get(c.property), (int, float)) and not isinstance(o.get(c.property), bool) for o in ps_objects) for c in columns]
    if not properties and type(ps_objects[0]) in DEFAULT_TABLES:
        numeric = [False] * len(columns)  # the Hyper-V views left-align (see Microsoft's samples)
    columns = [Column(c.header, c.property, num, c.scale) for c, num in zip(columns, numeric)]
    return _render_table(table_layout(ps_objects, columns))


def _columns_for(first: PSObject, properties: Sequence[str] | None) -> list[Column]:
    if properties:
        names = _expand(first, properties)
        return [Column(n, n) for n in names]
    if type(first) in DEFAULT_TABLES:
        return list(DEFAULT_TABLES[type(first)])
    return [Column(n, n) for n in first.property_names()]


def _expand(obj: PSObject, properties: Sequence[str]) -> list[str]:
    """Resolve ``*`` and case: the object's own spelling of each property name."""
    names: list[str] = []
    for wanted in properties:
        matched = [n for n in obj.property_names() if fnmatchcase(n.lower(), wanted.lower())]
        if not matched and not any(ch in wanted for ch in "*?["):
            matched = [wanted]
        for m in matched:
            if m not in names:
                names.append(m)
    return names


def format_list(objects: Sequence[Any], properties: Sequence[str] | None = None) -> str:
    """``Format-List``: one ``Name : value`` block per object."""
    blocks: list[str] = []
    for obj in objects:
        if not isinstance(obj, PSObject):
            blocks.append(to_display(obj))
            continue
        if properties:
            names = _expand(obj, properties)
        elif isinstance(obj, VMObject):
            names = ["Name", "State", "CPUUsage", "MemoryAssigned", "Uptime", "Status", "Version", "Generation", "CheckpointType", "AutomaticCheckpointsEnabled", "SnapshotFileLocation", "ParentSnapshotName"]
        else:
            names = obj.property_names()
        width = max(len(n) for n in names) if names else 0
        lines = []
        for n in names:
            value = to_display(obj.get(n))
            lines.append(f"{n.ljust(width)} : {value}".rstrip())
        blocks.append("\n".join(lines))
    if not blocks:
        return ""
    return "\n" + "\n\n".join(blocks) + "\n\n"


def format_output(objects: Sequence[Any]) -> str:
    """The text ``Out-Default`` prints for whatever reached the end of a pipeline.

    Objects are grouped by type in order, as PowerShell starts a new table when the type changes.
    """
    text: list[str] = []
    group: list[Any] = []

    def flush() -> None:
        if not group:
            return
        first = group[0]
        if isinstance(first, FormattedText):
            text.extend(g.text for g in group)
        elif not isinstance(first, PSObject):
            text.append("\n".join(to_display(g) for g in group) + "\n")
        elif isinstance(first, LIST_TYPES) or (type(first) not in DEFAULT_TABLES and len(first.property_names()) > 4):
            text.append(format_list(group))
        else:
            text.append(format_table(group))
        group.clear()

    for obj in objects:
        if group and _group_key(obj) != _group_key(group[0]):
            flush()
        group.append(obj)
    flush()
    return "".join(text)


def _group_key(obj: Any) -> object:
    if isinstance(obj, FormattedText):
        return FormattedText
    if isinstance(obj, PSObject):
        if type(obj).__name__ == "CustomObject":
            return ("custom", tuple(obj.property_names()))
        return type(obj)
    return "plain"


@dataclass(frozen=True)
class FormattedText:
    """What ``Format-Table``/``Format-List`` write: already-formatted text."""

    text: str
