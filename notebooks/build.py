"""Write the course notebooks 00–09 from the cell texts in ``notebooks/course/``.

The committed ``.ipynb`` files are the product; this script is how they are kept consistent
(same header block, stable cell ids the trainer's guide points to, no outputs, no execution
counts). Run it after editing a cell text:

    python notebooks/build.py            # rewrite every notebook
    python notebooks/build.py --check    # exit 1 if a committed notebook differs
    python notebooks/build.py --guide    # refresh the self-check answers in docs/trainer-guide.md

Each notebook module in ``notebooks/course/`` defines ``CELLS``: a list of
``("md" | "code", cell_id, source)`` tuples. Cell ids follow nbformat 4.5 and stay stable, so
"04 · ``a3-cold-boot``" in ``docs/trainer-guide.md`` keeps pointing at the same cell.

The Japanese set ``notebooks/ja/`` is written at the same time from
``notebooks/course/ja/nbNN.py``, which hold only ``MARKDOWN = {cell_id: text}``: each Japanese
notebook has the English notebook's cells in the same order with the same ids, its markdown from
the Japanese module and its code copied from the English module, so the code of both sets is the
same by construction. Only the first code cell differs: it starts with ``JA_LANGUAGE_LINES``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
import textwrap
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
GUIDE = HERE.parent / "docs" / "trainer-guide.md"
BANK = HERE.parent / "hvlab" / "data" / "questions.json"
ANSWERS_START, ANSWERS_END = "<!-- answers:start -->", "<!-- answers:end -->"
NOTEBOOKS = (
    "00-start-here",
    "01-standard-vs-production",
    "02-when-production-falls-back",
    "03-inside-the-disk-chain",
    "04-applying-checkpoints",
    "05-deleting-and-merging",
    "06-consistency",
    "07-domain-controllers",
    "08-review",
    "09-checkpoints-at-work",
)


def build(stem: str) -> nbformat.NotebookNode:
    """One notebook from its cell module, with no outputs and no execution counts."""
    module = importlib.import_module(f"course.nb{stem[:2]}")
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for kind, cell_id, source in module.CELLS:
        source = textwrap.dedent(source).strip("\n")
        if kind == "md":
            cell = nbformat.v4.new_markdown_cell(link_rule_ids(source, REFERENCE_FROM_EN), id=cell_id)
        elif kind == "code":
            cell = nbformat.v4.new_code_cell(source, id=cell_id)
        else:  # pragma: no cover - a typo in a cell module
            raise ValueError(f"{stem}: unknown cell kind {kind!r}")
        nb.cells.append(cell)
    ids = [c.id for c in nb.cells]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"{stem}: duplicate cell ids {sorted(duplicates)}")
    nbformat.validate(nb)
    return nb


REFERENCE_FROM_EN = "../docs/reference.md"
REFERENCE_FROM_JA = "../../docs/reference.ja.md"
"""hvlab's reference (English, Japanese) as a relative link from ``notebooks/`` and ``notebooks/ja/``."""

_RULE_ID = re.compile(r"(?<![A-Za-z0-9_#/.-])([AB][1-9][0-9]?)(?![A-Za-z0-9_])")  # ASCII: "B25に" is an id
_NOT_PROSE = re.compile(r"```.*?```|`[^`\n]*`|\[[^\]\n]*\]\([^)\n]*\)|<[^>\n]*>|https?://\S+", re.S)


def link_rule_ids(markdown: str, reference: str) -> str:
    """Link every rule id of a markdown cell to its entry in hvlab's reference:
    ``(B18)`` becomes ``([B18](../docs/reference.md#b18))``, so a learner can open what a
    ruling says. Code (fenced or inline), existing links, HTML tags and URLs stay as written."""
    out, last = [], 0
    for match in _NOT_PROSE.finditer(markdown):
        out.append(_link_ids_in_prose(markdown[last:match.start()], reference))
        out.append(match.group(0))
        last = match.end()
    out.append(_link_ids_in_prose(markdown[last:], reference))
    return "".join(out)


def _link_ids_in_prose(prose: str, reference: str) -> str:
    """Rule ids become links to their entries; inside a citation group such as ``(B6, VMVER)``
    a source key becomes its readable title linked to the page (a learner cannot resolve
    ``VMVER``)."""
    from hvlab.reference import source
    from hvlab.reference.citations import citation_pattern, source_key_pattern

    def ids(text: str) -> str:
        return _RULE_ID.sub(lambda m: f"[{m.group(1)}]({reference}#{m.group(1).lower()})", text)

    def group(m: re.Match[str]) -> str:
        pieces = source_key_pattern().split(m.group(0))  # odd pieces are source keys
        return "".join(f"[{source(p).title}]({source(p).url})" if i % 2 else ids(p) for i, p in enumerate(pieces))

    out, last = [], 0
    for m in citation_pattern().finditer(prose):
        out += [ids(prose[last:m.start()]), group(m)]
        last = m.end()
    return "".join(out) + ids(prose[last:])


