"""One test per ruling of the reference's Part B (and the seed points they rest on).

Each test's docstring names the rule it checks.
"""

from __future__ import annotations

import pytest

from hvlab import (
    CheckpointKind,
    CheckpointLimitError,
    CheckpointOperationFailed,
    CheckpointType,
    Consistency,
    ConfigurationError,
    DirectoryHealth,
    GuestNotReadyError,
    GuestOS,
    GuestProfile,
    GuestRole,
    HostKind,
    IntegrationService,
    InvalidNameError,
    Lab,
    Outcome,
    VMState,
)
from hvlab.catalog import text
from hvlab.checkpoint import default_checkpoint_name
from hvlab.preview import MAX_CHECKPOINTS


def flat(printed: str) -> str:
    """Printed text with its wrapping undone, to look for a sentence in it."""
    return " ".join(printed.split())


def running(vm):
    vm.put_in_state(VMState.RUNNING)
    return vm


# ---------------------------------------------------------------- B1, B2: the setting
def test_b1_new_vm_defaults_to_production(vm):
    """B1/reference 1.3: new VMs use Production (production with fallback to standard)."""
    assert vm.checkpoint_type is CheckpointType.PRODUCTION
    assert vm.checkpoint_type.falls_back and vm.checkpoint_type.wants_production


def test_b1_four_settings_parse_case_insensitively(vm):
    """B1: Set-VM -CheckpointType accepts Disabled, Production, ProductionOnly, Standard."""
    for value in ("disabled", "Production", "PRODUCTIONONLY", "Standard"):
        vm.set_checkpoint_type(value)
        assert vm.checkpoint_type.value.casefold() == value.casefold()
    with pytest.raises(ConfigurationError):
        vm.set_checkpoint_type("Fast")


@pytest.mark.parametrize("state", list(VMState))
def test_b2_disabled_refuses_with_hyperv_messages(vm, state):
    """B2/D1: Disabled refuses every checkpoint with Hyper-V's four lines; nothing changes."""
    vm.set_checkpoint_type(CheckpointType.DISABLED)
    vm.put_in_state(state)
    before = vm.lab.to_dict()
    with pytest.raises(CheckpointOperationFailed) as info:
        vm.checkpoint()
    assert info.value.hyperv_messages == (
        "Checkpoint operation failed.",
        "Checkpoints have been disabled.",
        f"Checkpoint operation for 'web01' failed. (Virtual machine ID {vm.id})",
        f"Checkpoints have been disabled for 'web01'. (Virtual machine ID {vm.id}).",
    )
    assert info.value.rule == "B1"
    assert vm.lab.to_dict() == before


# ---------------------------------------------------------------- B3-B7: preconditions
def test_b3_production_when_running_and_booted(vm):
    """B3/P1: Running with a booted Windows guest, VSS on → production, application-consistent."""
    running(vm)
    p = vm.preview_checkpoint()
    assert p.outcome is Outcome.PRODUCTION
    assert p.consistency is Consistency.APPLICATION_CONSISTENT
    assert all(c.passed for c in p.checks)
    assert p.hyperv_messages[0] == "Production checkpoint created."


def test_b3_guest_still_booting_falls_back(vm):
    """B3/A8/P6: a VM whose guest is still booting (shown as Running) gets a standard checkpoint."""
    vm.start()
    assert vm.state is VMState.STARTING and vm.hyperv_state == "Running"
    p = vm.preview_checkpoint()
    assert p.outcome is Outcome.STANDARD and p.fell_back
    assert p.failing_rule == "B3"


def test_b4_backup_service_off_falls_back(vm):
    """B4/A8/P5: "Backup (volume shadow copy)" disabled on the host → standard under Production."""
    vm.set_integration_service(IntegrationService.BACKUP, False)
    running(vm)
    p = vm.preview_checkpoint()
    assert p.outcome is Outcome.STANDARD and p.failing_rule == "B4"
    assert IntegrationService.BACKUP.manager_label == "Backup (volume shadow copy)"
    assert IntegrationService.BACKUP.powershell_name == "VSS"


