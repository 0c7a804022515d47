"""Cells of notebook 03 · Inside the disk chain (B16, B17, B20)."""

CELLS = [
    ("md", "title", r"""
# 03 · Inside the disk chain

| | |
|---|---|
| **Objectives** | After this notebook you can: say what a checkpoint does to a virtual disk (B17); predict which file a guest write goes to and where a read is served from; name the files a checkpoint creates (B11); explain how applying an older checkpoint makes a branch (B16); state Hyper-V's limits on checkpoints (B20). |
| **Prerequisites** | None. Notebook 01 helps (what a checkpoint holds). |
| **Time** | About 30 minutes. |
| **Points** | rulings B11, B16, B17, B20 |
"""),
    ("md", "base-vhdx", r"""
## 1. One VM, one virtual disk

A new VM has one virtual hard disk, a **VHDX** file. The guest reads and writes it directly.
"""),
    ("code", "setup", r"""
from hvlab import HvlabError, Lab, VMState, text

lab = Lab(seed=3)
vm = lab.new_vm("web01")
vm.put_in_state(VMState.RUNNING)
print(text("notebook.writes_to", path=vm.active_disk().path))
"""),
    ("md", "b17-predict", r"""
## 2. What a checkpoint does to the disk (B17)

> **Predict.** You take a checkpoint, then the guest installs an update and saves a report.
> Which file receives those writes: `web01.vhdx`, or something new? Does `web01.vhdx` change?
"""),
    ("code", "b17-checkpoint", r"""
print(vm.checkpoint("before-update"))
print(vm.install_update("KB5048667"))
print(vm.write_file(r"C:\Data\report.docx", "version 1", size_mb=25))
"""),
    ("code", "b17-disks", r"""
for disk in vm.disk_chains[0]:
    access = text("diagram.disk.read_only" if disk.read_only else "diagram.disk.writable")
    print(f"{disk.file_name:52} {disk.format.value:5} {disk.size_mb:7.0f} MB  {access}")
"""),
    ("md", "b17-explain", r"""
### Explain

Taking the checkpoint **froze** `web01.vhdx` (read-only) and created a **differencing disk**, an
AVHDX, whose parent is the frozen disk. From then on **all writes go to the newest AVHDX**; the
frozen VHDX never changes again. That is why the update's 650 MB landed in the AVHDX (B17).

The AVHDX is named `<disk>_<GUID>.avhdx` and sits beside its parent; the checkpoint's
configuration and state files (`.vmcx`, `.vmrs`), named by the checkpoint's GUID, go to the
checkpoint file location (B11). hvlab lists the `.vmrs` only when it holds memory and device state.
"""),
    ("code", "b11-files", r"""
cp = vm.find_checkpoint("before-update")
print(text("notebook.checkpoint_files"), *cp.files, sep="\n  ")
print(text("notebook.differencing_disk"), vm.active_disk().path, sep="\n  ")
"""),
    ("md", "b17-reads-predict", r"""
### Reads fall through

> **Predict.** The AVHDX holds only what changed since the checkpoint. So how does the guest
> still see `C:\Windows\System32`, which is in the VHDX?
"""),
    ("code", "b17-reads", r"""
print(text("notebook.reads_through", chain=" → ".join(d.file_name for d in vm.disk_chains[0].lineage(vm.active_disk_ids[0]))))
new_since = sorted(set(vm.files()) - set(vm.checkpoint_files("before-update")))
print(text("notebook.guest_sees", count=len(vm.files()), name="before-update"))
print(*new_since, sep="\n")
"""),
    ("md", "b17-reads-explain", r"""
A read looks in the newest AVHDX first and falls through to its parent, down to the base VHDX
(B17). The checkpoint "before-update" is simply the frozen disk: it still sees the guest as it
was, without the update or the report.
"""),
    ("md", "chain-predict", r"""
## 3. A chain of checkpoints

> **Predict.** Three checkpoints in a row on a running VM, a file written between each. How many
> disk files are there, and which ones are writable?
"""),
    ("code", "chain", r"""
from hvlab import scenarios

lab, vm = scenarios.linear_chain(3)
for cp in vm.checkpoints.values():
    print(text("notebook.froze", name=cp.name, file=vm.disk_chains[0][cp.disk_ids[0]].file_name))
print(text("notebook.now_writes", now=text("diagram.now"), file=vm.active_disk().file_name))
"""),
    ("code", "chain-diagram", r"""
%matplotlib inline
from hvlab.diagrams import draw_disk_chain

draw_disk_chain(vm)
"""),
    ("md", "chain-explain", r"""
One AVHDX per checkpoint per virtual disk, each the child of the one before: a **chain**. Only
the newest ("Now") is writable; reading an old file walks down the chain. Every AVHDX takes disk
space on the VM's storage, and Microsoft's Best Practices Analyzer warns against checkpoints on
production server workloads (BPA-CKPT).
"""),
    ("md", "b16-predict", r"""
## 4. Branches (B16)

> **Predict.** You apply the first checkpoint and keep working, then take a new checkpoint.
> Where does the new checkpoint appear in the tree? What happens to the disk "Now" was writing?
"""),
    ("code", "b16-branch", r"""
lab, vm = scenarios.branches_after_apply()
for cp in vm.checkpoints.values():
    parent = vm.checkpoints[cp.parent_id].name if cp.parent_id else text("notebook.root")
    print(text("notebook.parent", name=cp.name, parent=parent))
print(text("notebook.parent", name=text("diagram.now"), parent=vm.checkpoints[vm.now_parent_id].name))
"""),
    ("code", "b16-tree", r"""
%matplotlib inline
from hvlab.diagrams import draw_checkpoint_tree

draw_checkpoint_tree(vm)
"""),
    ("md", "b16-explain", r"""
### Explain

Applying a checkpoint gives the VM a **new AVHDX whose parent is the applied checkpoint's disk**;
"Now" moves under that checkpoint, and checkpoints taken from there start a **branch** (B16). The
disk "Now" was writing before is discarded (or kept as a new checkpoint with "Create Checkpoint
and Apply", notebook 04). Microsoft does not document this; hvlab assumes that Apply gives the VM
a new AVHDX whose parent is the applied checkpoint's disk, and discards the old Now disk. It is
consistent with Hyper-V Manager's checkpoint tree, where "Now" moves under the applied checkpoint.

Here the base VHDX has **two children**: the disks of `after-update` and of `branch-b`.
"""),
    ("md", "b20-rules", r"""
## 5. Hyper-V's limits (B20)

- At most **50 checkpoints** per VM (SCALE).
- Names must not be blank and have at most **100 characters**; the default name is
  `<VM> - (M/D/YYYY - h:mm:ss AM/PM)`.
- The checkpoint file location can be changed **only while the VM has no checkpoints**.

> **Predict.** What happens when you try a 51st checkpoint?
"""),
    ("code", "b20-limit", r"""
lab, vm = scenarios.many_checkpoints(50)
print(vm.preview_checkpoint().explain())
"""),
    ("code", "b20-names", r"""
for attempt in (lambda: vm.rename_checkpoint("cp-01", "   "),
                lambda: vm.rename_checkpoint("cp-01", "x" * 101),
                lambda: vm.set_snapshot_file_location(r"D:\Checkpoints")):
    try:
        attempt()
    except HvlabError as error:
        print(text("notebook.refused"), error)
"""),
    ("code", "b20-default-name", r"""
lab, vm = scenarios.fresh_vm(seed=3)
print(vm.checkpoint())                      # no name given: Hyper-V's default name
"""),
    ("md", "lab-intro", r"""
## 6. Try it yourself

The disk chain lab below starts from the branched VM. Try:
1. Click **Edit file** (in the guest), then **Checkpoint**: which disk gets frozen?
2. Select `after-update`, click **Apply...** and answer **Apply**: which disk is discarded?
3. **Start** the VM, **Finish booting**, then **Checkpoint**: where does the new branch start?

**Undo** takes back one step; **Reset** starts over.
"""),
    ("code", "disk-chain-lab", r"""
from hvlab.widgets import DiskChainLab

lab, vm = scenarios.branches_after_apply()
DiskChainLab(lab)
"""),
    ("md", "check-title", r"""
## Knowledge check
"""),
    ("code", "selfcheck", r"""
from hvlab.widgets import SelfCheck

SelfCheck("03")
"""),
    ("md", "summary", r"""
## Summary

- A checkpoint **freezes** the current disk (read-only) and adds an **AVHDX** per virtual disk
  whose parent is the frozen disk; **all writes go to the newest AVHDX**; reads fall through the
  chain to the base VHDX (B17).
- Files: `<disk>_<GUID>.avhdx` beside the parent disk; `.vmcx` (and `.vmrs` with memory) in the
  checkpoint file location (B11).
- Applying a checkpoint gives "Now" a new AVHDX under that checkpoint's disk; checkpoints taken
  from there form a **branch** (B16, assumed by hvlab).
- At most 50 checkpoints; names 1–100 characters; the location changes only without checkpoints (B20).

**Next:** [04 · Applying checkpoints](04-applying-checkpoints.ipynb).
"""),
]
