"""Property-based tests: random sequences of operations never break the disk chain's promises.

Checked after every step (reference B16–B19): each checkpoint's view of the data never changes
until it is deleted; the VM's current view changes only by guest writes and applies; after an
apply the current view equals the checkpoint's; every disk's parent exists and no disk is
orphaned; a refused operation changes nothing; save → load gives an equal lab; undo goes back
exactly one step.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from support import examples  # the example count per Hypothesis profile (tests/support.py)

from hvlab import CheckpointType, GuestProfile, HvlabError, IntegrationService, Lab, VMState
from hvlab.persistence import dumps, loads
from hvlab.vm.backups import BackupOutcome

POWER = ["start", "complete_boot", "shut_down", "turn_off", "save", "pause", "resume", "delete_saved_state"]
GUESTS = [GuestProfile.windows(), GuestProfile.linux(True), GuestProfile.linux(False), GuestProfile.old_domain_controller()]


class CheckpointMachine(RuleBasedStateMachine):
    """A two-disk VM driven by random operations, compared against a tiny model of the data."""

    def __init__(self):
        super().__init__()
        self.lab = Lab(seed=3)
        self.vm = self.lab.new_vm("vm", disks=["system", "data"])
        self.frozen: dict[str, list[dict[str, str]]] = {}
        self.expected_now = self.views()
        self.exported: dict[str, list[dict[str, str]]] = {}
        """Each export's folder → what its checkpoint saw when it was exported (B27)."""

    def views(self, checkpoint_id: str | None = None) -> list[dict[str, str]]:
        if checkpoint_id is None:
            return [self.vm.files(i) for i in range(len(self.vm.disk_chains))]
        return [self.vm.checkpoint_files(checkpoint_id, i) for i in range(len(self.vm.disk_chains))]

    def attempt(self, action, *args, **kwargs):
        """Run an operation; if refused, the lab must be exactly as before."""
        before = self.lab.to_dict()
        try:
            return action(*args, **kwargs)
        except HvlabError:
            assert self.lab.to_dict() == before, f"{action.__name__} was refused but changed the lab"
            return None

    def sync_checkpoints(self):
        for cp_id in list(self.frozen):
            if cp_id not in self.vm.checkpoints:
                del self.frozen[cp_id]
        for cp_id in self.vm.checkpoints:
            self.frozen.setdefault(cp_id, self.views(cp_id))

    # ------------------------------------------------------------------ rules
    @rule(op=st.sampled_from(POWER))
    def power(self, op):
        self.attempt(getattr(self.vm, op))
        self.sync_checkpoints()

    @rule(setting=st.sampled_from(list(CheckpointType)))
    def set_setting(self, setting):
        self.attempt(self.vm.set_checkpoint_type, setting)

    @rule(on=st.booleans())
    def toggle_backup(self, on):
        self.attempt(self.vm.set_integration_service, IntegrationService.BACKUP, on)

    @rule(guest=st.sampled_from(GUESTS))
    def set_guest(self, guest):
        self.attempt(self.vm.set_guest, guest)

    @rule(name=st.one_of(st.none(), st.text(min_size=0, max_size=5)))
    def checkpoint(self, name):
        self.attempt(self.vm.checkpoint, name)
        self.sync_checkpoints()

    @rule(disk=st.integers(0, 1), path=st.sampled_from(["a", "b", "c"]), content=st.text(max_size=3), size=st.sampled_from([1.0, 400.0]))
    def write(self, disk, path, content, size):
        # A write the full volume cannot hold pauses the VM instead (Paused-Critical, B29).
        if self.attempt(self.vm.write_file, path, content, size, disk) is not None and not self.vm.paused_critical:
            self.expected_now[disk][path] = content

    # The host volume and the drives (B29-B31): lab-only fills and frees, drives no checkpoint holds.
    @rule(leave_gb=st.sampled_from([0.0, 0.005, 0.3, 2.0]))
    def fill_volume(self, leave_gb):
        self.attempt(self.lab.fill_volume, leave_gb)

    @rule(gb=st.one_of(st.none(), st.sampled_from([0.001, 0.5, 50.0])))
    def delete_other_files(self, gb):
        self.attempt(self.lab.delete_other_files, gb)

    @rule(size_gb=st.sampled_from([1.0, 30.0, 2048.0]))
    def set_volume_size(self, size_gb):
        self.attempt(self.lab.set_volume_size, size_gb)

    @rule(kind=st.sampled_from(["pass-through", "shared", "fibre channel"]))
    def attach(self, kind):
        if kind == "pass-through":
            self.attempt(self.vm.add_hard_disk_drive, disk_number=2)
        elif kind == "shared":
            self.attempt(self.vm.add_hard_disk_drive, "D:\\Cluster\\quorum.vhdx", shared=True)
        else:
            self.attempt(self.vm.add_fibre_channel_adapter, "SAN01")

    @rule(location=st.integers(0, 3), fibre_channel=st.booleans())
    def detach(self, location, fibre_channel):
        if fibre_channel:
            self.attempt(self.vm.remove_fibre_channel_adapter, "SAN01")
        else:
            self.attempt(self.vm.remove_hard_disk_drive, location)

    @rule(disk=st.integers(0, 2), size_gb=st.one_of(st.none(), st.sampled_from([5.0, 200.0])))
    def resize(self, disk, size_gb):
        self.attempt(self.vm.resize_disk, disk, size_gb, to_minimum=size_gb is None)

    @rule(path=st.sampled_from(["a", "b", "c"]))
    def delete_file(self, path):
        if self.attempt(self.vm.delete_file, path) is not None:
            self.expected_now[0].pop(path, None)

    # A host backup (B32) that completes or leaves its Recovery checkpoint; Merge-VHD by hand (B33).
    @rule(left=st.booleans())
    def backup(self, left):
        self.attempt(self.vm.run_backup, BackupOutcome.CHECKPOINT_LEFT if left else BackupOutcome.SUCCEEDED)
        self.sync_checkpoints()

    @rule(data=st.data(), parent=st.booleans())
    def merge_by_hand(self, data, parent):
        """On a chain Hyper-V's own operations made, every Merge-VHD is refused: each file is a
        checkpoint's, in use, or a parent of several (B33)."""
        chain = self.vm.disk_chains[data.draw(st.integers(0, 1))]
        source = data.draw(st.sampled_from(sorted(d.path for d in chain)))
        destination = chain.base.path if parent else None
        assert self.attempt(self.vm.merge_vhd, source, destination) is None

    @precondition(lambda self: self.vm.checkpoints)
    @rule(data=st.data(), create=st.booleans())
    def apply(self, data, create):
        cp_id = data.draw(st.sampled_from(sorted(self.vm.checkpoints)))
        if self.attempt(self.vm.apply, cp_id, create) is not None:
            self.sync_checkpoints()
            assert self.views() == self.frozen[cp_id]
            self.expected_now = self.views(cp_id)

    @precondition(lambda self: self.vm.checkpoints)
    @rule(data=st.data(), subtree=st.booleans())
    def delete(self, data, subtree):
        cp_id = data.draw(st.sampled_from(sorted(self.vm.checkpoints)))
        action = self.vm.delete_checkpoint_subtree if subtree else self.vm.delete_checkpoint
        self.attempt(action, cp_id)
        self.sync_checkpoints()

    @precondition(lambda self: self.vm.checkpoints)
    @rule(data=st.data(), folder=st.sampled_from(["D:\\Exports", "E:\\", "  "]))
    def export(self, data, folder):
        """Export-VMSnapshot (B27): the export holds the checkpoint's view, one VHDX per disk."""
        cp_id = data.draw(st.sampled_from(sorted(self.vm.checkpoints)))
        if self.attempt(self.vm.export_checkpoint, cp_id, folder) is not None:
            export = self.lab.exports[-1]
            self.exported[export.folder] = self.frozen.get(cp_id) or self.views(cp_id)
            assert [{p: b.content for p, b in d.blocks.items()} for d in export.disks] == self.exported[export.folder]

    @precondition(lambda self: self.lab.exports)
    @rule(data=st.data(), copy=st.booleans(), new_id=st.booleans(), where=st.sampled_from([None, "F:\\One", "F:\\Two"]))
    def import_export(self, data, copy, new_id, where):
        """Import-VM (B28): the imported VM has no checkpoints and sees what the export holds."""
        export = data.draw(st.sampled_from(self.lab.exports))
        result = self.attempt(self.lab.import_vm, export.folder, copy=copy, generate_new_id=new_id, vhd_destination_path=where)
        if result is not None:
            imported = self.lab.vm(result.vm_name)
            assert not imported.checkpoints and imported.orphan_disks() == ()
            assert [imported.files(i) for i in range(len(imported.disk_chains))] == self.exported[export.folder]

    @rule()
    def undo_then_redo_equivalent(self):
        """Undo restores exactly the lab before the last operation."""
        if not self.lab.can_undo:
            return
        expected = self.lab.before_last_operation().to_dict()
        self.lab.undo()
        assert self.lab.to_dict() == expected
        self.frozen = {}
        self.sync_checkpoints()
        self.expected_now = self.views()
        # self.exported stays: an export Undo brings back is the one recorded for its folder.

    # ------------------------------------------------------------------ invariants
    @invariant()
    def storage_accounting_never_negative(self):
        """The volume never holds more than its size; no file has a negative size (B29)."""
        usage = self.lab.volume_usage()
        assert usage.free_mb >= -1e-6 and usage.other_files_gb >= 0
        assert all(f.size_mb >= 0 for f in usage.files)
        assert not self.vm.paused_critical or self.vm.state is VMState.PAUSED

    @invariant()
    def checkpoints_never_change(self):
        for cp_id, view in self.frozen.items():
            assert self.views(cp_id) == view

    @invariant()
    def now_changes_only_by_writes_and_applies(self):
        assert self.views() == self.expected_now

    @invariant()
    def chain_is_well_formed(self):
        for index, chain in enumerate(self.vm.disk_chains):
            owners = self.vm.disk_owners(index)
            for disk in chain:
                assert disk.parent_id is None or disk.parent_id in chain
                if disk.id not in owners:
                    assert len(chain.children(disk.id)) >= 2, "orphaned disk"
                assert disk.read_only == (owners.get(disk.id) != "Now")
            assert chain.base.parent_id is None
            assert self.vm.active_disk_ids[index] in chain
        for cp in self.vm.checkpoints.values():
            assert cp.parent_id is None or cp.parent_id in self.vm.checkpoints
        assert self.vm.now_parent_id is None or self.vm.now_parent_id in self.vm.checkpoints

    @invariant()
    def tree_matches_disks(self):
        """The checkpoint tree is the disk tree with shared parents skipped (B16, B17)."""
        chain = self.vm.disk_chains[0]
        owners = self.vm.disk_owners(0)

        def owning_ancestor(disk_id):
            parent = chain[disk_id].parent_id
            while parent is not None and parent not in owners:
                parent = chain[parent].parent_id
            return None if parent is None else owners[parent]

        for cp in self.vm.checkpoints.values():
            assert owning_ancestor(cp.disk_ids[0]) == cp.parent_id
        assert owning_ancestor(self.vm.active_disk_ids[0]) == self.vm.now_parent_id

    @invariant()
    def save_load_round_trip(self):
        document = dumps(self.lab)
        assert loads(document) == self.lab
        json.loads(document)

    @invariant()
    def no_file_without_a_checkpoint(self):
        """No sequence of supported operations leaves a disk file no checkpoint explains (B33)."""
        assert self.vm.orphan_disks() == ()

    @invariant()
    def exports_never_change(self):
        """An export is a copy: nothing done to the VM afterwards changes it (B27)."""
        for export in self.lab.exports:
            assert [{p: b.content for p, b in d.blocks.items()} for d in export.disks] == self.exported[export.folder]

    @invariant()
    def memory_matches_state(self):
        assert (self.vm.memory is not None) == (self.vm.state in (VMState.SAVED, VMState.PAUSED))


CheckpointMachine.TestCase.settings = settings(
    max_examples=examples(150),
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # 'explain' needs GBs here
)
TestCheckpointMachine = CheckpointMachine.TestCase
