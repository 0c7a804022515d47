"""The cmdlets hvlab's console knows, declared from Microsoft's cmdlet reference.

Every Hyper-V cmdlet below copies its parameter names, positions, aliases, parameter sets,
pipeline input and accepted values from its page in MicrosoftDocs/windows-powershell-docs
``docset/winserver2022-ps/hyper-v/<Cmdlet>.md`` (online: the URL in ``source``). Where a page
contradicts its own SYNTAX block (two parameters at position 0 in one set, e.g. Restore-VMSnapshot's
VM set), the SYNTAX block wins, since that is what PowerShell generates from the real binary.

Lab-only cmdlets (``*-Lab*``) are not Hyper-V's; their help says so. The module is long (over
400 lines) because it is one table: a declaration per cmdlet, each read against its page.
"""

from __future__ import annotations

from .parameters import ALL, CmdletSpec, LabEffect, Param

__all__ = ["ACTION_PREFERENCES", "ALIASES", "SPECS", "doc_url"]

_GUEST_OS_VALUES = ("WindowsServer2025", "WindowsServer2022", "WindowsServer2019", "WindowsServer2016", "WindowsServer2008R2", "Windows11", "Windows10", "Linux")
ACTION_PREFERENCES = ("SilentlyContinue", "Stop", "Continue", "Inquire", "Ignore", "Suspend")


def doc_url(cmdlet: str) -> str:
    return f"https://learn.microsoft.com/powershell/module/hyper-v/{cmdlet.lower()}?view=windowsserver2022-ps"


def _common() -> list[Param]:
    """The CommonParameters every cmdlet accepts (about_CommonParameters); hvlab simulates the
    error action, not the output variables or buffering."""
    preference = {"enum_type": "System.Management.Automation.ActionPreference", "enum_values": ACTION_PREFERENCES}
    return [
        Param("Verbose", "switch", aliases=("vb",), common=True),
        Param("Debug", "switch", aliases=("db",), common=True),
        Param("ErrorAction", "enum", aliases=("ea",), common=True, **preference),  # type: ignore[arg-type]
        Param("WarningAction", "enum", aliases=("wa",), common=True, **preference),  # type: ignore[arg-type]
        Param("InformationAction", "enum", aliases=("infa",), common=True, **preference),  # type: ignore[arg-type]
        Param("ErrorVariable", "string", aliases=("ev",), common=True, simulated=False),
        Param("WarningVariable", "string", aliases=("wv",), common=True, simulated=False),
        Param("InformationVariable", "string", aliases=("iv",), common=True, simulated=False),
        Param("OutVariable", "string", aliases=("ov",), common=True, simulated=False),
        Param("OutBuffer", "int32", aliases=("ob",), common=True, simulated=False),
        Param("PipelineVariable", "string", aliases=("pv",), common=True, simulated=False),
    ]


def _should_process() -> list[Param]:
    return [Param("WhatIf", "switch", aliases=("wi",), common=True), Param("Confirm", "switch", aliases=("cf",), common=True)]


def _remote(*sets: str) -> list[Param]:
    s = {name: (None, False) for name in sets}
    return [
        Param("CimSession", "cimsession[]", s),
        Param("ComputerName", "string[]", s),
        Param("Credential", "credential[]", s),
    ]


def _hv(name: str, sets: tuple[str, ...], params: list[Param], should_process: bool = True, command_type: str | None = None, changes: bool = True) -> CmdletSpec:
    """A Hyper-V cmdlet; ``changes``: whether it changes the host (its calls are lab operations)."""
    all_params = params + (_should_process() if should_process else []) + _common()
    return CmdletSpec(
        name=name,
        effect=LabEffect.OPERATION if changes else LabEffect.NONE,
        params=tuple(all_params),
        sets=sets,
        source=doc_url(name),
        command_type=command_type or "Microsoft.HyperV.PowerShell.Commands." + name.replace("-", ""),
    )


def _vm_power(name: str, extra: list[Param] | None = None) -> CmdletSpec:
    """Start-VM, Save-VM, Suspend-VM, Resume-VM, Stop-VM share the Name / VMObject sets."""
    return _hv(
        name,
        ("Name", "VMObject"),
        [
            *_remote("Name"),
            Param("Name", "string[]", {"Name": (0, True)}, aliases=("VMName",), by_value=True, not_empty=True),
            Param("VM", "vm[]", {"VMObject": (0, True)}, by_value=True),
            *(extra or []),
            Param("AsJob", "switch"),
            Param("Passthru", "switch"),
        ],
    )


