"""The EXAMPLES of Microsoft's reference pages (docset/winserver2022-ps/hyper-v/*.md in
MicrosoftDocs/windows-powershell-docs) run as written on hvlab's simulated host.

Each example is typed exactly as the page prints it (without the ``PS C:\\>`` prompt) into a lab
holding the VMs and checkpoints it names; the test checks the effect against the lab itself.
Examples that need another host, a cluster, other cmdlets (Get-Date, Get-Credential,
Get-ChildItem...) or hardware hvlab does not simulate are listed in NOT_APPLICABLE with the
reason, and must be refused clearly without changing anything.
"""

from __future__ import annotations

import pytest

from hvlab import Lab, VMState
from hvlab.integration_services import IntegrationService
from hvlab.powershell import Session


def _lab_with(*names: str, checkpoints: tuple[str, ...] = (), running: bool = False, seed: int = 7) -> tuple[Lab, Session]:
    lab = Lab(seed=seed)
    for name in names:
        vm = lab.new_vm(name)
        if running:
            vm.put_in_state(VMState.RUNNING)
    if checkpoints:
        vm = lab.vm(names[0])
        for cp in checkpoints:
            vm.checkpoint(cp)
    return lab, Session(lab, host_name="Server1")


def _run(session: Session, *lines: str) -> list:
    results = session.run_script("\n".join(lines))
    for result in results:
        assert result.ok, result.text()
    return results


def test_checkpoint_vm_example_1():
    """Checkpoint-VM Example 1 creates the named checkpoint."""
    lab, s = _lab_with("Test")
    _run(s, "Checkpoint-VM -Name Test -SnapshotName BeforeInstallingUpdates")
    assert [c.name for c in lab.vm("Test").checkpoints.values()] == ["BeforeInstallingUpdates"]


def test_checkpoint_vm_example_2():
    """Checkpoint-VM Example 2 pipes Get-VM on host Server1 into Checkpoint-VM (default name)."""
    lab, s = _lab_with("Test")
    _run(s, "Get-VM Test -ComputerName Server1 | Checkpoint-VM")
    (cp,) = lab.vm("Test").checkpoints.values()
    assert cp.name.startswith("Test - (")


def test_get_vmsnapshot_examples_1_and_2():
    """Get-VMSnapshot Examples 1-2 list every (standard-typed) checkpoint of TestVM."""
    lab, s = _lab_with("TestVM", checkpoints=("Base image", "Before applying updates"))
    for line in ("Get-VMSnapshot -VMName TestVM", "Get-VM -Name TestVM | Get-VMSnapshot -SnapshotType Standard"):
        (result,) = _run(s, line)
        for cp in lab.vm("TestVM").checkpoints.values():
            assert cp.name in result.output


def test_get_vmsnapshot_example_3_parent_of():
    """Get-VMSnapshot Example 3: -ParentOf gives the immediate parent."""
    lab, s = _lab_with("TestVM", checkpoints=("Base image", "Before applying updates", "After"))
    results = _run(s, "$snapshot = Get-VMSnapshot -Name 'Before applying updates' -VMName TestVM", "", "Get-VMSnapshot -ParentOf $snapshot")
    vm = lab.vm("TestVM")
    parent = vm.checkpoints[vm.find_checkpoint("Before applying updates").parent_id]
    assert parent.name in results[-1].output and "After" not in results[-1].output.split("\n", 3)[-1].split()[1:2]


def test_get_vmsnapshot_example_4_child_of():
    """Get-VMSnapshot Example 4: -ChildOf gives the immediate children only."""
    lab, s = _lab_with("TestVM", checkpoints=("Before applying updates", "Child", "Grandchild"))
    results = _run(s, "$snapshot = Get-VMSnapshot -Name 'Before applying updates' -VMName TestVM", "Get-VMSnapshot -ChildOf $snapshot")
    names = [c.name for c in lab.vm("TestVM").children("Before applying updates")]
    assert names == ["Child"]
    assert "Child" in results[-1].output and "Grandchild" not in results[-1].output