def test_b5_linux_with_daemon_is_file_system_consistent(lab):
    """B5/A7/P2: Linux with hv_vss_daemon → production, file-system-consistent."""
    vm = running(lab.new_vm("db01", GuestProfile.linux(vss_daemon=True)))
    p = vm.preview_checkpoint()
    assert p.outcome is Outcome.PRODUCTION
    assert p.consistency is Consistency.FILE_SYSTEM_CONSISTENT


def test_b5_linux_without_daemon_falls_back(lab):
    """B5/P3: Linux without hv_vss_daemon → standard (LISTEST failback test)."""
    vm = running(lab.new_vm("db01", GuestProfile.linux(vss_daemon=False)))
    p = vm.preview_checkpoint()
    assert p.outcome is Outcome.STANDARD and p.failing_rule == "B5"
    assert "hv_vss_daemon" in p.reason


def test_b5_windows_vmicvss_stopped(vm):
    """B5/P4: Windows with vmicvss stopped → Production falls back, ProductionOnly errors."""
    running(vm)
    vm.set_vss_requester_running(False)
    assert vm.preview_checkpoint().outcome is Outcome.STANDARD
    vm.set_checkpoint_type(CheckpointType.PRODUCTION_ONLY)
    assert vm.preview_checkpoint().outcome is Outcome.ERROR


def test_b5_guest_without_integration_services(lab):
    """B5: a guest without integration services cannot take production checkpoints."""
    vm = running(lab.new_vm("xp", GuestProfile(integration_services=False)))
    assert vm.preview_checkpoint().failing_rule == "B5"
    with pytest.raises(GuestNotReadyError):
        vm.set_vss_requester_running(True)


def test_b6_old_configuration_version():
    """B6: configuration version below 6.2 → no production checkpoint (on a host that runs
    5.0 at all, B26)."""
    vm = running(Lab(seed=0, host=HostKind.WINDOWS_SERVER_2019).new_vm("old", configuration_version=(5, 0)))
    p = vm.preview_checkpoint()
    assert p.outcome is Outcome.STANDARD and p.failing_rule == "B6"


@pytest.mark.parametrize("state", [VMState.SAVED, VMState.PAUSED])
def test_b7_saved_or_paused_fall_back_with_memory(vm, state):
    """B7/P7/P8: Saved and Paused VMs get a standard checkpoint holding memory; Paused is assumed."""
    vm.put_in_state(state)
    p = vm.preview_checkpoint()
    assert p.outcome is Outcome.STANDARD and p.failing_rule == "B7" and p.holds_memory
    assert any(c.rule == "B7" and c.assumed == (state is VMState.PAUSED) for c in p.checks)
    if state is VMState.PAUSED:
        assert p.assumptions == ("B7", "B14") and flat(text("assumed.B7").rstrip(".")) in flat(str(p))


@pytest.mark.parametrize("state", [VMState.STARTING, VMState.SAVED, VMState.PAUSED])
def test_b7_production_only_errors_and_creates_nothing(vm, state):
    """B7/O2/O3: ProductionOnly with production impossible → Hyper-V's two lines, nothing created."""
    vm.set_checkpoint_type(CheckpointType.PRODUCTION_ONLY)
    vm.put_in_state(state)
    before = vm.lab.to_dict()
    with pytest.raises(CheckpointOperationFailed) as info:
        vm.checkpoint("x")
    assert info.value.hyperv_messages == (
        f"Production checkpoints cannot be created for 'web01'. (Virtual machine ID {vm.id})",
        f"Checkpoint operation for 'web01' failed. (Virtual machine ID {vm.id})",
    )
    assert vm.lab.to_dict() == before and not vm.checkpoints


@pytest.mark.parametrize("setting", [CheckpointType.PRODUCTION, CheckpointType.PRODUCTION_ONLY, CheckpointType.STANDARD])
def test_b8_off_vm_succeeds_without_memory(vm, setting):
    """B8/A4: an Off VM's checkpoint succeeds under every enabled setting, disks only, labelled by setting."""
    vm.set_checkpoint_type(setting)
    result = vm.checkpoint()
    cp = vm.checkpoints[result.checkpoint_id]
    assert not cp.holds_memory and not cp.has_thumbnail
    expected = CheckpointKind.STANDARD if setting is CheckpointType.STANDARD else CheckpointKind.PRODUCTION
    assert cp.kind is expected
    assert text("note.off_same_contents") in result.preview.notes


