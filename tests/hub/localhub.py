"""A real JupyterHub on 127.0.0.1 for the classroom test and the classroom benchmark.

Why a module (not only a fixture): ``bench/bench_classroom.py`` measures the very hub the test
drives. The hub loads the classroom configuration a trainer uses, ``deploy/jupyterhub_config.py``
(shared-password authenticator, concurrent-spawn limit, idle culler, kernel culling), and changes
only what a test machine needs: configurable-http-proxy
from npm, ``SimpleLocalProcessSpawner`` (one home per learner under a temp folder, no per-user
isolation: that needs SystemdSpawner or KubeSpawner, see ``docs/classroom.md``), free ports on
127.0.0.1 and an admin service token for the REST API.

Every process the hub starts (proxy, learners' servers, their kernels) carries the environment
variable ``HVLAB_TEST_HUB=<id>``; :meth:`LocalHub.stop` sends the hub SIGTERM (it stops the
servers and the proxy) and then kills, by PID, any process still carrying that id — so nothing
outlives a test, whatever happened.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared support module
from support import PortTaken, bind_failed, free_port, unavailable, wait_until  # noqa: E402,F401  (free_port, unavailable: used through localhub)

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
MARKER = "HVLAB_TEST_HUB"
PASSWORD = "hvlab-classroom-" + secrets.token_hex(4)
TRAINER_PASSWORD = secrets.token_hex(16)
"""deploy/jupyterhub_config.py makes ``trainer`` admin with this password (32 characters)."""
CHP_NAME = "configurable-http-proxy"
CHP_PLACES = (
    Path.home() / ".cache" / "hvlab-chp" / "node_modules" / ".bin",
    ROOT / "node_modules" / ".bin",
)
"""Where ``npm install --prefix ~/.cache/hvlab-chp configurable-http-proxy`` (the .ci/run step)
puts the proxy, checked after ``$HVLAB_CHP`` and ``PATH``."""


def find_proxy() -> Path | None:
    """configurable-http-proxy: ``$HVLAB_CHP``, then PATH, then the npm folders of CHP_PLACES."""
    override = os.environ.get("HVLAB_CHP")
    if override:
        return Path(override) if Path(override).exists() else None
    found = shutil.which(CHP_NAME)
    if found:
        return Path(found)
    for place in CHP_PLACES:
        if (place / CHP_NAME).exists():
            return place / CHP_NAME
    return None


def missing_prerequisites(browser: bool = True) -> list[str]:
    """What is missing to run a real hub here, each with how to install it."""
    import importlib.util

    missing = []
    for module, package in (("jupyterhub", "jupyterhub"), ("nbgitpuller", "nbgitpuller"),
                            ("websocket", "websocket-client")):
        if importlib.util.find_spec(module) is None:
            missing.append(f"{package} is not installed: pip install {package}")
    for script in ("jupyterhub", "jupyterhub-singleuser"):
        if not (VENV_BIN / script).exists():
            missing.append(f"{VENV_BIN / script} is missing: pip install jupyterhub")
    if find_proxy() is None:
        missing.append(f"{CHP_NAME} is missing: npm install --prefix ~/.cache/hvlab-chp {CHP_NAME} (or set HVLAB_CHP)")
    if shutil.which("git") is None:
        missing.append("git is missing (nbgitpuller clones with it)")
    if browser:
        if not Path(os.environ.get("HVLAB_CHROMIUM", "/usr/bin/chromium")).exists():
            missing.append("/usr/bin/chromium is missing: apt-get install -y chromium")
        if importlib.util.find_spec("playwright") is None:
            missing.append("playwright is not installed: pip install playwright (never `playwright install`)")
    return missing


def make_course_repository(base: Path, name: str = "hvlab-course") -> Path:
    """A local git repository holding the course notebooks as they are in this working tree:
    what a trainer's repository on GitHub would hold, reachable without a network."""
    repo = base / name
    (repo / "notebooks").mkdir(parents=True)
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        shutil.copy2(notebook, repo / "notebooks" / notebook.name)
    env = {**os.environ, "GIT_AUTHOR_NAME": "trainer", "GIT_AUTHOR_EMAIL": "trainer@example.org",
           "GIT_COMMITTER_NAME": "trainer", "GIT_COMMITTER_EMAIL": "trainer@example.org"}
    for command in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "course"]):
        subprocess.run(command, cwd=repo, env=env, check=True, capture_output=True)
    return repo


