"""Lab.snapshot() / restore() / revision: the one way the lab's state is kept and given back
(undo, reset, a refused operation, the widgets' reset, the diagram caches)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hvlab import ConfigurationError, Lab, VMState
from hvlab.lab import LabSnapshot
from hvlab.scenarios import linear_chain

ROOT = Path(__file__).resolve().parents[2]


def test_every_operation_gives_a_new_revision_and_a_refusal_none():
    lab = Lab(seed=1)
    vm = lab.new_vm("web01")
    seen = {lab.revision}
    for step in (lambda: vm.start(), lambda: vm.complete_boot(), lambda: vm.checkpoint("a"), lambda: vm.write_file("C:\\x", "1")):
        step()
        assert lab.revision not in seen
        seen.add(lab.revision)
    before = lab.revision
    with pytest.raises(ConfigurationError):
        vm.set_snapshot_file_location(" ")
    assert lab.revision == before


def test_restore_gives_back_the_state_and_its_revision():
    """Same revision, same content: undo returns to the revision it had before."""
    lab, vm = linear_chain(2)
    snapshot = lab.snapshot()
    assert isinstance(snapshot, LabSnapshot) and snapshot is lab.snapshot()  # once per revision
    vm.delete_checkpoint("step 1")
    assert lab.revision != snapshot.revision
    lab.undo()
    assert lab.revision == snapshot.revision and lab.to_dict() == snapshot.data
    assert lab.vm("web01") is vm  # VM objects stay valid
    vm.put_in_state(VMState.OFF)
    lab.restore(snapshot)
    assert lab.to_dict() == snapshot.data and lab.revision == snapshot.revision


def test_restore_recreates_a_vm_that_the_lab_no_longer_has():
    empty = Lab(seed=2)
    start = empty.snapshot()
    empty.new_vm("web01")
    with_vm = empty.snapshot()
    empty.restore(start)
    assert not empty.vms
    empty.restore(with_vm)
    assert empty.vm("web01").lab is empty and empty.to_dict() == with_vm.data


def test_a_copy_shares_the_revision_of_its_content_and_then_goes_its_own_way():
    lab, vm = linear_chain(1)
    copy = lab.copy()
    assert copy.revision == lab.revision and copy == lab
    copy.vm("web01").delete_checkpoint("step 1")
    assert copy.revision != lab.revision and copy != lab


def test_one_serialisation_per_click_shared_by_undo_and_the_diagrams(monkeypatch):
    """The snapshot a redraw reads is the one the next operation keeps for Undo."""
    lab, vm = linear_chain(1)
    calls = []
    original = Lab.to_dict
    monkeypatch.setattr(Lab, "to_dict", lambda self: calls.append(1) or original(self))
    lab.snapshot()  # what a redraw reads
    vm.write_file("C:\\y", "2")  # the next click
    assert len(calls) == 1


def test_no_object_is_rebuilt_behind_its_constructor():
    """Undo, reset and the widgets' reset go through Lab.restore: no __new__, no __dict__.update."""
    pattern = re.compile(r"__new__\(|__dict__\.update\(")
    offenders = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "hvlab").rglob("*.py")) if pattern.search(p.read_text(encoding="utf-8"))]
    assert not offenders
