"""A lab saved as a scenario (hvlab.course.scenario_writer): the file's start rebuilds the lab,
its goal says what the second state is, its solution gets there, and the file loads like any."""

from __future__ import annotations

import tomllib

import pytest

from hvlab.catalog import text
from hvlab.checkpoint_type import CheckpointType
from hvlab.course.scenario import list_scenarios, load_scenario
from hvlab.course.scenario_writer import save_as_scenario
from hvlab.lab import Lab
from hvlab.states import VMState


def _tree(vm) -> dict:
    return {cp.name: (vm.checkpoints[cp.parent_id].name if cp.parent_id in vm.checkpoints else None,
                      cp.kind, cp.vm_state, vm.checkpoint_files(cp)) for cp in vm.checkpoints.values()}


@pytest.mark.parametrize("shipped", list_scenarios(), ids=lambda s: s.id)
def test_every_shipped_start_is_rebuilt_exactly_by_the_saved_file(shipped):
    """Saved and loaded again, the start has the same checkpoint tree (parents, kinds, states,
    what each sees), Now's files, state and open apps, and the settings."""
    run = shipped.start(0)
    saved = save_as_scenario(run.lab, run.vm_name, "saved-" + shipped.id)
    assert saved.differences == [text("scenario.saved.no_goal")], "no goal kept: said, nothing else"
    again = load_scenario(saved.toml()).start(0)
    for name, vm in run.lab.vms.items():
        rebuilt = again.lab.vm(name)
        assert _tree(rebuilt) == _tree(vm)
        assert (rebuilt.files(), rebuilt.state, rebuilt.open_apps) == (vm.files(), vm.state, vm.open_apps)
        assert (rebuilt.checkpoint_type, rebuilt.integration_services, rebuilt.automatic_checkpoints) == \
               (vm.checkpoint_type, vm.integration_services, vm.automatic_checkpoints)


@pytest.mark.parametrize("shipped", list_scenarios(), ids=lambda s: s.id)
def test_a_goal_state_gives_conditions_unmet_at_start_and_a_solution_that_meets_them(shipped):
    """The shipped solution's result kept as the goal: the saved scenario starts unsolved, and
    its own solution (written from the two states) solves it."""
    run = shipped.start(0)
    start = run.lab.copy()
    run.solve()
    saved = save_as_scenario(start, run.vm_name, "goal-" + shipped.id, goal=run.lab)
    assert saved.differences == []
    played = load_scenario(saved.toml()).start(0)
    assert not played.solved and played.percent < 100
    played.solve()
    assert played.solved


def test_a_branching_tree_with_notepad_and_a_deleted_file_round_trips():
    """Standard checkpoints (they keep memory, B10), a branch after Apply, a deletion, Notepad."""
    lab = Lab(seed=3)
    vm = lab.new_vm("app01", checkpoint_type=CheckpointType.STANDARD)
    vm.put_in_state(VMState.RUNNING)
    vm.write_file("C:\\a.txt", "one", 2.5)
    vm.checkpoint("base")
    vm.delete_file("C:\\a.txt")
    vm.open_app(text("app.notepad"))
    vm.checkpoint("no-a")
    vm.apply("base")
    vm.put_in_state(VMState.RUNNING)
    vm.write_file("C:\\b.txt", "two")
    vm.checkpoint("branch")
    vm.put_in_state(VMState.OFF)
    saved = save_as_scenario(lab, "app01", "branches")
    data = tomllib.loads(saved.toml())
    assert data["lab"]["vms"][0]["name"] == "app01"
    assert {"do": "apply", "checkpoint": "base", "vm": "app01"} in data["lab"]["steps"]
    rebuilt = load_scenario(saved.toml()).start(0).vm
    assert _tree(rebuilt) == _tree(vm) and rebuilt.files() == vm.files() and rebuilt.state is VMState.OFF
    assert rebuilt.checkpoints[rebuilt.find_checkpoint("no-a").id].memory.open_apps == (text("app.notepad"),)


def test_what_cannot_be_rebuilt_is_listed_not_dropped():
    """Two checkpoints of one name cannot be told apart by a step: the writer says so."""
    lab = Lab(seed=4)
    vm = lab.new_vm("dup01")
    vm.checkpoint("same")
    vm.checkpoint("same")
    saved = save_as_scenario(lab, "dup01", "dup")
    assert any("same" in d for d in saved.differences)
