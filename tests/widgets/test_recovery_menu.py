"""Hyper-V Manager's context menu on a backup's Recovery checkpoint has no Delete (reference B32).

"In some cases, Delete Checkpoint and Delete Checkpoint Subtree don't appear on the context
menu. This can occur if third-party backup software generates checkpoints but doesn't delete
them after a backup operation." (SUP-MERGE). The disk chain lab's picture menu is built from the
core's list (Checkpoint.manager_actions); a delete sent for a Recovery checkpoint anyway (a
stale menu in the page) changes nothing.
"""

from __future__ import annotations

import pytest

pytest.importorskip("anywidget")

from hvlab import VMState  # noqa: E402
from hvlab.vm.backups import BackupOutcome  # noqa: E402
from hvlab.widgets import DiskChainLab  # noqa: E402


def test_a_recovery_checkpoints_menu_offers_no_delete_and_a_users_offers_both():
    widget = DiskChainLab()
    widget.vm.put_in_state(VMState.RUNNING)
    widget.run(lambda: widget.vm.run_backup(BackupOutcome.CHECKPOINT_LEFT))
    widget.checkpoint_name.value = "mine"
    widget.take_checkpoint()
    recovery = next(cp for cp in widget.vm.checkpoints.values() if cp.is_recovery)
    mine = widget.vm.find_checkpoint("mine")
    menu = widget.checkpoint_menu
    assert [m["action"] for m in menu.menu_for(recovery.id)] == ["settings", "apply", "export", "rename"]
    assert [m["action"] for m in menu.menu_for(mine.id)][-2:] == ["delete_checkpoint", "delete_checkpoint_subtree"]
    # The page knows it with the picture: the Recovery checkpoint's region lists its own items
    # (a click opens its menu at once), a user's checkpoint offers the whole menu.
    assert menu.tree.region(recovery.id)["actions"] == ["settings", "apply", "export", "rename"]
    assert "actions" not in menu.tree.region(mine.id) and len(menu.tree.menu) == 6
    before = widget.lab.to_dict()
    menu.tree.choose("delete_checkpoint", recovery.id)  # sent by a menu drawn before the backup
    assert widget.lab.to_dict() == before and widget.apply_dialog.layout.display == "none"
