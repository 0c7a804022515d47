"""Cells of notebook 04 · Applying checkpoints (A3, B13–B15)."""

CELLS = [
    ("md", "title", r"""
# 04 · Applying checkpoints

| | |
|---|---|
| **Objectives** | After this notebook you can: predict the VM's state after applying a production checkpoint (Off, A3, B13) and a standard one (Saved, B14); say what the next Start does in each case; choose between "Create Checkpoint and Apply" and "Apply" (B15); describe what Apply does to the disk chain (B16); say when Start takes an automatic checkpoint and when it goes away (B21). |
| **Prerequisites** | None. Notebooks 01 (what each kind holds) and 03 (the disk chain) help. |
| **Time** | About 30 minutes. |
| **Points** | A3 · rulings B13–B16, B21 |
"""),
    ("md", "b15-dialog", r"""
## 1. The Apply dialog (B15)

In Hyper-V Manager, right-click a checkpoint → **Apply...**. The dialog (SHOT-APPLY):

> **Apply Checkpoint**
>
> Are you sure you want to apply the selected checkpoint?<br>
> The virtual machine's current state will be lost.
>
> `Create Checkpoint and Apply` &nbsp; `Apply` &nbsp; `Cancel`

- **Create Checkpoint and Apply**: "Creates a new checkpoint of the virtual machine before it
  applies the earlier checkpoint."
- **Apply**: "Applies only the checkpoint that you have chosen. You cannot undo this action." (USING)

PowerShell: `Restore-VMCheckpoint -Name <checkpoint name> -VMName <VMName> -Confirm:$false`.
"""),
    ("md", "a3-setup", r"""
## 2. Applying a production checkpoint (A3, B13)

A running Windows VM with Notepad open and a document saved. We take a **production**
checkpoint (the default setting), then keep working.
"""),
    ("code", "setup", r"""
from hvlab import CheckpointType, Lab, VMState, text

lab = Lab(seed=4)
vm = lab.new_vm("web01")
vm.put_in_state(VMState.RUNNING)
print(vm.open_app("Notepad"))
print(vm.write_file(r"C:\Users\Student\Documents\plan.txt", "draft 1"))
print(vm.checkpoint("production"))
print(vm.write_file(r"C:\Users\Student\Documents\later.txt", "written after the checkpoint"))
"""),
    ("md", "a3-predict", r"""
> **Predict.** You apply the checkpoint `production` (plain "Apply").
> 1. What state is the VM in right after Apply?
> 2. When you start it, is Notepad open? Is `plan.txt` there? `later.txt`?
"""),
    ("code", "a3-apply", r"""
print(vm.apply("production"))
print(text("notebook.state_after_apply", state=vm.state.hyperv_display))
"""),
    ("code", "a3-cold-boot", r"""
print(vm.start())
print(vm.complete_boot())
print(text("notebook.open_apps", apps=text("list.separator").join(vm.open_apps) or text("widget.lab.none")))
print("plan.txt: ", vm.read_file(r"C:\Users\Student\Documents\plan.txt"))
print("later.txt:", vm.read_file(r"C:\Users\Student\Documents\later.txt"))
"""),
    ("md", "a3-explain", r"""
### Explain

A production checkpoint holds no running state, so applying it can never restore one: the VM
is **Off**, and the next Start is a **normal (cold) boot** from the consistent disk (A3, B13).
Microsoft's walkthrough: "Once the production checkpoint has been applied, noticed that the
virtual machine is in an off state." The files are there; Notepad is not (USING). Virtual Machine
Connection then shows `The virtual machine '<name>' is turned off`.

`later.txt` is gone: it was written after the checkpoint, and "Apply" discarded the current state.
"""),
    ("md", "b14-setup", r"""
## 3. Applying a standard checkpoint (B14)

Same VM, Notepad open again, but this time a **standard** checkpoint.

> **Predict.** State after Apply? Is Notepad open after Start?
"""),
    ("code", "b14-standard", r"""
print(vm.open_app("Notepad"))
print(vm.set_checkpoint_type(CheckpointType.STANDARD))
print(vm.checkpoint("standard"))
print(vm.close_app("Notepad"))
print(vm.apply("standard"))
print(text("notebook.state_after_apply", state=vm.state.hyperv_display))
"""),
    ("code", "b14-resume", r"""
print(vm.start())
print(text("notebook.open_apps", apps=text("list.separator").join(vm.open_apps) or text("widget.lab.none")))
"""),
    ("md", "b14-explain", r"""
### Explain

A standard checkpoint of a running VM holds memory and device state, so Apply restores the exact
running state: Start **resumes** where it was, with Notepad open — "the system is in the exact
state that it was when the checkpoint was created" (USING, B14). Microsoft does not document
this; hvlab assumes that a VM whose standard checkpoint held memory is left **Saved** after Apply,
so Start resumes it where it was (B14). The same label is assumed for standard checkpoints taken
while Saved or Paused.

A standard checkpoint of an **Off** VM holds no memory, so after Apply the VM is **Off** (B14).

| Checkpoint applied | VM after Apply | Next Start |
|---|---|---|
| Production | Off | cold boot from the consistent disk (A3, B13) |
| Standard, taken while Running | Saved *(assumed label)* | resumes, applications open (B14) |
| Standard, taken while Off | Off | cold boot (B14) |
"""),
    ("md", "b15-predict", r"""
## 4. "Apply" or "Create Checkpoint and Apply"? (B15, B16)

The guest writes an important file. Then someone applies `production`.

> **Predict.** With plain **Apply**, can you get the file back? With **Create Checkpoint and Apply**?
"""),
    ("code", "b15-apply", r"""
print(vm.write_file(r"C:\Data\important.xlsx", "Q3 figures"))
result = vm.apply("production")
print(result)
print(text("notebook.discarded", count=len(result.discarded_disks), file="important.xlsx", content=vm.read_file(r"C:\Data\important.xlsx")))
"""),
    ("code", "b15-create-and-apply", r"""
lab.undo()                                         # hvlab can undo; Hyper-V's plain Apply cannot
result = vm.apply("production", create_checkpoint=True)
print(result)
kept = vm.checkpoints[result.checkpoint_id]
print(text("notebook.kept_as", name=kept.name, file="important.xlsx", content=vm.checkpoint_files(kept).get(r"C:\Data\important.xlsx")))
"""),
    ("md", "b15-explain", r"""
### Explain

Plain **Apply** throws the current state away: the disk "Now" was writing is discarded and
Hyper-V offers no way back ("You cannot undo this action.", B15). **Create Checkpoint and Apply**
first takes a checkpoint of the current state — here a standard one, because the setting is now
`Standard` — so you can apply it later to return.

On the disk chain, Apply gives the VM a new AVHDX whose parent is the applied checkpoint's disk
(B16). Microsoft does not document this; hvlab assumes that Apply gives the VM a new AVHDX whose
parent is the applied checkpoint's disk, and discards the old Now disk.
"""),
    ("code", "b16-before-after", r"""
%matplotlib inline
from hvlab.diagrams import draw_before_after

draw_before_after(vm)          # the disk chain before and after the last operation
"""),
    ("md", "b21-predict", r"""
## 5. Automatic checkpoints: a way back to the last Start (B21)

On Windows 10 (version 1709 and later) a new VM has **"Use automatic checkpoints"** on
(Settings → Checkpoints); "The option is off by default on Windows Server" (BLOG-REVERT,
BLOG-1709). This lab's host runs Windows Server 2022, so we switch it on ourselves:
`vm.set_automatic_checkpoints(True)`, in PowerShell `Set-VM -AutomaticCheckpointsEnabled $true` (SETVM).

> **Predict.** A new VM has no checkpoints. You Start it, let the guest boot, then Shut Down the
> guest cleanly. How many checkpoints does the VM have after the Start, and after the Shut Down?
"""),
    ("code", "b21-run", r"""
dev = lab.new_vm("dev04")
print(dev.set_automatic_checkpoints(True))
print(dev.start())
print(text("notebook.checkpoints_after", operation=text("action.start"), count=len(dev.checkpoints)))
print(dev.complete_boot())
print(dev.shut_down())
print(text("notebook.checkpoints_after", operation=text("action.shut_down"), count=len(dev.checkpoints)))
"""),
    ("md", "b21-explain", r"""
### Explain

One after Start, none after the clean Shut Down. Microsoft's team blog: "when you start a virtual
machine that doesn't have any checkpoints, we create one for you so that you can easily roll back
to it if something goes wrong, then we clean it up once the virtual machine shuts down cleanly";
and "the checkpoint will only be taken automatically when the VM starts if it doesn't have other
existing checkpoints" (BLOG-REVERT). While the VM runs, applying that checkpoint (Virtual Machine
Connection's **Revert** button) takes it back to how it was when it last started. A VM that
already has a checkpoint gets no automatic one (B21).

hvlab assumes the rest (B21): the automatic checkpoint is taken just before the VM starts, so it
holds no memory, and it is kept if the VM is turned off instead of shut down.
"""),
    ("md", "comparison-intro", r"""
## 6. The Microsoft demo, side by side

The same running VM with an open application; one standard and one production checkpoint.
Apply each and compare: **Saved and resumes** versus **Off and cold-boots** (A3, B13, B14).
"""),
    ("code", "apply-comparison", r"""
from hvlab.widgets import ApplyComparison

ApplyComparison()
"""),
    ("md", "check-title", r"""
## Knowledge check
"""),
    ("code", "selfcheck", r"""
from hvlab.widgets import SelfCheck

SelfCheck("04")
"""),
    ("md", "summary", r"""
## Summary

- Applying a **production** checkpoint leaves the VM **Off**; Start is a cold boot: files yes,
  open applications no (A3, B13).
- Applying a **standard** checkpoint of a running VM restores the running state: the VM is
  **Saved** (label assumed by hvlab) and Start resumes with the applications open (B14).
- **Apply** loses the current state for good; **Create Checkpoint and Apply** keeps it as a new
  checkpoint first (B15).
- On disk, "Now" gets a new AVHDX under the applied checkpoint's disk (B16, assumed by hvlab).
- With **automatic checkpoints** on, Start checkpoints a VM that has none, and a clean Shut Down
  removes that checkpoint again (B21).

**Next:** [05 · Deleting checkpoints and merges](05-deleting-and-merging.ipynb).
"""),
]
