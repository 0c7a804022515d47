"""What a lab's kernel imports is what it holds for hours (bench/bench_kernel_memory.py)."""

from __future__ import annotations

import subprocess
import sys


def test_a_lab_does_not_import_jsonschema_until_a_scenario_is_checked():
    """jsonschema, with the format checkers Jupyter installs beside it (a Lark grammar among
    them), weighed about 20 MiB of a lab's kernel and 1.8 s of its import; only checking a
    scenario file, a question bank or the debriefs needs it."""
    code = ("import sys\nfrom hvlab.widgets import DiskChainLab\nfrom hvlab import scenarios\n"
            "DiskChainLab(scenarios.many_checkpoints(3)[0])\nprint('jsonschema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"
