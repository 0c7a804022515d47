"""Every lab action's PowerShell equivalent does the same thing to the lab.

Two labs are built from the same seed by the same steps; on one the core method is called, on
the other ``hvlab.powershell.equivalent(...)`` is typed into a console. The labs must then be
identical — ``lab.to_dict()`` includes the clock and the GUID generator, so this also proves the
console calls the very same core methods, no more and no less.
"""

from __future__ import annotations

from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import examples  # the example count per Hypothesis profile (tests/support.py)

from hvlab import CheckpointType, GuestProfile, HostKind, IntegrationService, Lab, VMState
from hvlab.errors import HvlabError
from hvlab.powershell import NoPowerShellEquivalent, Session, equivalent
from hvlab.scenarios import branches_after_apply, fresh_vm, linear_chain

Setup = Callable[[], tuple[Lab, object]]


def _running() -> tuple[Lab, object]:
    lab, vm = fresh_vm(seed=21)
    vm.put_in_state(VMState.RUNNING)
    return lab, vm


def _in_state(state: VMState) -> Setup:
    def setup() -> tuple[Lab, object]:
        lab, vm = fresh_vm(seed=22)
        vm.put_in_state(state)
        return lab, vm

    return setup


def _booting() -> tuple[Lab, object]:
    lab, vm = fresh_vm(seed=23)
    vm.start()
    return lab, vm


def _duplicate_names() -> tuple[Lab, object]:
    lab, vm = _running()
    vm.checkpoint("same")
    vm.write_file("C:\\Data\\x.txt", "x")
    vm.checkpoint("same")
    return lab, vm


