"""The Jupyter server's side of a lab's page: its kernel websocket sends each message at once.

Why: Tornado leaves Nagle's algorithm on for a websocket (it turns ``TCP_NODELAY`` off again
when the handshake's response is written, and says a handler that wants small messages sent
at once calls ``set_nodelay(True)``; neither jupyter_server nor Voila does). A click in a lab
sends the page one large message (the picture, ~110 KB) and then several small ones (the text
of the lab, the kernel going idle): with Nagle on, the small ones wait for the page's TCP to
acknowledge the large one's last segment, and the page delays that acknowledgement (Linux's
delayed ACK, ~40 ms). Measured here (the 10-checkpoint disk chain lab in Voila, the kernel's
send times beside the page's websocket arrivals): the kernel sent everything within 2 ms of the
picture, the page got the picture 5-8 ms later and the messages after it 35-40 ms later, just
as the picture was being painted. See ``jupyter-config/README.md`` for the figures with and
without.

Two ways in, both Jupyter's own, both installed with the package (``pyproject.toml``'s
shared-data):

- JupyterLab, Jupyter Server and JupyterHub's single-user servers load this module as a server
  extension (``jupyter_server_config.d/hvlab.json``), which puts :class:`NoDelayKernelConnection`
  in the server's settings when the server uses jupyter_server's own connection class (a
  server configured with another, such as a gateway's, is left as it is).
- Voila's own server reads ``voila.json`` (``Voila.kernel_websocket_connection_class``).
"""

from __future__ import annotations

from typing import Any

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

__all__ = ["NoDelayKernelConnection"]


class NoDelayKernelConnection(ZMQChannelsWebsocketConnection):
    """jupyter_server's kernel websocket connection, with the websocket's ``TCP_NODELAY`` on."""

    def connect(self) -> Any:
        # called from the handler's open(), once the websocket exists (tornado's set_nodelay)
        self.websocket_handler.set_nodelay(True)
        return super().connect()


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "hvlab.server_extension"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    settings = serverapp.web_app.settings
    if settings.get("kernel_websocket_connection_class") is ZMQChannelsWebsocketConnection:
        settings["kernel_websocket_connection_class"] = NoDelayKernelConnection
        serverapp.log.info("hvlab: kernel websockets send each message at once (TCP_NODELAY)")
    else:
        serverapp.log.info("hvlab: the server's own kernel websocket connection class is kept")
