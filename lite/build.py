"""Build the course as a JupyterLite site: every notebook (English and Japanese), the docs they
link to, hvlab's wheel and the Pyodide kernel, as static files for any web server.

Run it with the Python of a venv that holds ``lite/requirements.txt`` (not the JupyterLab venv)::

    python3 -m venv build/lite-venv && build/lite-venv/bin/pip install -r lite/requirements.txt
    build/lite-venv/bin/python lite/build.py            # the site in build/lite/site

What it does, and why:

- builds hvlab's wheel from this checkout (from a copy, so the checkout gains no ``build/``
  litter) and downloads the pure-Python wheels of ``lite/site-requirements.txt`` for the
  Python of the kernel's Pyodide release; ``jupyter lite build`` serves them from the site's
  own package index (piplite), so ``%pip install hvlab`` in the browser needs no PyPI;
- copies the notebooks with one cell put first (tagged ``hvlab-lite-install``) that installs
  hvlab, and the Pyodide kernel as their kernel: the course's own notebooks stay as they are,
  for JupyterLab;
- keeps the repository's layout (``notebooks/``, ``notebooks/ja/``, ``docs/``), so the
  notebooks' links to the reference work in the site as they do on disk.

The Pyodide runtime itself (and matplotlib, numpy, IPython) is not in the site: the kernel loads
it from the Pyodide distribution's CDN when a notebook starts. Building needs no network but
the package index; opening the site needs the internet.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
from jupyterlite_pyodide_kernel.constants import PYODIDE_PYTHON_VERSION

ROOT = Path(__file__).resolve().parents[1]
LITE = ROOT / "lite"
NOTEBOOK_DIRS = {"en": ROOT / "notebooks", "ja": ROOT / "notebooks" / "ja"}
"""The course's notebooks by language; the site keeps these folders."""
INSTALL_TAG = "hvlab-lite-install"
KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
"""The kernel the Pyodide kernel extension registers: the notebooks open with it, not ``python3``."""
PACKAGE_FILES = ("pyproject.toml", "README.md", "hvlab", "jupyter-config")


def install_cell(language: str) -> nbformat.NotebookNode:
    """The first cell of every notebook in the site: a comment in the notebook's language (from
    hvlab's catalog, read as JSON: hvlab is not installed here) and ``%pip install hvlab``."""
    catalog = json.loads((ROOT / "hvlab" / "catalog" / language / "lite.json").read_text(encoding="utf-8"))
    comment = textwrap.wrap(catalog["lite.install_cell"], width=88 if language == "en" else 44)
    source = "\n".join(f"# {line}" for line in comment) + "\n%pip install hvlab"
    return nbformat.v4.new_code_cell(source, metadata={"tags": [INSTALL_TAG]})


def stage_contents(dest: Path) -> list[Path]:
    """The site's files: the notebooks with the install cell first, and ``docs/`` as it is."""
    staged = []
    for language, folder in NOTEBOOK_DIRS.items():
        target = dest / folder.relative_to(ROOT)
        target.mkdir(parents=True, exist_ok=True)
        for source in sorted(folder.glob("*.ipynb")):
            notebook = nbformat.read(source, as_version=4)
            notebook.cells.insert(0, install_cell(language))
            notebook.metadata["kernelspec"] = dict(KERNELSPEC)
            nbformat.write(notebook, target / source.name)
            staged.append(target / source.name)
    shutil.copytree(ROOT / "docs", dest / "docs", dirs_exist_ok=True)
    return staged


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], check=True)


def build_wheels(dest: Path, work: Path) -> None:
    """hvlab's wheel from this checkout, and the pure-Python wheels the site serves beside it."""
    source = work / "hvlab-source"
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir(parents=True)
    for name in PACKAGE_FILES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, source / name)
    dest.mkdir(parents=True, exist_ok=True)
    _pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(dest), str(source))
    # Pyodide installs only pure-Python (py3-none-any) wheels from an index: ask for exactly those,
    # for the kernel's Python, whatever Python runs this build.
    _pip("download", "--quiet", "--no-deps", "--only-binary=:all:", "--platform", "any",
         "--implementation", "py", "--abi", "none", "--python-version", PYODIDE_PYTHON_VERSION,
         "--dest", str(dest), "--requirement", str(LITE / "site-requirements.txt"))


def build_site(output: Path, work: Path) -> Path:
    """Stage everything under ``work`` and run ``jupyter lite build`` into ``output``."""
    work.mkdir(parents=True, exist_ok=True)
    wheels, contents, lite_dir = work / "wheels", work / "contents", work / "lite"
    for folder in (wheels, contents, lite_dir):
        shutil.rmtree(folder, ignore_errors=True)
    build_wheels(wheels, work)
    stage_contents(contents)
    # jupyter lite build keeps its task database and cache in the lite dir: a copy of lite/'s
    # configuration under work/, so the checkout stays clean.
    lite_dir.mkdir()
    for name in ("jupyter_lite_config.json", "jupyter-lite.json"):
        shutil.copy2(LITE / name, lite_dir / name)
    subprocess.run([sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir),
                    "--contents", str(contents), "--piplite-wheels", str(wheels),
                    "--output-dir", str(output)], cwd=lite_dir, check=True)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output-dir", type=Path, default=ROOT / "build" / "lite" / "site",
                        help="where the site goes (default: build/lite/site)")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "build" / "lite" / "work",
                        help="staged wheels, contents and configuration (default: build/lite/work)")
    args = parser.parse_args(argv)
    site = build_site(args.output_dir.resolve(), args.work_dir.resolve())
    print(f"The site is in {site}: serve it with any static web server, e.g. python -m http.server -d {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