SPECS: dict[str, CmdletSpec] = {}


def _add(spec: CmdletSpec) -> None:
    SPECS[spec.name.casefold()] = spec


# --- Hyper-V ---------------------------------------------------------------------------------
_add(_hv("Get-VM", ("Name", "Id", "ClusterObject"), [
    Param("Name", "string[]", {"Name": (0, False)}, aliases=("VMName",), by_value=True),
    Param("Id", "guid", {"Id": (0, False)}, by_value=True, by_property=True),
    Param("ClusterObject", "object", {"ClusterObject": (0, True)}, by_value=True),
    *_remote("Name", "Id"),
], should_process=False, changes=False))

_add(_hv("New-VM", ("No VHD", "New VHD", "Existing VHD"), [
    Param("Name", "string", {ALL: (0, False)}, aliases=("VMName",), by_value=True, by_property=True),
    Param("MemoryStartupBytes", "int64", {ALL: (1, False)}),
    Param("Generation", "int16", {ALL: (2, False)}, validate_set=("1", "2")),
    Param("BootDevice", "enum", enum_type="Microsoft.HyperV.PowerShell.BootDevice", enum_values=("Floppy", "CD", "IDE", "LegacyNetworkAdapter", "NetworkAdapter", "VHD"), simulated=False),
    Param("NoVHD", "switch", {"No VHD": (None, False)}),
    Param("NewVHDPath", "string", {"New VHD": (None, True)}),
    Param("NewVHDSizeBytes", "uint64", {"New VHD": (None, True)}),
    Param("VHDPath", "string", {"Existing VHD": (None, True)}),
    Param("SwitchName", "string", simulated=False),
    Param("Path", "string", simulated=False),
    Param("Version", "version"),
    Param("Prerelease", "switch", simulated=False),
    Param("Force", "switch"),
    Param("AsJob", "switch"),
    *_remote(ALL),
]))

_add(_vm_power("Start-VM"))
_add(_vm_power("Stop-VM", [Param("Save", "switch"), Param("TurnOff", "switch"), Param("Force", "switch")]))
_add(_vm_power("Save-VM"))
_add(_vm_power("Suspend-VM"))
_add(_vm_power("Resume-VM"))

_add(_hv("Remove-VMSavedState", ("VMName", "VMObject", "VMSnapshot"), [
    *_remote("VMName"),
    Param("VMName", "string[]", {"VMName": (0, True)}, by_value=True, not_empty=True),
    Param("VM", "vm[]", {"VMObject": (0, True)}, by_value=True),
    Param("VMSnapshot", "snapshot", {"VMSnapshot": (0, True)}, aliases=("VMCheckpoint",), by_value=True),
]))

_add(_hv("Set-VM", ("Name", "VMObject"), [
    *_remote("Name"),
    Param("Name", "string[]", {"Name": (0, True)}, aliases=("VMName",), by_value=True, not_empty=True),
    Param("VM", "vm[]", {"VMObject": (0, True)}, by_value=True),
    Param("CheckpointType", "enum", enum_type="Microsoft.HyperV.PowerShell.CheckpointType", enum_values=("Disabled", "Production", "ProductionOnly", "Standard")),
    Param("AutomaticCheckpointsEnabled", "bool"),
    Param("SnapshotFileLocation", "string"),
    # Documented parameters hvlab accepts by name but does not simulate (checkpoints do not depend on them):
    Param("GuestControlledCacheTypes", "bool", simulated=False),
    Param("LowMemoryMappedIoSpace", "uint32", simulated=False),
    Param("HighMemoryMappedIoSpace", "uint64", simulated=False),
    Param("ProcessorCount", "int64", simulated=False),
    Param("DynamicMemory", "switch", simulated=False),
    Param("StaticMemory", "switch", simulated=False),
    Param("MemoryMinimumBytes", "int64", simulated=False),
    Param("MemoryMaximumBytes", "int64", simulated=False),
    Param("MemoryStartupBytes", "int64", simulated=False),
    Param("AutomaticStartAction", "enum", enum_type="Microsoft.HyperV.PowerShell.StartAction", enum_values=("Nothing", "StartIfRunning", "Start"), simulated=False),
    Param("AutomaticStopAction", "enum", enum_type="Microsoft.HyperV.PowerShell.StopAction", enum_values=("TurnOff", "Save", "ShutDown"), simulated=False),
    Param("AutomaticStartDelay", "int32", simulated=False),
    Param("AutomaticCriticalErrorAction", "enum", enum_type="Microsoft.HyperV.PowerShell.CriticalErrorAction", enum_values=("None", "Pause"), simulated=False),
    Param("AutomaticCriticalErrorActionTimeout", "int32", simulated=False),
    Param("LockOnDisconnect", "enum", enum_type="Microsoft.HyperV.PowerShell.OnOffState", enum_values=("On", "Off"), simulated=False),
    Param("Notes", "string", simulated=False),
    Param("NewVMName", "string", simulated=False),
    Param("SmartPagingFilePath", "string", simulated=False),
    Param("Passthru", "switch"),
    Param("AllowUnverifiedPaths", "switch", simulated=False),
]))