def test_restore_vmsnapshot_example_1_with_confirmation():
    """Restore-VMSnapshot Example 1 asks Confirm as the page shows; answering Y applies it."""
    lab, s = _lab_with("TestVM", checkpoints=("Base image", "Later"))
    first = s.run("Restore-VMSnapshot -Name 'Base image' -VMName TestVM")
    assert first.prompt is not None and 'Restore-VMSnapshot will restore checkpoint "Base image".' in first.prompt
    assert lab.vm("TestVM").now_parent_id == lab.vm("TestVM").find_checkpoint("Later").id
    second = s.run("Y")
    assert second.ok
    assert lab.vm("TestVM").now_parent_id == lab.vm("TestVM").find_checkpoint("Base image").id


def test_restore_vmsnapshot_example_2_most_recent_on_all_vms():
    """Restore-VMSnapshot Example 2 applies each VM's most recent checkpoint without prompts."""
    lab = Lab(seed=3)
    for name in ("a1", "b2"):
        vm = lab.new_vm(name)
        vm.checkpoint("one")
        vm.checkpoint("two")
        vm.apply("one")
    s = Session(lab)
    _run(s, "Get-VM | Foreach-Object { $_ | Get-VMSnapshot | Sort CreationTime | Select -Last 1 | Restore-VMSnapshot -Confirm:$false }")
    for vm in lab.vms.values():
        latest = max(vm.checkpoints.values(), key=lambda c: c.created)
        assert vm.now_parent_id == latest.id


def test_remove_vmsnapshot_example_1_wildcard():
    """Remove-VMSnapshot Example 1 deletes every checkpoint whose name starts with Experiment."""
    lab, s = _lab_with("TestVM", checkpoints=("Base", "Experiment A", "Experiment B", "Keep"))
    _run(s, "Get-VM TestVM | Remove-VMSnapshot -Name Experiment*")
    assert sorted(c.name for c in lab.vm("TestVM").checkpoints.values()) == ["Base", "Keep"]


def test_rename_vmsnapshot_example_1():
    """Rename-VMSnapshot Example 1 renames checkpoint Configuration 2."""
    lab, s = _lab_with("TestVM", checkpoints=("Configuration 2",))
    _run(s, 'Rename-VMSnapshot -VMName TestVM -Name "Configuration 2" -NewName "Configuration 2: applied all updates"')
    assert [c.name for c in lab.vm("TestVM").checkpoints.values()] == ["Configuration 2: applied all updates"]


def test_export_vmsnapshot_example_1_writes_an_export_and_leaves_the_vm():
    """Export-VMSnapshot Example 1 writes the checkpoint to D:\\TestVM on the host (B27); the VM
    and its checkpoints do not change."""
    lab, s = _lab_with("TestVM", checkpoints=("Base Image",))
    before = lab.vm("TestVM").to_dict(events=False)
    (result,) = _run(s, "Export-VMSnapshot -Name 'Base Image' -VMName TestVM -Path D:\\")
    assert lab.vm("TestVM").to_dict(events=False) | {"events": []} == before | {"events": []}
    assert [e.folder for e in lab.exports] == ["D:\\TestVM"]
    assert any("Base Image" in n for n in result.notes)


def test_get_vm_examples_1_and_2():
    """Get-VM Example 1 lists every VM; Example 2 keeps the running ones."""
    lab, s = _lab_with("alpha", "beta")
    lab.vm("beta").put_in_state(VMState.RUNNING)
    (all_vms,) = _run(s, "Get-VM")
    assert "alpha" in all_vms.output and "beta" in all_vms.output
    (running,) = _run(s, "Get-VM -ComputerName Server1 | Where-Object {$_.State -eq 'Running'}")
    assert "beta" in running.output and "alpha" not in running.output


@pytest.mark.parametrize(
    "line, state",
    [
        ("Start-VM -Name TestVM", "Running"),
        ("Stop-VM -Name TestVM -TurnOff", "Off"),
        ("Stop-VM -Name TestVM", "Off"),
        ("Save-VM -Name TestVM", "Saved"),
        ("Suspend-VM -Name TestVM", "Paused"),
    ],
)
def test_power_examples(line: str, state: str):
    """Start-/Stop-/Save-/Suspend-VM Example 1 put TestVM in the state the page describes."""
    lab, s = _lab_with("TestVM", running=not line.startswith("Start"))
    _run(s, line)
    assert lab.vm("TestVM").hyperv_state == state