# (id, setup, operation, kwargs builder from the vm, core calls made by the console line)
CASES = [
    ("start", lambda: fresh_vm(seed=24), "start", lambda vm: {}, lambda vm, kw: (vm.start(), vm.complete_boot())),
    ("start-held", lambda: fresh_vm(seed=24), "start", lambda vm: {"hold_in_boot": True}, lambda vm, kw: vm.start()),
    ("complete_boot", _booting, "complete_boot", lambda vm: {}, None),
    ("shut_down", _running, "shut_down", lambda vm: {}, None),
    ("turn_off", _running, "turn_off", lambda vm: {}, None),
    ("save", _running, "save", lambda vm: {}, None),
    ("pause", _running, "pause", lambda vm: {}, None),
    ("resume", _in_state(VMState.PAUSED), "resume", lambda vm: {}, None),
    ("delete_saved_state", _in_state(VMState.SAVED), "delete_saved_state", lambda vm: {}, None),
    ("checkpoint-named", _running, "checkpoint", lambda vm: {"name": "before-update"}, None),
    ("checkpoint-default-name", _running, "checkpoint", lambda vm: {}, None),
    ("checkpoint-quote-in-name", _running, "checkpoint", lambda vm: {"name": "Bob's test"}, None),
    ("apply", lambda: linear_chain(3, seed=25), "apply", lambda vm: {"checkpoint": vm.find_checkpoint("step 1")}, None),
    ("apply-create-checkpoint", lambda: linear_chain(3, seed=25), "apply", lambda vm: {"checkpoint": vm.find_checkpoint("step 2"), "create_checkpoint": True}, None),
    ("apply-duplicate-name", _duplicate_names, "apply", lambda vm: {"checkpoint": list(vm.checkpoints.values())[0]}, None),
    ("delete_checkpoint", lambda: linear_chain(3, seed=26), "delete_checkpoint", lambda vm: {"checkpoint": vm.find_checkpoint("step 2")}, None),
    ("delete_checkpoint-shared-parent", lambda: branches_after_apply(seed=27), "delete_checkpoint", lambda vm: {"checkpoint": vm.find_checkpoint("before-update")}, None),
    ("delete_checkpoint_subtree", lambda: branches_after_apply(seed=27), "delete_checkpoint_subtree", lambda vm: {"checkpoint": vm.find_checkpoint("before-update")}, None),
    ("delete-wildcard-name", lambda: _with_checkpoint("cp [1]*"), "delete_checkpoint", lambda vm: {"checkpoint": vm.find_checkpoint("cp [1]*")}, None),
    ("rename_checkpoint", lambda: linear_chain(2, seed=28), "rename_checkpoint", lambda vm: {"checkpoint": vm.find_checkpoint("step 1"), "new_name": "base image"}, None),
    ("export_checkpoint", lambda: linear_chain(2, seed=28), "export_checkpoint", lambda vm: {"checkpoint": vm.find_checkpoint("step 1"), "path": "D:\\Exports"}, None),
    ("export_checkpoint-wildcard-name", lambda: _with_checkpoint("cp [1]*"), "export_checkpoint", lambda vm: {"checkpoint": vm.find_checkpoint("cp [1]*"), "path": "E:\\"}, None),
    ("upgrade_configuration_version", lambda: _old_version(), "upgrade_configuration_version", lambda vm: {}, None),
    ("set_checkpoint_type", _running, "set_checkpoint_type", lambda vm: {"checkpoint_type": CheckpointType.PRODUCTION_ONLY}, None),
    ("set_checkpoint_type-disabled", _running, "set_checkpoint_type", lambda vm: {"checkpoint_type": CheckpointType.DISABLED}, None),
    ("set_integration_service-off", _running, "set_integration_service", lambda vm: {"service": IntegrationService.BACKUP, "enabled": False}, None),
    ("set_integration_service-on", _running, "set_integration_service", lambda vm: {"service": IntegrationService.GUEST_SERVICE_INTERFACE, "enabled": True}, None),
    ("set_automatic_checkpoints", _running, "set_automatic_checkpoints", lambda vm: {"enabled": True}, None),
    ("set_snapshot_file_location", lambda: fresh_vm(seed=29), "set_snapshot_file_location", lambda vm: {"path": "D:\\Hyper-V\\Checkpoints"}, None),
    ("set_vss_requester_running", _running, "set_vss_requester_running", lambda vm: {"running": False}, None),
    ("set_guest-linux", _running, "set_guest", lambda vm: {"guest": GuestProfile.linux(vss_daemon=False)}, None),
    ("set_guest-old-dc", lambda: fresh_vm(seed=30), "set_guest", lambda vm: {"guest": GuestProfile.old_domain_controller()}, None),
    # Drives and disk sizes (B30, B31)
    ("add_hard_disk_drive-pass-through", _running, "add_hard_disk_drive", lambda vm: {"disk_number": 2}, None),
    ("add_hard_disk_drive-shared", _running, "add_hard_disk_drive", lambda vm: {"path": "D:\\Cluster\\q.vhdx", "shared": True, "controller_location": 5}, None),
    ("add_hard_disk_drive-vhd-set", _running, "add_hard_disk_drive", lambda vm: {"path": "D:\\Shared\\data.vhds"}, None),
    ("remove_hard_disk_drive", lambda: _with_drive(), "remove_hard_disk_drive", lambda vm: {"controller_location": 1}, None),
    ("add_fibre_channel_adapter", _running, "add_fibre_channel_adapter", lambda vm: {"san_name": "Production"}, None),
    ("remove_fibre_channel_adapter", lambda: _with_adapter(), "remove_fibre_channel_adapter", lambda vm: {"san_name": "Production"}, None),
    ("resize_disk", lambda: fresh_vm(seed=31), "resize_disk", lambda vm: {"size_gb": 200.0}, None),
    ("resize_disk-minimum", lambda: fresh_vm(seed=31), "resize_disk", lambda vm: {"to_minimum": True}, None),
]


def _old_version() -> tuple[Lab, object]:
    """A 5.0 VM, off, on a Windows Server 2019 host (it runs 5.0 and upgrades it to 9.0, B26)."""
    lab = Lab(seed=32, host=HostKind.WINDOWS_SERVER_2019)
    return lab, lab.new_vm("old", version="5.0")


def _with_drive() -> tuple[Lab, object]:
    lab, vm = _running()
    vm.add_hard_disk_drive(disk_number=3)
    return lab, vm


def _with_adapter() -> tuple[Lab, object]:
    lab, vm = _running()
    vm.add_fibre_channel_adapter("Production")
    return lab, vm


def _with_checkpoint(name: str) -> tuple[Lab, object]:
    lab, vm = _running()
    vm.checkpoint(name)
    vm.checkpoint("other")
    return lab, vm