_add(_hv("Get-VMIntegrationService", ("VMName", "VMObject", "VMSnapshot"), [
    *_remote("VMName"),
    Param("VMName", "string[]", {"VMName": (0, True)}, by_value=True, not_empty=True),
    Param("VM", "vm[]", {"VMObject": (0, True)}, by_value=True),
    Param("VMSnapshot", "snapshot", {"VMSnapshot": (0, True)}, aliases=("VMCheckpoint",), by_value=True),
    Param("Name", "string[]", {ALL: (1, False)}),
], should_process=False, changes=False))

for _verb in ("Enable", "Disable"):
    _add(_hv(f"{_verb}-VMIntegrationService", ("VMName", "VMIntegrationService", "VMObject"), [
        *_remote("VMName"),
        Param("Name", "string[]", {"VMName": (0, True), "VMObject": (0, True)}, not_empty=True),
        Param("VMName", "string[]", {"VMName": (1, True)}, by_value=True, not_empty=True),
        Param("VM", "vm[]", {"VMObject": (1, True)}, by_value=True),
        Param("VMIntegrationService", "is[]", {"VMIntegrationService": (0, True)}, by_value=True),
        Param("Passthru", "switch"),
    ]))

_add(_hv("Checkpoint-VM", ("Name", "VMObject"), [
    *_remote("Name"),
    Param("Name", "string[]", {"Name": (0, True)}, aliases=("VMName",), by_value=True, not_empty=True),
    Param("VM", "vm[]", {"VMObject": (0, True)}, by_value=True),
    Param("SnapshotName", "string", {ALL: (1, False)}, aliases=("CheckpointName",)),
    Param("AsJob", "switch"),
    Param("Passthru", "switch"),
]))

_add(_hv("Get-VMSnapshot", ("VMName", "VMObject", "Id", "Parent", "Child"), [
    Param("VMName", "string[]", {"VMName": (0, True)}, by_value=True, not_empty=True),
    *_remote("VMName", "Id"),
    Param("VM", "vm[]", {"VMObject": (0, True)}, by_value=True),
    Param("Id", "guid", {"Id": (0, True)}, by_value=True, by_property=True),
    Param("Name", "string", {"VMName": (1, False), "VMObject": (1, False), "Parent": (0, False), "Child": (0, False)}),
    Param("ParentOf", "vmbase", {"Parent": (None, True)}),
    Param("ChildOf", "snapshot", {"Child": (None, True)}),
    Param("SnapshotType", "enum", {"VMName": (None, False), "VMObject": (None, False), "Parent": (None, False), "Child": (None, False)}, aliases=("VMRecoveryCheckpoint",), enum_type="Microsoft.HyperV.PowerShell.SnapshotType", enum_values=("Standard", "Recovery", "Planned", "Missing", "Replica", "AppConsistentReplica", "SyncedReplica")),
], should_process=False, changes=False))

_add(_hv("Restore-VMSnapshot", ("SnapshotName", "SnapshotObject", "VM"), [
    *_remote("SnapshotName"),
    Param("Name", "string", {"SnapshotName": (0, True), "VM": (None, True)}, not_empty=True),
    Param("VMName", "string", {"SnapshotName": (1, True)}, not_empty=True),
    Param("VMSnapshot", "snapshot", {"SnapshotObject": (0, True)}, aliases=("VMCheckpoint",), by_value=True),
    Param("VM", "vm", {"VM": (0, True)}, by_value=True),
    Param("AsJob", "switch"),
    Param("Passthru", "switch"),
]))

