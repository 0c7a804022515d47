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
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from hvlab.catalog import DEFAULT_LANGUAGE, available_languages, get_language, template, text

__all__ = ["APPS", "TEMPLATE", "App", "main", "start_page", "voila_command", "write_apps", "write_share"]

TEMPLATE = "hvlab-present"
SHARE = Path(__file__).resolve().parent / "share"
"""A Jupyter data folder holding ``voila/templates/hvlab-present``; put first on ``JUPYTER_PATH``."""
DEFAULT_PORT = 8866
DEFAULT_IP = "127.0.0.1"
LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}
"""Each language's name in itself, for the start page's switch."""


@dataclass(frozen=True)
class App:
    """One trainer page: a file name and the one widget it shows."""

    key: str
    widget: str

    @property
    def file_name(self) -> str:
        return f"{self.key}.ipynb"

    def path(self, language: str) -> str:
        """Where its page is, from the folder Voila serves: English at the top, other
        languages in a folder of their own (``ja/explorer.ipynb``)."""
        return self.file_name if language == DEFAULT_LANGUAGE else f"{language}/{self.file_name}"

    def notebook(self, language: str = DEFAULT_LANGUAGE) -> dict:
        """A tiny nbformat-4 notebook: the title (catalog text) and one thin code cell, in
        ``language`` (the kernel is switched to it before the lab is made)."""
        title = f"# {template(language, f'classroom.app.{self.key}')}\n\n{template(language, f'classroom.app.{self.key}.lead')}"
        switch = "" if language == DEFAULT_LANGUAGE else f"import hvlab\n\nhvlab.set_language({language!r})\n"
        code = f"{switch}from hvlab.widgets import {self.widget}\n\n{self.widget}()"
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


def write_apps(folder: Path, keys: Sequence[str], languages: Sequence[str] = (DEFAULT_LANGUAGE,)) -> list[Path]:
    """Write one app notebook per lab and language into ``folder``; returns their paths."""
    paths = []
    for language in languages:
        for key in keys:
            app = APPS[key]
            path = folder / app.path(language)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(app.notebook(language), ensure_ascii=False, indent=1), encoding="utf-8")
            paths.append(path)
    return paths


START_STYLE = """
body { font: 16px/1.45 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; }
main { max-width: 60em; margin: 0 auto; padding: 1.2em 1.5em; }
h1 { font-size: 1.6em; margin: 0 0 .2em; } h2 { font-size: 1.15em; margin: 1.1em 0 .3em; }
nav { float: right; font-size: .95em; } nav a { margin-left: .6em; }
ul { list-style: none; padding: 0; margin: 0; } li { padding: .25em 0; border-bottom: 1px solid #e4e4e4; }
li a { font-weight: bold; } .lead { color: #444; }
section { display: none; } section:target, #start-en { display: block; }
section:target ~ #start-en { display: none; }
a { color: #0b57b0; }
@media (prefers-color-scheme: dark) {
  body { color: #ececec; background: #111; } .lead { color: #c4c4c4; } li { border-color: #3a3a3a; } a { color: #8cc4ff; }
}
@media (forced-colors: active) { li { border-color: CanvasText; } }
"""
"""The start page's look: no web font, no script, nothing from another host. The language
switch is two links to the page's own sections (CSS ``:target``), so it works offline and
without JavaScript. Dark when the trainer's system is (text 4.5:1 or more either way)."""


