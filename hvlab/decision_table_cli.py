"""``python -m hvlab table [--format csv|markdown]``."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from .decision_table import render


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m hvlab table", description="The whole checkpoint decision matrix, computed by the simulator.")
    parser.add_argument("--format", choices=("csv", "markdown"), default="csv")
    args = parser.parse_args(list(argv))
    sys.stdout.write(render(args.format))
    return 0
