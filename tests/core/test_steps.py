"""An operation's steps (hvlab.vm.steps): recorded by the operation itself as it runs.

Per kind of operation, the steps come in the order the code makes the changes, each with its
ruling and status (VSS's freeze and thaw documented; where the AVHDX files are made in that
sequence, and Apply's order, assumed); the property test drives random sequences and checks
that the state after the last step is the lab after the operation.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hvlab import CheckpointType, GuestProfile, HvlabError, IntegrationService, Lab, VMState, set_language
from hvlab.guest import GuestOS, GuestRole
from hvlab.reference import Status, ruling, source
from hvlab.vm.steps import STEP_RULES, StepKind, lab_state
from support import examples


def kinds(result):
    return [s.kind for s in result.steps]


def running(lab, guest=None, name="web01"):
    vm = lab.new_vm(name, guest or GuestProfile.windows())
    vm.put_in_state(VMState.RUNNING)
    return vm


# ------------------------------------------------------------------ checkpoint
def test_production_checkpoint_of_a_windows_guest_freezes_vss_first_and_thaws_last(lab):
    vm = running(lab)
    result = vm.checkpoint("before")
    assert kinds(result) == [StepKind.VSS_FREEZE, StepKind.DISKS_FROZEN, StepKind.CONFIGURATION_WRITTEN, StepKind.VSS_THAW]
    freeze, disks, config, thaw = result.steps
    # VSS documents freeze → shadow copy → thaw; where Hyper-V makes the AVHDX is hvlab's order.
    assert freeze.status is Status.DOCUMENTED and thaw.status is Status.DOCUMENTED
    assert "VSS-PREBACKUP" in freeze.sources and "VSS-PREBACKUP" in thaw.sources
    assert disks.status is Status.ASSUMED and config.status is Status.ASSUMED
    assert disks.status_text == "assumed by hvlab (Microsoft documents what happens here, not when)"
    assert disks.created_disks == result.created_disks
    assert "vmicvss" in freeze.text
    new_file = vm.active_disk().file_name
    assert new_file in disks.text and new_file in thaw.text
    # The disk is frozen in the state after that step, not before it.
    before, after = Lab.from_dict(result.state_before_steps), Lab.from_dict(disks.state)
    assert not before["web01"].disk_chains[0].base.read_only and after["web01"].disk_chains[0].base.read_only
    assert "before" not in {c.name for c in after["web01"].checkpoints.values()}
    assert "before" in {c.name for c in Lab.from_dict(config.state)["web01"].checkpoints.values()}


def test_production_checkpoint_of_a_linux_guest_freezes_its_file_systems(lab):
    result = running(lab, GuestProfile.linux(True)).checkpoint("x")
    assert kinds(result) == [StepKind.FILE_SYSTEM_FREEZE, StepKind.DISKS_FROZEN, StepKind.CONFIGURATION_WRITTEN, StepKind.FILE_SYSTEM_THAW]
    assert "hv_vss_daemon" in result.steps[0].text
    assert result.steps[0].status is Status.DOCUMENTED
    assert result.steps[-1].status is Status.ASSUMED and not result.steps[-1].sources  # nobody documents the thaw


def test_standard_checkpoint_saves_memory_and_an_off_vm_only_its_disks(lab):
    vm = running(lab)
    vm.set_checkpoint_type(CheckpointType.STANDARD)
    result = vm.checkpoint("s")
    assert kinds(result) == [StepKind.MEMORY_SAVED, StepKind.DISKS_FROZEN, StepKind.CONFIGURATION_WRITTEN]
    assert "with the memory" in result.steps[-1].text
    vm.turn_off()
    result = vm.checkpoint("off")
    assert kinds(result) == [StepKind.DISKS_FROZEN, StepKind.CONFIGURATION_WRITTEN]
    assert "without memory" in result.steps[-1].text


def test_a_fallback_says_so_first_naming_the_rule_that_failed(lab):
    vm = running(lab)
    vm.set_integration_service(IntegrationService.BACKUP, False)
    result = vm.checkpoint("fb")
    assert kinds(result)[0] is StepKind.FELL_BACK and StepKind.VSS_FREEZE not in kinds(result)
    assert "(B4)" in result.steps[0].text and result.steps[0].rule == "B1"


def test_every_disk_gets_its_own_step(lab):
    vm = lab.new_vm("two", GuestProfile.windows(), disks=["system", "data"])
    result = vm.checkpoint("c")
    frozen = [s for s in result.steps if s.kind is StepKind.DISKS_FROZEN]
    assert [s.created_disks[0] for s in frozen] == list(result.created_disks)


# ------------------------------------------------------------------ apply
def test_apply_turns_the_vm_off_then_makes_the_new_disk_then_discards_the_old_now(lab):
    vm = running(lab)
    vm.checkpoint("a")
    vm.write_file("C:\\x.txt", "x")
    old_now = vm.active_disk_ids[0]
    result = vm.apply("a")
    assert kinds(result) == [StepKind.VM_TURNED_OFF, StepKind.NEW_NOW_DISK, StepKind.OLD_NOW_DISCARDED]
    off, new, gone = result.steps
    assert Lab.from_dict(off.state)["web01"].state is VMState.OFF
    assert new.created_disks == result.created_disks
    assert gone.disk_operations[0].disk_id == old_now and old_now not in Lab.from_dict(gone.state)["web01"].disk_chains[0]
    assert old_now in Lab.from_dict(new.state)["web01"].disk_chains[0]
    assert all(s.status is Status.ASSUMED for s in result.steps)  # B16 and the order: hvlab's


def test_apply_of_a_standard_checkpoint_puts_the_vm_in_the_saved_state(lab):
    vm = running(lab)
    vm.set_checkpoint_type(CheckpointType.STANDARD)
    vm.checkpoint("s")
    result = vm.apply("s")
    assert kinds(result)[0] is StepKind.VM_SAVED and result.steps[0].rule == "B14"


def test_an_off_vm_stays_off(lab):
    vm = lab.new_vm("web01", GuestProfile.windows())
    vm.checkpoint("a")
    assert vm.apply("a").steps[0].text.startswith("The VM stays Off")


def test_create_checkpoint_and_apply_keeps_the_state_in_the_new_checkpoint_first(lab):
    vm = running(lab)
    vm.checkpoint("a")
    result = vm.apply("a", create_checkpoint=True)
    assert kinds(result)[:4] == [StepKind.VSS_FREEZE, StepKind.DISKS_FROZEN, StepKind.CONFIGURATION_WRITTEN, StepKind.VSS_THAW]
    assert kinds(result)[-1] is StepKind.OLD_NOW_KEPT
    kept = vm.checkpoints[result.checkpoint_id].name
    assert f"'{kept}'" in result.steps[-1].text


# ------------------------------------------------------------------ delete
def test_delete_merges_a_disk_into_its_only_child(lab):
    vm = running(lab)
    vm.checkpoint("a")
    vm.checkpoint("b")
    result = vm.delete_checkpoint("b")
    assert kinds(result) == [StepKind.MERGED_INTO_CHILD]
    assert result.steps[0].disk_operations == result.disk_operations
    assert result.steps[0].status is Status.OBSERVED and result.steps[0].sources == ("USING", "SAVILL")


def test_delete_keeps_a_shared_parent_and_deletes_a_leaf(lab):
    vm = running(lab)
    vm.checkpoint("a")
    vm.checkpoint("b")
    vm.apply("a")
    assert kinds(vm.delete_checkpoint("a")) == [StepKind.SHARED_PARENT_KEPT]
    result = vm.delete_checkpoint("b")
    # b's disk is a leaf off the Now branch; then the lone shared parent goes too (assumed).
    assert kinds(result)[0] is StepKind.DISK_DELETED and result.steps[0].status is Status.OBSERVED
    assert [s.status for s in result.steps[1:]] == [Status.ASSUMED] * (len(result.steps) - 1)
    assert [op for s in result.steps for op in s.disk_operations] == list(result.disk_operations)


def test_delete_subtree_goes_leaves_first_and_says_the_order_is_assumed(lab):
    vm = running(lab)
    for name in ("a", "b", "c"):
        vm.checkpoint(name)
    result = vm.delete_checkpoint_subtree("a")
    assert result.steps and all(s.status is Status.ASSUMED for s in result.steps)
    assert [op for s in result.steps for op in s.disk_operations] == list(result.disk_operations)


# ------------------------------------------------------------------ domain controllers
def first_boot_after_apply(lab, guest, name):
    """A DC checkpointed, changed, rolled back by Apply, then started: its first boot's result."""
    vm = running(lab, guest, name)
    vm.checkpoint("good")
    vm.change_directory()
    vm.apply("good")
    vm.start()
    return vm.complete_boot()


