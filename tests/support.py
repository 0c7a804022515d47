"""What every test folder shares: CI's rule for missing tools, condition waits, free ports that
cannot be lost to a race, and Hypothesis example counts per profile.

Hypothesis profiles (registered in ``tests/conftest.py``): ``ci`` is derandomized, so a red run
is the same run on every machine and can be reproduced; ``dev`` (the default outside CI) draws
fresh examples each run; ``long`` (``HYPOTHESIS_PROFILE=long``) multiplies every test's example
count by ten for a thorough local run.
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path
from typing import Any, Callable, TypeVar

import pytest

__all__ = ["examples", "free_port", "in_ci", "mark_folder", "start_on_free_port", "unavailable", "wait_until"]

T = TypeVar("T")

EXAMPLE_FACTOR = {"ci": 1, "dev": 1, "long": 10}


def in_ci() -> bool:
    """``CI`` is set to something other than empty/0/false/no."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def hypothesis_profile() -> str:
    """The profile this run uses: ``$HYPOTHESIS_PROFILE``, else ``ci`` under CI, else ``dev``."""
    return os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci() else "dev")


def examples(count: int) -> int:
    """A property test's example count under the current profile (``long`` runs ten times more)."""
    return count * EXAMPLE_FACTOR.get(hypothesis_profile(), 1)


def unavailable(reason: str) -> None:
    """A missing browser, proxy or server skips its tests on a developer's machine, but fails in
    CI: CI must not go green without having run them."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def mark_folder(items: list[pytest.Item], folder: Path, marker: str, timeout: float, method: str) -> None:
    """Mark every test collected from ``folder`` with ``marker`` (so ``-m "not <marker>"`` leaves
    the folder out) and an outer timeout unless it has its own: a hung server or browser must
    fail its test, not the whole run."""
    for item in items:
        if folder in Path(str(item.fspath)).resolve().parents:
            item.add_marker(getattr(pytest.mark, marker))
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(timeout, method=method))


def wait_until(condition: Callable[[], T], timeout: float, what: str, interval: float = 0.2,
               failed: Callable[[], str | None] | None = None) -> T:
    """Poll ``condition`` until it returns something truthy (returned) or ``timeout`` seconds
    pass (``TimeoutError`` naming ``what``). Exceptions from ``condition`` count as "not yet".
    ``failed`` may return a reason to give up at once (a server process that exited)."""
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while True:
        if failed is not None:
            reason = failed()
            if reason:
                raise RuntimeError(f"{what}: {reason}")
        try:
            value = condition()
            if value:
                return value
        except Exception as error:  # noqa: BLE001 - "not yet", kept for the message
            last_error = error
        if time.monotonic() >= deadline:
            detail = f" (last error: {last_error!r})" if last_error is not None else ""
            raise TimeoutError(f"{what}: not within {timeout:.0f} s{detail}")
        time.sleep(interval)


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now (the OS picks it). Another process can
    take it before our server binds it: start servers with :func:`start_on_free_port`."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PortTaken(RuntimeError):
    """The server could not bind its port: someone took it between our check and its bind."""


def start_on_free_port(start: Callable[[int], Any], attempts: int = 4) -> Any:
    """``start(port)`` on a fresh free port; when it raises :class:`PortTaken` (the port was taken
    in the instant between :func:`free_port` and the server's own bind, and the server was
    started without port retries), try again on another port. This closes the race that a bare
    "find a free port, then start" leaves open."""
    for attempt in range(attempts):
        try:
            return start(free_port())
        except PortTaken:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


BIND_FAILURES = ("address already in use", "could not be started", "is already in use", "eaddrinuse")
"""What Jupyter Server, Voila, JupyterHub and configurable-http-proxy log when a port is taken."""


def bind_failed(log: str) -> bool:
    """Whether a server's log says it could not bind its port."""
    lowered = log.lower()
    return any(words in lowered for words in BIND_FAILURES)


def rgba(png: bytes):
    """A PNG's decoded pixels as an (height, width, 4) RGBA array."""
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def pixels(png: bytes) -> tuple[tuple[int, ...], bytes]:
    """A PNG's decoded RGBA pixels with their shape: what two pictures are compared by. Never
    their bytes: ISA-L's deflate (hvlab/diagrams/png.py) may compress the same pixels to other
    bytes from one call to the next."""
    array = rgba(png)
    return array.shape, array.tobytes()