# ---------------------------------------------------------------- B9-B12: contents
def test_b9_production_has_a_vmrs_that_holds_no_memory(vm):
    """B9/A2 (corrected): production = AVHDX + .vmcx + a .vmrs runtime-state file that holds no
    memory; no thumbnail."""
    running(vm).open_app("Notepad")
    cp = vm.checkpoints[vm.checkpoint().checkpoint_id]
    assert cp.kind is CheckpointKind.PRODUCTION
    assert not cp.holds_memory and not cp.has_thumbnail
    assert [f.rsplit(".", 1)[1] for f in cp.files] == ["vmcx", "vmrs"]
    assert cp.files[1] == f"C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\Snapshots\\{cp.id}.vmrs"


@pytest.mark.parametrize("setting", [CheckpointType.PRODUCTION, CheckpointType.STANDARD])
def test_b9_b8_checkpoint_of_an_off_vm_has_a_vmrs_too(vm, setting):
    """B8/B9/B11: every checkpoint creates a configuration file and a runtime-state file, also
    one taken while the VM is Off (no memory in it)."""
    vm.set_checkpoint_type(setting)
    preview = vm.preview_checkpoint()
    cp = vm.checkpoints[vm.checkpoint().checkpoint_id]
    assert not cp.holds_memory
    assert sorted(f.rsplit(".", 1)[1] for f in cp.files) == ["vmcx", "vmrs"]
    assert sorted(f.rsplit(".", 1)[1] for f in preview.files) == ["avhdx", "vmcx", "vmrs"]


def test_b9_lab_saved_before_the_correction_loads_with_the_vmrs(vm):
    """A lab saved when production checkpoints listed no .vmrs loads with it (B9 as corrected)."""
    running(vm).checkpoint("prod")
    data = vm.lab.to_dict()
    saved = data["vms"][0]["checkpoints"][0]
    saved["files"] = [f for f in saved["files"] if not f.endswith(".vmrs")]
    loaded = Lab.from_dict(data).vm("web01")
    assert [f.rsplit(".", 1)[1] for f in loaded.find_checkpoint("prod").files] == ["vmcx", "vmrs"]


def test_b10_standard_of_running_vm_holds_memory(vm):
    """B10: standard of a running VM = AVHDX + .vmcx + .vmrs with memory, crash-consistent, thumbnail."""
    vm.set_checkpoint_type(CheckpointType.STANDARD)
    running(vm).open_app("Notepad")
    cp = vm.checkpoints[vm.checkpoint().checkpoint_id]
    assert cp.holds_memory and cp.has_thumbnail and cp.memory.open_apps == ("Notepad",)
    assert cp.consistency is Consistency.CRASH_CONSISTENT
    assert sorted(f.rsplit(".", 1)[1] for f in cp.files) == ["vmcx", "vmrs"]


def test_b11_file_names(vm):
    """B11: .vmcx/.vmrs named by the checkpoint GUID in the location; <disk>_<GUID>.avhdx beside the parent."""
    running(vm)
    preview = vm.preview_checkpoint()
    result = vm.checkpoint()
    cp = vm.checkpoints[result.checkpoint_id]
    assert cp.files[0] == f"C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\Snapshots\\{cp.id}.vmcx"
    avhdx = vm.active_disk()
    assert avhdx.file_name == f"web01_{avhdx.id}.avhdx"
    assert avhdx.path.rsplit("\\", 1)[0] == vm.disk_chains[0].base.path.rsplit("\\", 1)[0]
    assert preview.files == (*cp.files, avhdx.path)


def test_b12_sql_writer_logs_benign_error(lab):
    """B12/A9: a SQL Server guest logs the SQL writer's benign error while Hyper-V reports success."""
    vm = running(lab.new_vm("sql01", GuestProfile.windows(GuestOS.WINDOWS_SERVER_2022, GuestRole.SQL_SERVER)))
    result = vm.checkpoint()
    assert result.preview.outcome is Outcome.PRODUCTION
    guest_lines = [e for e in vm.events if e.source.value == "Guest" and e.verbatim]
    assert any("BACKUP failed to complete the command BACKUP DATABASE model" in e.message for e in guest_lines)
    assert "B12" in result.assumptions and flat(text("assumed.B12").rstrip(".")) in flat(str(result))


