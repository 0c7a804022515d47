"""hvlab in Pyodide, the Python of the JupyterLite site, run by Node with no network: the site's
own wheels (hvlab, ipywidgets...) and, for what the Pyodide distribution would give the kernel
at run time, the same pure-Python packages from the package index. matplotlib cannot be had
here (it comes from the Pyodide CDN), so the widgets must say what is missing instead of a
diagram; the core cells of a notebook must print exactly what they print in CPython."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from hvlab.catalog import set_language, text

from .conftest import DURATIONS, LITE_TESTS, ROOT

NOTEBOOKS = ("notebooks/00-start-here.ipynb", "notebooks/03-inside-the-disk-chain.ipynb",
             "notebooks/ja/03-inside-the-disk-chain.ipynb")
"""Start here (core cells, the checkpoint type explorer, the progress view) and the disk chain
notebook (core cells, two matplotlib cells, the disk chain lab and a self-check)."""
DRIVE = "/drive/notebooks"
"""Where JupyterLite's kernel starts for a notebook in notebooks/: the mounted contents (/drive)."""
KERNEL_BOOT = ("ipykernel", "comm", "pyodide-kernel", "jedi", "ipython")
"""What the site's Pyodide kernel installs with piplite before the first cell (its worker's list)."""
NEEDS_MATPLOTLIB = re.compile(r"^\s*(%matplotlib|from hvlab\.diagrams import|import matplotlib)", re.M)


def _distribution(wheel: Path) -> str:
    return canonicalize_name(wheel.name.split("-")[0])


def _code_cells(notebook: str) -> list[str]:
    return [c.source for c in nbformat.read(ROOT / notebook, as_version=4).cells if c.cell_type == "code"]


def _wheels(lite_site: Path, support_wheels: Path, python: str, lock: dict) -> tuple[list[Path], set[str]]:
    """What ``%pip install hvlab`` installs in the site's kernel: hvlab and, following the
    requirements as they read under Pyodide, the site's own wheels or else the stand-ins for the
    Pyodide distribution's packages. Only what hvlab declares is installed, so an import of an
    undeclared dependency fails here as it would in the browser. Also returns what only the
    Pyodide distribution has (compiled: matplotlib), which cannot be had here."""
    available = {_distribution(w): w for w in sorted(support_wheels.glob("*.whl"))}
    available.update({_distribution(w): w for w in sorted((lite_site / "pypi").glob("*.whl"))})
    chosen: dict[str, Path] = {}
    pending, unknown, cdn_only = ["hvlab"], set(), set()
    distribution = {canonicalize_name(name) for name in lock["packages"]}
    while pending:
        name = canonicalize_name(pending.pop())
        if name in chosen:
            continue
        if name not in available:
            (cdn_only if name in distribution else unknown).add(name)
            continue
        chosen[name] = available[name]
        pending.extend(r.name for r in _requires(chosen[name], _emscripten(python)))
    assert not unknown, f"hvlab needs {sorted(unknown)} under Pyodide: neither the site nor the stand-ins have it"
    return list(chosen.values()), cdn_only


def _run_in_pyodide(pyodide_dir: Path, wheels: list[Path], cells: list[str], tmp_path: Path, label: str) -> dict:
    job = tmp_path / "job.json"
    result = tmp_path / "result.json"
    job.write_text(json.dumps({"pyodide": str(pyodide_dir), "wheels": [str(w) for w in wheels], "cwd": DRIVE,
                               "driver": str(LITE_TESTS / "pyodide_cells.py"), "cells": cells, "result": str(result)}))
    started = time.monotonic()
    done = subprocess.run(["node", str(LITE_TESTS / "run_in_pyodide.mjs"), str(job)], capture_output=True, text=True,
                          timeout=240)
    DURATIONS[f"Pyodide {label}"] = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(result.read_text())


