"""Run inside Pyodide by ``run_in_pyodide.mjs``: execute the notebook cells in ``CELLS`` in one
namespace, as a kernel would, and return what happened as JSON (the script's last expression).

For each cell: its printed output, the error if it raised, and, when its last expression is an
hvlab widget, the text the widget shows in each diagram's place (``descriptions``)."""

import ast
import contextlib
import io
import json
import sys
import traceback


def _run(source: str, namespace: dict) -> dict:
    out = io.StringIO()
    report: dict = {"source": source}
    try:
        tree = ast.parse(source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        with contextlib.redirect_stdout(out):
            exec(compile(tree, "<cell>", "exec"), namespace)
            value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace) if last else None
        report["type"] = type(value).__module__ + "." + type(value).__qualname__
        descriptions = getattr(value, "descriptions", None)
        if isinstance(descriptions, dict):
            report["descriptions"] = {kind: html.value for kind, html in descriptions.items()}
    except BaseException as error:  # noqa: BLE001 - reported to the test, which fails on it
        report["error"] = "".join(traceback.format_exception(error))
    report["stdout"] = out.getvalue()
    return report


def _main() -> str:
    namespace: dict = {"__name__": "__main__"}
    cells = [_run(source, namespace) for source in CELLS]  # noqa: F821 - set by run_in_pyodide.mjs
    from hvlab.classroom import progress

    path = progress.progress_path()
    import hvlab

    return json.dumps({
        "hvlab": hvlab.__file__,
        "platform": sys.platform,
        "python": sys.version.split()[0],
        "cells": cells,
        "progress_path": str(path),
        "progress": progress.load(path) if path.exists() else None,
        "loaded": sorted(name for name in sys.modules if name.split(".")[0] in ("matplotlib", "numpy", "isal", "jupyterlab")),
    })


_main()