_add(_hv("Remove-VMSnapshot", ("SnapshotName", "VMObject", "SnapshotObject"), [
    Param("VMName", "string[]", {"SnapshotName": (0, True)}, not_empty=True),
    *_remote("SnapshotName"),
    Param("Name", "string[]", {"SnapshotName": (1, False), "VMObject": (1, False)}, by_value=True),
    Param("VM", "vm[]", {"VMObject": (0, True)}, by_value=True),
    Param("VMSnapshot", "snapshot[]", {"SnapshotObject": (0, True)}, aliases=("VMCheckpoint",), by_value=True),
    Param("IncludeAllChildSnapshots", "switch", aliases=("IncludeAllChildCheckpoints",)),
    Param("AsJob", "switch"),
    Param("Passthru", "switch"),
]))

_add(_hv("Rename-VMSnapshot", ("SnapshotName", "SnapshotObject", "VM"), [
    *_remote("SnapshotName"),
    Param("Name", "string", {"SnapshotName": (0, True), "VM": (1, True)}, not_empty=True),
    Param("VMName", "string", {"SnapshotName": (1, True)}, not_empty=True),
    Param("VMSnapshot", "snapshot", {"SnapshotObject": (0, True)}, aliases=("VMCheckpoint",), by_value=True),
    Param("VM", "vm", {"VM": (0, True)}, by_value=True),
    Param("NewName", "string", {ALL: (2, True)}),
    Param("Passthru", "switch"),
]))

_add(_hv("Export-VMSnapshot", ("SnapshotName", "VMObject", "SnapshotObject"), [
    *_remote("SnapshotName"),
    Param("Name", "string[]", {"SnapshotName": (0, True), "VMObject": (1, True)}, by_value=True, not_empty=True),
    Param("Path", "string", {"SnapshotName": (1, True), "VMObject": (2, True), "SnapshotObject": (1, True)}, not_empty=True),
    Param("VMName", "string[]", {"SnapshotName": (None, True)}, not_empty=True),
    Param("VM", "vm[]", {"VMObject": (0, True)}, by_value=True),
    Param("VMSnapshot", "snapshot[]", {"SnapshotObject": (0, True)}, aliases=("VMCheckpoint",), by_value=True),
    Param("AsJob", "switch"),
    Param("Passthru", "switch"),
]))  # writes the export folder on the lab's host (B27)

_add(_hv("Import-VM", ("Register", "Copy", "CompatibilityReport"), [
    *_remote("Register", "Copy"),
    Param("Path", "string", {"Register": (0, True), "Copy": (0, True)}, by_value=True, not_empty=True),
    Param("Register", "switch", {"Register": (None, False)}),
    Param("Copy", "switch", {"Copy": (None, True)}),
    Param("VhdDestinationPath", "string", {"Copy": (1, False)}),
    Param("VirtualMachinePath", "string", {"Copy": (None, False)}, simulated=False),
    Param("SnapshotFilePath", "string", {"Copy": (None, False)}, aliases=("CheckpointFileLocation", "SnapshotFileLocation"), simulated=False),
    Param("SmartPagingFilePath", "string", {"Copy": (None, False)}, simulated=False),
    Param("VhdSourcePath", "string", {"Copy": (None, False)}, simulated=False),
    Param("GenerateNewId", "switch", {"Copy": (None, False)}),
    Param("CompatibilityReport", "object", {"CompatibilityReport": (0, True)}, by_value=True),
    Param("AsJob", "switch"),
]))

_add(_hv("Update-VMVersion", ("Name", "VMObject"), [
    *_remote("Name"),
    Param("Name", "string[]", {"Name": (0, True)}, aliases=("VMName",), by_value=True, not_empty=True),
    Param("VM", "vm[]", {"VMObject": (0, True)}, by_value=True),
    Param("Force", "switch"),
    Param("AsJob", "switch"),
    Param("Passthru", "switch"),
]))

_add(_hv("Get-VMHostSupportedVersion", ("ComputerName", "CimSession"), [
    Param("ComputerName", "string[]", {"ComputerName": (0, False)}, by_value=True),
    Param("Credential", "credential[]", {"ComputerName": (1, False)}),
    Param("CimSession", "cimsession[]", {"CimSession": (0, True)}, by_property=True),
    Param("Default", "switch"),
], should_process=False, changes=False))

