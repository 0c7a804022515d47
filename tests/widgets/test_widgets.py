"""Lab widgets driven without a browser: set control values, click buttons, assert on the model,
the outcome text and the diagram images ("Widget tests without a browser")."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from hvlab import CheckpointKind, CheckpointType, GuestProfile, HostKind, IntegrationService, Lab, VMState  # noqa: E402
from hvlab.catalog import text  # noqa: E402
from hvlab.reference import ruling  # noqa: E402
from hvlab.widgets.controller import esc  # noqa: E402
from hvlab.widgets import ApplyComparison, CheckpointTypeExplorer, DiskChainLab  # noqa: E402
from hvlab.course.demos import DEMO_FILE  # noqa: E402
from support import pixels  # noqa: E402

# ---------------------------------------------------------------------- explorer
def test_explorer_starts_on_the_default_production_checkpoint():
    """A new VM is Production with the fallback box ticked (A1, B1); running and booted, it
    makes a production checkpoint, and the panel shows the decision diagram."""
    explorer = CheckpointTypeExplorer()
    assert explorer.enable_checkpoints.value and explorer.fallback.value
    assert explorer.checkpoint_kind.value == "production"
    assert explorer.preview.outcome.value == "Production"
    assert text("widget.explorer.outcome_production") in explorer.result.value
    assert explorer.images["decision_path"].value[:8] == b"\x89PNG\r\n\x1a\n"


def test_explorer_booting_guest_falls_back_and_marks_b3():
    """A guest still booting cannot make a production checkpoint (A8, B3): Production falls back,
    the checklist marks B3 as the deciding rule, and the image changes."""
    explorer = CheckpointTypeExplorer()
    before_png = explorer.images["decision_path"].value
    explorer.state.value = VMState.STARTING
    assert explorer.vm.state is VMState.STARTING
    assert explorer.preview.fell_back and explorer.preview.failing_rule == "B3"
    assert text("widget.explorer.outcome_fallback") in explorer.result.value
    assert 'data-rule="B3" data-passed="False" style="font-weight:bold' in explorer.checklist.value
    assert explorer.images["decision_path"].value != before_png


def test_explorer_hyperv_manager_page_maps_to_the_four_settings():
    """Hyper-V Manager's page maps 1:1 onto -CheckpointType (reference §1.4, B1)."""
    explorer = CheckpointTypeExplorer()
    explorer.fallback.value = False
    assert explorer.vm.checkpoint_type is CheckpointType.PRODUCTION_ONLY
    explorer.checkpoint_kind.value = "standard"
    assert explorer.vm.checkpoint_type is CheckpointType.STANDARD
    assert explorer.fallback.disabled
    explorer.enable_checkpoints.value = False
    assert explorer.vm.checkpoint_type is CheckpointType.DISABLED
    assert "Checkpoints have been disabled for" in explorer.result.value
    assert "Set-VM -Name &#x27;web01&#x27; -CheckpointType Disabled" in explorer.powershell.value


def test_explorer_production_only_with_backup_service_off_is_an_error():
    """ProductionOnly with "Backup (volume shadow copy)" cleared: Hyper-V's B7 error, nothing
    held (B4, B7), and the PowerShell shows the Disable-VMIntegrationService line."""
    explorer = CheckpointTypeExplorer()
    explorer.fallback.value = False
    explorer.services[IntegrationService.BACKUP].value = False
    preview = explorer.preview
    assert preview.outcome.value == "Error" and preview.failing_rule == "B4"
    assert "Production checkpoints cannot be created for" in explorer.result.value
    assert text("widget.explorer.holds_nothing") in explorer.holds.value
    assert "Disable-VMIntegrationService -VMName &#x27;web01&#x27; -Name &#x27;VSS&#x27;" in explorer.powershell.value