@pytest.mark.parametrize("case_id, setup, operation, make_kwargs, core_calls", CASES, ids=[c[0] for c in CASES])
def test_equivalent_line_does_what_the_core_operation_does(case_id, setup, operation, make_kwargs, core_calls):
    """Running equivalent(operation) in a console leaves the same lab as calling the core method."""
    lab_core, vm_core = setup()
    lab_ps, vm_ps = setup()
    assert lab_core.to_dict() == lab_ps.to_dict()
    kwargs_core = make_kwargs(vm_core)
    if core_calls is None:
        call_kwargs = dict(kwargs_core)
        getattr(vm_core, operation)(**call_kwargs)
    else:
        core_calls(vm_core, kwargs_core)
    line = equivalent(operation, vm_ps, **make_kwargs(vm_ps))
    result = Session(lab_ps).run(line)
    assert result.ok, f"{line}\n{result.text()}"
    assert lab_ps.to_dict() == lab_core.to_dict(), line


def test_both_argument_orders_give_the_same_line():
    """equivalent(op, vm) and equivalent(vm, op) are the same (the widgets use the latter)."""
    _lab, vm = _running()
    assert equivalent("checkpoint", vm, name="x") == equivalent(vm, "checkpoint", name="x") == "Checkpoint-VM -Name 'web01' -SnapshotName 'x'"


def test_documented_examples_of_the_brief():
    """The lines the lab widgets show read as the cmdlet reference writes them."""
    lab, vm = linear_chain(2, seed=31)
    assert equivalent("apply", vm, checkpoint=vm.find_checkpoint("step 1")) == "Restore-VMCheckpoint -VMName 'web01' -Name 'step 1' -Confirm:$false"
    assert equivalent("set_integration_service", vm, service=IntegrationService.BACKUP, enabled=False) == "Disable-VMIntegrationService -VMName 'web01' -Name 'VSS'"
    assert equivalent("set_checkpoint_type", vm, checkpoint_type=CheckpointType.PRODUCTION_ONLY) == "Set-VM -Name 'web01' -CheckpointType ProductionOnly"


@pytest.mark.parametrize("operation", ["write_file", "install_update", "open_app", "put_in_state", "set_configuration_version"])
def test_guest_actions_have_no_cmdlet(operation: str):
    """Guest-side actions and lab shortcuts raise NoPowerShellEquivalent (a ValueError)."""
    _lab, vm = _running()
    with pytest.raises(NoPowerShellEquivalent):
        equivalent(operation, vm)
    assert issubclass(NoPowerShellEquivalent, ValueError)


_STEP = st.sampled_from([
    ("checkpoint", {}),
    ("checkpoint", {"name": "x"}),
    ("start", {}),
    ("turn_off", {}),
    ("save", {}),
    ("pause", {}),
    ("resume", {}),
    ("shut_down", {}),
    ("apply", {"checkpoint": 0}),
    ("apply", {"checkpoint": -1, "create_checkpoint": True}),
    ("delete_checkpoint", {"checkpoint": 0}),
    ("delete_checkpoint_subtree", {"checkpoint": -1}),
    ("set_checkpoint_type", {"checkpoint_type": CheckpointType.PRODUCTION_ONLY}),
    ("set_checkpoint_type", {"checkpoint_type": CheckpointType.STANDARD}),
    ("set_integration_service", {"service": IntegrationService.BACKUP, "enabled": False}),
])


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_STEP, min_size=1, max_size=12))
def test_random_sequences_stay_identical(steps):
    """Property: any sequence of clicks and their PowerShell lines keeps the two labs identical,
    refusals included (a refused click and a refused line both change nothing)."""
    lab_core, vm_core = fresh_vm(seed=40)
    lab_ps, vm_ps = fresh_vm(seed=40)
    session = Session(lab_ps)
    for operation, raw in steps:
        if "checkpoint" in raw and not isinstance(raw["checkpoint"], CheckpointType):
            if not vm_core.checkpoints:
                continue
            index = raw["checkpoint"]
            kw_core = dict(raw, checkpoint=list(vm_core.checkpoints.values())[index])
            kw_ps = dict(raw, checkpoint=list(vm_ps.checkpoints.values())[index])
        else:
            kw_core = kw_ps = dict(raw)
        refused = False
        try:
            if operation == "start":
                lab_core.run_operation(lambda: (vm_core.start(), vm_core.complete_boot() if vm_core.state is VMState.STARTING else None))
            else:
                getattr(vm_core, operation)(**kw_core)
        except HvlabError:
            refused = True
        result = session.run(equivalent(operation, vm_ps, **kw_ps))
        assert result.ok is not refused, result.text()
        assert lab_ps.to_dict() == lab_core.to_dict()