_add(_hv("Get-VHD", ("Path", "Disk", "VMId"), [
    Param("Path", "string[]", {"Path": (0, True)}, aliases=("FullName",), by_value=True, by_property=True, not_empty=True),
    Param("DiskNumber", "uint32", {"Disk": (0, True)}, aliases=("Number",), by_property=True),
    Param("VMId", "guid[]", {"VMId": (0, True)}, aliases=("Id",), by_value=True, by_property=True),
    *_remote(ALL),
], should_process=False, command_type="Microsoft.Vhd.PowerShell.Cmdlets.GetVHD", changes=False))

_add(_hv("Merge-VHD", ("Default",), [
    Param("Path", "string", {ALL: (0, True)}, aliases=("FullName",), by_value=True, by_property=True, not_empty=True),
    Param("DestinationPath", "string", {ALL: (1, False)}, not_empty=True),
    Param("Force", "switch"),
    Param("AsJob", "switch"),
    Param("Passthru", "switch"),
    *_remote(ALL),
], command_type="Microsoft.Vhd.PowerShell.Cmdlets.MergeVHD"))

# The storage QoS and cache parameters Set- and Add-VMHardDiskDrive share on their reference pages;
# hvlab accepts them and simulates none.
_DRIVE_QOS = [
    Param("AllowUnverifiedPaths", "switch", simulated=False),
    Param("MaximumIOPS", "uint64", simulated=False),
    Param("MinimumIOPS", "uint64", simulated=False),
    Param("QoSPolicyID", "string", simulated=False),
    Param("QoSPolicy", "object", simulated=False),
    Param("OverrideCacheAttributes", "enum", enum_type="Microsoft.HyperV.PowerShell.CacheAttributes",
          enum_values=("Default", "WriteCacheEnabled", "WriteCacheAndFUAEnabled", "WriteCacheDisabled"), simulated=False),
]
_add(_hv("Set-VMHardDiskDrive", ("VMName", "Object"), [
    *_remote(ALL),
    Param("VMName", "string", {"VMName": (0, True)}, not_empty=True),
    Param("ControllerType", "enum", {"VMName": (1, False)}, enum_type="Microsoft.HyperV.PowerShell.ControllerType", enum_values=("IDE", "SCSI")),
    Param("ControllerNumber", "int32", {"VMName": (2, False)}),
    Param("ControllerLocation", "int32", {"VMName": (3, False)}),
    Param("VMHardDiskDrive", "object", {"Object": (0, True)}, by_value=True),
    Param("Path", "string", {ALL: (4, False)}),
    Param("ToControllerType", "enum", enum_type="Microsoft.HyperV.PowerShell.ControllerType", enum_values=("IDE", "SCSI")),
    Param("ToControllerNumber", "int32"),
    Param("ToControllerLocation", "int32"),
    Param("DiskNumber", "uint32", aliases=("Number",), by_property=True),
    Param("ResourcePoolName", "string", simulated=False),
    Param("SupportPersistentReservations", "bool", aliases=("ShareVirtualDisk",), simulated=False),
    *_DRIVE_QOS,
    Param("Passthru", "switch"),
]))

# --- Drives and disk sizes (reference B29-B31): Add-/Get-/Remove-VMHardDiskDrive, Resize-VHD,
# Add-VMFibreChannelHba, from their winserver2022-ps pages ----------------------------------------
_CONTROLLER_TYPE = {"enum_type": "Microsoft.HyperV.PowerShell.ControllerType", "enum_values": ("IDE", "SCSI")}
_add(_hv("Add-VMHardDiskDrive", ("VMName", "VMObject", "VMDriveController"), [
    *_remote("VMName"),
    Param("VMName", "string[]", {"VMName": (0, True)}, by_value=True, not_empty=True),
    Param("VM", "vm[]", {"VMObject": (0, True)}, by_value=True),
    Param("VMDriveController", "object", {"VMDriveController": (0, True)}, by_value=True),
    Param("ControllerType", "enum", {"VMName": (1, False), "VMObject": (1, False)}, **_CONTROLLER_TYPE),  # type: ignore[arg-type]
    Param("ControllerNumber", "int32", {"VMName": (2, False), "VMObject": (2, False)}),
    Param("ControllerLocation", "int32", {"VMName": (3, False), "VMObject": (3, False), "VMDriveController": (1, False)}),
    Param("Path", "string", {"VMName": (4, False), "VMObject": (4, False), "VMDriveController": (2, False)}),
    Param("DiskNumber", "uint32", aliases=("Number",), by_property=True),
    Param("SupportPersistentReservations", "switch", aliases=("ShareVirtualDisk",)),
    Param("ResourcePoolName", "string", simulated=False),
    *_DRIVE_QOS,
    Param("Passthru", "switch"),
]))

