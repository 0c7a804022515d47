"""Time each course notebook run top to bottom in a fresh kernel, beside an empty notebook run
the same way in the same process (the baseline is kernel start-up and nbclient overhead).

Goal: each notebook about 20 s at most on a 2-core machine.

    /work/venv/bin/python bench/bench_notebooks.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def run(nb: nbformat.NotebookNode, workdir: str) -> float:
    """Seconds to start a kernel, execute every cell and shut the kernel down."""
    started = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": workdir}}).execute()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    # The kernel spec runs "python": make it this interpreter, so the kernel imports this hvlab.
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    baseline_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        # Self-checks and challenges record progress in the learner's home; keep the bench out of it.
        os.environ["HVLAB_PROGRESS"] = os.path.join(workdir, "hvlab-progress.json")
        baseline = statistics.median(run(nbformat.from_dict(baseline_nb), workdir) for _ in range(args.repeat))
        for path in NOTEBOOKS:
            times = [run(nbformat.read(path, as_version=4), workdir) for _ in range(args.repeat)]
            rows.append((path.name, statistics.median(times), max(times)))
    print(f"{'notebook':40} {'median s':>9} {'max s':>7} {'minus baseline':>15}")
    print(f"{'(empty notebook: baseline)':40} {baseline:9.2f} {'':>7} {0:15.2f}")
    for name, median, worst in rows:
        print(f"{name:40} {median:9.2f} {worst:7.2f} {median - baseline:15.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
