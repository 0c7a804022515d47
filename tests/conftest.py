"""Shared fixtures: a fresh lab per test, in English, with hvlab's own matplotlib settings."""

from __future__ import annotations

import os
import tempfile

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
# Self-checks and challenges record a learner's progress in ~/.hvlab (hvlab.classroom.progress):
# servers and kernels that session fixtures start inherit this instead, so no test writes there.
os.environ.setdefault("HVLAB_PROGRESS", os.path.join(tempfile.mkdtemp(prefix="hvlab-test-progress-"), "progress.json"))

from hvlab import GuestProfile, Lab, set_language  # noqa: E402


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


@pytest.fixture
def lab() -> Lab:
    return Lab(seed=7)


@pytest.fixture
def vm(lab):
    """A new Windows Server 2022 VM with the defaults of New-VM (Production, IS on), Off."""
    return lab.new_vm("web01", GuestProfile.windows())