def test_explorer_guests_change_the_outcome():
    """Linux without hv_vss_daemon falls back on B5; with it, production is
    file-system-consistent (A7, B5)."""
    explorer = CheckpointTypeExplorer()
    explorer.guest.value = "linux_no_daemon"
    assert explorer.vm.guest == GuestProfile.linux(vss_daemon=False)
    assert explorer.preview.failing_rule == "B5"
    explorer.guest.value = "linux_daemon"
    assert explorer.preview.outcome.value == "Production"
    assert "file-system-consistent" in explorer.holds.value


def _legacy_explorer() -> CheckpointTypeExplorer:
    """The explorer on a Windows Server 2019 host with a VM created at version 5.0 (B26)."""
    lab = Lab(seed=0, host=HostKind.WINDOWS_SERVER_2019)
    lab.new_vm("legacy01", version="5.0").put_in_state(VMState.RUNNING)
    return CheckpointTypeExplorer(lab)


def test_explorer_refused_change_shows_text_and_keeps_lab_and_controls():
    """Upgrading the configuration version of a running VM is refused (Update-VMVersion needs
    the VM off, B26): the learner reads the core's message, never a traceback; lab and control
    are unchanged."""
    explorer = _legacy_explorer()
    before = explorer.lab.to_dict()
    explorer.version.value = (9, 0)
    assert text("widget.refused") in explorer.outcome.value
    assert "Traceback" not in explorer.outcome.value
    assert explorer.lab.to_dict() == before
    assert explorer.version.value == (5, 0)


def test_explorer_old_version_falls_back_on_b6_until_upgraded():
    """Configuration version 5.0 makes production impossible (B6); upgraded while Off (one way),
    the VM makes production checkpoints."""
    explorer = _legacy_explorer()
    assert explorer.preview.failing_rule == "B6"
    explorer.state.value = VMState.OFF
    explorer.version.value = (9, 0)
    explorer.state.value = VMState.RUNNING
    assert explorer.vm.configuration_version == (9, 0) and explorer.preview.outcome.value == "Production"


def test_explorer_offers_no_downgrade_and_no_version_the_host_cannot_run():
    """The explorer once let an Off VM go from 10.0 down to 5.0: it offers only the VM's own
    version and the upgrades its host runs (B26, VMVER)."""
    explorer = CheckpointTypeExplorer()
    explorer.state.value = VMState.OFF
    assert [v for _, v in explorer.version.options] == [(10, 0)]
    legacy = _legacy_explorer()
    offered = [v for _, v in legacy.version.options]
    assert offered[0] == (5, 0) and offered[-1] == (9, 0)
    assert all(HostKind.WINDOWS_SERVER_2019.can_run(v) for v in offered)


def test_explorer_one_operation_and_one_redraw_per_change():
    """A click runs one core operation and redraws once."""
    explorer = CheckpointTypeExplorer()
    redraws, ops = explorer.redraws, explorer.operations
    explorer.state.value = VMState.SAVED
    assert explorer.redraws == redraws + 1
    assert explorer.operations == ops + 1


def test_explorer_undo_and_reset_restore_model_and_controls():
    """Undo takes back one change, Reset all of them; the controls follow the model."""
    explorer = CheckpointTypeExplorer()
    start = explorer.lab.to_dict()
    explorer.state.value = VMState.PAUSED
    explorer.services[IntegrationService.HEARTBEAT].value = False
    explorer.undo_button.click()
    assert explorer.services[IntegrationService.HEARTBEAT].value is True
    assert explorer.vm.state is VMState.PAUSED
    explorer.reset_button.click()
    assert explorer.lab.to_dict() == start
    assert explorer.state.value is VMState.RUNNING
    explorer.undo_button.click()
    assert text("widget.nothing_to_undo") in explorer.outcome.value
    assert explorer.lab.vms, "Undo never removes the VM the widget was given"


def test_explorer_diagram_cache_returns_the_same_png_for_the_same_state():
    """Toggling back to a state drawn before reuses the cached PNG."""
    explorer = CheckpointTypeExplorer()
    first = explorer.images["decision_path"].value
    explorer.state.value = VMState.SAVED
    explorer.state.value = VMState.RUNNING
    assert explorer.images["decision_path"].value == first
    assert explorer.cache.hits >= 1


