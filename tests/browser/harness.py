"""Start JupyterLab, Voila and Chromium for the browser tests and the browser benchmark.

Why a module of its own (not only fixtures): ``bench/bench_browser.py`` drives the same servers
and the same browser, so both measure the same thing. Everything here runs on 127.0.0.1, on a
free port, with a token, with Jupyter's and matplotlib's folders in a temp directory (nothing is
written into the home folder), and every server is stopped by its PID whatever happens
(JupyterLab as root needs ``--allow-root``; ``&reset`` opens a fresh workspace; never
``playwright install``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from support import PortTaken, bind_failed, start_on_free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
CHROMIUM = Path(os.environ.get("HVLAB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

LAB_NOTEBOOKS: dict[str, str] = {
    "explorer": "from hvlab.widgets import CheckpointTypeExplorer\n\nCheckpointTypeExplorer()",
    "disk_chain_lab": "from hvlab.widgets import DiskChainLab\n\nDiskChainLab()",
    "apply_comparison": "from hvlab.widgets import ApplyComparison\n\nApplyComparison()",
    "self_check": 'from hvlab.widgets import SelfCheck\n\nSelfCheck("01")',
    "challenge": 'from hvlab.widgets import Challenge\n\nChallenge("production-linux")',
    "powershell_console": "from hvlab.widgets import PowerShellConsole\n\nPowerShellConsole()",
}
"""One notebook per lab (``lab-<name>.ipynb``), each showing the lab as a learner's cell does;
the same file is opened in JupyterLab and served by Voila."""


def _die_with_parent() -> None:
    """In the server's process before exec: Linux sends it SIGTERM when the test process dies,
    even if pytest is killed or exits without running fixture teardown."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:  # not glibc/Linux: teardown by PID still applies
        pass


def write_notebook(path: Path, sources: list[str]) -> Path:
    """A minimal nbformat-4 notebook of code cells (no outputs)."""
    cells = [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
              "source": source} for i, source in enumerate(sources)]
    document = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                            "name": "python3"}},
                "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def prepare_workdir(base: Path) -> Path:
    """A copy of the course notebooks plus one notebook per lab, in ``base/notebooks``: running
    them (notebook 08 exports answers) never writes into the repository."""
    work = base / "notebooks"
    work.mkdir(parents=True, exist_ok=True)
    for path in sorted(NOTEBOOK_DIR.glob("[0-9][0-9]-*.ipynb")):
        shutil.copy(path, work / path.name)
    for name, source in LAB_NOTEBOOKS.items():
        write_notebook(work / f"lab-{name}.ipynb", [source])
    return work


def jupyter_env(base: Path) -> dict[str, str]:
    """The servers' environment: every Jupyter/IPython/matplotlib folder under ``base``,
    JupyterLab's notebook windowing off (so every cell is in the DOM and can be checked),
    and this venv's python first on PATH (the kernel spec runs ``python``)."""
    dirs = {name: base / name.lower() for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                                                    "IPYTHONDIR", "MPLCONFIGDIR", "JUPYTERLAB_SETTINGS_DIR",
                                                    "JUPYTERLAB_WORKSPACES_DIR")}
    for directory in dirs.values():
        directory.mkdir(parents=True, exist_ok=True)
    tracker = dirs["JUPYTERLAB_SETTINGS_DIR"] / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True, exist_ok=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")
    # No "news" / update-check requests to the internet (they log console errors offline).
    ext = dirs["JUPYTERLAB_SETTINGS_DIR"] / "@jupyterlab" / "apputils-extension"
    ext.mkdir(parents=True, exist_ok=True)
    (ext / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "JUPYTER_PATH", "JUPYTER_TOKEN")}
    env.update({k: str(v) for k, v in dirs.items()})
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    # Learner progress (hvlab.classroom.progress) goes to a temp file, never ~/.hvlab.
    env["HVLAB_PROGRESS"] = str(base / "hvlab-progress.json")
    return env