_add(_hv("Get-VMHardDiskDrive", ("VMName", "VMObject", "VMSnapshot", "VMDriveController"), [
    *_remote("VMName"),
    Param("VMName", "string[]", {"VMName": (0, True)}, by_value=True, not_empty=True),
    Param("VM", "vm[]", {"VMObject": (0, True)}, by_value=True),
    Param("VMSnapshot", "snapshot", {"VMSnapshot": (0, True)}, aliases=("VMCheckpoint",), by_value=True),
    Param("VMDriveController", "object[]", {"VMDriveController": (0, True)}, by_value=True),
    Param("ControllerLocation", "int32"),
    Param("ControllerNumber", "int32", {"VMName": (None, False), "VMObject": (None, False), "VMSnapshot": (None, False)}),
    Param("ControllerType", "enum", {"VMName": (None, False), "VMObject": (None, False), "VMSnapshot": (None, False)}, **_CONTROLLER_TYPE),  # type: ignore[arg-type]
], should_process=False, changes=False))

_add(_hv("Remove-VMHardDiskDrive", ("VMName", "VMHardDiskDrive"), [
    *_remote("VMName"),
    Param("VMName", "string", {"VMName": (0, True)}, not_empty=True),
    Param("ControllerType", "enum", {"VMName": (1, True)}, **_CONTROLLER_TYPE),  # type: ignore[arg-type]
    Param("ControllerNumber", "int32", {"VMName": (2, True)}),
    Param("ControllerLocation", "int32", {"VMName": (3, True)}),
    Param("VMHardDiskDrive", "object[]", {"VMHardDiskDrive": (0, True)}, by_value=True),
    Param("Passthru", "switch"),
]))

_add(_hv("Resize-VHD", ("Size", "MinimumSize"), [
    Param("Path", "string[]", {ALL: (0, True)}, aliases=("FullName",), by_value=True, by_property=True, not_empty=True),
    Param("SizeBytes", "uint64", {"Size": (1, True)}),
    Param("ToMinimumSize", "switch", {"MinimumSize": (None, True)}),
    Param("AsJob", "switch"),
    Param("Passthru", "switch"),
    *_remote(ALL),
], command_type="Microsoft.Vhd.PowerShell.Cmdlets.ResizeVHD"))

_WWN = {"VMName and manual WWN": (None, True), "VM Object and manual WWN": (None, True)}
_add(_hv("Add-VMFibreChannelHba", ("VMName and GenerateWwn", "VMName and manual WWN", "VM object and GenerateWwn", "VM Object and manual WWN"), [
    *_remote("VMName and GenerateWwn", "VMName and manual WWN"),
    Param("VMName", "string", {"VMName and GenerateWwn": (0, True), "VMName and manual WWN": (0, True)}, by_value=True, not_empty=True),
    Param("VM", "vm[]", {"VM object and GenerateWwn": (0, True), "VM Object and manual WWN": (0, True)}, by_value=True),
    Param("SanName", "string", {ALL: (1, True)}),
    Param("GenerateWwn", "switch", {"VMName and GenerateWwn": (None, False), "VM object and GenerateWwn": (None, False)}),
    Param("WorldWideNodeNameSetA", "string", dict(_WWN), aliases=("Wwnn1",), simulated=False),
    Param("WorldWidePortNameSetA", "string", dict(_WWN), aliases=("Wwpn1",), simulated=False),
    Param("WorldWideNodeNameSetB", "string", dict(_WWN), aliases=("Wwnn2",), simulated=False),
    Param("WorldWidePortNameSetB", "string", dict(_WWN), aliases=("Wwpn2",), simulated=False),
    Param("Passthru", "switch"),
]))