# ---------------------------------------------------------------------- disk chain lab
def test_lab_checkpoint_button_creates_an_avhdx_and_changes_the_pictures():
    """Checkpoint adds one AVHDX per disk and Now moves under the checkpoint (B17)."""
    lab = DiskChainLab()
    lab.draw_all()  # the chain and the before/after are on tabs not shown: drawn when opened
    tree, chain = lab.checkpoint_menu.tree.png, lab.checkpoint_menu.chain.png
    lab.checkpoint_name.value = "before-update"
    lab.checkpoint_button.click()
    lab.draw_all()
    vm = lab.vm
    cp = vm.find_checkpoint("before-update")
    assert vm.now_parent_id == cp.id and len(vm.disk_chains[0]) == 2
    assert lab.checkpoint_menu.tree.png != tree and lab.checkpoint_menu.chain.png != chain
    assert lab.images["before_after"].value
    assert "Checkpoint-VM -Name &#x27;web01&#x27; -SnapshotName &#x27;before-update&#x27;" in lab.powershell.value
    assert lab.selected.value == cp.id


def test_lab_empty_name_uses_hyperv_default_name():
    """An empty name box gives Hyper-V's default name <VM> - (M/D/YYYY - h:mm:ss AM/PM) (B20)."""
    lab = DiskChainLab()
    lab.checkpoint_button.click()
    (cp,) = lab.vm.checkpoints.values()
    assert cp.name.startswith("web01 - (")


def test_lab_apply_asks_hyperv_question_and_cancel_changes_nothing():
    """Apply... shows Hyper-V's dialog wording (reference §4); Cancel changes nothing."""
    lab = DiskChainLab()
    lab.checkpoint_button.click()
    before = lab.lab.to_dict()
    lab.apply_button.click()
    assert lab.apply_dialog.layout.display == "flex"
    assert text("hyperv.apply_question") in lab.apply_dialog_text.value.replace("&#x27;", "'")
    assert lab.apply_create_button.description == "Create Checkpoint and Apply"
    lab.apply_cancel_button.click()
    assert lab.apply_dialog.layout.display == "none"
    assert lab.lab.to_dict() == before


def test_lab_apply_production_leaves_vm_off_and_create_and_apply_keeps_now():
    """Production checkpoint applied → Off (A3, B13); "Create Checkpoint and Apply" keeps the
    current state as a new checkpoint first (B15)."""
    lab = DiskChainLab()
    lab.checkpoint_name.value = "base"
    lab.checkpoint_button.click()
    lab.edit_button.click()
    lab.select("base")
    lab.apply_button.click()
    lab.apply_create_button.click()
    vm = lab.vm
    assert vm.state is VMState.OFF
    assert len(vm.checkpoints) == 2
    assert vm.now_parent_id == vm.find_checkpoint("base").id
    assert text("hyperv.vm_turned_off", vm="web01").replace("'", "&#x27;") in lab.guest_view.value


def test_lab_apply_standard_resumes_with_app_open():
    """A standard checkpoint of a running VM with Notepad open: Apply → Saved, Start → Notepad
    is back (B14)."""
    lab = DiskChainLab()
    lab.settings_row.layout.display = None
    lab.setting.value = CheckpointType.STANDARD
    lab.open_app_button.click()
    lab.checkpoint_button.click()
    lab.close_app_button.click()
    lab.apply_button.click()
    lab.apply_only_button.click()
    assert lab.vm.state is VMState.SAVED
    lab.power_buttons["start"].click()
    assert lab.vm.state is VMState.RUNNING and "Notepad" in lab.vm.open_apps


