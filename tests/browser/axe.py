"""axe-core (the npm package, in ``~/.cache/hvlab-axe``) injected into a page by Playwright.

Why a module of its own: the accessibility tests run it on every notebook in JupyterLab and in
Voila, and once more on a lab in the dark theme; the rules, the scope and the report are the
same each time. hvlab's part of a page is the output areas and the rendered Markdown of the
notebook (``HVLAB_SCOPE``, ``MARKDOWN_SCOPE``); a run on the whole page reports JupyterLab's or
Voila's own violations apart, as information.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

AXE_JS = Path(os.environ.get("HVLAB_AXE", Path.home() / ".cache" / "hvlab-axe" / "node_modules" / "axe-core" / "axe.min.js"))
"""``npm install --prefix ~/.cache/hvlab-axe axe-core@4.14.1`` puts it here (README's test command)."""

HVLAB_SCOPE = [".jp-OutputArea-output"]
"""What hvlab puts in a page: every output of a code cell (its labs, printouts and pictures)."""
MARKDOWN_SCOPE = [".jp-MarkdownOutput"]
"""The course's own text, styled by the page (JupyterLab's or Voila's stylesheet)."""

RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING = ("serious", "critical")

RUN_AXE_JS = """async ([scope, tags]) => {
  const include = scope === null ? null : scope.filter((s) => document.querySelector(s));
  if (include !== null && !include.length) return { violations: [], passes: 0, scoped: 0 };
  const context = include === null ? document : { include: include };
  const result = await axe.run(context, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  const count = include === null ? 1 : include.reduce((n, s) => n + document.querySelectorAll(s).length, 0);
  return {
    scoped: count,
    passes: result.passes.length,
    violations: result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 240), summary: (n.failureSummary || "").slice(0, 400) })),
    })),
  };
}"""


def inject(page) -> None:
    """Put axe into the page (once per page; a second call is harmless)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))


def run(page, scope: list[str] | None = HVLAB_SCOPE) -> dict[str, Any]:
    """axe's violations in ``scope`` (CSS selectors; ``None`` for the whole page)."""
    inject(page)
    return page.evaluate(RUN_AXE_JS, [scope, RULE_TAGS])


def failing(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The serious and critical violations of a report."""
    return [v for v in report["violations"] if v["impact"] in FAILING]


def outside(whole: dict[str, Any], ours: dict[str, Any]) -> list[dict[str, Any]]:
    """The whole page's violations on nodes that are not in hvlab's part of it."""
    ours_targets = {(v["id"], n["target"]) for v in ours["violations"] for n in v["nodes"]}
    rest = []
    for violation in whole["violations"]:
        nodes = [n for n in violation["nodes"] if (violation["id"], n["target"]) not in ours_targets]
        if nodes:
            rest.append({**violation, "nodes": nodes})
    return rest


def summary(violations: list[dict[str, Any]]) -> str:
    """One line per violation and node, for a failure message or the report file."""
    lines = []
    for v in violations:
        for n in v["nodes"][:5]:
            lines.append(f"{v['impact']} {v['id']} ({v['help']}): {n['target']}\n    {n['html']}\n    {n['summary']}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more nodes")
    return "\n".join(lines)


def save(path: Path, **reports: Any) -> None:
    path.write_text(json.dumps(reports, indent=1, ensure_ascii=False), encoding="utf-8")