def test_stop_vm_example_2_force():
    """Stop-VM Example 2 (-Force) shuts VM1 down through the guest."""
    lab, s = _lab_with("VM1", running=True)
    _run(s, "Stop-VM -Name VM1 -Force")
    assert lab.vm("VM1").state is VMState.OFF


def test_start_and_suspend_vm_example_2_wildcards():
    """Start-VM / Suspend-VM Example 2 act on every VM whose name starts with Test."""
    lab, s = _lab_with("Test1", "Test2", "Other")
    _run(s, "Start-VM -Name Test*")
    assert [vm.hyperv_state for vm in lab.vms.values()] == ["Running", "Running", "Off"]
    _run(s, "Suspend-VM -Name Test*")
    assert [vm.hyperv_state for vm in lab.vms.values()] == ["Paused", "Paused", "Off"]


def test_resume_vm_example_1():
    """Resume-VM Example 1 resumes a paused VM."""
    lab, s = _lab_with("TestVM", running=True)
    lab.vm("TestVM").pause()
    _run(s, "Resume-VM -Name TestVM")
    assert lab.vm("TestVM").hyperv_state == "Running"


def test_save_vm_example_2_pipeline():
    """Save-VM Example 2 saves every VM whose name starts with Win."""
    lab, s = _lab_with("Win1", "Win2", "Lin1", running=True)
    _run(s, "Get-VM -Name Win* | Save-VM")
    assert [vm.hyperv_state for vm in lab.vms.values()] == ["Saved", "Saved", "Running"]


@pytest.mark.parametrize(
    "line",
    [
        "Enable-VMIntegrationService -Name Shutdown,VSS -VMName Test1",
        "Get-VMIntegrationService Shutdown,Vss -VMName Test1 | Enable-VMIntegrationService",
        "Get-VM Test1 | Enable-VMIntegrationService Shutdown,VSS",
    ],
)
def test_enable_vmintegrationservice_examples(line: str):
    """Enable-VMIntegrationService Examples 1-3 turn Shutdown and VSS back on."""
    lab, s = _lab_with("Test1")
    vm = lab.vm("Test1")
    vm.set_integration_service(IntegrationService.SHUTDOWN, False)
    vm.set_integration_service(IntegrationService.BACKUP, False)
    _run(s, line)
    assert vm.integration_services[IntegrationService.SHUTDOWN] and vm.integration_services[IntegrationService.BACKUP]


def test_disable_vmintegrationservice_example_1():
    """Disable-VMIntegrationService Example 1 turns Shutdown and VSS off."""
    lab, s = _lab_with("Test1")
    _run(s, "Disable-VMIntegrationService -Name Shutdown,VSS -VMName Test1")
    vm = lab.vm("Test1")
    assert not vm.integration_services[IntegrationService.SHUTDOWN] and not vm.integration_services[IntegrationService.BACKUP]
    assert vm.integration_services[IntegrationService.HEARTBEAT]


def test_get_vmintegrationservice_examples():
    """Get-VMIntegrationService Examples 1-3: a filter on a property hvlab lacks returns nothing;
    -Name Shutdown,VSS returns those two, from the VM or from a checkpoint."""
    lab, s = _lab_with("TestVM", checkpoints=("Before applying updates",))
    (ex1,) = _run(s, "Get-VMIntegrationService -VMName TestVM | Where-Object {$_.SecondaryOperationalStatus -eq 'ProtocolMismatch'}")
    assert ex1.output == ""
    for line in ("Get-VM -Name TestVM | Get-VMIntegrationService -Name Shutdown,VSS", "Get-VMSnapshot -VMName TestVM -Name 'Before applying updates' | Get-VMIntegrationService Shutdown,VSS"):
        (result,) = _run(s, line)
        rows = result.output.strip().splitlines()[2:]
        assert [r.split()[1] for r in rows] == ["Shutdown", "VSS"]


