"""The pictures of #15's incidents: a disk chain shows the files no checkpoint lists (B33) and
Recovery checkpoints (B32) as their own kinds (shape, badge and words, not colour alone), the
drives checkpoints cannot include (B30) and the host volume's fill (B29); the tree shows the
SnapshotType Get-VMSnapshot reports. Each picture's text version says the same."""

from __future__ import annotations

from hvlab import Lab
from hvlab.catalog import text
from hvlab.diagrams import layout_for, render_layout
from hvlab.diagrams.style import ROLE_STYLES, Role
from hvlab.vm.backups import BackupOutcome


def _running(seed: int = 3) -> Lab:
    lab = Lab(seed=seed)
    vm = lab.new_vm("Db")
    vm.start()
    vm.complete_boot()
    vm.checkpoint("one")
    return lab


def test_a_recovery_checkpoint_is_its_own_kind_in_the_tree_and_the_chain():
    """B32: a backup's checkpoint left behind: a hexagon in the tree with SnapshotType Recovery,
    its AVHDX a hexagon with a RECOVERY badge and its words in the chain."""
    lab = _running()
    vm = lab.vm("Db")
    vm.run_backup(BackupOutcome.CHECKPOINT_LEFT)
    (recovery,) = [cp for cp in vm.checkpoints.values() if cp.is_recovery]
    tree = layout_for("checkpoint_tree", vm)
    assert tree.box(recovery.id).role is Role.CHECKPOINT_RECOVERY
    assert ROLE_STYLES[Role.CHECKPOINT_RECOVERY].shape is not ROLE_STYLES[Role.CHECKPOINT_PRODUCTION].shape
    assert {label.text for label in tree.labels} >= {"Recovery", "Standard", text("diagram.tree.col_snapshot_type")}
    assert text("diagram.tree.describe_snapshot_type", type="Recovery") in tree.describe()
    chain = layout_for("disk_chain", vm)
    disk = chain.box(recovery.disk_ids[0])
    assert disk.role is Role.RECOVERY_DISK and disk.badge == text("diagram.badge.recovery")
    assert text("diagram.disk.owner_recovery", name=recovery.name) in chain.describe()
    render_layout(chain)
    render_layout(tree)


def test_files_no_checkpoint_lists_are_drawn_as_orphans():
    """B33: a backup that failed leaving only its AVHDX: the frozen file and the one the VM
    writes on it both carry the ORPHAN badge; the frozen one its own dashed, hatched kind."""
    lab = _running()
    vm = lab.vm("Db")
    vm.run_backup(BackupOutcome.FILES_LEFT)
    (orphan,) = vm.orphan_disks()
    layout = layout_for("disk_chain", vm)
    now = layout.box(vm.active_disk_ids[0])
    frozen = layout.box(vm.disk_chains[0][orphan.disk_id].parent_id)
    assert now.badge == frozen.badge == text("diagram.badge.orphan")
    assert frozen.role is Role.ORPHAN_DISK and ROLE_STYLES[Role.ORPHAN_DISK].dashed and ROLE_STYLES[Role.ORPHAN_DISK].strip_hatch
    assert text("diagram.disk.owner_orphan_unexplained") in layout.describe()
    render_layout(layout)


def test_no_orphan_badge_after_hyper_vs_own_operations():
    """Hyper-V's own operations leave no file unlisted: no ORPHAN badge anywhere."""
    lab = _running()
    vm = lab.vm("Db")
    vm.checkpoint("two")
    vm.apply("one")
    vm.delete_checkpoint("two")
    assert not any(b.badge == text("diagram.badge.orphan") for b in layout_for("disk_chain", vm).boxes)


def test_pass_through_disks_and_the_volume_fill_are_drawn():
    """B30, B29: a pass-through disk is drawn as a drive no checkpoint includes; the volume bar's
    used part is as wide as the share of the volume used, and the words give the figures."""
    lab = _running()
    vm = lab.vm("Db")
    vm.add_hard_disk_drive(disk_number=2)
    lab.fill_volume(leave_free_gb=256.0)
    layout = layout_for("disk_chain", vm)
    (drive,) = [b for b in layout.boxes if b.role is Role.PASS_THROUGH]
    assert "2" in drive.lines[0].text
    used, free = layout.box("volume:used"), layout.box("volume:free")
    usage = lab.volume_usage()
    assert abs(used.width / (used.width + free.width) - usage.percent_used / 100) < 0.01
    assert f"{usage.free_gb:,.1f} GB" in layout.describe() and text("diagram.storage.describe_drive", kind=drive.full_name.split(" · ")[0], name=drive.full_name.split(" · ")[1]) in layout.describe()
    render_layout(layout)


def test_before_after_panels_stay_chains_only():
    """The before/after panels show the chain only: the volume and other drives are the full picture's."""
    lab = _running()
    vm = lab.vm("Db")
    vm.add_hard_disk_drive(disk_number=2)
    vm.remove_hard_disk_drive(vm.extra_drives[0].controller_location)
    layout = layout_for("before_after", vm)
    assert not [b for b in layout.boxes if b.key.endswith(("volume:used", "volume:free"))]
