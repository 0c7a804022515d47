"""Every course notebook, opened in a real JupyterLab and run with "Run All Cells":
no cell shows an error, every widget rendered as a widget (not as ``VBox(...)`` text), and the
browser console logged no errors."""

from __future__ import annotations

import re

import pytest

from . import harness
from .pages import screenshot_widget

NOTEBOOKS = sorted(p.name for p in harness.NOTEBOOK_DIR.glob("[0-9][0-9]-*.ipynb"))
WIDGET_REPR = re.compile(r"^\s*(VBox|HBox|Box|Button|Output|HTML|Image)\(")
LAB_CALL = re.compile(r"^(CheckpointTypeExplorer|DiskChainLab|ApplyComparison|SelfCheck|Challenge|PowerShellConsole)\(")


def open_in_lab(page, server, notebook: str) -> None:
    """Open ``notebook`` in a fresh JupyterLab workspace and wait for its kernel."""
    page.goto(server.page_url(notebook))
    page.wait_for_function(harness.WAIT_LAB_KERNEL_JS, timeout=90_000, polling=250)


def run_all(page, timeout_ms: int = 150_000) -> None:
    """Run → Run All Cells, then wait until every code cell has run and the kernel is idle."""
    page.evaluate(harness.RUN_ALL_JS)  # the course is committed without outputs: nothing counts as run before
    page.wait_for_function(harness.ALL_EXECUTED_JS, timeout=timeout_ms, polling=250)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n[:2] for n in NOTEBOOKS])
def test_notebook_runs_clean_in_jupyterlab(notebook, page, lab_server, artifacts):
    """Run all → no error output, every lab widget is a rendered widget, no console error."""
    try:
        open_in_lab(page, lab_server, notebook)
        run_all(page)
        page.wait_for_function(harness.WIDGETS_RENDERED_JS, timeout=30_000, polling=100)
        rows = page.evaluate(harness.NOTEBOOK_REPORT_JS)
        widgets = page.locator(".jp-OutputArea-output > .jupyter-widgets")
        if widgets.count():
            screenshot_widget(page, widgets.first, artifacts / f"lab-course-{notebook[:2]}.png")
    finally:
        lab_server.shutdown_kernels()
    assert rows, f"{notebook}: no code cells found in the page"
    for row in rows:
        assert row["count"] is not None, f"{notebook} cell {row['id']} did not run"
        assert not row["errors"], f"{notebook} cell {row['id']} shows an error: {row['errors']}"
        assert row["widgetRendered"] == row["widgetModels"], (
            f"{notebook} cell {row['id']}: {row['widgetModels']} widget outputs, {row['widgetRendered']} rendered")
        for text in row["texts"]:
            assert not WIDGET_REPR.match(text), f"{notebook} cell {row['id']} shows a widget as text: {text[:80]}"
        last = [line for line in row["source"].splitlines() if line.strip()][-1]
        if LAB_CALL.match(last):
            assert row["widgetRendered"] >= 1, f"{notebook} cell {row['id']} shows no widget"
    assert page.console_log.errors() == [], f"{notebook}: console errors {page.console_log.errors()}"