def test_new_vm_examples_1_to_3():
    """New-VM Examples 1-3 create the VMs (memory recorded, disks at the given paths)."""
    lab = Lab(seed=5)
    s = Session(lab)
    _run(s, 'New-VM -Name "new 1" -MemoryStartupBytes 512MB')
    _run(s, 'New-VM -Name "new 2" -MemoryStartupBytes 1GB -NewVHDPath d:\\vhd\\base.vhdx -NewVHDSizeBytes 40GB')
    _run(s, 'New-VM -Name "new 3" -MemoryStartupBytes 1GB -VHDPath d:\\vhd\\BaseImage.vhdx')
    assert list(lab.vms) == ["new 1", "new 2", "new 3"]
    assert lab.vm("new 2").disk_chains[0].base.path == "d:\\vhd\\base.vhdx"
    assert lab.vm("new 3").disk_chains[0].base.path == "d:\\vhd\\BaseImage.vhdx"
    (result,) = _run(s, "Get-VM 'new 2' | Select-Object MemoryStartup")
    assert str(1024**3) in result.output


def test_get_vhd_examples_1_3_4():
    """Get-VHD Example 1 (by path) and Examples 3-4 (VMId through Select-Object) return the disks."""
    lab = Lab(seed=9)
    s = Session(lab)
    _run(s, "New-VM -Name TestVM -NewVHDPath C:\\test\\testvhdx.vhdx -NewVHDSizeBytes 40GB")
    (by_path,) = _run(s, "Get-VHD -Path C:\\test\\testvhdx.vhdx")
    assert "C:\\test\\testvhdx.vhdx" in by_path.output and "Dynamic" in by_path.output
    lab.vm("TestVM").checkpoint("one")
    (by_id,) = _run(s, "Get-VM -VMName TestVM | Select-Object -Property VMId | Get-VHD")
    active = lab.vm("TestVM").active_disk()
    assert active.path in by_id.output and "Differencing" in by_id.output and "ParentPath              : C:\\test\\testvhdx.vhdx" in by_id.output


def test_remove_vmsavedstate_example_1():
    """Remove-VMSavedState Example 1 discards a saved VM's state."""
    lab, s = _lab_with("TestVM", running=True)
    lab.vm("TestVM").save()
    _run(s, "Remove-VMSavedState TestVM")
    assert lab.vm("TestVM").state is VMState.OFF


NOT_APPLICABLE = [
    # (reference page, example, why hvlab cannot run it)
    ("Get-VM", "Get-ClusterGroup | ? {$_.GroupType -eq 'VirtualMachine' } | Get-VM", "needs a failover cluster"),
    ("Remove-VMSnapshot", "Get-VMSnapshot -VMName TestVM | Where-Object {$_.CreationTime -lt (Get-Date).AddDays(-90) } | Remove-VMSnapshot", "needs Get-Date and .NET method calls"),
    ("Set-VM", "Set-VM -Name TestVM -AutomaticStopAction Shutdown", "host shutdown actions are not simulated"),
    ("Set-VM", "Stop-VM -Name TestVM -Passthru | Set-VM -ProcessorCount 2 -DynamicMemory -MemoryMaximumBytes 2GB -Passthru | Start-VM", "processors and memory are not simulated"),
    ("New-VM", 'New-VM -Name "new 4" -MemoryStartupBytes 2GB -Credential (Get-Credential) -ComputerName HostServer01', "needs another host and credentials"),
    ("New-VM", 'New-VM -Name "new 5" -Generation 1 -BootDevice CD -NoVHD', "every lab VM needs a disk"),
    ("Get-VHD", "Get-VHD -DiskNumber 6", "no disks are mounted on the simulated host"),
    ("Get-VHD", "Get-ChildItem -Path C:\\test -Recurse -Include *.vhd, *.vhdx, *.vhds, *.avhd, *.avhdx | Get-VHD", "no file system to list"),
    ("Remove-VMSavedState", "Get-VMSnapshot TestVM | Remove-VMSavedState", "saved state inside checkpoints is not simulated"),
]


@pytest.mark.parametrize("page, line, why", NOT_APPLICABLE)
def test_examples_that_need_more_than_one_simulated_host_are_refused_clearly(page: str, line: str, why: str):
    """An example hvlab cannot run is refused with an error record and changes nothing."""
    lab, s = _lab_with("TestVM", "old 1", checkpoints=("Base",), running=True)
    lab.vm("TestVM").save()
    before = lab.to_dict()
    results = s.run_script(line)
    assert results and not results[-1].ok
    assert lab.to_dict() == before