def test_the_first_start_of_an_old_dc_after_apply_ends_in_a_silent_usn_rollback(lab):
    result = first_boot_after_apply(lab, GuestProfile.old_domain_controller(), "dc01")
    assert kinds(result) == [StepKind.DC_STARTS_ROLLED_BACK, StepKind.DC_USN_ROLLBACK]
    assert all(s.status is Status.DOCUMENTED and s.rule == "B23" for s in result.steps)
    assert "USN 1" in result.steps[1].text


def test_a_modern_dc_takes_a_new_invocation_id(lab):
    result = first_boot_after_apply(lab, GuestProfile.windows(GuestOS.WINDOWS_SERVER_2022, GuestRole.DOMAIN_CONTROLLER), "dc02")
    assert kinds(result) == [StepKind.DC_GENERATION_ID, StepKind.DC_NEW_INVOCATION_ID]
    assert {s.rule for s in result.steps} == {"B22"}


# ------------------------------------------------------------------ the table, the languages
def test_every_step_kind_has_a_ruling_and_sources_of_the_reference():
    assert set(STEP_RULES) == set(StepKind)
    for kind, entry in STEP_RULES.items():
        ruling(entry.rule)
        for key in entry.sources:
            source(key)
        if entry.status is not Status.ASSUMED:
            assert entry.sources, kind  # documented and observed steps cite someone