def test_lab_refused_operation_shows_learner_text_and_keeps_lab():
    """Guest actions need a booted guest: refused with the core's message, lab unchanged."""
    lab = DiskChainLab()
    lab.power_buttons["turn_off"].click()
    before = lab.lab.to_dict()
    lab.edit_button.click()
    assert text("widget.refused") in lab.outcome.value
    assert "Cannot write a file" in lab.outcome.value
    assert lab.lab.to_dict() == before
    assert isinstance(lab.last_error.learner_text(), str)


def test_lab_production_only_refusal_quotes_hyperv():
    """ProductionOnly on a Saved VM: Hyper-V's two lines, nothing created (B7)."""
    lab = DiskChainLab()
    lab.setting.value = CheckpointType.PRODUCTION_ONLY
    lab.power_buttons["save"].click()
    lab.checkpoint_button.click()
    assert "Production checkpoints cannot be created for &#x27;web01&#x27;" in lab.outcome.value
    assert not lab.vm.checkpoints


def test_lab_delete_merges_and_subtree_removes_descendants():
    """Delete merges a one-child checkpoint (B18); Delete Subtree removes descendants (B19)."""
    lab = DiskChainLab()
    for name in ("one", "two", "three"):
        lab.checkpoint_name.value = name
        lab.checkpoint_button.click()
        lab.edit_button.click()
    files_now = lab.vm.files()
    lab.select("two")
    lab.delete_button.click()
    lab.delete_confirm_button.click()  # Hyper-V Manager asks first
    assert [c.name for c in lab.vm.checkpoints.values()] == ["one", "three"]
    assert lab.vm.last_result.merged_disks
    assert lab.vm.files() == files_now
    lab.select("one")
    lab.delete_subtree_button.click()
    lab.delete_confirm_button.click()
    assert not lab.vm.checkpoints
    assert "-IncludeAllChildSnapshots" in lab.powershell.value


def test_lab_rename_and_blank_name_refused():
    """Rename follows B20: a blank name is refused."""
    lab = DiskChainLab()
    lab.checkpoint_button.click()
    lab.new_name.value = "clean install"
    lab.rename_button.click()
    assert lab.selected_checkpoint.name == "clean install"
    lab.new_name.value = "   "
    lab.rename_button.click()
    assert lab.selected_checkpoint.name == "clean install"
    assert 'data-rule="B20"' in lab.outcome.value and esc(ruling("B20").title) in lab.outcome.value


def test_lab_undo_and_reset():
    """Undo takes back the last click; Reset returns to the lab as the widget got it."""
    base = Lab(seed=3)
    base.new_vm("app01").put_in_state(VMState.RUNNING)
    lab = DiskChainLab(base)
    start = base.to_dict()
    lab.checkpoint_button.click()
    lab.update_button.click()
    lab.undo_button.click()
    assert len(lab.vm.checkpoints) == 1 and lab.vm.files() == lab.vm.checkpoint_files(next(iter(lab.vm.checkpoints)))
    lab.reset_button.click()
    assert base.to_dict() == start
    assert lab.selected.options == ()
    assert text("widget.lab.powershell_none") in lab.powershell.value


def test_lab_power_buttons_follow_hyperv_states():
    """Start from Off is a cold boot (Hyper-V shows Running while the guest boots, §9)."""
    lab = DiskChainLab()
    lab.power_buttons["shut_down"].click()
    lab.power_buttons["start"].click()
    assert lab.vm.state is VMState.STARTING
    assert "Hyper-V shows: Running" in lab.status.value
    lab.power_buttons["complete_boot"].click()
    lab.power_buttons["pause"].click()
    lab.power_buttons["resume"].click()
    assert lab.vm.state is VMState.RUNNING


def test_lab_domain_controller_row_only_for_dc():
    """The DC actions appear only for a DC guest (A10, A11)."""
    assert DiskChainLab().dc_row.layout.display == "none"
    base = Lab(seed=4)
    base.new_vm("dc01", GuestProfile.old_domain_controller()).put_in_state(VMState.RUNNING)
    lab = DiskChainLab(base)
    assert lab.dc_row.layout.display is None
    lab.dc_buttons["change_directory"].click()
    assert lab.vm.directory.partner_usn == 1


