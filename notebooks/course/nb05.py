"""Cells of notebook 05 · Deleting checkpoints and merges (B18, B19)."""

CELLS = [
    ("md", "title", r"""
# 05 · Deleting checkpoints and merges

| | |
|---|---|
| **Objectives** | After this notebook you can: predict, for any checkpoint you delete, whether its AVHDX is deleted, merged into its child or kept as a shared parent (B18); explain why deleting a checkpoint never changes what the VM or any other checkpoint sees; delete a checkpoint subtree (B19). |
| **Prerequisites** | 03 (the disk chain), or: each checkpoint freezes a disk and adds an AVHDX child; writes go to the newest. |
| **Time** | About 25 minutes. |
| **Points** | rulings B18, B19 (and B24) |
"""),
    ("md", "why-merge", r"""
## 1. Why deleting means merging

A checkpoint's AVHDX is usually **needed**: a newer disk reads through it. So deleting a checkpoint
cannot simply delete its file. Microsoft: "When you delete a checkpoint, Hyper-V merges the .avhdx
and .vhdx files for you. Once completed, the checkpoint's .avhdx file will be deleted from the file
system. You should not delete the .avhdx files directly." (USING)

Which disk is deleted, merged or kept is not in Microsoft's documentation: hvlab follows ruling
B18, a third party's published description (observed: John Savill, *Mastering Windows Server 2016
Hyper-V*). Microsoft's page does not mention the shared-parent case:

| The deleted checkpoint… | Its AVHDX is… |
|---|---|
| has no children and is not on the Now branch | **deleted**, with its files |
| has exactly one child, or is on the Now branch | **merged into its child** |
| has several children | **kept as their shared parent** (merging would copy it into every child) |

In every case the checkpoint leaves the tree, and **no visible data of any other checkpoint or of
Now changes**. Merges run **live** while the VM runs (Windows Server 2012 and later).
"""),
    ("md", "merge-predict", r"""
## 2. A checkpoint in the middle of the chain

Three checkpoints in a row; the VM is running.

> **Predict.** You delete `step 2`. What happens to its AVHDX? Does the VM stop? Do `step 1`,
> `step 3` or Now lose any file?
"""),
    ("code", "setup", r"""
from hvlab import scenarios, text

lab, vm = scenarios.linear_chain(3)

def views(vm):
    # what each checkpoint and Now see on the disk
    return {cp.name: vm.checkpoint_files(cp) for cp in vm.checkpoints.values()} | {"Now": vm.files()}

before = views(vm)
print(text("notebook.disk_files", count=len(vm.disk_chains[0]), state=vm.state.hyperv_display))
"""),
    ("code", "b18-merge", r"""
result = vm.delete_checkpoint("step 2")
print(result)
print(text("notebook.disk_files_merged", count=len(vm.disk_chains[0]), merged=len(result.merged_disks), state=vm.state.hyperv_display))
after = views(vm)
print(text("notebook.views_unchanged", same=all(after[name] == before[name] for name in after)))
"""),
    ("code", "b18-merge-diagram", r"""
%matplotlib inline
from hvlab.diagrams import draw_before_after

draw_before_after(vm)          # the disk chain before and after the last operation
"""),
    ("md", "b18-merge-explain", r"""
### Explain

`step 2` had one child (the disk of `step 3`), so its AVHDX was **merged into that child**: the
child now holds both sets of changes, and one file fewer is on disk. `step 3` still sees exactly
what it saw, because the merged blocks are the ones it used to read through. The VM kept running:
the merge ran live (B18).
"""),
    ("md", "leaf-predict", r"""
## 3. A checkpoint off the Now branch

After applying `before-update` and working on, the tree has two branches: `after-update` (old
branch, no children) and `branch-b` (with Now under it).

> **Predict.** You delete `after-update`. Merged or deleted?
"""),
    ("code", "b18-leaf", r"""
lab, vm = scenarios.branches_after_apply()
before = views(vm)
result = vm.delete_checkpoint("after-update")
print(result)
print(text("notebook.disk_files_deleted", deleted=len(result.discarded_disks), merged=len(result.merged_disks)))
print(text("notebook.views_unchanged", same=all(views(vm)[name] == before[name] for name in views(vm))))
"""),
    ("md", "b18-leaf-explain", r"""
Nothing reads through `after-update`'s AVHDX (no children, not on the Now branch), so it is simply
**deleted** with its checkpoint files (B18).
"""),
    ("md", "shared-predict", r"""
## 4. A checkpoint with two children

> **Predict.** Back to the branched VM. `before-update` froze the base VHDX, and both branches
> read through it. You delete `before-update`. What happens to its disk?
"""),
    ("code", "b18-shared", r"""
lab, vm = scenarios.branches_after_apply()
before = views(vm)
print(vm.delete_checkpoint("before-update"))
owners = vm.disk_owners()          # disk id → checkpoint id or "Now"; a shared parent has no owner
for disk in vm.disk_chains[0]:
    owner = owners.get(disk.id, text("diagram.disk.owner_shared"))
    print(f"{disk.file_name:52} {vm.checkpoints[owner].name if owner in vm.checkpoints else text('diagram.now') if owner == 'Now' else owner}")
print(text("notebook.views_unchanged", same=all(views(vm)[name] == before[name] for name in views(vm))))
"""),
    ("code", "b18-shared-tree", r"""
%matplotlib inline
from hvlab.diagrams import draw_disk_chain

draw_disk_chain(vm)
"""),
    ("md", "b18-shared-explain", r"""
### Explain

The checkpoint is gone from the tree, but its disk stays: it is the **shared parent** of two
children, and merging it would copy it into each of them (B18). It is kept only for its children.

What happens to such a disk when later only one child is left? Microsoft does not document this;
hvlab assumes that a disk kept only as a shared parent is merged as soon as one child is left.
Delete `after-update` now and watch:
"""),
    ("code", "tidy", r"""
result = vm.delete_checkpoint("after-update")
print(result)
print(text("notebook.disk_files_left", files=[d.file_name for d in vm.disk_chains[0]]))
print(text("notebook.now_froze", name="branch-b", file=vm.disk_chains[0][vm.find_checkpoint("branch-b").disk_ids[0]].file_name))
"""),
    ("md", "tidy-explain", r"""
`after-update`'s AVHDX had no children and was off the Now branch, so it was deleted. That left
the shared parent with a single child, `branch-b`'s AVHDX, so (as assumed above) the two were
merged. Because the parent is the base VHDX, the merge goes *into* `web01.vhdx` — "Hyper-V merges
the .avhdx and .vhdx files for you" (USING) — and `branch-b` now points at the VHDX.
"""),
    ("md", "b19-predict", r"""
## 5. Delete Checkpoint Subtree (B19)

Hyper-V Manager's **Delete Checkpoint Subtree...** (PowerShell:
`Remove-VMCheckpoint -VMName <vm> -Name <checkpoint> -IncludeAllChildSnapshots`) deletes a
checkpoint and all its descendants.

> **Predict.** In the three-step chain, you delete the subtree of `step 2`. Which checkpoints are
> left? Does the VM lose the files written after `step 2`?
"""),
    ("code", "b19-subtree", r"""
lab, vm = scenarios.linear_chain(3)
now_before = vm.files()
print(vm.delete_checkpoint_subtree("step 2"))
print(text("notebook.checkpoints_left", names=[cp.name for cp in vm.checkpoints.values()]))
print(text("notebook.now_unchanged", same=vm.files() == now_before))
"""),
    ("md", "b19-explain", r"""
`step 2` and `step 3` are gone; their disks were merged down into Now's disk, so the running VM
keeps every file (B18, B19). Deleting checkpoints never rolls the VM back — only **Apply** does.
"""),
    ("md", "b24", r"""
## 6. Checkpoints are not backups (B24)

"A snapshot is not a full backup" (USING). A checkpoint lives on the same storage as the VM and
depends on every disk in its chain: lose one file and everything after it is lost. Keep many and
merges need free space; Microsoft's Best Practices Analyzer warns against checkpoints on
production server workloads (BPA-CKPT). Use them for short, planned changes, then delete them.
"""),
    ("md", "lab-intro", r"""
## 7. Try it yourself

Select a checkpoint, predict, then click **Delete Checkpoint...** and check the before/after
diagram. Do it for each checkpoint in turn, with **Undo** after each try. Then try
**Delete Checkpoint Subtree...** on `step 1`.
"""),
    ("code", "disk-chain-lab", r"""
from hvlab.widgets import DiskChainLab

lab, vm = scenarios.linear_chain(3)
DiskChainLab(lab)
"""),
    ("md", "check-title", r"""
## Knowledge check
"""),
    ("code", "selfcheck", r"""
from hvlab.widgets import SelfCheck

SelfCheck("05")
"""),
    ("md", "summary", r"""
## Summary

- Deleting a checkpoint takes it out of the tree; its AVHDX is **deleted** (no children, off the
  Now branch), **merged into its child** (one child or on the Now branch) or **kept as a shared
  parent** (several children) (B18).
- No other checkpoint's data and nothing the VM sees changes; merges run live (B18).
- **Delete Checkpoint Subtree** removes a checkpoint and all its descendants (B19).
- Never delete AVHDX files by hand; checkpoints are not backups (USING, B24).

**Next:** [06 · Consistency](06-consistency.ipynb).
"""),
]
