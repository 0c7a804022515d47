"""``python -m hvlab present``: the labs as clean pages for a trainer's projector.

Each lab becomes a small notebook of one title and one widget, served by Voila: learners and
trainers see the lab, never the code (``strip_sources``), no traceback (``show_tracebacks`` off),
and nothing is loaded from the internet — hvlab's template ``hvlab-present`` is Voila's ``lab``
template without the Font Awesome stylesheets it links from a CDN (hvlab's buttons carry
words, so no lesson depends on an icon).

    python -m hvlab present                 # every lab, a page each, at http://127.0.0.1:8866/
    python -m hvlab present --lab explorer  # one lab at the root address
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from hvlab.catalog import text

__all__ = ["APPS", "TEMPLATE", "App", "main", "voila_command", "write_apps"]

TEMPLATE = "hvlab-present"
SHARE = Path(__file__).resolve().parent / "share"
"""A Jupyter data folder holding ``voila/templates/hvlab-present``; put first on ``JUPYTER_PATH``."""
DEFAULT_PORT = 8866
DEFAULT_IP = "127.0.0.1"


@dataclass(frozen=True)
class App:
    """One trainer page: a file name and the one widget it shows."""

    key: str
    widget: str

    @property
    def file_name(self) -> str:
        return f"{self.key}.ipynb"

    def notebook(self) -> dict:
        """A tiny nbformat-4 notebook: the title (catalog text) and one thin code cell."""
        title = f"# {text(f'classroom.app.{self.key}')}\n\n{text(f'classroom.app.{self.key}.lead')}"
        code = f"from hvlab.widgets import {self.widget}\n\n{self.widget}()"
        return {
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                         "language_info": {"name": "python"}},
            "cells": [
                {"cell_type": "markdown", "id": "title", "metadata": {}, "source": title},
                {"cell_type": "code", "id": "lab", "metadata": {}, "execution_count": None, "outputs": [], "source": code},
            ],
        }


APPS: dict[str, App] = {a.key: a for a in (
    App("explorer", "CheckpointTypeExplorer"),
    App("disk-chain", "DiskChainLab"),
    App("apply", "ApplyComparison"),
    App("console", "PowerShellConsole"),
)}


def write_apps(folder: Path, keys: Sequence[str]) -> list[Path]:
    """Write one app notebook per lab into ``folder``; returns their paths."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for key in keys:
        app = APPS[key]
        path = folder / app.file_name
        path.write_text(json.dumps(app.notebook(), ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(path)
    return paths


def voila_command(target: Path, port: int, ip: str, open_browser: bool = False) -> list[str]:
    """The Voila command line serving ``target`` (one app notebook or the folder of apps)."""
    command = [
        sys.executable, "-m", "voila", str(target),
        f"--port={port}", f"--Voila.ip={ip}", f"--template={TEMPLATE}", "--theme=light",
        "--strip_sources=True", "--show_tracebacks=False",
        "--VoilaConfiguration.file_allowlist=[]",  # serve no other file of the folder
    ]
    if not open_browser:
        command.append("--no-browser")
    return command


def voila_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for Voila: hvlab's template folder first on ``JUPYTER_PATH``."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(SHARE), env.get("JUPYTER_PATH", "")) if p)
    return env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hvlab present", description=text("classroom.present.help"))
    parser.add_argument("--lab", action="append", choices=sorted(APPS), dest="labs",
                        help=text("classroom.present.labs", choices=", ".join(APPS)))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=text("classroom.present.port", default=DEFAULT_PORT))
    parser.add_argument("--ip", default=DEFAULT_IP, help=text("classroom.present.ip", default=DEFAULT_IP))
    parser.add_argument("--folder", type=Path, default=None, help=text("classroom.present.folder"))
    parser.add_argument("--open", action="store_true", help=text("classroom.present.open_browser"))
    parser.add_argument("--dry-run", action="store_true", help=text("classroom.present.dry_run"))
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    keys = args.labs or list(APPS)

    temporary = args.folder is None
    folder = Path(tempfile.mkdtemp(prefix="hvlab-present-")) if temporary else args.folder
    try:
        paths = write_apps(folder, keys)
        target = paths[0] if len(paths) == 1 else folder
        command = voila_command(target, args.port, args.ip, open_browser=args.open)
        url = f"http://{args.ip}:{args.port}/"
        if args.dry_run:
            print(" ".join(command))
            print(text("classroom.present.open", url=url))
            return 0
        if shutil.which("voila", path=os.path.dirname(sys.executable)) is None and not _has_voila():
            print(text("classroom.present.no_voila"), file=sys.stderr)
            return 1
        print(text("classroom.present.open", url=url))
        print(text("classroom.present.stop"))
        process = subprocess.Popen(command, env=voila_environment(), cwd=folder)
        try:
            return process.wait()
        except KeyboardInterrupt:
            process.terminate()
            process.wait(timeout=20)
            return 0
    finally:
        if temporary and not args.dry_run:
            shutil.rmtree(folder, ignore_errors=True)


def _has_voila() -> bool:
    import importlib.util

    return importlib.util.find_spec("voila") is not None


if __name__ == "__main__":
    sys.exit(main())
