"""Cells of notebook 06 · Consistency (A5–A7, A9, B12)."""

CELLS = [
    ("md", "title", r"""
# 06 · Consistency: VSS, file-system freeze and the writers

| | |
|---|---|
| **Objectives** | After this notebook you can: name the three levels of consistency a checkpoint can have and which checkpoint gets which (A7, B9, B10); explain what VSS does in a Windows guest and what `hv_vss_daemon` does in a Linux guest (A5, A7); recognise the SQL Server writer's expected error (A9, B12); name the other Microsoft features built on the same machinery (A6). |
| **Prerequisites** | 01 (production vs standard). 02 helps (when production falls back). |
| **Time** | About 25 minutes. |
| **Points** | A5, A6, A7, A9 · rulings B9, B10, B12 |
"""),
    ("md", "levels", r"""
## 1. Three levels of consistency

| Level | What it means | Which checkpoint |
|---|---|---|
| **application-consistent** | applications were asked to flush their data (VSS writers) before the disk was captured | production, Windows guest (A7) |
| **file-system-consistent** | file systems were flushed and frozen; applications were not asked | production, Linux guest (A7) |
| **crash-consistent** | the disk as if the power had been cut — but restored *together with the memory*, so the VM continues as if nothing happened | standard, running VM (B10) |

> **Predict.** Two running VMs, default setting: a Windows Server guest and a Linux guest with
> `hv_vss_daemon`. Which level does each production checkpoint reach? What runs in each guest?
"""),
    ("code", "a7-two-guests", r"""
from hvlab import GuestOS, GuestProfile, GuestRole, Lab, VMState, text

lab = Lab(seed=6)
guests = {"win01": GuestProfile.windows(), "lnx01": GuestProfile.linux(vss_daemon=True)}
for name, guest in guests.items():
    vm = lab.new_vm(name, guest)
    vm.put_in_state(VMState.RUNNING)
    p = vm.preview_checkpoint()
    print(text("notebook.kind_consistency", vm=name, kind=p.kind.label, consistency=p.consistency.label))
    print("  ", text("notebook.guest"), *(event.message for event in p.guest_events))
"""),
    ("md", "a5-a7-explain", r"""
### Explain

- **Windows** (A5, A7): Hyper-V asks the guest's **Volume Shadow Copy Service** through the
  Hyper-V Volume Shadow Copy Requestor (`vmicvss`). VSS tells every VSS *writer* (for example
  SQL Server's) to bring its data to a consistent point and hold still, takes the
  shadow copy, then lets them go: an **application-consistent** image.
- **Linux** (A7): `hv_vss_daemon` flushes and **freezes each mounted file system** (like running
  `sync` and `fsfreeze`), then thaws them: **file-system-consistent** only. Microsoft: "Linux
  backups are file-system consistent only whereas Windows backups are file-system and application
  consistent. This difference is due to lack of standardized Volume Shadow Copy Service (VSS)
  infrastructure in Linux." (BLOG-LINUX13)

The two `guest:` lines above are hvlab's summaries of those steps, not messages the guests print.
"""),
    ("code", "a7-standard", r"""
from hvlab import CheckpointType

win = lab.vm("win01")
print(win.set_checkpoint_type(CheckpointType.STANDARD))
print(win.preview_checkpoint().explain())
"""),
    ("md", "a7-standard-explain", r"""
A **standard** checkpoint does not ask the guest at all: the disk is crash-consistent, and it is
fine only because the memory is saved with it — apply it and the VM resumes from that very moment
(B10, B14).
"""),
    ("md", "a9-predict", r"""
## 2. The host's VSS writer and the guest's writers (A9, B12)

On the host, the **Microsoft Hyper-V VSS Writer** works with the guest's VSS (A9). Inside the
guest, every VSS writer takes part — and some, such as **SQL Server's**, may report failures or
errors. The article: that is expected behaviour (A9).

> **Predict.** A Windows guest with the SQL Server role. You take a production checkpoint. Does
> Hyper-V report success? What does the guest log?
"""),
    ("code", "b12-sql", r"""
sql = lab.new_vm("sql01", GuestProfile.windows(GuestOS.WINDOWS_SERVER_2022, GuestRole.SQL_SERVER))
sql.put_in_state(VMState.RUNNING)
print(sql.checkpoint("before-patch"))
for event in sql.events[-4:]:
    print(event, text("notebook.verbatim") if event.verbatim else "")
"""),
    ("md", "b12-explain", r"""
### Explain

Hyper-V says `Production checkpoint created.`, while the guest logs an SQL Server backup error:

    BACKUP failed to complete the command BACKUP DATABASE model. Check the backup application log for detailed messages.

**What Microsoft's source says.** The only Microsoft source is a post of its Virtualization team
blog, "Application consistent recovery points with Windows Server 2008/2003 guest OS"
(BLOG-HVR14, https://learn.microsoft.com/virtualization/community/team-blog/2014/20140519-application-consistent-recovery-points-with-windows-server-2008-2003-guest-os). It is about **Hyper-V Replica**'s application-consistent recovery points
of SQL Server 2005, 2008 and 2012 SP1 guests, and it calls what the guest logs **errors**: "the
guest event viewer showed errors/failure during the VSS process". Its explanation: "The behavior
seen by the customer is a benign error caused because of the interaction between Hyper-V and
VSS, especially for older versions of the guest OS" (KB 2952783), because "The Hyper-V requestor
explicitly stops the VSS operation right after the OnThaw phase. While this ensures
application-consistency of the writes going to the disk, it also results in the VSS errors being
logged." It also says how to check a point rather than take it on trust: "A great way to
validate whether the recovery point is application-consistent or not is to do a test failover on
that recovery point."

**What hvlab extends.** Microsoft does not document this; hvlab assumes that a production
checkpoint makes the SQL Server VSS writer log the same errors, and on newer guests too (this lab's
guest runs Windows Server 2022), while Hyper-V reports success (B12). Real Hyper-V may differ: on a
real host, check a checkpoint the way the blog checks a recovery point, by restoring it
somewhere safe and looking at the application (A9, B12).
"""),
    ("md", "a6-same-machinery", r"""
## 3. The same machinery elsewhere (A6)

A production checkpoint of a running VM uses the same guest-side mechanism as (A6):

- **Host-side backup of a running VM** (Windows Server Backup and backup products). Microsoft's
  "Hyper-V Backup Approaches" (BACKUP-APPR, https://learn.microsoft.com/windows-server/virtualization/hyper-v/backup-approaches) describes two ways in. The Hyper-V VSS
  writer: "Hyper-V implements a Volume Shadow Copy Service (VSS) writer on all versions of Windows
  Server where Hyper-V is supported." And, as an additional option, WMI-based backup: "Starting in
  Windows Server 2016, Hyper-V supports backup through the Hyper-V Windows Management
  Instrumentation (WMI) API. This approach still utilizes VSS inside the virtual machine for
  backup purposes, but no longer uses VSS in the host operating system", with reference points
  and resilient change tracking (RCT). Either way the guest's VSS takes part. Backup-created
  checkpoints appear as `Recovery` checkpoints (`Get-VMSnapshot -SnapshotType`).
- **Hyper-V Replica**'s application-consistent recovery points: the option "Volume Shadow Copy
  Service (VSS) snapshot frequency (in hours)", in PowerShell
  `Set-VMReplication -VSSSnapshotFrequencyHour <Int32>`. Microsoft's Best Practices Analyzer:
  "Even if application-consistent snapshots are specified in the replication configuration,
  Hyper-V will not use them unless VSS is configured." (BPA-VSS)
- **Azure Site Recovery**'s application-consistent snapshots: "The interval (in hours) at which
  Hyper-V Replica should create an application consistent snapshot within the VM." (ASR)

So the guest-side requirements of a production checkpoint (notebook 02) matter there too: with
"Backup (volume shadow copy)" turned off, "the virtual machine can not be backed up while running
(using VSS)" (IS-REF), and a guest without `hv_vss_daemon` cannot be backed up live
("This daemon is required to create live Linux virtual machine backups.", IS-MANAGE). hvlab
simulates checkpoints only, not backup, Replica or Site Recovery.
"""),
    ("md", "explorer-intro", r"""
## 4. Try it yourself

In the explorer, choose the **SQL Server** guest and compare *Production* and *Standard*; then the
Linux guest with and without the VSS daemon. Watch the consistency line and the guest events.
"""),
    ("code", "explorer", r"""
from hvlab.widgets import CheckpointTypeExplorer

CheckpointTypeExplorer()
"""),
    ("md", "check-title", r"""
## Knowledge check
"""),
    ("code", "selfcheck", r"""
from hvlab.widgets import SelfCheck

SelfCheck("06")
"""),
    ("md", "summary", r"""
## Summary

- Production, Windows guest: VSS through `vmicvss` → **application-consistent** (A5, A7).
- Production, Linux guest: `hv_vss_daemon` freezes the file systems → **file-system-consistent** (A7).
- Standard of a running VM: **crash-consistent** disks plus the memory that goes with them (B10).
- The host's Microsoft Hyper-V VSS Writer works with the guest's VSS. Microsoft's blog shows SQL
  Server's writer logging **errors**, benign ones, for Hyper-V Replica on older guests (Windows
  Server 2008/2003) and checks a point with a test failover; that production checkpoints and
  newer guests log the same is hvlab's assumption (A9, B12).
- Backup, Hyper-V Replica and Azure Site Recovery use the same guest-side VSS (A6).

**Next:** [07 · Domain controllers](07-domain-controllers.ipynb).
"""),
]
