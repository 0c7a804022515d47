"""Cells of notebook 09 · Checkpoints at work (B26, B27, B28, B29–B33)."""

CELLS = [
    ("md", "title", r"""
# 09 · Checkpoints at work

| | |
|---|---|
| **Objectives** | After this notebook you can: export a checkpoint and say what the export holds (B27); import it as a new VM with the right import type (B28); check which configuration versions a host creates, runs and imports, and upgrade a VM one way (B26, B6); clean up after three incidents an administrator meets at work: a failed backup, a full volume, a VM pointed at its base disk (B29–B33). |
| **Prerequisites** | Notebooks 03–05 (the disk chain, Apply, Delete). |
| **Time** | About 25 minutes. |
| **Points** | rulings B6, B26, B27, B28, B29, B32, B33 |
"""),
    ("md", "export-predict", r"""
## 1. Export a checkpoint (B27)

In Hyper-V Manager a checkpoint's menu has **Export...**; in PowerShell it is `Export-VMSnapshot`.

> **Predict.** `web01` has two checkpoints. You export the older one, `before-patch`. Does the
> export folder hold both checkpoints and their AVHDX files? Does `web01` change?
"""),
    ("code", "export-act", r"""
from hvlab import HostKind, HvlabError, Lab, VMState, text

lab = Lab(seed=9)
vm = lab.new_vm("web01")
vm.put_in_state(VMState.RUNNING)
vm.write_file(r"C:\Data\report.txt", "before the patch")
vm.checkpoint("before-patch")
vm.write_file(r"C:\Data\report.txt", "after the patch")
vm.checkpoint("after-patch")
print(vm.export_checkpoint("before-patch", r"D:\Exports"))
print(*lab.exports[0].files, sep="\n")
"""),
    ("md", "export-explain", r"""
### Explain

An exported checkpoint is **a virtual machine of its own**: its configuration (`.vmcx`), its
runtime state (`.vmrs`) and **one new VHDX per virtual disk** into which the differencing disks
were merged (Microsoft's WMI reference: "any VHD differencing disks will be merged into a new
VHD"). It carries no checkpoints, and `web01` and its checkpoints do not change (B27). Where the
folder goes and what it is called is hvlab's assumption (Microsoft documents Export-VM's three
subfolders); a † line says so.
"""),
    ("md", "import-predict", r"""
## 2. Import it as a new VM (B28)

`Import-VM` has three import types: register the files **in place** (the VM keeps the export's
ID), **restore** a copy (`-Copy`, same ID) and **copy with a new ID** (`-Copy -GenerateNewId`).

> **Predict.** You need two test VMs from this one export, on the same host. Which import type
> works twice?
"""),
    ("code", "import-act", r"""
for folder in (r"D:\Test1", r"D:\Test2"):
    result = lab.import_vm(r"D:\Exports\web01", copy=True, generate_new_id=True, vhd_destination_path=folder)
    copy = lab.vm(result.vm_name)
    print(copy.name, copy.id, len(copy.checkpoints), copy.read_file(r"C:\Data\report.txt"))
try:
    lab.import_vm(r"D:\Exports\web01", copy=True, vhd_destination_path=r"D:\Test3")  # same ID, twice
    lab.import_vm(r"D:\Exports\web01", copy=True, vhd_destination_path=r"D:\Test4")
except HvlabError as error:
    print(text("notebook.refused"), error)
"""),
    ("md", "import-explain", r"""
### Explain

A copy with a new ID can be imported again and again; each copy has no checkpoints and sees what
`before-patch` saw. A copy that keeps the ID works **once**: "if the virtual machine is already
registered with Hyper-V, it needs to be deleted before the import works" (Microsoft's export and
import article). Registering in place uses the export's own files, so the export is used up
(B28). Hyper-V lets two VMs share a name; hvlab's labs name each VM once, so the copies are
`web01 (2)`, `web01 (3)`: hvlab's assumption.
"""),
    ("md", "versions-predict", r"""
## 3. Hosts and configuration versions (B26, B6)

A lab has a host: every lab and picture names it. The host's Windows decides which configuration
versions exist there.

> **Predict.** A VM made on Windows Server 2025 (version 12.0) is exported and carried to a
> Windows Server 2022 host. Can that host import it?
"""),
    ("code", "versions-act", r"""
from hvlab.powershell import Session

new_host = Lab(seed=9, host=HostKind.WINDOWS_SERVER_2025)
new_host.new_vm("app01").checkpoint("ready")
new_host.vm("app01").export_checkpoint("ready", r"E:\Move")
old_host = Lab(seed=9, host=HostKind.WINDOWS_SERVER_2022)
old_host.exports = list(new_host.exports)        # the folder carried over
print(Session(old_host).run(r"Import-VM -Path E:\Move\app01 -Copy -GenerateNewId").text())
print(Session(old_host).run("Get-VMHostSupportedVersion -Default").text())
"""),
    ("code", "upgrade-act", r"""
host_2019 = Lab(seed=9, host=HostKind.WINDOWS_SERVER_2019)
console = Session(host_2019)
for line in ("New-VM -Name legacy -Version 5.0", "Update-VMVersion legacy", "Update-VMVersion legacy"):
    print(console.run(line).text())
"""),
    ("md", "versions-explain", r"""
### Explain

"You can only import a virtual machine if the Hyper-V host supports that configuration version"
(Microsoft's version page): Windows Server 2022 runs up to 10.0, so the 12.0 export is refused.
`New-VM -Version 5.0` makes a VM an older host can run, but 5.0 cannot take production checkpoints
(they need 6.2 or later, B6). `Update-VMVersion` moves a VM that is off to its host's version, one
way: a second call has nothing to do, and nothing ever brings a version down (B26).
"""),
    ("md", "incidents-intro", r"""
## 4. Three incidents

Each challenge is a real incident: read the briefing, act in the lab (or its PowerShell tab), and
the checks tell you how far you are. Hints come one at a time.

**Incident 1** — last night's backup failed and left a checkpoint nobody took (B32).
"""),
    ("code", "incident-backup", r"""
from hvlab.widgets import Challenge

Challenge("recovery-checkpoint-left")
"""),
    ("md", "incident-volume", r"""
**Incident 2** — the host volume is full and the VM paused itself (B29).
"""),
    ("code", "incident-volume-lab", r"""
Challenge("full-host-volume")
"""),
    ("md", "incident-base", r"""
**Incident 3** — someone pointed the VM at its base VHDX: find what was lost and get it back (B33).
"""),
    ("code", "incident-base-lab", r"""
Challenge("pointed-at-base")
"""),
    ("md", "check-title", r"""
## Knowledge check
"""),
    ("code", "selfcheck", r"""
from hvlab.widgets import SelfCheck

SelfCheck("09")
"""),
    ("md", "summary", r"""
## Summary

- `Export-VMSnapshot` writes a checkpoint out as **a VM of its own**: configuration, runtime state,
  one merged VHDX per disk, no checkpoints; the VM does not change (B27).
- `Import-VM`: in place (the export becomes the VM's files), restore (`-Copy`, same ID, once) or a
  copy with a new ID (`-Copy -GenerateNewId`, as often as you like) (B28).
- The host decides the configuration versions: `Get-VMHostSupportedVersion`, `New-VM -Version`,
  `Update-VMVersion` (off, one way); a host imports only versions it supports; production
  checkpoints need 6.2 or later (B26, B6).
- At work: a failed backup's Recovery checkpoint goes with `Remove-VMSnapshot` (B32); a full
  volume pauses the VM until space is freed (B29); pointing a VM at its base VHDX only hides what
  was written since: the detached AVHDX still holds it, and merging it offline into its parent
  brings it back (B33).

**Next:** back to [00 · Start here](00-start-here.ipynb) for the course map.
"""),
]