def _run_in_cpython(cells: list[str], hvlab_wheel: Path, tmp_path: Path) -> dict:
    """The same driver on the same hvlab (the site's wheel, imported from the zip) in this venv's
    CPython, in a fresh process so the language starts as the default. ``-S`` and site-packages
    put on the path by hand: the .pth of this checkout's editable install must not run, or it
    would import the checkout (which may have changed since the site was built) over the wheel."""
    (tmp_path / "cells.json").write_text(json.dumps(cells))
    site_packages = sysconfig.get_paths()["purelib"]  # this venv's: without site.py, -S would not know it
    code = (f"import json, sys\nsys.path[:0] = [{str(hvlab_wheel)!r}, {site_packages!r}]\n"
            f"CELLS = json.load(open('cells.json'))\n" + (LITE_TESTS / "pyodide_cells.py").read_text() + "\nprint(_main())")
    env = {**os.environ, "MPLBACKEND": "Agg", "HVLAB_PROGRESS": str(tmp_path / "cpython-progress.json")}
    done = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env,
                          timeout=240)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_a_notebooks_core_cells_and_widgets_run_in_pyodide(notebook, lite_site, support_wheels, pyodide_dir,
                                                          pyodide_lock, lite_kernel, tmp_path):
    cells = [source for source in _code_cells(notebook) if not NEEDS_MATPLOTLIB.search(source)]
    assert len(cells) >= 5
    wheels, cdn_only = _wheels(lite_site, support_wheels, lite_kernel["python"], pyodide_lock)
    assert cdn_only == {"matplotlib"}, "only matplotlib (compiled, from the Pyodide CDN) is missing here"
    browser = _run_in_pyodide(pyodide_dir, wheels, cells, tmp_path, notebook)
    assert browser["platform"] == "emscripten"
    assert browser["python"].rsplit(".", 1)[0] == lite_kernel["python"]
    for cell in browser["cells"]:
        assert "error" not in cell, cell["error"]
    # Nothing of matplotlib, numpy, isal or jupyterlab was needed for these cells.
    assert browser["loaded"] == []

    # The simulator behaves in Pyodide exactly as in CPython: every cell prints the same.
    cpython = _run_in_cpython(cells, next((lite_site / "pypi").glob("hvlab-*.whl")), tmp_path)
    assert not [c["error"] for c in cpython["cells"] if "error" in c]
    assert ".whl" in cpython["hvlab"], "CPython ran the site's wheel, not the checkout"
    assert [c["stdout"] for c in browser["cells"]] == [c["stdout"] for c in cpython["cells"]]

    # The labs are there; in each diagram's place they say what is missing and why.
    labs = [c for c in browser["cells"] if "descriptions" in c]
    assert labs, "the notebook has a lab with diagrams"
    language = "ja" if "/ja/" in notebook else "en"
    shown = [value for lab in labs for value in lab["descriptions"].values() if value]
    assert shown, "the labs show their diagrams' places"
    set_language(language)
    # hvlab.diagrams imports numpy and matplotlib: whichever fails first is named.
    expected = {f"<p role='note'>{html.escape(text('widget.diagram_unavailable_browser', module=m), quote=True)}</p>"
                for m in ("numpy", "matplotlib")}
    for value in shown:
        assert value in expected
        assert "Pyodide" in value and "%pip install matplotlib" in value

    # The self-check or the progress view recorded the notebook as opened where JupyterLite
    # keeps files: /drive.
    assert browser["progress_path"] == "/drive/.hvlab/progress.json"
    assert Path(notebook).name[:2] in browser["progress"]["notebooks"]


def _emscripten(python: str) -> dict[str, str]:
    """The marker environment of the site's Pyodide kernel."""
    return {"sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
            "platform_machine": "wasm32", "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "python_version": python, "python_full_version": f"{python}.0", "implementation_version": f"{python}.0",
            "platform_release": "", "platform_version": "", "extra": ""}


def _requires(wheel: Path, environment: dict[str, str]) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(name).decode("utf-8")
    wanted = []
    for line in metadata.splitlines():
        if line.startswith("Requires-Dist:"):
            requirement = Requirement(line.split(":", 1)[1].strip())
            if requirement.marker is None or Marker(str(requirement.marker)).evaluate(environment):
                wanted.append(requirement)
    return wanted


def test_everything_hvlab_needs_in_the_browser_is_in_the_site_or_the_pyodide_distribution(lite_site, pyodide_lock,
                                                                                          lite_kernel):
    """Starting from what the kernel installs before the first cell and from hvlab, every
    requirement (markers evaluated as in Pyodide) is served by the site's own index, by the
    kernel extension's index, or by the Pyodide distribution: the site needs the Pyodide CDN but
    not PyPI. A new pure-Python dependency of hvlab belongs in lite/site-requirements.txt."""
    environment = _emscripten(lite_kernel["python"])
    kernel_index = lite_site / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static" / "pypi"
    served = {_distribution(w): w for w in sorted(kernel_index.glob("*.whl"))}
    served.update({_distribution(w): w for w in sorted((lite_site / "pypi").glob("*.whl"))})
    distribution = {canonicalize_name(name): entry["version"] for name, entry in pyodide_lock["packages"].items()}
    missing, seen = set(), set()
    pending = [Requirement(name) for name in (*KERNEL_BOOT, "hvlab")]
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        version = served[name].name.split("-")[1] if name in served else distribution.get(name)
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            missing.add(f"{requirement} (have {version})")
        elif name not in seen and name in served:
            pending.extend(_requires(served[name], environment))
        seen.add(name)
    assert not missing, f"neither in the site's index nor in the Pyodide distribution: {sorted(missing)}"
