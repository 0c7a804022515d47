# hvlab demo: when does a production checkpoint fall back to a standard one?
# Replay with:  python -m hvlab ps hvlab/powershell/demos/production-fallback.ps1
# Lines with -Lab in the name are hvlab's lab controls, not Hyper-V cmdlets.

New-VM -Name web01 -MemoryStartupBytes 2GB
Get-VM web01 | Select-Object Name, State, CheckpointType

# 1. A booted Windows guest: production checkpoint (VSS inside the guest)
Start-VM -Name web01
Checkpoint-VM -Name web01 -SnapshotName 'booted'

# 2. Guest still booting: Hyper-V shows Running, but VSS is not up yet -> standard (fallback)
Stop-VM -Name web01 -TurnOff
Set-LabBootHold -VMName web01 -Hold $true
Start-VM -Name web01
Get-VM web01 | Select-Object Name, State
Checkpoint-VM -Name web01 -SnapshotName 'while-booting'
Complete-LabBoot -VMName web01

# 3. ProductionOnly never falls back: with VSS disabled the checkpoint is refused
Set-VM -Name web01 -CheckpointType ProductionOnly
Disable-VMIntegrationService -VMName web01 -Name VSS
Checkpoint-VM -Name web01 -SnapshotName 'refused'
Enable-VMIntegrationService -VMName web01 -Name VSS

# Get-VMSnapshot shows both as Standard: SnapshotType has no Production value
Get-VMCheckpoint -VMName web01

# 4. Applying: production -> Off; standard of a running VM -> Saved
Restore-VMCheckpoint -VMName web01 -Name 'booted' -Confirm:$false
Get-VM web01 | Select-Object Name, State
Restore-VMCheckpoint -VMName web01 -Name 'while-booting' -Confirm:$false
Get-VM web01 | Select-Object Name, State
