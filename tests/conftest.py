"""Shared fixtures: a fresh lab per test, in English, with hvlab's own matplotlib settings."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
# Self-checks and challenges record a learner's progress in ~/.hvlab (hvlab.classroom.progress):
# servers and kernels that session fixtures start inherit this instead, so no test writes there.
os.environ.setdefault("HVLAB_PROGRESS", os.path.join(tempfile.mkdtemp(prefix="hvlab-test-progress-"), "progress.json"))

from hypothesis import HealthCheck, settings  # noqa: E402

from hvlab import GuestProfile, Lab, set_language  # noqa: E402
from support import hypothesis_profile, unavailable  # noqa: E402,F401  (unavailable: used by fixtures below)

# Hypothesis profiles (support.examples scales the example counts): "ci" is derandomized, so a
# red CI run is the same run anywhere and can be reproduced; "dev" and "long" draw new examples.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(hypothesis_profile())


@pytest.fixture(autouse=True)
def _progress_in_tmp(tmp_path, monkeypatch):
    """Self-checks and challenges record progress in the learner's home (hvlab.classroom.progress);
    tests (and the kernels they start) record into a temporary file instead."""
    monkeypatch.setenv("HVLAB_PROGRESS", str(tmp_path / "hvlab-progress.json"))


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


CHROMIUM = Path(os.environ.get("HVLAB_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def playwright_api():
    """One Playwright for the whole run (browser, hub and trainer-page tests): its sync API refuses
    to start a second instance while one is open. Drives Debian's Chromium through
    ``executable_path``; never ``playwright install``."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is missing: pip install playwright (never `playwright install`)")
    with sync_playwright() as p:
        yield p


@pytest.fixture
def lab() -> Lab:
    return Lab(seed=7)


@pytest.fixture
def vm(lab):
    """A new Windows Server 2022 VM with the defaults of New-VM (Production, IS on), Off."""
    return lab.new_vm("web01", GuestProfile.windows())