DEPLOY_CONFIG = ROOT / "deploy" / "jupyterhub_config.py"

CONFIG = """\
# Written by tests/hub/localhub.py: the classroom configuration of deploy/jupyterhub_config.py
# (authenticator, concurrent-spawn limit, idle culler, kernel culling), then what differs on a
# test machine: 127.0.0.1 and free ports, a temp folder for every file the hub writes, the simple
# local process spawner (homes under the temp folder), and an admin service for the REST API.
c = get_config()  # noqa: F821
load_subconfig({deploy_config!r})  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {proxy_port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.JupyterHub.db_url = "sqlite:///{base}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{base}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{base}/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = "{base}/home/{{username}}"
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = list(c.Spawner.args) + ["--allow-root", "--LabApp.expose_app_in_browser=True"]
c.Spawner.environment = {{{marker!r}: {hub_id!r}, "MPLBACKEND": "Agg"}}
if {concurrent_spawn_limit!r}:
    c.JupyterHub.concurrent_spawn_limit = {concurrent_spawn_limit!r}
for service in c.JupyterHub.services:  # the idle culler: marked too, so stop() finds it
    service["environment"] = {{**service.get("environment", {{}}), {marker!r}: {hub_id!r}}}
c.JupyterHub.services = list(c.JupyterHub.services) + [{{"name": "admin", "api_token": {token!r}}}]
c.JupyterHub.load_roles = list(c.JupyterHub.load_roles) + [{{
    "name": "admin-role", "services": ["admin"],
    "scopes": ["admin:users", "admin:servers", "admin:server_state", "access:servers", "tokens",
               "list:users", "read:users", "list:services", "read:services"],
}}]
"""


