"""Undo snapshots deep in the history are packed, and unpacked they are the lab as it was:
a 50-checkpoint lab's 100 snapshots weighed 10 MiB of a kernel (bench/bench_kernel_memory.py)."""

from __future__ import annotations

from hvlab import lab as lab_module
from hvlab import scenarios


def test_older_undo_snapshots_are_packed_and_undo_still_returns_exactly():
    lab, vm = scenarios.linear_chain(2)
    states = []
    for i in range(6):
        states.append(lab.to_dict())
        vm.checkpoint(f"extra {i}")
    packed = [isinstance(s._data, bytes) for s in lab._history[-6:]]
    assert packed == [True] * (6 - lab_module.UNPACKED_UNDO) + [False] * lab_module.UNPACKED_UNDO
    for expected in reversed(states):
        lab.undo()
        assert lab.to_dict() == expected


def test_a_packed_snapshot_reads_as_the_same_data():
    lab, vm = scenarios.linear_chain(3)
    snapshot = lab.snapshot()
    data, vm_state = snapshot.data, snapshot.vm_state(vm.name)
    snapshot.pack()
    assert isinstance(snapshot._data, bytes) and snapshot.data == data and snapshot.vm_state(vm.name) == vm_state
    assert lab_module.Lab.from_snapshot(snapshot).to_dict() == data