# ---------------------------------------------------------------- B13-B16: apply
def test_b13_apply_production_leaves_vm_off_and_cold_boots(vm):
    """B13/A3: after applying a production checkpoint the VM is Off; Start is a cold boot, apps gone."""
    running(vm).open_app("Notepad")
    vm.write_file("C:\\note.txt", "hello")
    vm.checkpoint("prod")
    vm.apply("prod")
    assert vm.state is VMState.OFF
    vm.start()
    assert vm.state is VMState.STARTING and vm.open_apps == ()
    assert vm.read_file("C:\\note.txt") == "hello"


def test_b14_apply_standard_leaves_vm_saved_and_resumes(vm):
    """B14: a standard checkpoint of a running VM applies as Saved; Start resumes with apps open (assumed label)."""
    vm.set_checkpoint_type(CheckpointType.STANDARD)
    running(vm).open_app("Notepad")
    vm.checkpoint("std")
    vm.close_app("Notepad")
    result = vm.apply("std")
    assert vm.state is VMState.SAVED
    assert result.assumptions == ("B14", "B16") and str(result).count("†") == 1
    vm.start()
    assert vm.state is VMState.RUNNING and vm.open_apps == ("Notepad",)


def test_b14_standard_of_off_vm_applies_off(vm):
    """B14: a standard checkpoint taken while Off applies as Off."""
    vm.set_checkpoint_type(CheckpointType.STANDARD)
    vm.checkpoint("off")
    running(vm)
    vm.apply("off")
    assert vm.state is VMState.OFF


def test_b15_apply_loses_current_state_unless_checkpointed(vm):
    """B15: "Apply" loses the current state; "Create Checkpoint and Apply" keeps it as a new checkpoint."""
    running(vm)
    vm.checkpoint("base")
    vm.write_file("C:\\work.txt", "unsaved work")
    vm.apply("base")
    assert vm.read_file("C:\\work.txt") is None and len(vm.checkpoints) == 1
    running(vm)
    vm.write_file("C:\\work.txt", "kept work")
    result = vm.apply("base", create_checkpoint=True)
    kept = vm.checkpoints[result.checkpoint_id]
    assert len(vm.checkpoints) == 2 and vm.checkpoint_files(kept)["C:\\work.txt"] == "kept work"
    assert vm.read_file("C:\\work.txt") is None


def test_b16_apply_makes_a_new_avhdx_under_the_checkpoint_and_branches(vm):
    """B16: Apply adds a new AVHDX whose parent is the checkpoint's disk; Now moves; later checkpoints branch."""
    running(vm)
    vm.checkpoint("a")
    vm.checkpoint("b")
    old_now = vm.active_disk_ids[0]
    vm.apply("a")
    a = vm.find_checkpoint("a")
    assert vm.active_disk().parent_id == a.disk_ids[0]
    assert old_now not in vm.disk_chains[0]
    assert vm.now_parent_id == a.id
    running(vm)
    vm.checkpoint("c")
    assert [c.name for c in vm.children("a")] == ["b", "c"]


# ---------------------------------------------------------------- B17-B19: chain and delete
def test_b17_writes_go_to_newest_avhdx_reads_fall_through(vm):
    """B17: a checkpoint freezes the disk read-only; writes go to the new AVHDX; reads fall through."""
    running(vm)
    base = vm.active_disk()
    vm.checkpoint("one")
    assert base.read_only and vm.active_disk().parent_id == base.id
    vm.write_file("C:\\new.txt", "x", size_mb=30)
    assert "C:\\new.txt" in vm.active_disk().blocks and "C:\\new.txt" not in base.blocks
    assert vm.read_file("C:\\Windows\\System32") == "system files"
    assert vm.active_disk().size_mb > 30


def test_b18_delete_leaf_off_now_branch_deletes_its_avhdx(vm):
    """B18: a checkpoint with no children, not on the Now branch → its AVHDX is deleted."""
    running(vm)
    vm.checkpoint("a")
    vm.checkpoint("b")
    vm.apply("a")
    b = vm.find_checkpoint("b")
    result = vm.delete_checkpoint(b)
    assert result.discarded_disks == (b.disk_ids[0],) and not result.merged_disks


