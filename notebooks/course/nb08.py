"""Cells of notebook 08 · Review: mixed scenarios and the challenges."""

CELLS = [
    ("md", "title", r"""
# 08 · Review: mixed scenarios and challenges

| | |
|---|---|
| **Objectives** | Put notebooks 01–07 together: predict the outcome of mixed scenarios before running them, then reach goal states in the challenges. |
| **Prerequisites** | Notebooks 01–07 (each scenario names the notebook to revisit). |
| **Time** | About 55 minutes: 30 for the scenarios and the self-check, 25 for the six challenges (a good place for a break between them). |
| **Points** | all of A1–A11 |
"""),
    ("md", "how", r"""
## 1. Predict, then run

For each scenario write down your prediction — **kind of checkpoint (or error)**, **what it
holds**, **state after Apply** — then run the cell. The first line printed is hvlab's verdict;
the rule ids tell you which notebook to revisit if you were wrong. Under each scenario, choose
the prediction you wrote down: its debrief opens then, with the answer and why.
"""),
    ("code", "setup", r"""
from hvlab import CheckpointType, GuestProfile, HvlabError, IntegrationService, Lab, VMState, text
from hvlab.widgets import ScenarioDebrief

lab = Lab(seed=8)
"""),
    ("md", "s1", r"""
**Scenario 1.** A Linux VM running with `hv_vss_daemon`, default setting, guest booted. (→ 02, 06)
"""),
    ("code", "s1-run", r"""
vm = lab.new_vm("lnx01", GuestProfile.linux(vss_daemon=True))
vm.put_in_state(VMState.RUNNING)
print(vm.preview_checkpoint().explain())
"""),
    ("code", "s1-debrief", r"""
ScenarioDebrief("08-s1")
"""),
    ("md", "s2", r"""
**Scenario 2.** A Windows VM, setting `ProductionOnly`, that was just **Saved** for a host
reboot. (→ 02)
"""),
    ("code", "s2-run", r"""
vm = lab.new_vm("app02", checkpoint_type=CheckpointType.PRODUCTION_ONLY)
vm.put_in_state(VMState.SAVED)
try:
    vm.checkpoint("before-host-reboot")
except HvlabError as error:
    print(error)
"""),
    ("code", "s2-debrief", r"""
ScenarioDebrief("08-s2")
"""),
    ("md", "s3", r"""
**Scenario 3.** A Windows VM, default setting, started **ten seconds ago**; the administrator
takes a checkpoint right away, then applies it later. What state is the VM in after Apply?
(→ 02, 04)
"""),
    ("code", "s3-run", r"""
vm = lab.new_vm("app03")
vm.start()
print(vm.checkpoint("quick"))
print(vm.apply("quick"))
"""),
    ("code", "s3-debrief", r"""
ScenarioDebrief("08-s3")
"""),
    ("md", "s4", r"""
**Scenario 4.** A running Windows VM, default setting, "Backup (volume shadow copy)" **on**, but
the configuration version is **5.0**, on a **Windows Server 2019** host (Windows Server 2022 cannot
run a 5.0 VM at all, B26). (→ 02)
"""),
    ("code", "s4-run", r"""
from hvlab import HostKind

legacy_lab = Lab(seed=8, host=HostKind.WINDOWS_SERVER_2019)  # Windows Server 2022 cannot run 5.0 (B26)
vm = legacy_lab.new_vm("legacy04", version="5.0")
print(legacy_lab.describe_host())
vm.put_in_state(VMState.RUNNING)
print(vm.preview_checkpoint().reason)
"""),
    ("code", "s4-debrief", r"""
ScenarioDebrief("08-s4")
"""),
    ("md", "s5", r"""
**Scenario 5.** A VM that is **Off**, setting `Standard`. A production checkpoint would have held
…what, exactly, that this one does not? (→ 01)
"""),
    ("code", "s5-run", r"""
vm = lab.new_vm("off05", checkpoint_type=CheckpointType.STANDARD)
print(vm.preview_checkpoint().explain())
"""),
    ("code", "s5-debrief", r"""
ScenarioDebrief("08-s5")
"""),
    ("md", "s6", r"""
**Scenario 6.** The branched VM of notebook 03. You delete `before-update`, which has two
children. How many disk files are left? Does Now lose anything? (→ 05)
"""),
    ("code", "s6-run", r"""
from hvlab import scenarios

lab6, vm = scenarios.branches_after_apply()
files_before, disks_before = vm.files(), len(vm.disk_chains[0])
print(vm.delete_checkpoint("before-update"))
print(text("notebook.disk_files_now", before=disks_before, after=len(vm.disk_chains[0]), same=vm.files() == files_before))
"""),
    ("code", "s6-debrief", r"""
ScenarioDebrief("08-s6")
"""),
    ("md", "s7", r"""
**Scenario 7.** A Windows Server 2008 R2 domain controller. Someone applied last week's
production checkpoint; the VM is Off and has not been started. What should happen next? (→ 07)
"""),
    ("code", "s7-run", r"""
dc = lab.new_vm("dc08", GuestProfile.old_domain_controller())
dc.put_in_state(VMState.RUNNING)
dc.checkpoint("last-week")
dc.change_directory("many changes since")
print(dc.apply("last-week"))
"""),
    ("code", "s7-debrief", r"""
ScenarioDebrief("08-s7")
"""),
    ("md", "answers-note", r"""
Each scenario's answer and its reasoning open under it once you have chosen your prediction (a
trainer gives the room the same answers).

### Where each ruling comes from

hvlab follows written rulings, each with its sources, in hvlab's reference
([docs/reference.md](../docs/reference.md)). A ruling, or a part of one, is **documented**
(Microsoft's documentation says it), **observed** (a third party published what a real host did —
a book, a blog, a forum post, pasted PowerShell or event-log output — or the source article saw
it), or **assumed** (no source says it: Microsoft does not document this; hvlab assumes it, and
tells you so where it matters). The rulings you met that are not documented throughout:

| Ruling | Documented by Microsoft | Observed by a third party | hvlab assumes |
|---|---|---|---|
| B2 | `Disabled` blocks every checkpoint | the four error lines (published PowerShell output) | — |
| B3 | "Running" only means resources are allocated; the heartbeat says the guest has booted | no production checkpoint while the guest boots (the article) | — |
| B4 | with "Backup (volume shadow copy)" off, no VSS backup while running | a standard checkpoint is made instead (the article) | — |
| B7 | `Production` falls back, `ProductionOnly` fails | no production checkpoint of a Saved VM (the article); the `ProductionOnly` error lines (published event-log output) | a **Paused** VM cannot take a production checkpoint either |
| B8 | — | an Off VM's checkpoint holds no memory (Savill's book) | `ProductionOnly` succeeds on an **Off** VM, and the checkpoint is labelled production |
| B9 | every checkpoint has a `.vmcx` and a `.vmrs`; a production one saves no memory | no console thumbnail (the article) | — |
| B10 | memory and device state are saved | an Off VM's standard checkpoint holds no memory (Savill's book) | — |
| B11 | the `.vmcx`, `.vmrs` and `.avhdx` files and where they go | the `<disk>_<GUID>.avhdx` naming and the older layout (Altaro, Savill) | — |
| B12 | SQL Server's writer errors for Hyper-V Replica on Windows Server 2008/2003 guests (team blog) | — | production checkpoints, and newer guests, log the same errors |
| B14 | the VM comes back in the exact state it was in | — | the state labels after Apply: **Saved** for a checkpoint with memory |
| B16 | — | — | Apply gives the VM a new AVHDX under the applied checkpoint's disk and discards the old Now disk |
| B17 | checkpoints are `.avhdx` differencing disks beside the `.vhdx` | the freeze-and-chain mechanics (Savill's book) | — |
| B18 | deleting merges the checkpoint's `.avhdx`, which is then deleted | which disk is deleted, merged into its child or kept as a shared parent, and live merges (Savill's book) | a disk kept only as a shared parent is merged as soon as one child is left |
| B21 | when automatic checkpoints are taken and removed, and their defaults | — | with checkpoints `Disabled`, Start goes ahead with no automatic checkpoint; the automatic checkpoint is taken just before the VM starts and is kept if the VM is turned off instead of shut down |
| B25 | `SnapshotType` has no "Production" value | — | nothing else in Hyper-V shows the kind |
| B27 | Export-VMSnapshot exports one checkpoint with its storage and runtime state, its differencing disks merged into a new VHD | — | the export's folder and layout, an empty Snapshots folder, the configuration's own ID, and a refused export into a folder that already holds it |
| B28 | the three import types, `-Copy` and `-GenerateNewId`; a host imports only configuration versions it supports | — | an import whose name is taken is named `<name> (2)`; a copy whose disk file exists is refused; an imported checkpoint that held memory comes back Saved |
| B29 | differencing disks need room on their volume; a full volume may pause running VMs (Paused-Critical); merges need free space (Best Practices Analyzer, the troubleshooting article) | — | one volume per lab; only the VM whose write does not fit pauses, and the write is dropped; a resume on a still-full volume pauses again; a merge needs as much free space as the data it moves |
| B30 | checkpoints do not support pass-through disks, shared VHDX or virtual Fibre Channel; a VHD Set can be included in application-consistent checkpoints | — | the refusal's words; a VHD Set in standard checkpoints too; a physical disk passed through to one VM only; a VM whose checkpoint would be refused starts without its automatic checkpoint |
| B31 | Hyper-V Manager cannot expand a disk that has differencing disks; Resize-VHD shrinks only to the minimum size | — | Resize-VHD refusing it too, and the refusal's words; the minimum size is the data on the disk, rounded up to a whole GB |
| B32 | a backup's checkpoint is a Recovery checkpoint, merged when the backup completes and left by a failed one; Hyper-V Manager's menu offers no Delete for it, `Remove-VMSnapshot` deletes it | — | how the lab's backup fails (its checkpoint kept, or only its disk) and the checkpoint's name |
| B33 | orphaned differencing files are not shown in Hyper-V Manager and are found with `Get-VHD`; `Merge-VHD` runs offline, child into parent, then the VM is pointed at the merged file | — | an edited disk path leaving files no checkpoint lists; refusing a merge that would leave a disk without its parent or a checkpoint without its data |
| B34 | the Hyper-V VSS writer backs a VM up through the guest's own VSS only when the guest's backup service runs and the VM is Running, else from a saved state | — | the same two methods for the lab's backup, which takes a Recovery checkpoint by either |

Every other ruling is documented by Microsoft throughout: B1, B5, B6, B13, B15, B19, B20, B22,
B23, B24, B26. Real Hyper-V may differ on what hvlab assumes, and an observation may hold only
for the host and version it was made on.

## 2. Challenges

Each challenge gives you a lab and a goal state; it checks automatically and offers hints.
"""),
    ("code", "challenge-list", r"""
from hvlab.widgets import Challenge, challenges

print(challenges())
"""),
    ("md", "c1", r"""
**Challenge 1** — production checkpoint of a running Linux VM (→ 02, 06).
"""),
    ("code", "challenge-1", r"""
Challenge("production-linux")
"""),
    ("md", "c2", r"""
**Challenge 2** — keep only what descends from `before-update` (→ 03, 05).
"""),
    ("code", "challenge-2", r"""
Challenge("only-before-update")
"""),
    ("md", "c3", r"""
**Challenge 3** — a checkpoint that brings Notepad back (→ 01, 04).
"""),
    ("code", "challenge-3", r"""
Challenge("keep-notepad")
"""),
    ("md", "c4", r"""
**Challenge 4** — get a deleted report back (→ 04).
"""),
    ("code", "challenge-4", r"""
Challenge("report-back")
"""),
    ("md", "c5", r"""
**Challenge 5** — delete a checkpoint without losing anything (→ 05).
"""),
    ("code", "challenge-5", r"""
Challenge("merge-middle")
"""),
    ("md", "c6", r"""
**Challenge 6** — roll back an old domain controller safely (→ 07).
"""),
    ("code", "challenge-6", r"""
Challenge("old-dc-dsrm")
"""),
    ("md", "check-title", r"""
## 3. Knowledge check and your answers
"""),
    ("code", "selfcheck", r"""
from hvlab.widgets import SelfCheck

SelfCheck("08")
"""),
    ("md", "export-intro", r"""
Every self-check answer you gave, in any notebook, is kept in your progress record — your first
prediction apart from later changes of mind. Type your name and save it (it is kept for next
time), then write the answers as a JSON file for your trainer (`my-answers.json`, next to this
notebook). Nothing is written until you press the button, and not while you have answered nothing.
"""),
    ("code", "export", r"""
from hvlab.widgets import AnswerExport

AnswerExport("my-answers.json")
"""),
    ("md", "summary", r"""
## Course summary

- **Two kinds** of checkpoint: standard (with memory) and production (guest backup technology,
  no memory); new VMs use `Production` with fallback (A1, A2, B1).
- A production checkpoint needs a **running, booted** guest, "Backup (volume shadow copy)" on and
  the guest's requester; otherwise `Production` falls back and `ProductionOnly` fails (A5, A8, B3–B7).
- **Off** VM: both kinds hold the same (A4). **Apply**: production → Off and a cold boot (A3);
  standard → resumes (B14).
- **Disk chain**: each checkpoint freezes a disk and adds an AVHDX; delete merges (B17, B18).
- **Consistency**: Windows application-consistent, Linux file-system-consistent; SQL Server's
  writer may log errors in the guest (benign for Hyper-V Replica on older guests, Microsoft's
  blog; assumed by hvlab for checkpoints, B12); backup, Replica and Site Recovery use the same
  guest VSS (A6, A7, A9).
- **Domain controllers**: 2012+ protect themselves; 2008 R2 and earlier must be restored as a
  physical DC is, production checkpoint or not: a system state backup restored in DSRM is the
  supported way, the old-VHD DSRM procedure an unsupported last resort (A10, A11, B23).

**Next:** [09 · Checkpoints at work](09-checkpoints-at-work.ipynb): export and import, hosts and
versions, and three incidents an administrator meets at work.
"""),
]
