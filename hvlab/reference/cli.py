"""``python -m hvlab explain``: a ruling of hvlab's reference, its status and sources.

    python -m hvlab explain B23                 # one entry, in the learner's language
    python -m hvlab explain B18 B21 --lang ja   # several, in Japanese
    python -m hvlab explain --all --format markdown > docs/reference.md

``docs/reference.md`` (English) and ``docs/reference.ja.md`` (Japanese) are this command's
Markdown output; a test checks they are up to date.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import Sequence

from .. import catalog
from ..catalog import text
from . import ReferenceError, Ruling, Source, configuration_versions, ruling, ruling_ids, rulings, source, source_keys

__all__ = ["main", "markdown", "plain"]

DOC_FILES = {"en": "reference.md", "ja": "reference.ja.md"}
"""The generated pages, by language, in ``docs/``."""


def _wrap(paragraph: str, indent: str = "") -> str:
    if catalog.get_language() != "en":  # no spaces to break Japanese at: leave it to the terminal
        return indent + paragraph
    return textwrap.fill(paragraph, width=92, initial_indent=indent, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def _source_line(s: Source) -> str:
    return f"{s.key}: {s.title} ({text(f'reference.publisher.{s.publisher}')})\n      {s.url}"


def _status_line(entry: Ruling) -> str:
    """The status and what it means; a ruling whose parts differ lists their statuses."""
    statuses = list(dict.fromkeys(p.status for p in entry.parts))
    if len(statuses) == 1:
        return f"{entry.status.label} — {entry.status.help}"
    return f"{' + '.join(s.label for s in statuses)} — {text('reference.status_mixed')}"


def plain(entry: Ruling) -> str:
    """One entry as terminal text."""
    lines = [f"{entry.id} · {entry.title}", "", _wrap(entry.text), ""]
    lines.append(f"{text('reference.label.status')}: {_status_line(entry)}")
    if len(entry.parts) > 1:
        lines.append(f"{text('reference.label.parts')}:")
        lines += [_wrap(f"[{p.status.label}] {p.text}", "  ") for p in entry.parts]
    lines.append(f"{text('reference.label.sources')}:")
    if entry.sources:
        lines += [f"  - {_source_line(s)}" for s in entry.sources]
    else:
        lines.append(f"  - {text('reference.label.no_source')}")
    if entry.id == "B26":
        lines += ["", *_version_table_plain()]
    return "\n".join(lines)


def _version_table_plain() -> list[str]:
    table = configuration_versions()
    width = max(map(len, table))
    return [f"  {host:<{width}}  {', '.join(versions)}" for host, versions in table.items()]


def _link(s: Source) -> str:
    return f"[{s.title}]({s.url})"


def _markdown_entry(entry: Ruling) -> list[str]:
    out = [f'### <a id="{entry.anchor}"></a>{entry.id} · {entry.title}', "", entry.text, ""]
    out.append(f"**{text('reference.label.status')}:** {_status_line(entry)}")
    out.append("")
    if len(entry.parts) > 1:
        for part in entry.parts:
            cited = ", ".join(f"[{s.key}](#src-{s.key.lower()})" for s in part.sources) or text("reference.label.no_source")
            out.append(f"- **{part.status.label}**: {part.text} ({cited})")
        out.append("")
    cited = " · ".join(f"{_link(s)} ({text(f'reference.publisher.{s.publisher}')})" for s in entry.sources)
    out.append(f"**{text('reference.label.sources')}:** {cited or text('reference.label.no_source')}")
    out.append("")
    if entry.id == "B26":
        out += [f"| {text('reference.label.host')} | {text('reference.label.supported')} |", "|---|---|"]
        out += [f"| {host} | {', '.join(versions)} |" for host, versions in configuration_versions().items()]
        out.append("")
    return out


def markdown() -> str:
    """The whole reference as one Markdown page (``docs/reference.md``), anchors ``#b18``."""
    out = [f"# {text('reference.doc.title')}", "", text("reference.doc.intro", last=ruling_ids()[-1]), ""]
    entries = rulings()
    for heading, prefix in (("reference.doc.points", "A"), ("reference.doc.rulings", "B")):
        out += [f"## {text(heading)}", ""]
        for entry in entries:
            if entry.id.startswith(prefix):
                out += _markdown_entry(entry)
    out += [f"## {text('reference.doc.sources')}", ""]
    for key in source_keys():
        s = source(key)
        out.append(f'- <a id="src-{key.lower()}"></a>**{key}**: {_link(s)} ({text(f"reference.publisher.{s.publisher}")})')
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hvlab explain", description="Print a ruling of hvlab's reference with its status and sources.")
    parser.add_argument("ids", nargs="*", metavar="ID", help="ruling or point ids, e.g. B23 A11")
    parser.add_argument("--all", action="store_true", help="every entry, A1-A11 then every B ruling")
    parser.add_argument("--format", choices=("text", "markdown"), default="text")
    parser.add_argument("--lang", choices=catalog.available_languages(), help="language (default: HVLAB_LANG / LANG)")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.lang:
        catalog.set_language(args.lang)
    if not args.all and not args.ids:
        parser.print_usage(sys.stderr)
        return 2
    if args.all and args.format == "markdown":
        sys.stdout.write(markdown())
        return 0
    try:
        entries = rulings() if args.all else tuple(ruling(i) for i in args.ids)
    except ReferenceError as error:
        print(error, file=sys.stderr)
        return 2
    if args.format == "markdown":
        sys.stdout.write("\n".join(line for e in entries for line in _markdown_entry(e)))
    else:
        print("\n\n".join(plain(e) for e in entries))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