def test_steps_are_told_in_the_learners_language(lab):
    set_language("ja")
    vm = running(lab)
    result = vm.checkpoint("j")
    assert "フリーズ" in result.steps[0].text and "hvlab の想定" in result.steps[1].status_text


# ------------------------------------------------------------------ the property
OPERATIONS = ["checkpoint", "apply", "apply_keep", "delete", "subtree", "write", "start", "boot", "off", "shutdown", "save",
              "standard", "production", "automatic"]


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 9)), min_size=1, max_size=14),
       st.sampled_from([GuestProfile.windows(), GuestProfile.linux(True), GuestProfile.old_domain_controller()]))
def test_the_state_after_the_last_step_is_the_lab_after_the_operation(ops, guest):
    lab = Lab(seed=11)
    vm = lab.new_vm("vm", guest, disks=["system", "data"])
    for op, pick in ops:
        cps = list(vm.checkpoints)
        target = cps[pick % len(cps)] if cps else None
        action = {
            "checkpoint": lambda: vm.checkpoint(None),
            "apply": lambda: vm.apply(target),
            "apply_keep": lambda: vm.apply(target, create_checkpoint=True),
            "delete": lambda: vm.delete_checkpoint(target),
            "subtree": lambda: vm.delete_checkpoint_subtree(target),
            "write": lambda: vm.write_file(f"f{pick}", str(pick)),
            "start": vm.start, "boot": vm.complete_boot, "off": vm.turn_off, "shutdown": vm.shut_down, "save": vm.save,
            "automatic": lambda: vm.set_automatic_checkpoints(not vm.automatic_checkpoints),
            "standard": lambda: vm.set_checkpoint_type(CheckpointType.STANDARD),
            "production": lambda: vm.set_checkpoint_type(CheckpointType.PRODUCTION),
        }[op]
        if target is None and op in ("apply", "apply_keep", "delete", "subtree"):
            continue
        before = lab_state(lab.to_dict())
        try:
            result = action()
        except HvlabError:
            continue
        after = lab_state(lab.to_dict())
        if op in ("checkpoint", "apply", "apply_keep", "delete", "subtree"):
            assert result.steps, op
        if not result.steps:
            continue
        assert result.state_before_steps == before
        assert result.steps[-1].state == after  # the last frame is the operation's result
        # Each step's disk operations are exactly the operation's, in order, and each frame is
        # a lab hvlab can load, holding the disks that step created and not the ones it removed.
        assert tuple(op_ for s in result.steps for op_ in s.disk_operations) == result.disk_operations
        for step in result.steps:
            chains = Lab.from_dict(step.state)["vm"].disk_chains
            assert all(any(d in c for c in chains) for d in step.created_disks)
            assert not any(o.disk_id in c for o in step.disk_operations for c in chains)


def test_start_with_automatic_checkpoints_plays_the_automatic_checkpoint(lab):
    vm = lab.new_vm("auto", GuestProfile.windows(), automatic_checkpoints=True)
    result = vm.start()
    assert kinds(result) == [StepKind.DISKS_FROZEN, StepKind.CONFIGURATION_WRITTEN, StepKind.VM_STARTED]  # taken while Off (B21)
    assert result.steps[-1].status is Status.ASSUMED
    assert result.steps[-1].state == lab_state(lab.to_dict())