def start_page(keys: Sequence[str], languages: Sequence[str]) -> str:
    """The trainer's start page (Voila's ``tree.html``): for each language, the labs served
    (title and one line each, linked to their page in that language) and the course's
    notebooks by title, from the catalogs (``classroom.app.*``, ``classroom.notebook.*``)."""
    from hvlab.classroom.progress import NOTEBOOK_TOPICS

    def section(language: str) -> str:
        say = lambda key: html.escape(template(language, key))  # noqa: E731
        switch = " ".join(f'<a href="#start-{other}" lang="{other}">{html.escape(LANGUAGE_NAMES[other])}</a>' for other in languages)
        labs = "".join(
            f'<li class="hvlab-start-lab"><a href="{{{{ base_url }}}}voila/render/{APPS[key].path(language)}">'
            f"{say(f'classroom.app.{key}')}</a> — <span class='lead'>{say(f'classroom.app.{key}.lead')}</span></li>"
            for key in keys)
        course = "".join(f'<li class="hvlab-start-notebook">{say(f"classroom.notebook.{topic}")}</li>' for topic in NOTEBOOK_TOPICS)
        return (f'<section id="start-{language}" lang="{language}">'
                f'<nav aria-label="{say("classroom.start.language")}">{switch}</nav>'
                f'<h1>{say("classroom.app.index")}</h1><p class="lead">{say("classroom.app.index.lead")}</p>'
                f'<h2>{say("classroom.start.labs")}</h2><ul>{labs}</ul>'
                f'<h2>{say("classroom.start.course")}</h2><ul>{course}</ul></section>')

    # Other languages first: a section shown by :target hides the default one after it.
    order = [language for language in languages if language != DEFAULT_LANGUAGE] + [DEFAULT_LANGUAGE]
    return ("<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
            f"<title>{html.escape(template(DEFAULT_LANGUAGE, 'classroom.app.index'))}</title>"
            f"<style>{START_STYLE}</style></head><body><main>{''.join(section(language) for language in order)}</main></body></html>\n")


def write_share(folder: Path, keys: Sequence[str], languages: Sequence[str]) -> Path:
    """A Jupyter data folder in ``folder`` holding hvlab's template with this session's start
    page (the course data rendered when ``present`` starts); put it first on ``JUPYTER_PATH``."""
    share = folder / "share"
    target = share / "voila" / "templates" / TEMPLATE
    shutil.copytree(SHARE / "voila" / "templates" / TEMPLATE, target, dirs_exist_ok=True)
    (target / "tree.html").write_text(start_page(keys, languages), encoding="utf-8")
    return share


THEMES = ("light", "dark")
"""Voila's themes for the trainer pages; the labs' pictures follow the page's (a dark room's
projector: dark), and a page's address may ask for the other one (``?theme=dark``)."""


def voila_command(target: Path, port: int, ip: str, open_browser: bool = False, theme: str = "light") -> list[str]:
    """The Voila command line serving ``target`` (one app notebook or the folder of apps) in
    ``theme`` (a page may ask for another with ``?theme=``)."""
    command = [
        sys.executable, "-m", "voila", str(target),
        f"--port={port}", f"--Voila.ip={ip}", f"--template={TEMPLATE}", f"--theme={theme}",
        "--VoilaConfiguration.allow_theme_override=YES",
        "--strip_sources=True", "--show_tracebacks=False",
        "--VoilaConfiguration.file_allowlist=[]",  # serve no other file of the folder
        "--VoilaConfiguration.classic_tree=True",  # the start page is hvlab's tree.html
    ]
    if not open_browser:
        command.append("--no-browser")
    return command


def voila_environment(base: dict[str, str] | None = None, share: Path = SHARE) -> dict[str, str]:
    """The environment for Voila: hvlab's template folder (``share``) first on ``JUPYTER_PATH``."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(share), env.get("JUPYTER_PATH", "")) if p)
    return env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hvlab present", description=text("classroom.present.help"))
    parser.add_argument("--lab", action="append", choices=sorted(APPS), dest="labs",
                        help=text("classroom.present.labs", choices=", ".join(APPS)))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=text("classroom.present.port", default=DEFAULT_PORT))
    parser.add_argument("--ip", default=DEFAULT_IP, help=text("classroom.present.ip", default=DEFAULT_IP))
    parser.add_argument("--folder", type=Path, default=None, help=text("classroom.present.folder"))
    parser.add_argument("--theme", choices=THEMES, default=THEMES[0], help=text("classroom.present.theme", default=THEMES[0]))
    parser.add_argument("--open", action="store_true", help=text("classroom.present.open_browser"))
    parser.add_argument("--dry-run", action="store_true", help=text("classroom.present.dry_run"))
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    keys = args.labs or list(APPS)

    temporary = args.folder is None
    folder = Path(tempfile.mkdtemp(prefix="hvlab-present-")) if temporary else args.folder
    languages = available_languages()
    try:
        apps = folder / "apps"
        write_apps(apps, keys, languages)
        share = write_share(folder, keys, languages)
        # One lab: its page at the root address (in the learner's language); several: the start page.
        target = apps / APPS[keys[0]].path(get_language()) if len(keys) == 1 else apps
        command = voila_command(target, args.port, args.ip, open_browser=args.open, theme=args.theme)
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
        process = subprocess.Popen(command, env=voila_environment(share=share), cwd=apps)
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