JA_DIR = HERE / "ja"
JA_LANGUAGE_LINES = 'import hvlab\nhvlab.set_language("ja")  # hvlab の説明・ウィジェット・図を日本語で表示\n\n'
"""Prepended to the first code cell of every Japanese notebook; the rest of the code is English's."""


_CJK = "\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff00-\uffef"


def join_japanese_lines(source: str) -> str:
    """Join a line break between two Japanese characters: Markdown turns a soft line break into
    a space, which is right between English words but a stray gap inside a Japanese sentence.
    The sources stay wrapped for editing; the notebooks get the unbroken sentence."""
    lines = source.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        quote = out[-1].lstrip().startswith(">") and line.lstrip().startswith(">")
        rest = line.lstrip().removeprefix(">").lstrip() if quote else line.lstrip()
        between_japanese = re.match(f"[{_CJK}]", rest) and re.search(f"[{_CJK}]$", out[-1])
        if between_japanese and not out[-1].startswith("    "):  # an indented block is code
            out[-1] += rest
        else:
            out.append(line)
    return "\n".join(out)


class TranslationOutOfStep(ValueError):
    """A Japanese cell module lacks the text of an English markdown cell, or has one it no longer has."""


def build_ja(stem: str) -> nbformat.NotebookNode:
    """The Japanese notebook: English cells and ids, Japanese markdown, the language set first."""
    english = build(stem)
    try:
        markdown = importlib.import_module(f"course.ja.nb{stem[:2]}").MARKDOWN
    except ModuleNotFoundError:
        raise TranslationOutOfStep(f"ja/{stem}.ipynb: no notebooks/course/ja/nb{stem[:2]}.py") from None
    wanted = [c.id for c in english.cells if c.cell_type == "markdown"]
    missing, extra = [i for i in wanted if i not in markdown], sorted(set(markdown) - set(wanted))
    if missing or extra:
        raise TranslationOutOfStep(
            f"ja/{stem}.ipynb: notebooks/course/ja/nb{stem[:2]}.py"
            + (f" lacks the cells {missing}" if missing else "")
            + (f" has cells the English notebook no longer has: {extra}" if extra else "")
        )
    first_code = True
    for cell in english.cells:
        if cell.cell_type == "markdown":
            cell.source = link_rule_ids(join_japanese_lines(textwrap.dedent(markdown[cell.id]).strip("\n")), REFERENCE_FROM_JA)
        elif first_code:
            cell.source, first_code = JA_LANGUAGE_LINES + cell.source, False
    nbformat.validate(english)
    return english


def guide_answers() -> str:
    """The trainer's guide's answer list: one line per question of the self-check bank."""
    bank = json.loads(BANK.read_text(encoding="utf-8"))
    lines: list[str] = []
    topic = None
    for question in bank["questions"]:
        if question["topic"] != topic:
            topic = question["topic"]
            lines += ["", f"**Notebook {topic}**", ""]
        correct = next(o for o in question["options"] if o["correct"])
        rules = ", ".join(question["rules"])
        answer = correct["text"].replace("<", "&lt;").replace(">", "&gt;")  # "<VM>" is not an HTML tag
        lines.append(f"- `{question['id']}` — **{correct['id']}**: {answer} ({rules})")
    return "\n".join(lines).strip("\n")


def write_guide_answers() -> None:
    """Replace the text between the answer markers of the trainer's guide."""
    guide = GUIDE.read_text(encoding="utf-8")
    head, rest = guide.split(ANSWERS_START, 1)
    _, tail = rest.split(ANSWERS_END, 1)
    GUIDE.write_text(f"{head}{ANSWERS_START}\n{guide_answers()}\n{ANSWERS_END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report notebooks that differ")
    parser.add_argument("--guide", action="store_true", help="refresh the self-check answers in docs/trainer-guide.md")
    args = parser.parse_args(argv)
    if args.guide:
        write_guide_answers()
        return 0
    sys.path.insert(0, str(HERE))
    differing = []
    for stem in NOTEBOOKS:
        text = nbformat.writes(build(stem)) + "\n"
        path = HERE / f"{stem}.ipynb"
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                differing.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    for stem in NOTEBOOKS:
        path = JA_DIR / f"{stem}.ipynb"
        try:
            text = nbformat.writes(build_ja(stem)) + "\n"
        except TranslationOutOfStep as error:
            differing.append(str(error))
            continue
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                differing.append(f"ja/{path.name}")
        else:
            JA_DIR.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if differing:
        print("out of date:", ", ".join(differing))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
