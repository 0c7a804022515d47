"""The real-hub classroom test: marker ``hub``, one JupyterHub per module.

Deselect with ``-m "not hub"``. Without jupyterhub, nbgitpuller, websocket-client,
configurable-http-proxy or Chromium the tests skip and say what to install — except when ``CI``
is set: CI must not go green without having served a class.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HUB_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(HUB_DIR))

import localhub  # noqa: E402
from support import mark_folder  # noqa: E402

LEARNERS = [f"learner{n}" for n in range(1, 6)]
TEST_TIMEOUT = 300


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "hub: serves learners through a real JupyterHub on 127.0.0.1 (tests/hub)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_folder(items, HUB_DIR, "hub", TEST_TIMEOUT, method="thread")


@dataclass
class Classroom:
    hub: localhub.LocalHub
    repo: Path
    link: str
    learners: list[str]
    ready_seconds: dict[str, float] = field(default_factory=dict)
    pulls: dict[str, list[dict]] = field(default_factory=dict)
    class_ready_seconds: float = 0.0


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    """A hub, 5 learners created through the REST API with their servers running, and the course
    pulled into each home with the link ``python -m hvlab classroom-link`` prints. Everything the
    hub started is stopped afterwards, whatever happens."""
    missing = localhub.missing_prerequisites(browser=True)
    if missing:
        localhub.unavailable("; ".join(missing))
    from hvlab.classroom.link import main as link_main  # the trainer's command, as a trainer runs it

    base = tmp_path_factory.mktemp("hub")
    repo = localhub.make_course_repository(base)
    hub = localhub.LocalHub(base / "hub")
    try:
        started = time.monotonic()
        hub.start()
        hub.create_learners(LEARNERS)
        ready = hub.start_servers(LEARNERS)
        link = _link(link_main, hub.url, repo.as_uri())
        pulls = dict(zip(LEARNERS, localhub.run_in_parallel(lambda name: hub.pull(name, link), LEARNERS, workers=5)))
        room = Classroom(hub, repo, link, LEARNERS, ready, pulls, time.monotonic() - started)
        yield room
    finally:
        leftovers = hub.stop()
        if hub.processes():
            raise RuntimeError(f"processes of the test hub survived: {hub.processes()}")
        if leftovers:
            print(f"killed after the hub stopped: {leftovers}")


def _link(link_main, hub_url: str, repo_uri: str) -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert link_main(["--hub", hub_url, "--repo", repo_uri, "--branch", "main"]) == 0
    return out.getvalue().strip()