@dataclass
class LocalHub:
    """One hub and its proxy on free ports under ``base``; learners are created through the REST API."""

    base: Path
    concurrent_spawn_limit: int | None = None
    """None: the classroom configuration's limit."""
    hub_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    token: str = field(default_factory=lambda: secrets.token_hex(32))
    password: str = PASSWORD
    trainer_password: str = TRAINER_PASSWORD

    def __post_init__(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        self._pick_ports()
        self.process: subprocess.Popen | None = None
        self.log_path = self.base / "jupyterhub.log"
        self.started_at = 0.0

    def _pick_ports(self) -> None:
        self.port = free_port()
        self.hub_port = free_port()
        self.proxy_api_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    # ------------------------------------------------------------------ life cycle
    def start(self, timeout: float = 60, attempts: int = 4) -> None:
        """Start the hub and wait until its API answers. When one of its three ports was taken
        between :func:`free_port` and the bind (the hub or the proxy then exits), start again
        on fresh ports."""
        for attempt in range(attempts):
            try:
                return self._start_once(timeout)
            except PortTaken:
                self.stop()
                if attempt == attempts - 1:
                    raise
                self._pick_ports()

    def _start_once(self, timeout: float) -> None:
        chp = find_proxy()
        if chp is None:
            raise RuntimeError(f"{CHP_NAME} not found")
        (self.base / "home").mkdir(exist_ok=True)
        config = self.base / "jupyterhub_config.py"
        config.write_text(CONFIG.format(
            proxy_port=self.port, hub_port=self.hub_port, proxy_api_port=self.proxy_api_port, chp=str(chp),
            base=self.base, password=self.password, singleuser=str(VENV_BIN / "jupyterhub-singleuser"),
            marker=MARKER, hub_id=self.hub_id, token=self.token, concurrent_spawn_limit=self.concurrent_spawn_limit,
            deploy_config=str(DEPLOY_CONFIG),
        ), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "HVLAB_PROGRESS"}
        env[MARKER] = self.hub_id
        env["HVLAB_CLASS_PASSWORD"] = self.password
        env["HVLAB_TRAINER_PASSWORD"] = self.trainer_password
        env["PATH"] = os.pathsep.join([str(VENV_BIN), str(chp.parent), env.get("PATH", "")])
        self._log = open(self.log_path, "wb")
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(
            [str(VENV_BIN / "jupyterhub"), "-f", str(config)], cwd=self.base, env=env,
            stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        def exited() -> str | None:
            if self.process.poll() is None:
                return None
            if bind_failed(self.log_tail()):
                raise PortTaken("jupyterhub or its proxy could not bind a port")
            return f"exited with {self.process.returncode}:\n{self.log_tail()}"

        try:
            wait_until(lambda: self.api("GET", "/hub/api/", timeout=3) is not None, timeout, "jupyterhub",
                       interval=0.3, failed=exited)
        except TimeoutError as error:
            raise RuntimeError(f"{error}\n{self.log_tail()}") from None

    def stop(self, timeout: float = 40) -> list[int]:
        """SIGTERM the hub (it stops every learner's server and the proxy), then kill by PID
        whatever still carries this hub's id. Returns the PIDs that had to be killed."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        killed = []
        for pid in self.processes():
            try:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            except (ProcessLookupError, PermissionError):
                pass
        for pid in killed:  # reap what is ours; others are re-parented to init
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
        if getattr(self, "_log", None):
            self._log.close()
        return killed

    def processes(self) -> list[int]:
        """PIDs of live processes carrying ``HVLAB_TEST_HUB=<this hub's id>`` (the hub's own tree)."""
        needle = f"{MARKER}={self.hub_id}".encode()
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0") and _alive(entry):
                    found.append(int(entry.name))
            except OSError:
                continue
        return found

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    # ------------------------------------------------------------------ REST
    def api(self, method: str, path: str, body: Any = None, timeout: float = 30) -> Any:
        """One REST call through the proxy with the admin service token; parsed JSON (or None)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def create_learners(self, names: list[str]) -> list[dict]:
        return self.api("POST", "/hub/api/users", {"usernames": names})

    def start_servers(self, names: list[str], timeout: float = 150) -> dict[str, float]:
        """Ask for every learner's server at once (as a class does at 9:00), then wait until each
        is ready; returns seconds from the request to ready, per learner."""
        asked = time.monotonic()
        for name in names:
            try:
                self.api("POST", f"/hub/api/users/{name}/server", {})
            except urllib.error.HTTPError as error:  # 400: already running
                if error.code != 400:
                    raise
        ready: dict[str, float] = {}
        deadline = asked + timeout
        while len(ready) < len(names) and time.monotonic() < deadline:
            for name in names:
                if name in ready:
                    continue
                server = self.api("GET", f"/hub/api/users/{name}").get("servers", {}).get("")
                if server and server.get("ready"):
                    ready[name] = time.monotonic() - asked
            time.sleep(0.5)
        if len(ready) < len(names):
            raise RuntimeError(f"servers not ready after {timeout:.0f} s: {sorted(set(names) - set(ready))}\n{self.log_tail()}")
        return ready

    def home(self, name: str) -> Path:
        return self.base / "home" / name

    def user_api(self, name: str, method: str, path: str, body: Any = None, timeout: float = 60) -> Any:
        return self.api(method, f"/user/{name}/api/{path.lstrip('/')}", body, timeout=timeout)

    def pull(self, name: str, link: str, timeout: float = 60) -> list[dict]:
        """Do what a click on the nbgitpuller link does on the learner's server: the ``git-pull/api``
        event stream with the link's own query. Returns the events; the last is ``finished``."""
        query = dict(parse_qsl(urlsplit(link).query))
        params = "&".join(f"{k}={urllib.request.quote(v, safe='')}" for k, v in query.items() if k != "urlpath")
        request = urllib.request.Request(f"{self.url}/user/{name}/git-pull/api?{params}",
                                         headers={"Authorization": f"token {self.token}"})
        events = []
        with urllib.request.urlopen(request, timeout=timeout) as response:
            for raw in response:
                line = raw.decode("utf-8", "replace").strip()
                if line.startswith("data:"):
                    events.append(json.loads(line[5:]))
                    if events[-1].get("phase") in ("finished", "error"):
                        break
        return events

    def login(self, username: str, password: str) -> tuple[int, str]:
        """The hub's login form as a browser posts it (with its XSRF token); the status and where
        the hub sends the user next (``Location``), without following it."""
        import http.cookiejar
        import re
        from urllib.parse import urlencode

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
        form = opener.open(f"{self.url}/hub/login", timeout=30).read().decode()
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form).group(1)
        data = urlencode({"_xsrf": xsrf, "username": username, "password": password}).encode()
        try:
            response = opener.open(urllib.request.Request(f"{self.url}/hub/login?next=", data=data), timeout=30)
            return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")

    # ------------------------------------------------------------------ kernels
    def start_kernel(self, name: str, notebook_path: str) -> str:
        """A session for ``notebook_path`` (so the kernel runs in the notebook's folder); the kernel id."""
        session = self.user_api(name, "POST", "sessions", {"path": notebook_path, "type": "notebook",
                                                            "name": notebook_path.rsplit("/", 1)[-1],
                                                            "kernel": {"name": "python3"}})
        return session["kernel"]["id"]

    def restart_kernel(self, name: str, kernel_id: str, timeout: float = 60) -> None:
        """Restart the kernel and wait until the server reports it idle again (the restart
        request answers before the new kernel process is ready)."""
        self.user_api(name, "POST", f"kernels/{kernel_id}/restart", {})
        wait_until(lambda: self.user_api(name, "GET", f"kernels/{kernel_id}").get("execution_state") == "idle",
                   timeout, f"{name}'s kernel after restart", interval=0.3)

    def kernel(self, name: str, kernel_id: str) -> "KernelChannel":
        return KernelChannel(self, name, kernel_id)

    def run_notebook(self, name: str, notebook_path: str, timeout: float = 180) -> "NotebookRun":
        """Execute every code cell of a notebook in the learner's home in a fresh kernel of the
        learner's server, as "Run All" does; the kernel stays up (its memory is measured)."""
        notebook = self.user_api(name, "GET", f"contents/{notebook_path}?content=1")["content"]
        kernel_id = self.start_kernel(name, notebook_path)
        started = time.monotonic()
        outputs: dict[str, list[dict]] = {}
        with self.kernel(name, kernel_id) as channel:
            for cell in notebook["cells"]:
                if cell["cell_type"] == "code":
                    outputs[cell.get("id", str(len(outputs)))] = channel.execute(cell["source"], timeout=timeout)
        return NotebookRun(name, notebook_path, kernel_id, outputs, time.monotonic() - started, channel.drops)

    # ------------------------------------------------------------------ memory
    def memory(self) -> dict[str, Any]:
        """RSS and PSS (MiB) of the hub, the proxy, and per learner of the server and its kernels."""
        table: dict[str, Any] = {"hub": 0.0, "proxy": 0.0, "learners": {}}
        for pid in self.processes():
            proc = Path("/proc") / str(pid)
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                env = dict(item.split("=", 1) for item in (proc / "environ").read_bytes().decode(errors="replace").split("\0") if "=" in item)
                rss, pss = _rss_pss(proc)
            except OSError:
                continue
            user = env.get("JUPYTERHUB_USER")
            if user:
                slot = table["learners"].setdefault(user, {"server": 0.0, "kernels": 0.0, "server_pss": 0.0, "kernels_pss": 0.0})
                key = "kernels" if "ipykernel" in cmdline else "server"
                slot[key] += rss
                slot[key + "_pss"] += pss
            elif "jupyterhub-singleuser" in cmdline or "ipykernel" in cmdline:
                continue
            elif CHP_NAME in cmdline or cmdline.startswith("node"):
                table["proxy"] += rss
            elif "jupyterhub" in cmdline:
                table["hub"] += rss
        return table


