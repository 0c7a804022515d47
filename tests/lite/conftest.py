"""Fixtures for the JupyterLite tests: the build tools in a venv of their own, the site built
from this checkout, and Pyodide (the npm ``pyodide`` package) run by Node.

Every test here is marked ``lite`` (deselect with ``-m "not lite"``) and runs in the default
``pytest`` run. The Lite tools never enter the test venv: they live in a venv under
``~/.cache/hvlab-lite`` (the JupyterLite extension logs a console error in JupyterLab). Node and
the npm ``pyodide`` package are installed by README's test command; without them the Pyodide
tests skip with the reason on a developer's machine and fail under CI (``tests/support.py``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

from support import mark_folder, unavailable

LITE_TESTS = Path(__file__).resolve().parent
ROOT = LITE_TESTS.parents[1]
LITE = ROOT / "lite"
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
LITE_VENVS = CACHE / "hvlab-lite"
PYODIDE_NPM = CACHE / "hvlab-pyodide"
"""Where README's test command installs the npm ``pyodide`` package (``npm install --prefix``)."""
TEST_TIMEOUT = 300
"""Seconds one Lite test may take, its fixtures included (a first run creates the Lite venv)."""
DURATIONS: dict[str, float] = {}
"""Seconds each expensive fixture took in this run, printed at the end (kept under ~2 minutes)."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "lite: builds the JupyterLite site and runs hvlab inside Pyodide under Node (tests/lite)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_folder(items, LITE_TESTS, "lite", TEST_TIMEOUT, method="signal")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ARG001
    if DURATIONS:
        timings = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in DURATIONS.items())
        terminalreporter.write_line(f"lite: {timings}")


def _run(command: list[str], what: str, **kwargs) -> subprocess.CompletedProcess:
    """Run a set-up step; its output is shown only when it fails."""
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        pytest.fail(f"{what} failed ({done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}", pytrace=False)
    return done


@pytest.fixture(scope="session")
def lite_python() -> Path:
    """The Python of a venv holding ``lite/requirements.txt``, cached per version of that file
    (``~/.cache/hvlab-lite/venv-<hash>``); a venv left half-made by an interrupted run is redone."""
    requirements = LITE / "requirements.txt"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()[:12]
    home = LITE_VENVS / f"venv-{digest}"
    python, complete = home / "bin" / "python", home / ".complete"
    if not complete.exists():
        started = time.monotonic()
        shutil.rmtree(home, ignore_errors=True)
        venv.create(home, with_pip=True)
        _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(requirements)],
             "installing lite/requirements.txt into the Lite venv")
        complete.write_text(requirements.read_text())
        DURATIONS["Lite venv created"] = time.monotonic() - started
    return python


@pytest.fixture(scope="session")
def lite_kernel(lite_python) -> dict[str, str]:
    """What the Pyodide kernel of the site loads at run time: its Pyodide release and Python."""
    code = ("import json; from jupyterlite_pyodide_kernel import constants as c; "
            "print(json.dumps({'pyodide': c.PYODIDE_VERSION, 'python': c.PYODIDE_PYTHON_VERSION}))")
    return json.loads(_run([str(lite_python), "-c", code], "reading the kernel's Pyodide version").stdout)


@pytest.fixture(scope="session")
def lite_site(lite_python, tmp_path_factory) -> Path:
    """The course as a JupyterLite site, built from this checkout by ``lite/build.py``."""
    work = tmp_path_factory.mktemp("lite")
    started = time.monotonic()
    _run([str(lite_python), str(LITE / "build.py"), "--output-dir", str(work / "site"), "--work-dir", str(work / "work")],
         "lite/build.py", cwd=ROOT)
    DURATIONS["site built"] = time.monotonic() - started
    return work / "site"


@pytest.fixture(scope="session")
def pyodide_dir(lite_kernel) -> Path:
    """The npm ``pyodide`` package, of the release the site's kernel loads, and Node to run it."""
    install = f"npm install --prefix {PYODIDE_NPM} --no-audit --no-fund pyodide@{lite_kernel['pyodide']}"
    if shutil.which("node") is None:
        unavailable(f"Node.js is missing (apt-get install -y nodejs npm), then: {install}")
    package = PYODIDE_NPM / "node_modules" / "pyodide"
    if not (package / "package.json").exists():
        unavailable(f"the npm pyodide package is missing: {install}")
    version = json.loads((package / "package.json").read_text())["version"]
    if version != lite_kernel["pyodide"]:
        pytest.fail(f"{package} is Pyodide {version}, the site's kernel loads {lite_kernel['pyodide']}: {install}",
                    pytrace=False)
    return package


@pytest.fixture(scope="session")
def pyodide_lock(pyodide_dir) -> dict:
    """The Pyodide distribution's package list (``pyodide-lock.json``): what the site's kernel
    loads from the Pyodide CDN at run time."""
    return json.loads((pyodide_dir / "pyodide-lock.json").read_text())


STAND_INS = ("ipywidgets>=8.0", "jsonschema<4.18", "typing-extensions>=4.2")
"""Resolved with their dependencies into pure-Python wheels, these stand in for what the Pyodide
distribution gives the site's kernel at run time (IPython, traitlets, typing-extensions for
anywidget, jsonschema...). jsonschema
4.18 and later need rpds-py, a compiled extension that the Pyodide distribution builds but the
package index has no pure wheel of: 4.17, the last release without it, stands in for it here."""


@pytest.fixture(scope="session")
def support_wheels(lite_kernel) -> Path:
    """The :data:`STAND_INS` for the kernel's Python, cached in ``~/.cache/hvlab-pyodide/wheels-*``:
    the npm package holds the runtime but none of the distribution's packages, and Pyodide under
    Node has no network."""
    digest = hashlib.sha256(repr(STAND_INS).encode()).hexdigest()[:12]
    folder = PYODIDE_NPM / f"wheels-{lite_kernel['python']}-{digest}"
    complete = folder / ".complete"
    if not complete.exists():
        started = time.monotonic()
        shutil.rmtree(folder, ignore_errors=True)
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--only-binary=:all:",
              "--platform", "any", "--implementation", "py", "--abi", "none", "--python-version", lite_kernel["python"],
              "--dest", str(folder), *STAND_INS], "downloading the stand-ins' pure-Python wheels")
        complete.write_text("\n".join(STAND_INS) + "\n")
        DURATIONS["support wheels downloaded"] = time.monotonic() - started
    return folder