def test_b18_delete_on_now_branch_merges(vm):
    """B18: a checkpoint with one child (or on the Now branch) is merged; Now's data unchanged."""
    running(vm)
    vm.checkpoint("a")
    vm.write_file("C:\\x.txt", "1")
    vm.checkpoint("b")
    vm.write_file("C:\\x.txt", "2")
    view = vm.files()
    a_view = vm.checkpoint_files("a")
    result = vm.delete_checkpoint("b")
    assert len(result.merged_disks) == 1
    assert vm.files() == view and vm.checkpoint_files("a") == a_view
    assert len(vm.disk_chains[0]) == 2


def test_b18_delete_only_checkpoint_merges_back_into_the_vhdx(vm):
    """B18/USING: deleting the only checkpoint merges the AVHDX into the VHDX, which the VM uses again."""
    running(vm)
    vm.checkpoint("a")
    vm.write_file("C:\\x.txt", "1")
    vm.delete_checkpoint("a")
    assert len(vm.disk_chains[0]) == 1
    assert vm.active_disk().file_name == "web01.vhdx" and not vm.active_disk().read_only
    assert vm.read_file("C:\\x.txt") == "1"


def test_b18_several_children_keep_a_shared_parent(vm):
    """B18: a checkpoint with several children keeps its AVHDX as their shared parent."""
    running(vm)
    vm.checkpoint("root")
    vm.checkpoint("a")
    vm.apply("root")
    running(vm)
    vm.checkpoint("b")
    a_disk = vm.find_checkpoint("a").disk_ids[0]
    parent = vm.disk_chains[0][a_disk].parent_id
    result = vm.delete_checkpoint("root")
    assert not result.merged_disks and not result.discarded_disks
    assert parent in vm.disk_chains[0] and parent not in vm.disk_owners()
    assert [c.name for c in vm.children(None)] == ["a", "b"]


def test_b19_delete_subtree(vm):
    """B19: Delete Checkpoint Subtree removes the checkpoint and all its descendants."""
    running(vm)
    for name in ("a", "b", "c"):
        vm.checkpoint(name)
    view = vm.files()
    result = vm.delete_checkpoint_subtree("a")
    assert len(result.removed_checkpoints) == 3 and not vm.checkpoints
    assert vm.files() == view and len(vm.disk_chains[0]) == 1


# ---------------------------------------------------------------- B20, B21
def test_b20_limit_of_50(vm):
    """B20: at most 50 checkpoints per VM; the 51st is refused and nothing changes."""
    for _ in range(MAX_CHECKPOINTS):
        vm.checkpoint()
    before = vm.lab.to_dict()
    with pytest.raises(CheckpointLimitError) as info:
        vm.checkpoint()
    assert isinstance(info.value, CheckpointOperationFailed) and info.value.rule == "B20"
    assert vm.lab.to_dict() == before
    assert vm.preview_checkpoint().failing_rule == "B20"


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_b20_names(vm, name):
    """B20: names not blank, at most 100 characters."""
    with pytest.raises(InvalidNameError):
        vm.checkpoint(name)
    vm.checkpoint("x" * 100)


def test_b20_default_name(vm):
    """B20: default name <VM> - (M/D/YYYY - h:mm:ss AM/PM)."""
    from datetime import datetime

    assert default_checkpoint_name("WIN10DOC", datetime(2015, 9, 29, 12, 13, 19)) == "WIN10DOC - (9/29/2015 - 12:13:19 PM)"
    assert default_checkpoint_name("vm", datetime(2015, 6, 15, 0, 9, 22)) == "vm - (6/15/2015 - 12:09:22 AM)"
    cp = vm.checkpoints[vm.checkpoint().checkpoint_id]
    assert cp.name == default_checkpoint_name("web01", cp.created)


def test_b20_location_only_without_checkpoints(vm):
    """B20: the checkpoint file location can change only while the VM has no checkpoints."""
    vm.set_snapshot_file_location("D:\\Checkpoints")
    vm.checkpoint()
    with pytest.raises(ConfigurationError):
        vm.set_snapshot_file_location("E:\\Elsewhere")
    assert vm.snapshot_file_location == "D:\\Checkpoints"