def _alive(proc: Path) -> bool:
    try:
        return "\nState:\tZ" not in (proc / "status").read_text()
    except OSError:
        return False


def _rss_pss(proc: Path) -> tuple[float, float]:
    rss = pss = 0.0
    try:
        for line in (proc / "smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    except OSError:
        for line in (proc / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = pss = int(line.split()[1]) / 1024
    return rss, pss


@dataclass
class NotebookRun:
    learner: str
    path: str
    kernel_id: str
    outputs: dict[str, list[dict]]
    seconds: float
    drops: list[tuple[float, str]] = field(default_factory=list)
    """The kernel's socket closing under the run, survived (see :class:`KernelChannel`)."""

    def errors(self) -> list[str]:
        return [f"{cell}: {o.get('ename')}: {o.get('evalue')}" for cell, outs in self.outputs.items()
                for o in outs if o["msg_type"] == "error"]

    def widget_cells(self) -> list[str]:
        return [cell for cell, outs in self.outputs.items()
                if any("application/vnd.jupyter.widget-view+json" in o.get("content", {}).get("data", {}) for o in outs)]


class KernelChannel:
    """The kernel's websocket through the proxy and the learner's server (websocket-client).

    Why it reconnects: once, with five learners' kernels running notebook 03 at once, the socket
    closed mid-cell ("Connection to remote host was lost") and the cell's output was lost with
    it. The learner's server keeps the kernel's messages for a session whose last socket closed
    ("Starting buffering" in its log) and replays them when a socket with the same
    ``session_id`` connects again, as JupyterLab does after a network blip. So :meth:`execute`
    reconnects with the same session and reads on; if nothing of the cell arrives after the
    reconnect while the kernel reports idle (the replay was lost), it asks for the cell again.
    Every drop is kept in :attr:`drops` (when, what) so a test can say it happened.
    """

    RECONNECTS = 5
    """Drops survived within one cell before giving up."""
    REPLAY_WAIT = 10.0
    """Seconds to wait for the replay after a reconnect before asking whether the kernel is idle."""

    def __init__(self, hub: LocalHub, name: str, kernel_id: str):
        self.hub, self.name, self.kernel_id = hub, name, kernel_id
        self.session = uuid.uuid4().hex
        self.lock = threading.Lock()
        self.drops: list[tuple[float, str]] = []
        self.requests_sent = 0

    @property
    def url(self) -> str:
        return (f"ws://127.0.0.1:{self.hub.port}/user/{self.name}/api/kernels/{self.kernel_id}/channels"
                f"?session_id={self.session}")

    def _connect(self, timeout: float = 60) -> None:
        import websocket

        deadline = time.monotonic() + timeout
        while True:
            try:
                self.ws = websocket.create_connection(self.url, header=[f"Authorization: token {self.hub.token}"], timeout=60)
                return
            except (websocket.WebSocketException, OSError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def __enter__(self) -> "KernelChannel":
        self._connect()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.ws.close()

    def _send_execute(self, msg_id: str, code: str) -> None:
        self.requests_sent += 1
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.name, "session": self.session, "msg_type": "execute_request",
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))

    def _kernel_idle(self) -> bool:
        try:
            return self.hub.user_api(self.name, "GET", f"kernels/{self.kernel_id}", timeout=10).get("execution_state") == "idle"
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def execute(self, code: str, timeout: float = 120) -> list[dict]:
        """Run ``code``; the iopub messages it produced (display_data, stream, error, ...).
        Survives a dropped socket (see the class docstring)."""
        import websocket

        msg_id = uuid.uuid4().hex
        outputs: list[dict] = []
        deadline = time.monotonic() + timeout
        seen = False  # anything of this cell arrived since the last (re)connect
        reconnected_at: float | None = None
        self._send_execute(msg_id, code)
        while time.monotonic() < deadline:
            try:
                if reconnected_at is not None and not seen:
                    self.ws.settimeout(1.0)
                raw = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                if reconnected_at is None:
                    continue
                if not seen and time.monotonic() - reconnected_at > self.REPLAY_WAIT and self._kernel_idle():
                    # The replay did not bring this cell back: ask again, from a clean slate.
                    outputs.clear()
                    msg_id = uuid.uuid4().hex
                    self._send_execute(msg_id, code)
                    reconnected_at = None
                    self.ws.settimeout(60)
                continue
            except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError) as error:
                self.drops.append((time.monotonic(), f"{type(error).__name__}: {error}"))
                if sum(1 for at, _ in self.drops if at > deadline - timeout) > self.RECONNECTS:
                    raise RuntimeError(f"{self.name}: the kernel's socket dropped {len(self.drops)} times: {self.drops}\n"
                                       f"{self.hub.log_tail(30)}") from error
                with contextlib.suppress(Exception):
                    self.ws.close()
                self._connect(timeout=max(5.0, deadline - time.monotonic()))
                seen, reconnected_at = False, time.monotonic()
                continue
            if isinstance(raw, bytes):  # binary frames (widget buffers) are not what we look at
                continue
            message = json.loads(raw)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if reconnected_at is not None and not seen:
                self.ws.settimeout(60)
            seen = True
            kind = message["header"]["msg_type"]
            if message.get("channel") == "iopub" and kind in ("stream", "display_data", "execute_result", "error"):
                outputs.append({"msg_type": kind, **message["content"], "content": message["content"]})
            if message.get("channel") == "iopub" and kind == "status" and message["content"]["execution_state"] == "idle":
                return outputs
        raise TimeoutError(f"{self.name}: cell did not finish within {timeout:.0f} s:\n{code[:200]}")


def run_in_parallel(function, items: list, workers: int) -> list:
    """``function(item)`` for every item on a small thread pool (the hub, not the test, is under test)."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, items))
