"""Power states and transitions (core item 2)."""

from __future__ import annotations

import pytest

from hvlab import GuestNotReadyError, IntegrationService, InvalidStateError, VMState
from hvlab.states import POWER_TRANSITIONS, sources

ALLOWED = {
    "start": {VMState.OFF, VMState.SAVED},
    "complete_boot": {VMState.STARTING},
    "turn_off": {VMState.STARTING, VMState.RUNNING, VMState.PAUSED},
    "save": {VMState.STARTING, VMState.RUNNING, VMState.PAUSED},
    "pause": {VMState.STARTING, VMState.RUNNING},
    "resume": {VMState.PAUSED},
    "delete_saved_state": {VMState.SAVED},
}


@pytest.mark.parametrize("operation", sorted(ALLOWED))
@pytest.mark.parametrize("state", list(VMState))
def test_transition_table(vm, operation, state):
    """Each transition works from its states and is refused, naming the state, from the others."""
    vm.put_in_state(state)
    before = vm.lab.to_dict()
    if state in ALLOWED[operation]:
        getattr(vm, operation)()
        assert vm.lab.to_dict() != before
    else:
        with pytest.raises(InvalidStateError) as info:
            getattr(vm, operation)()
        assert info.value.state is state and state.value in str(info.value)
        assert vm.lab.to_dict() == before


def test_booting_vm_is_running_to_hyperv(vm):
    """Hyper-V reports a booting VM as Running (reference 9, IS-REF)."""
    vm.start()
    assert vm.state is VMState.STARTING and vm.hyperv_state == "Running" and not vm.guest_booted
    vm.complete_boot()
    assert vm.hyperv_state == "Running" and vm.guest_booted


def test_shutdown_needs_booted_guest_and_service(vm):
    """Shut Down needs the guest up and the Operating system shutdown service."""
    vm.start()
    with pytest.raises(GuestNotReadyError):
        vm.shut_down()
    vm.complete_boot()
    vm.set_integration_service(IntegrationService.SHUTDOWN, False)
    with pytest.raises(GuestNotReadyError):
        vm.shut_down()
    vm.set_integration_service("Shutdown", True)
    vm.shut_down()
    assert vm.state is VMState.OFF


def test_save_and_resume_keep_apps(vm):
    """Save then Start resumes with the same applications; Pause/Resume too; Turn Off loses them."""
    vm.put_in_state(VMState.RUNNING)
    vm.open_app("Notepad")
    vm.save()
    vm.start()
    assert vm.open_apps == ("Notepad",) and vm.state is VMState.RUNNING
    vm.pause()
    vm.resume()
    assert vm.open_apps == ("Notepad",)
    vm.turn_off()
    vm.start()
    assert vm.open_apps == ()


def test_saved_while_booting_resumes_booting(vm):
    """A VM saved while its guest was booting resumes still booting."""
    vm.start()
    vm.save()
    vm.start()
    assert vm.state is VMState.STARTING


@pytest.mark.parametrize("target", list(VMState))
@pytest.mark.parametrize("start", list(VMState))
def test_put_in_state_reaches_every_state(vm, start, target):
    """The lab shortcut reaches every state from every state by real transitions."""
    vm.put_in_state(start)
    vm.put_in_state(target)
    assert vm.state is target


def test_guest_actions_need_a_booted_guest(vm):
    """Writing a file or opening an app needs a Running VM whose guest has booted."""
    for state in (VMState.OFF, VMState.STARTING, VMState.PAUSED, VMState.SAVED):
        vm.put_in_state(state)
        with pytest.raises(GuestNotReadyError):
            vm.write_file("C:\\a.txt", "a")
        with pytest.raises(GuestNotReadyError):
            vm.open_app("Notepad")


def test_undo_and_reset(vm):
    """Undo steps back one operation; Reset returns to the lab as given, VMs kept."""
    lab = vm.lab
    given = lab.to_dict()
    vm.put_in_state(VMState.RUNNING)
    vm.checkpoint("a")
    after_a = lab.to_dict()
    vm.write_file("C:\\x", "1")
    lab.undo()
    assert lab.to_dict() == after_a
    lab.reset()
    assert lab.to_dict() == given and lab.vm("web01") is vm


def test_one_table_of_power_moves():
    """The VM accepts each power operation from exactly the states the one table lists, and the
    power-state diagram draws the table's usual moves, nothing else."""
    from hvlab.diagrams.power_states import TRANSITIONS

    assert {op: set(sources(op)) for op in ALLOWED} == ALLOWED
    assert set(sources("shut_down")) == {VMState.RUNNING}
    drawn = {(a, b, op) for a, b, _, ops in TRANSITIONS for op in ops}
    assert drawn == {(t.source, t.target, t.operation) for t in POWER_TRANSITIONS if t.usual}


@pytest.mark.parametrize("move", POWER_TRANSITIONS, ids=lambda t: f"{t.operation}-{t.source.name}")
def test_each_move_of_the_table_leads_where_it_says(vm, move):
    vm.put_in_state(move.source)
    getattr(vm, move.operation)()
    assert vm.state is move.target