def test_b21_automatic_checkpoints(lab):
    """B21: automatic checkpoint at Start only if none exist; removed at a clean shutdown; host defaults."""
    assert not lab.new_vm("server-vm").automatic_checkpoints
    client = Lab(seed=1, host="Windows 11")
    vm = client.new_vm("desk")
    assert vm.automatic_checkpoints
    vm.start()
    assert len(vm.checkpoints) == 1 and next(iter(vm.checkpoints.values())).automatic
    vm.complete_boot()
    vm.shut_down()
    assert not vm.checkpoints
    vm.checkpoint("manual")
    vm.start()
    assert [c.name for c in vm.checkpoints.values()] == ["manual"]


@pytest.mark.parametrize("target", [VMState.STARTING, VMState.RUNNING])
def test_b21_disabled_start_goes_ahead_without_automatic_checkpoint(target):
    """B21 (corrected): automatic checkpoints on, setting Disabled: Start goes ahead, no
    checkpoint is taken, and the learner is told (assumed) in the result and the event log."""
    vm = Lab(seed=1, host="Windows 11").new_vm("desk")
    assert vm.automatic_checkpoints
    vm.set_checkpoint_type(CheckpointType.DISABLED)
    result = vm.start()
    assert vm.state is VMState.STARTING and not vm.checkpoints and not result.created_disks
    assert result.assumptions == ("B21_disabled",) and text("assumed.B21_disabled").rstrip(".") in result.assumption_line
    assert vm.events[-2].message == text("event.automatic_checkpoint_skipped") and vm.events[-2].rule == "B21"
    vm.put_in_state(target)
    assert vm.state is target and not vm.checkpoints


# ---------------------------------------------------------------- B22, B23: domain controllers
def test_b22_modern_dc_resets_invocation_on_apply(lab):
    """B22: a WS2012+ DC sees a new VM-Generation ID after apply and re-syncs safely."""
    vm = running(lab.new_vm("dc01", GuestProfile.windows(GuestOS.WINDOWS_SERVER_2022, GuestRole.DOMAIN_CONTROLLER)))
    vm.checkpoint("before")
    vm.change_directory("create user alice")
    vm.apply("before")
    vm.start()
    result = vm.complete_boot()
    assert vm.directory.health is DirectoryHealth.HEALTHY
    assert any("VM-Generation ID" in n for n in result.notes)
    vm.change_directory("create user bob")
    assert vm.directory.health is DirectoryHealth.HEALTHY


def test_b23_old_dc_usn_rollback(lab):
    """B23/A10: a 2008 R2 DC started normally after apply reuses USNs → rollback, Event 2095 on detection."""
    vm = running(lab.new_vm("dc00", GuestProfile.old_domain_controller()))
    vm.checkpoint("before")
    vm.change_directory("create user alice")
    vm.apply("before")
    vm.start()
    vm.complete_boot()
    assert vm.directory.health is DirectoryHealth.ROLLED_BACK
    vm.change_directory("create user bob")
    assert vm.directory.health is DirectoryHealth.QUARANTINED
    assert any(e.event_id == 2095 and e.verbatim for e in vm.events)
    with pytest.raises(GuestNotReadyError):
        vm.change_directory("create user carol")


def test_b23_old_dc_dsrm_restore_is_safe(lab):
    """B23/A11: restoring in DSRM before the first normal start gives a new invocationID (Event 1109)."""
    vm = running(lab.new_vm("dc00", GuestProfile.old_domain_controller()))
    vm.checkpoint("before")
    vm.change_directory("create user alice")
    vm.apply("before")
    vm.restore_directory_in_dsrm()
    assert any(e.event_id == 1109 and e.verbatim for e in vm.events)
    vm.change_directory("create user bob")
    assert vm.directory.health is DirectoryHealth.HEALTHY


def test_b23_production_does_not_make_an_old_dc_safe(lab):
    """A10: a production checkpoint of a 2008 R2 DC is possible but the preview warns."""
    vm = running(lab.new_vm("dc00", GuestProfile.old_domain_controller()))
    p = vm.preview_checkpoint()
    assert p.outcome is Outcome.PRODUCTION
    assert any("2008 R2" in n for n in p.notes)


# ---------------------------------------------------------------- B25
def test_b25_hyperv_does_not_expose_production(vm):
    """B25: Get-VMSnapshot's SnapshotType has no Production value; a fallback is invisible in Hyper-V."""
    vm.start()
    result = vm.checkpoint()
    cp = vm.checkpoints[result.checkpoint_id]
    assert cp.kind is CheckpointKind.STANDARD and cp.powershell_snapshot_type == "Standard"
    assert text("note.fallback_invisible") in result.notes