# ---------------------------------------------------------------------- apply comparison
def test_apply_comparison_standard_resumes_production_cold_boots():
    """The USING demo: standard → Saved, Start resumes with Notepad; production → Off, Start is
    a cold boot, the file is back but Notepad is not (A3, B13, B14)."""
    comparison = ApplyComparison()
    std, prod = comparison.vm("standard"), comparison.vm("production")
    assert std.find_checkpoint("demo").kind is CheckpointKind.STANDARD
    assert prod.find_checkpoint("demo").kind is CheckpointKind.PRODUCTION
    for side in ("standard", "production"):
        comparison.buttons[(side, "delete_file")].click()
        comparison.buttons[(side, "apply")].click()
    assert std.state is VMState.SAVED and prod.state is VMState.OFF
    for side in ("standard", "production"):
        comparison.buttons[(side, "start")].click()
    assert std.state is VMState.RUNNING and std.open_apps == ("Notepad",)
    assert prod.state is VMState.STARTING and prod.open_apps == ()
    comparison.buttons[("production", "complete_boot")].click()
    assert prod.read_file(DEMO_FILE) is not None and std.read_file(DEMO_FILE) is not None
    assert "Notepad" in comparison.views["standard"].value
    assert "<td>no</td>" in comparison.views["production"].value  # no thumbnail (A2)


def test_apply_comparison_finish_boot_refused_after_resume_and_reset():
    """A resumed VM has nothing to boot: the click is refused as text; Reset restores the demo."""
    comparison = ApplyComparison()
    start = comparison.lab.to_dict()
    comparison.step("standard", "apply")
    comparison.step("standard", "start")
    assert not comparison.step("standard", "complete_boot")
    assert text("widget.refused") in comparison.outcome.value
    comparison.reset_button.click()
    assert comparison.lab.to_dict() == start
    assert comparison.images["checkpoint_tree:standard"].value


def test_widgets_display_themselves():
    """Each controller has a root box and displays itself."""
    for widget in (CheckpointTypeExplorer(), DiskChainLab(), ApplyComparison()):
        assert hasattr(widget, "_ipython_display_")
        assert widget.widget.children


def test_lab_diagrams_come_with_their_text_version():
    """Each diagram has the same content as text under it (screen readers): after a
    checkpoint the disk chain's text names the new AVHDX Now writes to (B17)."""
    lab = DiskChainLab()
    lab.checkpoint_button.click()
    lab.draw_all()  # the chain and the before/after are on tabs not shown: drawn when opened
    new_disk = lab.vm.active_disk().file_name
    assert new_disk in lab.descriptions["disk_chain"].value
    assert "<details data-title=" in lab.descriptions["before_after"].value  # folded, the picture's name on it


def test_reset_after_more_steps_than_undo_keeps():
    """Reset returns to the widget's starting lab even after more steps than the lab's undo
    history holds (UNDO_DEPTH)."""
    from hvlab.lab import UNDO_DEPTH
    from hvlab.widgets.controller import LabController

    class Counter(LabController):
        def redraw(self):
            pass

    base = Lab(seed=9)
    vm = base.new_vm("v")
    vm.put_in_state(VMState.RUNNING)
    start = base.to_dict()
    controller = Counter(base)
    for index in range(UNDO_DEPTH + 5):
        controller.act(base.vm("v"), "pause" if index % 2 == 0 else "resume")
    controller.reset()
    assert base.to_dict() == start
    assert base.vm("v").lab is base
    assert controller.operations == 0


