"""Cells of notebook 01 · Standard vs production checkpoints (A1, A2, A4)."""

CELLS = [
    ("md", "title", r"""
# 01 · Standard vs production checkpoints

| | |
|---|---|
| **Objectives** | After this notebook you can: name the two kinds of checkpoint and the default setting of a new VM (A1); say what each kind holds and why a production checkpoint has no console thumbnail (A2); explain why, for a VM that is off, both kinds save the same content (A4). |
| **Prerequisites** | None (00 shows how the labs work). |
| **Time** | About 25 minutes. |
| **Points** | A1, A2, A4 · rulings B1, B8–B11, B25 |
"""),
    ("md", "a1-two-kinds", r"""
## 1. Two kinds of checkpoint (A1)

Windows Server Technical Preview (later Windows Server 2016) added **production checkpoints**.
The earlier kind stays, now called **standard checkpoints** (A1). Microsoft describes them so (USING):

- *Standard*: "takes a snapshot of the virtual machine and virtual machine memory state at the
  time the checkpoint is initiated. A snapshot is not a full backup".
- *Production*: "uses Volume Shadow Copy Service or File System Freeze on a Linux virtual
  machine to create a data-consistent backup of the virtual machine. No snapshot of the virtual
  machine memory state is taken."

> **Predict.** You create a new VM and never touch its settings. Which checkpoint setting does it have?
"""),
    ("code", "a1-default", r"""
from hvlab import CheckpointType, Lab, VMState, text

lab = Lab(seed=1)
vm = lab.new_vm("web01")
print(text("notebook.new_vm_setting", setting=vm.checkpoint_type.label))
"""),
    ("md", "b1-settings", r"""
New VMs try to create production checkpoints (A1): the default setting is `Production`, which
falls back to a standard checkpoint when a production one is impossible (B1).
The setting has four values (B1); Hyper-V Manager shows them under *Settings → Checkpoints*:

| `Set-VM -CheckpointType` | Hyper-V Manager |
|---|---|
| `Disabled` | "Enable checkpoints" cleared |
| `Production` (default) | "Production checkpoints", with "Create standard checkpoints if it's not possible to create a production checkpoint." ticked |
| `ProductionOnly` | "Production checkpoints", with that box cleared |
| `Standard` | "Standard checkpoints" |

A trap in the wording: Hyper-V Manager describes *Standard checkpoints* as "Create
application-consistent checkpoints that capture the current state of applications." Read it as
"captures the applications' running (memory) state" — every Microsoft document calls
*production* checkpoints the data-consistent ones (B1).
"""),
    ("md", "a2-setup", r"""
## 2. What each kind holds (A2)

Start the VM, open Notepad and save a document in the guest.
"""),
    ("code", "a2-running", r"""
vm.put_in_state(VMState.RUNNING)
print(vm.open_app("Notepad"))
print(vm.write_file(r"C:\Users\Student\Documents\plan.txt", "draft 1"))
"""),
    ("md", "a2-predict", r"""
> **Predict.** You take a checkpoint with the default setting (`Production`).
> Will the checkpoint contain Notepad, open on the screen? Will Hyper-V Manager show a small
> picture of the VM's screen (the console thumbnail) when you select the checkpoint?
"""),
    ("code", "a2-production", r"""
print(vm.checkpoint("production-1"))
"""),
    ("code", "a2-standard", r"""
print(vm.set_checkpoint_type(CheckpointType.STANDARD))
print(vm.checkpoint("standard-1"))
"""),
    ("code", "a2-compare", r"""
for cp in vm.checkpoints.values():
    extensions = [f.rsplit(".", 1)[1] for f in cp.files]
    print(text("notebook.checkpoint_row", name=cp.name, kind=cp.kind.label, memory=cp.holds_memory,
               thumbnail=cp.has_thumbnail, files=extensions))
"""),
    ("md", "a2-explain", r"""
### Explain

- The **production** checkpoint asked the guest's backup technology (VSS in Windows) to make the
  disks consistent, then kept the disks (a new AVHDX per virtual disk), the configuration
  (`.vmcx`) and a runtime-state file (`.vmrs`) that holds **no memory**. No memory, no device
  state — so Notepad is not in it and there is **no console thumbnail** (A2, B9).
- The **standard** checkpoint has the same files, and its `.vmrs` also holds the memory and
  device state (B10, B11): Notepad is in it, and Hyper-V Manager shows its thumbnail.

Every checkpoint has a `.vmrs`: "Each checkpoint creates a configuration file and runtime state
file." (Microsoft, https://learn.microsoft.com/windows-server/virtualization/hyper-v/deploy/upgrade-virtual-machine-version-in-hyper-v-on-windows-or-windows-server). What differs is what the runtime-state file holds.

The missing thumbnail is the visible difference the article points out (A2).
"""),
    ("code", "a2-tree", r"""
%matplotlib inline
from hvlab.diagrams import draw_checkpoint_tree

draw_checkpoint_tree(vm)
"""),
    ("md", "b25-what-hyperv-shows", r"""
### What real Hyper-V shows afterwards (B25)

hvlab knows which kind each checkpoint became. Real Hyper-V does not tell you:
`Get-VMSnapshot`'s `SnapshotType` has no "Production" value. What you can see are the effects of
**no memory state**: no thumbnail (A2), and the VM is Off after you apply it (A3, notebook 04).
They do not prove "production": a standard checkpoint of an Off VM holds no memory either, so it
looks exactly the same (A4, B8, B14; section 3 below).
"""),
    ("code", "b25-snapshot-type", r"""
for cp in vm.checkpoints.values():
    print(text("notebook.snapshot_type_row", name=cp.name, kind=cp.kind.label, snapshot_type=cp.powershell_snapshot_type))
"""),
    ("md", "a4-predict", r"""
## 3. A VM that is off (A4)

> **Predict.** Two VMs are **Off**: one set to `Production`, one to `Standard`. Do their
> checkpoints hold different things?
"""),
    ("code", "a4-off", r"""
off_lab = Lab(seed=2)
for setting in (CheckpointType.PRODUCTION, CheckpointType.STANDARD):
    off_vm = off_lab.new_vm(f"off-{setting.value.lower()}", checkpoint_type=setting)
    p = off_vm.preview_checkpoint()
    print(text("notebook.off_row", setting=setting.label, kind=p.kind.label, memory=p.holds_memory,
               consistency=p.consistency.label, state=p.state_after_apply.label))
"""),
    ("code", "a4-explain-print", r"""
print(off_lab.vm("off-production").preview_checkpoint().explain())
"""),
    ("md", "a4-explain", r"""
### Explain

An Off VM has no memory to save and no running guest to ask for consistency, so both settings
capture the same thing: the disks (a new AVHDX per disk) and the configuration (A4, B8). After
Apply the VM is Off either way.

Which *label* does Hyper-V give a checkpoint of an Off VM under `Production`?
Microsoft does not document this; hvlab assumes the configured type, so it calls it a production
checkpoint and tells you the contents are identical (B8).
"""),
    ("md", "explorer-intro", r"""
## 4. Try it yourself

In the explorer, first set the VM state to **Off** and switch between *Production* and *Standard*:
the label changes, the contents do not (A4). Then set **Running** and compare again (A2). The
decision-path diagram shows which rules the checkpoint went through.
"""),
    ("code", "explorer", r"""
from hvlab.widgets import CheckpointTypeExplorer

CheckpointTypeExplorer()
"""),
    ("md", "decision-path-intro", r"""
The same decision path for the running `web01` (its setting is now `Standard`):
"""),
    ("code", "decision-path", r"""
%matplotlib inline
from hvlab.diagrams import draw_decision_path

draw_decision_path(vm)
"""),
    ("md", "check-title", r"""
## Knowledge check
"""),
    ("code", "selfcheck", r"""
from hvlab.widgets import SelfCheck

SelfCheck("01")
"""),
    ("md", "summary", r"""
## Summary

- Two kinds: **standard** (the old snapshot, with memory) and **production** (new, made with the
  guest's backup technology, no memory). New VMs use `Production`: production, falling back to
  standard (A1, B1).
- A production checkpoint of a running VM holds disks, configuration and a `.vmrs` runtime-state
  file without memory: **no console
  thumbnail** (A2, B9). A standard one also holds memory and device state (B10).
- For an **Off** VM both kinds hold the same: disks + configuration (A4, B8).
- Real Hyper-V does not label a checkpoint "production" afterwards; no thumbnail and Off after
  Apply show only that it holds no memory state, as a standard checkpoint of an Off VM does too (B25, A4).

**Next:** [02 · When production falls back](02-when-production-falls-back.ipynb).
"""),
]
