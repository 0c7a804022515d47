"""Cells of notebook 07 · Domain controllers (A10, A11, B22, B23)."""

CELLS = [
    ("md", "title", r"""
# 07 · Domain controllers: VM-Generation ID, USN rollback, DSRM

| | |
|---|---|
| **Objectives** | After this notebook you can: explain why rolling back a domain controller (DC) is dangerous; say how a Windows Server 2012+ DC protects itself (VM-Generation ID, B22) and why a Windows Server 2008 R2 DC cannot (A10, B23); recognise USN rollback and Event ID 2095; say which recovery Microsoft supports (an Active Directory-aware restore of a system state backup, in Directory Services Restore Mode, A11) and which procedures are last resorts (forced demotion, the old-VHD procedure). |
| **Prerequisites** | 04 (applying checkpoints), or: applying a checkpoint rolls the VM's disks back. |
| **Time** | About 30 minutes. |
| **Points** | A10, A11 · rulings B22, B23 |
"""),
    ("md", "model", r"""
## 1. Why a DC is special

Active Directory replicates between DCs. Each DC numbers its changes with **update sequence
numbers (USNs)** under its **invocationID**; its partners remember the highest USN they have
received from it. A checkpoint rolls the DC's database back with the disk — but **not** its
partners' memory of it.

hvlab models just that: the directory is a file on the guest disk holding the DC's invocationID
and highest USN, and `dc.directory` holds the partners' side (the highest USN they have received).

Microsoft's guidance (DC-HYPERV, CHOOSE): only production checkpoints are supported on DC guests;
"When not running Windows Server 2012 or later, don't take or use a snapshot of a DC VM."
Even on 2012 and later, a snapshot restore "is not recommended as an alternative mechanism to
backing up a domain controller" (DC-L100).
"""),
    ("md", "b22-predict", r"""
## 2. A Windows Server 2022 DC (B22)

We take a production checkpoint of a running DC, make two directory changes (they replicate to
the partners), apply the checkpoint and start the DC.

> **Predict.** The DC comes back with its old database. Will its partners accept its next change?
"""),
    ("code", "b22-modern", r"""
from hvlab import GuestOS, GuestProfile, GuestRole, HvlabError, Lab, VMState, text

lab = Lab(seed=7)
dc = lab.new_vm("dc01", GuestProfile.windows(GuestOS.WINDOWS_SERVER_2022, GuestRole.DOMAIN_CONTROLLER))
dc.put_in_state(VMState.RUNNING)
print(dc.checkpoint("before-changes"))
print(dc.change_directory("create user alice"))
print(dc.change_directory("reset password of bob"))
print(dc.apply("before-changes"))
"""),
    ("code", "b22-boot", r"""
print(dc.start())
print(dc.complete_boot())
print(dc.change_directory("create user carol"))
print(text("notebook.directory_health", health=dc.directory.health.label))
"""),
    ("md", "b22-explain", r"""
### Explain

A Windows Server 2012+ DC on a Windows Server 2012+ host reads the **VM-Generation ID**. Applying
a checkpoint changes it; at boot the DC notices, **resets its invocationID and discards its RID
pool**, then re-syncs from its partners (B22, DC-ARCH). Its new changes carry a new invocationID,
so partners accept them. Safe.
"""),
    ("md", "a10-predict", r"""
## 3. A Windows Server 2008 R2 DC (A10, B23)

Same steps, but the DC runs Windows Server 2008 R2: it has no VM-Generation ID safeguard.

> **Predict.** Does a **production** checkpoint make this safe?
"""),
    ("code", "a10-old-dc", r"""
lab = Lab(seed=7)
old = lab.new_vm("dc08", GuestProfile.old_domain_controller())
old.put_in_state(VMState.RUNNING)
print(old.checkpoint("before-changes"))
print(old.change_directory("create user alice"))
print(old.change_directory("reset password of bob"))
print(old.apply("before-changes"))
"""),
    ("code", "b23-rollback", r"""
print(old.start())
print(old.complete_boot())
print(text("notebook.directory_health", health=old.directory.health.label))
"""),
    ("code", "b23-steps", r"""
from hvlab.widgets import StepView
StepView(old.last_result)
"""),
    ("md", "b23-silent", r"""
### Explain: USN rollback, silent at first

The production checkpoint was made properly — but applying it is still a **restore** of the DC
(A10, A11). The DC came back with an older USN **under the same invocationID**. It will reuse USNs
its partners have already acknowledged, so they **silently skip** its next changes: objects and
passwords start to diverge, and `repadmin /showreps` shows no error (B23, KB875495).

> **Predict.** The DC now makes a change. What happens?
"""),
    ("code", "b23-detected", r"""
print(old.change_directory("create user carol"))
print(text("notebook.directory_health", health=old.directory.health.label))
for event in old.events[-3:]:
    print(event)
"""),
    ("md", "b23-detected-explain", r"""
When AD detects the rollback it logs **Event ID 2095** ("During an Active Directory Domain
Services replication request, the local domain controller (DC) identified a remote DC which has
received replication data from the local DC using already-acknowledged USN tracking numbers."),
**pauses the Net Logon service** and **disables inbound and outbound replication** (B23). The event's
advice: "If this situation occurred because of an improper or unintended restore, forcibly demote
the DC."

Microsoft's article on USN rollback (KB875495,
https://learn.microsoft.com/troubleshoot/windows-server/active-directory/detect-and-recover-from-usn-rollback)
says "There are three approaches to recover from a USN rollback" and lists them in this order:

1. **Remove the domain controller from the domain**: force its demotion to a standalone server,
   clean up its metadata on a healthy DC, transfer its operations master roles to a healthy DC,
   then install Active Directory on it again if you need to.
2. **Restore the system state of a good backup**, made before the incorrect restore, if it
   "contains recent changes that were made on the domain controller".
3. **Restore the system state without system state backup**: use the snapshot as a source, or
   give the database a new invocation ID with Microsoft's old-VHD procedure (section 4).

The article does not number them by preference, but it says which one is supported: "The only
supported way to roll back the contents of Active Directory or the local state of an Active
Directory domain controller is to use an Active Directory-aware backup and restoration utility to
restore a system state backup". So a good system state backup comes first when there is one;
without one, the DC is removed and rebuilt; the old-VHD procedure is the unsupported last resort
(section 4). hvlab simulates forced demotion:
"""),
    ("code", "b23-force-demote", r"""
print(old.force_demote())
try:
    old.change_directory("create user dave")
except HvlabError as error:
    print(text("notebook.refused"), error)
"""),
    ("md", "a11-predict", r"""
## 4. Recovering an old DC: what Microsoft supports, and its last resort (A11, B23)

Applying a production checkpoint equals restoring the VM from a backup (A11). Microsoft's page
"Restore a virtual domain controller" (DC-RESTORE,
https://learn.microsoft.com/windows-server/identity/ad-ds/manage/virtual-dc/restore-virtualized-domain-controller)
tells you how a virtual DC goes back to an earlier state:

- **The supported way** is the one a physical DC uses: restore a **system state backup** with the
  Active Directory-compatible backup tool that made it, with the DC started in **Directory
  Services Restore Mode (DSRM)**, not in normal mode. To reach DSRM, start the VM, press **F5** to
  open Windows Boot Manager, then **F8** for Advanced Boot Options, and choose Directory Services
  Restore Mode. KB875495: "The only supported way to roll back the contents of Active Directory or
  the local state of an Active Directory domain controller is to use an Active Directory-aware
  backup and restoration utility to restore a system state backup that originated from the same
  operating system installation and the same physical or virtual computer that is being restored."
- **The last resort**, when there is **no system state backup**, only an old copy of the VHD (here:
  the checkpoint's disks) that no VM has started in normal mode. Microsoft's warning: "You
  shouldn't use this procedure as a substitute for regularly planned and scheduled backups.
  Restores performed with this procedure aren't supported by Microsoft. Use this procedure only
  when there's no alternative."

hvlab simulates neither backups nor their restore, so it cannot show the supported way. It
simulates the last resort, Microsoft's old-VHD procedure:

1. Start the DC in **DSRM** (F5, then F8 → Directory Services Restore Mode), never in normal mode.
2. Create the DWORD `HKLM\SYSTEM\CurrentControlSet\Services\NTDS\Parameters\Database restored from backup` = 1.
3. Restart in normal mode; confirm **Event ID 1109** ("The invocationID attribute for this
   directory server has been changed.") and that `DSA Previous Restore Count` went up by one.

"starting a DC in normal mode increments the USNs, even if the DC is disconnected from the network" —
so the order matters.

> **Predict.** After this procedure, will the partners accept the DC's next change?
"""),
    ("code", "a11-dsrm", r"""
lab = Lab(seed=7)
old = lab.new_vm("dc08", GuestProfile.old_domain_controller())
old.put_in_state(VMState.RUNNING)
print(old.checkpoint("before-changes"))
print(old.change_directory("create user alice"))
print(old.apply("before-changes"))
print(old.restore_directory_in_dsrm())          # the last-resort procedure, instead of a normal Start
"""),
    ("code", "a11-after-dsrm", r"""
for event in old.events[-2:]:
    print(event)
print(old.change_directory("create user carol"))
print(text("notebook.directory_health", health=old.directory.health.label))
"""),
    ("md", "a11-explain", r"""
### Explain

With `Database restored from backup` = 1 the DC takes a **new invocationID** (Event ID 1109), so
its partners treat its next changes as new and replicate them: no USN rollback in this lab
(B23). That does not make the procedure supported: Microsoft keeps it for when there is no
alternative, and supports the restore of a system state backup in DSRM (A11, B23).

What hvlab simplifies: the DSRM boot, the registry change and the normal restart are one step
here, and the directory is one file. Exactly how applying a *production* checkpoint interacts with
a pre-2012 DC is not documented by Microsoft; hvlab follows the article (A10) and ruling B23:
applying any checkpoint and starting normally leads to USN rollback when partners have received
changes since the checkpoint.
"""),
    ("md", "tree-intro", r"""
The old DC's checkpoint tree, for the record:
"""),
    ("code", "tree", r"""
%matplotlib inline
from hvlab.diagrams import draw_checkpoint_tree

draw_checkpoint_tree(old)
"""),
    ("md", "check-title", r"""
## Knowledge check
"""),
    ("code", "selfcheck", r"""
from hvlab.widgets import SelfCheck

SelfCheck("07")
"""),
    ("md", "summary", r"""
## Summary

- Applying a checkpoint rolls a DC's database back, but not its partners' memory of it.
- Windows Server 2012+ DC: the **VM-Generation ID** changes, the DC resets its invocationID,
  discards its RID pool and re-syncs — safe (B22).
- Windows Server 2008 R2 or earlier DC: production checkpoints do not help (A10); a normal start
  after Apply causes **USN rollback** — silent, then Event ID 2095, Net Logon paused, replication
  disabled. KB875495 lists three recovery approaches: remove the DC from the domain (forced
  demotion), restore the system state of a good backup, or restore without a system state
  backup (B23).
- Applying a checkpoint is restoring from backup (A11). Microsoft supports one way back: an
  Active Directory-aware restore of a **system state backup**, in **DSRM** (F5, then F8), as on
  a physical DC. Without such a backup, DSRM with `Database restored from backup` = 1 before the
  first normal start (Event ID 1109) is Microsoft's last resort, and "Restores performed with
  this procedure aren't supported by Microsoft" (B23).
- Microsoft: don't take or use snapshots of DCs older than Windows Server 2012.

**Next:** [08 · Review](08-review.ipynb).
"""),
]