def test_b18_shared_parent_merged_once_one_child_is_left_is_labelled_assumed(vm):
    """B18 (assumed part): a disk kept as a shared parent is merged when only one child is left,
    and the learner is told Microsoft does not document when."""
    running(vm)
    vm.checkpoint("root")
    vm.checkpoint("a")
    vm.apply("root")
    running(vm)
    vm.checkpoint("b")
    vm.delete_checkpoint("root")
    shared = vm.disk_chains[0][vm.find_checkpoint("a").disk_ids[0]].parent_id
    view = vm.files()
    result = vm.delete_checkpoint("a")
    assert shared in {d for pair in result.merged_disks for d in pair}
    assert result.assumptions == ("tidy",) and text("assumed.tidy").rstrip(".") in result.assumption_line
    assert vm.files() == view
    assert all(d.id in vm.disk_owners() for d in vm.disk_chains[0])


def test_b18_narration_says_what_was_done_to_each_disk(vm):
    """B18: after a shared parent has been merged away, deleting a leaf says its disk was
    *deleted* (it was), and names the shared parent merged into the surviving child: the
    narration comes from the disk operations performed, never from a separate guess."""
    running(vm)
    vm.checkpoint("root")
    vm.checkpoint("a")
    vm.apply("root")
    running(vm)
    vm.checkpoint("b")
    vm.delete_checkpoint("root")
    chain = vm.disk_chains[0]
    a_disk = chain[vm.find_checkpoint("a").disk_ids[0]]
    shared = chain[a_disk.parent_id]
    b_disk = chain[vm.find_checkpoint("b").disk_ids[0]]
    result = vm.delete_checkpoint("a")
    assert a_disk.id not in chain
    assert result.summary == text("result.deleted_discarded", name="a")
    # The shared parent here is the base VHDX, which is never removed: b's AVHDX merges into it.
    assert shared.id == chain.base_id
    assert result.notes[:2] == (
        text("disk.deleted", disk=text("disk.label.checkpoint", file=a_disk.file_name, name="a")),
        text("disk.merged", disk=text("disk.label.checkpoint", file=b_disk.file_name, name="b"), into=text("disk.label.shared", file=shared.file_name)),
    )
    assert [(op.action.value, op.disk_id, op.into_id) for op in result.disk_operations] == [("deleted", a_disk.id, None), ("merged", b_disk.id, shared.id)]
    assert vm.find_checkpoint("b").disk_ids[0] == chain.base_id


def test_b18_deleting_the_first_checkpoint_names_the_avhdx_merged_into_the_vhdx():
    """B18/USING: deleting 'step 1' of a chain merges step 2's AVHDX into the VHDX; the
    narration names both files as they are."""
    from hvlab.scenarios import linear_chain

    _, vm = linear_chain(3)
    vhdx = vm.disk_chains[0].base.file_name
    avhdx = vm.disk_chains[0][vm.find_checkpoint("step 2").disk_ids[0]].file_name
    result = vm.delete_checkpoint("step 1")
    assert vhdx == "web01.vhdx" and avhdx.endswith(".avhdx")
    assert result.notes == (text("disk.merged", disk=text("disk.label.checkpoint", file=avhdx, name="step 2"),
                                 into=text("disk.label.checkpoint", file=vhdx, name="step 1")),)
    assert result.summary == text("result.deleted_merged", name="step 1")
    assert vm.find_checkpoint("step 2").disk_ids[0] == vm.disk_chains[0].base_id


def test_the_production_dialog_is_not_logged_as_an_event(lab):
    """"Production checkpoint created." is Hyper-V Manager's dialog (SHOT-PRODDLG), not a line in
    any event log: the checkpoint's result carries it, the VM's event log does not."""
    from hvlab.catalog import text

    vm = lab.new_vm("dc01", GuestProfile.windows())
    vm.put_in_state(VMState.RUNNING)
    result = vm.checkpoint("p")
    assert result.preview.hyperv_messages[0] == text("hyperv.production_created")
    assert all(text("hyperv.production_created") not in event.message for event in vm.events)