class Server:
    """One Jupyter server process (JupyterLab or Voila) that this process started."""

    def __init__(self, kind: str, workdir: Path, base: Path, env: dict[str, str], port: int):
        self.kind = kind
        self.workdir = workdir
        self.port = port
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = base / f"{kind}-{self.port}.log"
        bindir = os.path.dirname(sys.executable)
        if kind == "lab":
            command = [os.path.join(bindir, "jupyter-lab"), "--allow-root", "--no-browser", "--ip=127.0.0.1",
                       f"--port={self.port}", f"--ServerApp.token={self.token}", f"--ServerApp.root_dir={workdir}",
                       "--ServerApp.port_retries=0", "--LabApp.expose_app_in_browser=True",
                       "--ServerApp.disable_check_xsrf=False", "--LabServerApp.open_browser=False"]
        elif kind == "voila":
            # Directory mode: "/" is a file list (no kernel), each /voila/render/NB.ipynb a lab.
            command = [os.path.join(bindir, "voila"), str(workdir), "--no-browser", "--Voila.ip=127.0.0.1",
                       f"--port={self.port}", f"--Voila.token={self.token}", "--Voila.port_retries=0",
                       "--VoilaConfiguration.show_tracebacks=True"]
        else:  # pragma: no cover - programming error
            raise ValueError(kind)
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(command, cwd=workdir, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_die_with_parent)
        self.pid = self.process.pid

    # ------------------------------------------------------------------ http
    def api(self, path: str, method: str = "GET", timeout: float = 10) -> Any:
        """JSON from the server's REST API (token in the header)."""
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def wait_ready(self, timeout: float = 90) -> None:
        """Poll until the server answers (never a Voila page: each GET starts a kernel).
        :class:`~support.PortTaken` when it exited because its port was taken."""
        probe = "/api/status" if self.kind == "lab" else f"/?token={self.token}"

        def answers() -> bool:
            request = urllib.request.Request(self.url + probe, headers={"Authorization": f"token {self.token}"})
            with urllib.request.urlopen(request, timeout=3) as response:
                return response.status == 200

        def exited() -> str | None:
            if self.process.poll() is None:
                return None
            if bind_failed(self.log_tail()):
                raise PortTaken(f"{self.kind} could not bind port {self.port}")
            return f"exited with {self.process.returncode}:\n{self.log_tail()}"

        try:
            wait_until(answers, timeout, f"{self.kind} on port {self.port}", interval=0.3, failed=exited)
        except TimeoutError as error:
            raise RuntimeError(f"{error}\n{self.log_tail()}") from None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def page_url(self, notebook: str) -> str:
        if self.kind == "lab":
            return f"{self.url}/lab/tree/{notebook}?token={self.token}&reset"
        return f"{self.url}/voila/render/{notebook}?token={self.token}"

    def kernels(self) -> list[dict[str, Any]]:
        """Running kernels (JupyterLab only; Voila has no kernels API)."""
        return self.api("/api/kernels") if self.kind == "lab" else []

    def shutdown_kernels(self) -> None:
        """Stop every kernel of a JupyterLab server (keeps the 2-core machine free between tests)."""
        if self.kind != "lab":
            return
        for kernel in self.kernels():
            try:
                self.api(f"/api/kernels/{kernel['id']}", method="DELETE", timeout=20)
            except (urllib.error.URLError, OSError):
                pass

    # ------------------------------------------------------------------ stop
    def stop(self) -> None:
        """Stop the server and whatever it started (kernels), by PID."""
        children: list[int] = []
        try:
            import psutil

            children = [c.pid for c in psutil.Process(self.pid).children(recursive=True)]
        except Exception:  # noqa: BLE001 - psutil missing or the process already gone
            pass
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self._log.close()


def start(kind: str, workdir: Path, base: Path, env: dict[str, str]) -> Server:
    """A ready server of ``kind`` on a free port (another port if that one was taken meanwhile)."""

    def on(port: int) -> Server:
        server = Server(kind, workdir, base, env, port)
        try:
            server.wait_ready()
        except BaseException:
            server.stop()
            raise
        return server

    return start_on_free_port(on)


def launch_browser(playwright: Any, user_data_dir: Path) -> Any:
    """Debian's Chromium, headless, with a fresh profile (a persistent context in a temp dir)."""
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1400, "height": 1000}, device_scale_factor=1,
    )


# ---------------------------------------------------------------------- in-page helpers
WAIT_LAB_KERNEL_JS = """() => {
  const app = window.jupyterapp; if (!app) return false;
  const w = app.shell.currentWidget; if (!w || !w.sessionContext) return false;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!(k && k.status === 'idle' && k.connectionStatus === 'connected' && w.content && w.content.widgets.length);
}"""

RUN_ALL_JS = """async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); return true; }"""

ALL_EXECUTED_JS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!k || k.status !== 'idle') return false;
  for (const cell of w.content.widgets) {
    if (cell.model.type !== 'code') continue;
    if (cell.model.executionCount === null || cell.promptNode && cell.promptNode.textContent.includes('*')) return false;
  }
  return true;
}"""

NOTEBOOK_REPORT_JS = """() => {
  // Per code cell: its outputs as the model holds them, and how the DOM shows them.
  const w = window.jupyterapp.shell.currentWidget;
  const rows = [];
  for (const cell of w.content.widgets) {
    if (cell.model.type !== 'code') continue;
    const outputs = cell.model.outputs.toJSON();
    const node = cell.node;
    // A rendered widget view is an output whose child is the view's node; a failed one falls
    // back to the text/plain repr ("VBox(children=...)").
    const rendered = Array.from(node.querySelectorAll('.jp-OutputArea-output'))
      .filter(o => o.firstElementChild && o.firstElementChild.classList.contains('jupyter-widgets')).length;
    const texts = Array.from(node.querySelectorAll('.jp-OutputArea-output')).map(e => e.innerText.slice(0, 200));
    rows.push({
      id: cell.model.id, source: cell.model.sharedModel.getSource(), count: cell.model.executionCount,
      types: outputs.map(o => o.output_type), errors: outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
      widgetModels: outputs.filter(o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length,
      widgetRendered: rendered, stderr: node.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]').length,
      texts: texts,
    });
  }
  return rows;
}"""

WIDGETS_RENDERED_JS = """() => {
  // Every widget output of the current notebook has its view's node in the page (views render
  // just after the kernel goes idle).
  const w = window.jupyterapp.shell.currentWidget;
  for (const cell of w.content.widgets) {
    if (cell.model.type !== 'code') continue;
    const models = cell.model.outputs.toJSON().filter(o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length;
    const views = Array.from(cell.node.querySelectorAll('.jp-OutputArea-output'))
      .filter(o => o.firstElementChild && o.firstElementChild.classList.contains('jupyter-widgets')).length;
    if (views < models) return false;
  }
  return true;
}"""

NEXT_FRAME_JS = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"""
"""Resolves after the browser has laid out and painted twice (a resize or scroll has taken effect)."""

