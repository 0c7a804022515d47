"""hvlab/server_extension.py: the kernel websocket sends each message at once (TCP_NODELAY),
in Jupyter Server (a server extension) and in Voila (its connection class), as this
environment's servers load them from the files the package installs."""

from __future__ import annotations

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


def _class_loaded(tmp_path, make_app: str, found: str) -> str:
    """The connection class an app of this environment ends with, made by ``make_app`` in a
    fresh process with empty Jupyter folders (only the environment's installed files count)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_DATA_DIR=str(tmp_path / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    code = f"{make_app}\ncls = {found}\nprint(cls.__module__ + '.' + cls.__name__)\n"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120, check=True).stdout
    return out.strip().splitlines()[-1]


def test_this_environments_jupyter_server_loads_the_extension(tmp_path):
    make_app = ("from jupyter_server.serverapp import ServerApp\n"
                "app = ServerApp(); app.initialize(['--ServerApp.open_browser=False', '--ServerApp.port=0'], new_httpserver=False)")
    found = _class_loaded(tmp_path, make_app, "app.web_app.settings['kernel_websocket_connection_class']")
    assert found == "hvlab.server_extension.NoDelayKernelConnection"


def test_this_environments_voila_reads_the_connection_class(tmp_path):
    found = _class_loaded(tmp_path, "from voila.app import Voila\napp = Voila(); app.initialize([])",
                          "app.kernel_websocket_connection_class")
    assert found == "hvlab.server_extension.NoDelayKernelConnection"
