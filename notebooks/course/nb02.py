"""Cells of notebook 02 · When production falls back (A5, A8, B1–B8)."""

CELLS = [
    ("md", "title", r"""
# 02 · When production falls back

| | |
|---|---|
| **Objectives** | After this notebook you can: list the conditions a production checkpoint needs (A5, B3–B6); predict what `Production`, `ProductionOnly`, `Standard` and `Disabled` do when one fails (B1, B2, B7); recognise Hyper-V's messages; explain why a VM shown as Running can still fall back (A8). |
| **Prerequisites** | 01 (the two kinds), or: a production checkpoint has no memory, a standard one has. |
| **Time** | About 35 minutes. |
| **Points** | A5, A8 · rulings B1–B8 |
"""),
    ("md", "a5-intro", r"""
## 1. A production checkpoint needs the guest (A5)

For a running VM, a production checkpoint uses the guest's **Volume Shadow Copy Service (VSS)**
(A5); a Linux guest freezes its file systems instead. So the guest must be able to answer. hvlab
checks these conditions, all of them, and shows each one that fails (B3–B7):

| Rule | Condition |
|---|---|
| B7 | The VM is not **Saved** or **Paused**: the guest is not executing. |
| B3 | The VM is **Running and the guest has finished booting** (heartbeat up). |
| B4 | The **"Backup (volume shadow copy)"** integration service (PowerShell name `VSS`) is enabled on the host. |
| B5 | The guest's requester runs: `vmicvss` in Windows (with integration services), `hv_vss_daemon` in Linux (package hyperv-daemons). |
| B6 | The VM's configuration version is 6.2 or later. |

When one fails, the setting decides (B1, B7): `Production` creates a **standard** checkpoint
instead; `ProductionOnly` **fails and creates nothing**.
"""),
    ("code", "setup", r"""
from hvlab import CheckpointType, GuestProfile, HvlabError, IntegrationService, Lab, VMState, text

lab = Lab(seed=2)
vm = lab.new_vm("app01")          # Windows Server 2022, setting Production (the default)
print(vm.start())
"""),
    ("md", "a8-booting-predict", r"""
## 2. "Running" is not enough (A8, B3)

> **Predict.** The VM has just been started. Hyper-V Manager shows it as **Running**. You take a
> checkpoint now. Production or standard?
"""),
    ("code", "a8-booting", r"""
print(text("notebook.booting", hyperv_state=vm.state.hyperv_display, state=vm.state.label))
print(vm.preview_checkpoint().explain())
"""),
    ("md", "a8-booting-explain", r"""
### Explain

Hyper-V's "Running" only means the VM's resources are allocated, not that the operating system
has booted (B3, IS-REF). While the guest is still booting, its VSS requester is not up,
so a production checkpoint cannot be made and `Production` falls back to standard (A8, B3).
Once the guest has booted, the same request succeeds:
"""),
    ("code", "a8-booted", r"""
print(vm.complete_boot())
print(vm.preview_checkpoint().reason)
"""),
    ("md", "a8-backup-is-predict", r"""
## 3. One condition at a time

Each cell below changes **one** thing, prints the preview, then undoes the change.

> **Predict.** The host's "Backup (volume shadow copy)" integration service is turned off.
"""),
    ("code", "a8-backup-is", r"""
print(vm.set_integration_service(IntegrationService.BACKUP, False))
print(vm.preview_checkpoint().explain())
lab.undo()
"""),
    ("md", "a8-backup-is-explain", r"""
Turning off "Backup (volume shadow copy)" has the same effect as a booting guest: a standard
checkpoint is created instead (A8, B4). PowerShell: `Disable-VMIntegrationService -VMName app01 -Name VSS`.

> **Predict.** The VM is **Saved**. Then: the VM is **Paused**.
"""),
    ("code", "a8-saved", r"""
print(vm.save())
print(vm.preview_checkpoint().reason)
lab.undo()
"""),
    ("code", "b7-paused", r"""
print(vm.pause())
print(vm.preview_checkpoint().explain())
lab.undo()
"""),
    ("md", "b7-explain", r"""
A **Saved** VM cannot take a production checkpoint (A8, B7): its guest is not executing, so it
cannot run VSS. The checkpoint that falls back carries the saved state. For a **Paused** VM
Microsoft does not document this; hvlab assumes that a Paused VM cannot take a production
checkpoint, like a Saved one (the guest is not executing) (B7).

> **Predict.** A Linux guest **without** `hv_vss_daemon` running.
"""),
    ("code", "b5-linux", r"""
print(vm.set_guest(GuestProfile.linux(vss_daemon=False)))
print(vm.preview_checkpoint().reason)
lab.undo()
"""),
    ("md", "b5-explain", r"""
A Linux guest answers a production checkpoint through `hv_vss_daemon` (package hyperv-daemons);
without it nothing in the guest can freeze the file systems, so `Production` falls back (B5).
The same happens in Windows when `vmicvss` (Hyper-V Volume Shadow Copy Requestor) is stopped or
the guest has no integration services.

> **Predict.** An old VM with configuration version 5.0 (a Windows Server 2012 R2-compatible VM).
"""),
    ("code", "b6-version", r"""
from hvlab import HostKind

old_lab = Lab(seed=2, host=HostKind.WINDOWS_SERVER_2019)  # a host that still runs version 5.0
old_vm = old_lab.new_vm("legacy01", version="5.0")
print(old_lab.describe_host())
old_vm.put_in_state(VMState.RUNNING)
print(old_vm.preview_checkpoint().reason)
"""),
    ("md", "b6-explain", r"""
Production checkpoints need configuration version 6.2 or later (B6, VMVER).

Whether a host can run a version at all depends on its Windows version (B26, VMVER): Windows
Server 2022 runs 8.0 to 10.0 and cannot start a 5.0 VM, so this VM lives on a **Windows Server
2019** host, which still runs 5.0. A version only goes up (`Update-VMVersion`, VM off), never down.

Every combination of setting, state, service and guest is one command away:
`python -m hvlab table --format markdown`.
"""),
    ("md", "b1-production-only-predict", r"""
## 4. `ProductionOnly`: no fallback (B1, B7)

> **Predict.** Same Saved VM, but the setting is `ProductionOnly`. What do you get — a standard
> checkpoint, an error, or nothing at all?
"""),
    ("code", "b7-production-only", r"""
print(vm.set_checkpoint_type(CheckpointType.PRODUCTION_ONLY))
print(vm.save())
try:
    vm.checkpoint("must-be-production")
except HvlabError as error:
    print(error)
print(text("notebook.checkpoint_count", vm=vm.name, count=len(vm.checkpoints)))
"""),
    ("md", "b7-production-only-explain", r"""
### Explain

`ProductionOnly` means "Create production checkpoints if supported by guest operating system.
Otherwise, the operation fails." (SETVM). The first two lines above are what a real host logged
in this case **as a third party published it** — observed, not Microsoft's documentation: event-log
text pasted in a forum thread (https://forum.acronis.com/forum/acronis-cyber-protect-16-forum/activity-succeeded-warnings-production-checkpoints-cannot-be-created). No Microsoft page shows these messages; hvlab shows
the observed wording (B7):

    Production checkpoints cannot be created for '<VM>'. (Virtual machine ID <GUID>)
    Checkpoint operation for '<VM>' failed. (Virtual machine ID <GUID>)

Nothing is created and nothing changes.

And an **Off** VM under `ProductionOnly`? There is nothing to quiesce, so the checkpoint succeeds
(B8). Microsoft does not document this; hvlab assumes that ProductionOnly succeeds on an Off VM
(nothing to quiesce), labelled production.
"""),
    ("code", "b8-production-only-off", r"""
print(vm.delete_saved_state())
print(vm.preview_checkpoint().explain())
"""),
    ("md", "b2-disabled-predict", r"""
## 5. `Disabled` (B2)

> **Predict.** Checkpoints are disabled ("Enable checkpoints" cleared). What does `Checkpoint-VM` say?
"""),
    ("code", "b2-disabled", r"""
print(vm.set_checkpoint_type(CheckpointType.DISABLED))
try:
    vm.checkpoint()
except HvlabError as error:
    print(error)
"""),
    ("md", "b2-explain", r"""
Hyper-V refuses every checkpoint; the setting applies to PowerShell's `Checkpoint-VM` as well
(ATMARKIT-2015). PowerShell reports (B2) — observed: this is PowerShell output a third party
published (https://github.com/hashicorp/vagrant/issues/9977), not text from Microsoft's documentation:

    Checkpoint operation failed.
    Checkpoints have been disabled.
    Checkpoint operation for '<VM>' failed. (Virtual machine ID <GUID>)
    Checkpoints have been disabled for '<VM>'. (Virtual machine ID <GUID>).
"""),
    ("md", "explorer-intro", r"""
## 6. Try it yourself

Find, in the explorer, **two different ways** to make `Production` fall back, and one way to
make `ProductionOnly` fail while the VM is Running. The checklist shows the failing rule; the
decision path shows where the request left the production road.
"""),
    ("code", "explorer", r"""
from hvlab.widgets import CheckpointTypeExplorer

CheckpointTypeExplorer()
"""),
    ("code", "decision-path", r"""
%matplotlib inline
from hvlab.diagrams import draw_decision_path

print(vm.set_checkpoint_type(CheckpointType.PRODUCTION))
print(vm.start())
vm.save()
draw_decision_path(vm)          # why the Saved VM's checkpoint falls back
"""),
    ("md", "check-title", r"""
## Knowledge check
"""),
    ("code", "selfcheck", r"""
from hvlab.widgets import SelfCheck

SelfCheck("02")
"""),
    ("md", "summary", r"""
## Summary

- A production checkpoint of a running VM needs the guest: VM Running **and booted** (B3),
  "Backup (volume shadow copy)" on (B4), `vmicvss` / `hv_vss_daemon` running (B5), configuration
  version ≥ 6.2 (B6), not Saved or Paused (B7) (A5, A8).
- `Production` falls back to standard; `ProductionOnly` fails with
  `Production checkpoints cannot be created for '<VM>'…` (observed wording) and creates nothing;
  `Disabled` refuses every checkpoint (B1, B2, B7).
- An Off VM can be checkpointed under `Production` and `Standard` (B8), but not when checkpoints
  are `Disabled` (B2) or the VM already has 50 checkpoints (B20). That `ProductionOnly` succeeds
  on an Off VM is hvlab's assumption (B8).
- Hyper-V does not show afterwards that a checkpoint fell back (B25; notebook 01 shows what it does show).

**Next:** [03 · Inside the disk chain](03-inside-the-disk-chain.ipynb).
"""),
]
