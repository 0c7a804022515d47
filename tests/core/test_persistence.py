"""Save and load (core item 8): versioned JSON, clear errors, nothing half-loaded, atomic writes."""

from __future__ import annotations

import json
import os

import pytest

from hvlab import LabFileError, load_lab, save_lab
from hvlab.persistence import FORMAT_VERSION, dumps, loads
from hvlab.scenarios import branches_after_apply


def test_round_trip_equal_lab(tmp_path):
    """A saved lab loads back equal, VMs, disks, checkpoints and events included."""
    lab, vm = branches_after_apply()
    path = save_lab(lab, tmp_path / "lab.json")
    loaded = load_lab(path)
    assert loaded == lab
    again = loaded.vm("web01")
    assert again.files() == vm.files() and [e.message for e in again.events] == [e.message for e in vm.events]
    # The loaded lab goes on exactly as the original would.
    vm.checkpoint("next")
    again.checkpoint("next")
    assert loaded == lab


@pytest.mark.parametrize(
    "document",
    [
        "",
        "{",
        "[]",
        json.dumps({"format": "something-else", "version": 1, "lab": {}}),
        json.dumps({"format": "hvlab-lab", "version": "1", "lab": {}}),
        json.dumps({"format": "hvlab-lab", "version": 1, "lab": {"seed": 0}}),
        json.dumps({"format": "hvlab-lab", "version": 1}),
    ],
)
def test_malformed_files_raise_clear_errors(document):
    """A malformed or foreign file raises LabFileError with a readable message."""
    with pytest.raises(LabFileError) as info:
        loads(document)
    assert "nothing was loaded" in str(info.value).lower() or "not an hvlab" in str(info.value)


def test_truncated_file_loads_nothing(tmp_path):
    """Every truncation of a real lab file is refused."""
    lab, _ = branches_after_apply()
    document = dumps(lab)
    for cut in range(0, len(document), max(1, len(document) // 40)):
        with pytest.raises(LabFileError):
            loads(document[:cut])


def test_future_version_refused():
    """A file from a newer hvlab is refused, naming both versions."""
    lab, _ = branches_after_apply()
    data = json.loads(dumps(lab))
    data["version"] = FORMAT_VERSION + 1
    with pytest.raises(LabFileError) as info:
        loads(json.dumps(data))
    assert str(FORMAT_VERSION + 1) in str(info.value)


def test_missing_file_is_a_lab_file_error(tmp_path):
    with pytest.raises(LabFileError):
        load_lab(tmp_path / "nope.json")


def test_write_is_atomic(tmp_path, monkeypatch):
    """If writing fails midway, the old file stays intact and no temporary file is left."""
    lab, vm = branches_after_apply()
    path = save_lab(lab, tmp_path / "lab.json")
    original = path.read_text()
    vm.checkpoint("more")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_lab(lab, path)
    assert path.read_text() == original
    assert [p.name for p in tmp_path.iterdir()] == ["lab.json"]