_add(_hv("Get-VMFibreChannelHba", ("VMName", "VMObject"), [
    *_remote("VMName"),
    Param("VMName", "string[]", {"VMName": (0, True)}, by_value=True, not_empty=True),
    Param("VM", "vm[]", {"VMObject": (0, True)}, by_value=True),
], should_process=False, changes=False))

_add(_hv("Remove-VMFibreChannelHba", ("VMFibreChannelHba", "VMName and WWN"), [
    Param("VMFibreChannelHba", "object[]", {"VMFibreChannelHba": (0, True)}, by_value=True),
    Param("VMName", "string", {"VMName and WWN": (0, True)}, not_empty=True),
    Param("WorldWideNodeNameSetA", "string", {"VMName and WWN": (1, True)}, aliases=("Wwnn1",)),
    Param("WorldWidePortNameSetA", "string", {"VMName and WWN": (2, True)}, aliases=("Wwpn1",)),
    Param("WorldWideNodeNameSetB", "string", {"VMName and WWN": (3, True)}, aliases=("Wwnn2",)),
    Param("WorldWidePortNameSetB", "string", {"VMName and WWN": (4, True)}, aliases=("Wwpn2",)),
    Param("Passthru", "switch"),
    *_remote(ALL),
]))

# --- PowerShell's own utility cmdlets (Microsoft.PowerShell.Core / .Utility) ---------------------


def _utility(name: str, sets: tuple[str, ...], params: list[Param], aggregate: bool = True, module: str = "Microsoft.PowerShell.Commands") -> CmdletSpec:
    lower = name.lower()
    area = "microsoft.powershell.core" if name in ("Where-Object", "ForEach-Object", "Get-Help", "Get-Command") else "microsoft.powershell.utility"
    return CmdletSpec(
        name=name,
        params=tuple(params + _common()),
        sets=sets,
        source=f"https://learn.microsoft.com/powershell/module/{area}/{lower}",
        aggregate=aggregate,
        command_type=f"{module}.{name.replace('-', '')}Command",
    )


_COMPARISONS = ("EQ", "NE", "GT", "GE", "LT", "LE", "Like", "NotLike", "Match", "NotMatch", "Contains", "NotContains", "In", "NotIn")
_add(_utility("Where-Object", ("ScriptBlockSet", "PropertySet"), [
    Param("InputObject", "object", by_value=True),
    Param("FilterScript", "scriptblock", {"ScriptBlockSet": (0, True)}),
    Param("Property", "string", {"PropertySet": (0, True)}),
    Param("Value", "object", {"PropertySet": (1, False)}),
    *[Param(op, "switch", {"PropertySet": (None, False)}, aliases=(("IEQ",) if op == "EQ" else ())) for op in _COMPARISONS],
]))
_add(_utility("ForEach-Object", ("ScriptBlockSet", "PropertyAndMethodSet"), [
    Param("InputObject", "object", by_value=True),
    Param("Process", "scriptblock", {"ScriptBlockSet": (0, True)}),
    Param("MemberName", "string", {"PropertyAndMethodSet": (0, True)}),
]))
_add(_utility("Select-Object", ("DefaultParameter",), [
    Param("InputObject", "object", by_value=True),
    Param("Property", "object[]", {ALL: (0, False)}),
    Param("ExpandProperty", "string"),
    Param("First", "int32"),
    Param("Last", "int32"),
    Param("Skip", "int32"),
    Param("Unique", "switch"),
]))
_add(_utility("Sort-Object", ("Default",), [
    Param("InputObject", "object", by_value=True),
    Param("Property", "object[]", {ALL: (0, False)}),
    Param("Descending", "switch"),
    Param("Unique", "switch"),
]))
_add(_utility("Format-Table", ("Default",), [
    Param("InputObject", "object", by_value=True),
    Param("Property", "object[]", {ALL: (0, False)}),
    Param("AutoSize", "switch"),
    Param("Wrap", "switch"),
    Param("HideTableHeaders", "switch"),
]))
_add(_utility("Format-List", ("Default",), [
    Param("InputObject", "object", by_value=True),
    Param("Property", "object[]", {ALL: (0, False)}),
]))
_add(_utility("Measure-Object", ("Default",), [
    Param("InputObject", "object", by_value=True),
]))
_add(_utility("Get-Help", ("AllUsersView",), [
    Param("Name", "string", {ALL: (0, False)}),
    Param("Full", "switch"),
    Param("Detailed", "switch"),
    Param("Examples", "switch"),
    Param("Online", "switch"),
], aggregate=False))
_add(_utility("Get-Command", ("CmdletSet",), [
    Param("Name", "string[]", {ALL: (0, False)}),
    Param("Module", "string[]"),
], aggregate=False))
_add(_utility("Write-Output", ("Default",), [
    Param("InputObject", "object[]", {ALL: (0, True)}, by_value=True),
], aggregate=False))

