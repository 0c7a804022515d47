"""hvlab/server_extension.py: the kernel websocket sends each message at once (TCP_NODELAY),
in Jupyter Server (a server extension) and in Voila (its connection class), as this
environment's servers load them from the files the package installs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from types import SimpleNamespace

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

from hvlab import server_extension
from hvlab.server_extension import NoDelayKernelConnection


class _Handler:
    """What the connection uses of tornado's WebSocketHandler here: set_nodelay."""

    def __init__(self) -> None:
        self.nodelay: list[bool] = []

    def set_nodelay(self, value: bool) -> None:
        self.nodelay.append(value)


def test_connecting_turns_nodelay_on_before_jupyter_servers_own_connect(monkeypatch):
    seen = []
    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", lambda self: seen.append(list(handler.nodelay)) or "connected")
    handler = _Handler()
    connection = NoDelayKernelConnection.__new__(NoDelayKernelConnection)  # no kernel: only connect() is tried
    connection._trait_values = {"websocket_handler": handler}
    assert connection.connect() == "connected"
    assert handler.nodelay == [True]
    assert seen == [[True]]  # on before the channels open and the first message is written


def _serverapp(connection_class):
    logged = []
    log = SimpleNamespace(info=logged.append)
    return SimpleNamespace(web_app=SimpleNamespace(settings={"kernel_websocket_connection_class": connection_class}), log=log), logged


def test_the_extension_replaces_only_jupyter_servers_own_connection_class():
    app, logged = _serverapp(ZMQChannelsWebsocketConnection)
    server_extension._load_jupyter_server_extension(app)
    assert app.web_app.settings["kernel_websocket_connection_class"] is NoDelayKernelConnection
    assert logged and "TCP_NODELAY" in logged[0]

    class Gateway(ZMQChannelsWebsocketConnection):  # a server configured with a class of its own
        pass

    app, logged = _serverapp(Gateway)
    server_extension._load_jupyter_server_extension(app)
    assert app.web_app.settings["kernel_websocket_connection_class"] is Gateway
    assert server_extension._jupyter_server_extension_points() == [{"module": "hvlab.server_extension"}]


def _clean_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_DATA_DIR=str(tmp_path / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    return env


def test_this_environments_jupyter_server_loads_the_extension(tmp_path):
    code = ("from jupyter_server.serverapp import ServerApp\n"
            "app = ServerApp(); app.initialize(['--ServerApp.open_browser=False', '--ServerApp.port=0'], new_httpserver=False)\n"
            "print(app.web_app.settings['kernel_websocket_connection_class'].__module__ + '.' "
            "+ app.web_app.settings['kernel_websocket_connection_class'].__name__)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=_clean_env(tmp_path), capture_output=True,
                         text=True, timeout=120, check=True).stdout
    assert out.strip().splitlines()[-1] == "hvlab.server_extension.NoDelayKernelConnection"


def test_this_environments_voila_reads_the_connection_class(tmp_path):
    code = ("import json\nfrom voila.app import Voila\n"
            "app = Voila(); app.initialize([])\n"
            "print(json.dumps(app.kernel_websocket_connection_class.__module__ + '.' + app.kernel_websocket_connection_class.__name__))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=_clean_env(tmp_path), capture_output=True,
                         text=True, timeout=120, check=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == "hvlab.server_extension.NoDelayKernelConnection"