@pytest.mark.parametrize(
    "guest, checkpoint_type, state, version",
    [
        (GuestProfile(), CheckpointType.PRODUCTION, VMState.RUNNING, (10, 0)),
        (GuestProfile.linux(vss_daemon=False), CheckpointType.PRODUCTION_ONLY, VMState.STARTING, (10, 0)),
        (GuestProfile.old_domain_controller(), CheckpointType.STANDARD, VMState.SAVED, (5, 0)),
        (GuestProfile(), CheckpointType.PRODUCTION, VMState.PAUSED, (9, 0)),
    ],
)
def test_setup_script_rebuilds_the_vm_on_a_fresh_host(guest, checkpoint_type, state, version):
    """setup_script(vm) typed on a fresh host gives a VM with the same settings, guest and state,
    and its checkpoint comes out as the original VM's preview predicts."""
    from hvlab.powershell import setup_script

    host = HostKind.able_to_run([version])  # a host that runs the version at all (B26)
    lab = Lab(seed=50, host=host)
    vm = lab.new_vm("web01", guest, configuration_version=version)
    vm.set_checkpoint_type(checkpoint_type)
    vm.set_integration_service(IntegrationService.GUEST_SERVICE_INTERFACE, True)
    if state is not VMState.OFF:
        vm.put_in_state(state)
    expected = vm.preview_checkpoint().outcome
    fresh = Lab(seed=51, host=host)
    results = Session(fresh).run_script("\n".join(setup_script(vm)))
    failures = [r.text() for r in results if not r.ok]
    rebuilt = fresh.vm("web01")
    if expected.value == "Error":
        assert len(failures) == 1 and not rebuilt.checkpoints
    else:
        assert not failures
        (cp,) = rebuilt.checkpoints.values()
        assert cp.kind.value == expected.value
    assert rebuilt.guest == vm.guest and rebuilt.checkpoint_type == vm.checkpoint_type
    assert rebuilt.integration_services == vm.integration_services
    assert rebuilt.configuration_version == vm.configuration_version
    assert rebuilt.state is vm.state or (rebuilt.state is VMState.SAVED and state is VMState.SAVED)


def test_lab_only_cmdlets_are_found_by_their_spec_flag():
    """Which cmdlets of a line are hvlab's lab controls comes from the specs (aliases resolved),
    not from the names' spelling."""
    from hvlab.powershell import lab_only_commands

    assert lab_only_commands("Set-LabBootHold -VMName 'a' -Hold $true; Start-VM -Name 'a'") == ["Set-LabBootHold"]
    assert lab_only_commands("Get-VM | Where-Object { $_.Name -eq 'a' } | Checkpoint-VM") == []
    assert lab_only_commands("Complete-LabBoot a; Undo-LabOperation") == ["Complete-LabBoot", "Undo-LabOperation"]


def test_every_lab_only_cmdlet_says_what_a_real_host_needs_instead():
    from hvlab.powershell import SPECS, real_host_instead

    lab_only = [spec.name for spec in SPECS.values() if spec.lab_only]
    assert lab_only
    for name in lab_only:
        assert real_host_instead(name).startswith("On a real host")


def test_create_checkpoint_and_apply_does_not_apply_when_the_checkpoint_is_refused():
    """The click is refused as a whole; its PowerShell line stops at the refused Checkpoint-VM
    (-ErrorAction Stop), so the Restore does not run either."""
    from hvlab import CheckpointType, IntegrationService, Lab, VMState
    from hvlab.powershell import Session, equivalent

    lab = Lab(seed=44)
    vm = lab.new_vm("web01")
    vm.checkpoint("first")
    vm.put_in_state(VMState.RUNNING)
    vm.set_checkpoint_type(CheckpointType.PRODUCTION_ONLY)
    vm.set_integration_service(IntegrationService.BACKUP, False)
    before = lab.to_dict()
    line = equivalent("apply", vm, checkpoint="first", create_checkpoint=True)
    result = Session(lab).run(line)
    assert result.errors and lab.to_dict() == before