# --- hvlab's lab-only cmdlets (not Hyper-V's) -----------------------------------------------------


def _lab(name: str, sets: tuple[str, ...], params: list[Param], effect: LabEffect = LabEffect.NONE) -> CmdletSpec:
    return CmdletSpec(name=name, params=tuple(params + _common()), sets=sets, source="", lab_only=True, effect=effect, command_type="hvlab." + name.replace("-", ""))


_add(_lab("Set-LabGuest", ("Default",), [
    Param("VMName", "string[]", {ALL: (0, True)}, by_value=True, not_empty=True),
    Param("OperatingSystem", "enum", aliases=("OS",), enum_type="hvlab.GuestOS", enum_values=_GUEST_OS_VALUES),
    Param("Role", "string[]", validate_set=()),
    Param("IntegrationServicesInstalled", "bool"),
    Param("VssRequesterRunning", "bool"),
], LabEffect.OPERATION))
_add(_lab("Complete-LabBoot", ("Default",), [Param("VMName", "string[]", {ALL: (0, True)}, by_value=True, not_empty=True)], LabEffect.OPERATION))
_add(_lab("Set-LabBootHold", ("Default",), [
    Param("VMName", "string[]", {ALL: (0, True)}, not_empty=True),
    Param("Hold", "bool", {ALL: (1, True)}),
]))
_add(_lab("Get-LabCheckpointPreview", ("Default",), [Param("VMName", "string[]", {ALL: (0, True)}, by_value=True, not_empty=True)]))
_add(_lab("Get-LabEvent", ("Default",), [
    Param("VMName", "string[]", {ALL: (0, True)}, by_value=True, not_empty=True),
    Param("Newest", "int32"),
]))
_add(_lab("Undo-LabOperation", ("Default",), [], LabEffect.UNDO))
_add(_lab("Start-LabBackup", ("Default",), [
    Param("VMName", "string[]", {ALL: (0, True)}, by_value=True, not_empty=True),
    Param("Outcome", "string", {ALL: (1, False)}, validate_set=("Succeeded", "CheckpointLeft", "FilesLeft")),
    Param("Passthru", "switch"),
], LabEffect.OPERATION))

# The host volume, lab-only (B29): its size, and other files that fill it or are deleted.
_add(_lab("Get-LabHostVolume", ("Default",), []))
_add(_lab("Set-LabHostVolume", ("Size", "Fill", "Delete", "DeleteAll"), [
    Param("SizeGB", "uint64", {"Size": (0, True)}),
    Param("FreeGB", "uint64", {"Fill": (None, True)}),
    Param("DeleteOtherFilesGB", "uint64", {"Delete": (None, True)}),
    Param("AllOtherFiles", "switch", {"DeleteAll": (None, True)}),
], LabEffect.OPERATION))

ALIASES: dict[str, str] = {
    # The Hyper-V module's checkpoint aliases (USING; Checkpoint-VM reference note).
    "get-vmcheckpoint": "Get-VMSnapshot",
    "restore-vmcheckpoint": "Restore-VMSnapshot",
    "remove-vmcheckpoint": "Remove-VMSnapshot",
    "rename-vmcheckpoint": "Rename-VMSnapshot",
    "export-vmcheckpoint": "Export-VMSnapshot",
    # PowerShell's built-in aliases (Get-Alias on Windows PowerShell 5.1).
    "?": "Where-Object",
    "where": "Where-Object",
    "%": "ForEach-Object",
    "foreach": "ForEach-Object",
    "select": "Select-Object",
    "sort": "Sort-Object",
    "ft": "Format-Table",
    "fl": "Format-List",
    "measure": "Measure-Object",
    "help": "Get-Help",
    "gcm": "Get-Command",
    "echo": "Write-Output",
    "write": "Write-Output",
}