def test_widget_catalog_keys_exist_and_are_prefixed():
    """Every static ``text("widget.…")`` key the widgets use is in widgets.json or challenge.json, and widgets.json
    holds only ``widget.`` keys (catalog keys must not clash across files)."""
    import json
    import re
    from importlib import resources

    def read(name: str) -> dict:
        return json.loads((resources.files("hvlab") / "catalog" / "en" / name).read_text(encoding="utf-8"))

    catalog = read("widgets.json")
    assert all(key.startswith("widget.") for key in catalog)
    # The Challenge widget's words share challenge.json with the course's scenario words
    # ("scenario."), each under its own layer's prefix.
    challenge = read("challenge.json")
    assert all(key.startswith(("widget.", "scenario.")) for key in challenge)
    catalog.update({key: value for key, value in challenge.items() if key.startswith("widget.")})
    mine = ("controller", "rendering", "powershell_lines", "explorer", "disk_chain_lab", "apply_comparison",
            "self_check", "challenge", "progress_view")
    source = "".join((resources.files("hvlab") / "widgets" / f"{name}.py").read_text(encoding="utf-8") for name in mine)
    used = set(re.findall(r"""text\(["'](widget\.[A-Za-z0-9_.\-]+)["']""", source))
    assert used and used <= set(catalog)


def test_powershell_lines_mark_lab_only_cmdlets():
    """Guest-side lab controls have no Hyper-V cmdlet: the line says so (no invented cmdlets
    passed off as Hyper-V's)."""
    lab = DiskChainLab()
    lab.power_buttons["turn_off"].click()
    lab.power_buttons["start"].click()
    lab.power_buttons["complete_boot"].click()
    last = lab.powershell_history[-1][-1]
    assert "Lab" not in last.split("#")[0] or text("widget.ps.lab_only") in last
    assert lab.powershell_history[0] == ["Stop-VM -Name 'web01' -TurnOff"]


def test_explorer_sql_guest_shows_the_benign_writer_error():
    """With a SQL Server role, the guest's SQL writer error is shown as the guest's words while
    the checkpoint is production (A9, B12, assumed for checkpoints: the learner is told)."""
    explorer = CheckpointTypeExplorer()
    explorer.guest.value = "sql"
    assert explorer.preview.outcome.value == "Production"
    assert "BACKUP failed to complete the command BACKUP DATABASE model" in explorer.holds.value
    assert 'data-assumed="B12"' in explorer.holds.value and text("cite.assumed_marker") in explorer.holds.value


def test_explorer_paused_marks_the_assumed_ruling():
    """Paused: production impossible is hvlab's assumption (B7 *assumed*), and the checklist says so."""
    explorer = CheckpointTypeExplorer()
    explorer.state.value = VMState.PAUSED
    assert explorer.preview.failing_rule == "B7"
    assert text("widget.assumed") in explorer.checklist.value.replace("&#x27;", "'")


def test_empty_before_after_is_hidden_until_an_operation():
    """An Image with no bytes shows a broken-image icon in Voila: the empty before/after slot is
    hidden until the first operation draws it."""
    lab = DiskChainLab()
    image = lab.image("before_after")
    lab.draw_all()
    assert image.value == b"" and image.layout.display == "none"
    lab.power_buttons["turn_off"].click()
    lab.draw_all()  # on a tab not shown: drawn when opened
    assert image.value and image.layout.display is None


def test_large_diagrams_are_sent_no_wider_than_the_page_shows_them():
    """At 50 checkpoints the disk chain and before/after are rendered at most as wide as their
    slot (fewer pixels per click); a small diagram keeps its natural 100 dpi."""
    import struct

    from hvlab.scenarios import linear_chain, many_checkpoints
    from hvlab.diagrams import DIAGRAM_KINDS
    from hvlab.widgets.rendering import render

    def width(png: bytes) -> int:
        return struct.unpack(">I", png[16:20])[0]

    _, big = many_checkpoints(49)
    big.checkpoint("last")
    assert width(render("disk_chain", big).png) <= DIAGRAM_KINDS["disk_chain"].max_width_px
    assert width(render("before_after", big).png) <= DIAGRAM_KINDS["before_after"].max_width_px
    _, small = linear_chain(2)
    import hvlab.diagrams as diagrams

    assert pixels(render("disk_chain", small).png) == pixels(diagrams.render_png(diagrams.draw_disk_chain(small)))
