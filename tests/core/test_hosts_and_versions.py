"""Hosts and configuration versions (reference B26, VMVER): which host can create and run which
version, one-way upgrades, and no lab showing a combination no host can run."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import examples  # the example count per Hypothesis profile (tests/support.py)

from hvlab import ConfigurationError, HostKind, InvalidStateError, Lab, LabFileError, VMState
from hvlab.catalog import text
from hvlab.persistence import dumps, loads
from hvlab.reference import supported_versions

ALL_VERSIONS = sorted({v for host in HostKind for v in host.supported_versions})


def test_hosts_read_their_rows_of_microsofts_table():
    """B26: each host's versions are its row of VMVER's table (read from the reference, once)."""
    assert HostKind.WINDOWS_SERVER_2016.supported_versions == ((8, 0), (7, 1), (7, 0), (6, 2), (5, 0))
    assert (5, 0) in HostKind.WINDOWS_SERVER_2019.supported_versions and (9, 0) == HostKind.WINDOWS_SERVER_2019.default_version
    assert not HostKind.WINDOWS_SERVER_2022.can_run((5, 0)) and HostKind.WINDOWS_SERVER_2022.default_version == (10, 0)
    assert HostKind.WINDOWS_SERVER_2025.default_version == (12, 0)
    for host in HostKind:
        assert [f"{a}.{b}" for a, b in host.supported_versions] == list(supported_versions(host.value))


def test_old_host_names_keep_their_meaning():
    """Callers and saved labs that said "Windows Server" / "Windows 11" get those hosts, with the
    automatic-checkpoint defaults of B21."""
    assert HostKind.WINDOWS_SERVER is HostKind.WINDOWS_SERVER_2022 and HostKind.WINDOWS_CLIENT is HostKind.WINDOWS_11
    assert Lab().host is HostKind.WINDOWS_SERVER_2022
    assert Lab(host="Windows Server").host is HostKind.WINDOWS_SERVER_2022
    assert Lab(host="Windows 11").host is HostKind.WINDOWS_11
    assert Lab(host="WINDOWS_SERVER_2019").host is HostKind.WINDOWS_SERVER_2019
    assert not Lab(host=HostKind.WINDOWS_SERVER_2025).new_vm("s").automatic_checkpoints
    assert Lab(host=HostKind.WINDOWS_10).new_vm("c").automatic_checkpoints
    with pytest.raises(ConfigurationError):
        Lab(host="Windows 95")


@pytest.mark.parametrize("host", list(HostKind))
@pytest.mark.parametrize("version", ALL_VERSIONS)
def test_a_vm_is_created_only_at_a_version_its_host_runs(host, version):
    """B26: New-VM -Version succeeds exactly for the versions in the host's row; a refusal
    leaves the lab as it was."""
    lab = Lab(seed=3, host=host)
    before = lab.to_dict()
    if host.can_run(version):
        assert lab.new_vm("v", version="{}.{}".format(*version)).configuration_version == version
    else:
        with pytest.raises(ConfigurationError) as info:
            lab.new_vm("v", version=version)
        assert info.value.rule == "B26" and host.label in str(info.value)
        assert lab.to_dict() == before


def test_a_new_vm_gets_its_hosts_version():
    assert Lab(host=HostKind.WINDOWS_SERVER_2019).new_vm("a").configuration_version == (9, 0)
    assert Lab().new_vm("b").configuration_version == (10, 0)


def test_a_version_is_never_downgraded():
    """VMVER: "You can't downgrade a virtual machine configuration version after you've
    upgraded it." The core refuses, the lab is unchanged (the explorer used to allow 10.0 → 5.0)."""
    lab = Lab(host=HostKind.WINDOWS_SERVER_2019)
    vm = lab.new_vm("web01")
    before = lab.to_dict()
    for older in ((5, 0), (8, 0)):
        with pytest.raises(ConfigurationError) as info:
            vm.set_configuration_version(older)
        assert info.value.rule == "B26"
        assert lab.to_dict() == before
    assert "You can't downgrade a virtual machine configuration version" in text("error.version_downgrade", vm="v", current="9.0", version="5.0")


def test_update_vmversion_upgrades_an_off_vm_to_its_hosts_version_once():
    """Update-VMVersion (VMVER): VM shut down, up to the host's version, one way; a VM already
    there, or not Off, is refused and nothing changes."""
    lab = Lab(host=HostKind.WINDOWS_SERVER_2019)
    vm = lab.new_vm("legacy", version="5.0")
    vm.put_in_state(VMState.RUNNING)
    with pytest.raises(InvalidStateError):
        vm.upgrade_configuration_version()
    vm.put_in_state(VMState.OFF)
    result = vm.upgrade_configuration_version()
    assert vm.configuration_version == (9, 0) and result.summary == text("result.version_upgraded", old="5.0", new="9.0")
    before = lab.to_dict()
    with pytest.raises(ConfigurationError):
        vm.upgrade_configuration_version()
    assert lab.to_dict() == before
    lab.undo()
    assert vm.configuration_version == (5, 0)


def test_a_chosen_upgrade_stays_within_the_host():
    """The lab control upgrades to a chosen version, never past what the host runs (B26)."""
    lab = Lab(host=HostKind.WINDOWS_SERVER_2016)
    vm = lab.new_vm("old", version="5.0")
    vm.set_configuration_version("6.2")
    assert vm.configuration_version == (6, 2)
    with pytest.raises(ConfigurationError):
        vm.set_configuration_version((10, 0))
    assert vm.configuration_version == (6, 2)


def test_saved_labs_never_show_a_combination_no_host_runs():
    """A lab saved as "Windows Server" with a 5.0 VM loads on a Windows Server that runs 5.0; a
    file naming a host that cannot run its VM is refused (B26)."""
    lab = Lab(host=HostKind.WINDOWS_SERVER_2019)
    lab.new_vm("legacy", version="5.0")
    document = dumps(lab)
    assert loads(document).host is HostKind.WINDOWS_SERVER_2019
    loaded = loads(document.replace('"host": "Windows Server 2019"', '"host": "Windows Server"'))
    assert loaded.host is HostKind.WINDOWS_SERVER_2019 and loaded.vm("legacy").configuration_version == (5, 0)
    assert loads(dumps(Lab(seed=2))).host is HostKind.WINDOWS_SERVER_2022
    with pytest.raises(LabFileError):
        loads(document.replace('"host": "Windows Server 2019"', '"host": "Windows Server 2022"'))


@settings(max_examples=examples(60), deadline=None)
@given(
    host=st.sampled_from(list(HostKind)),
    steps=st.lists(st.one_of(st.sampled_from(ALL_VERSIONS), st.just("upgrade"), st.sampled_from(list(VMState))), max_size=12),
)
def test_no_sequence_of_clicks_reaches_a_version_the_host_cannot_run_or_goes_down(host, steps):
    """B26: whatever a learner tries, a VM's version is one its host runs and never decreases."""
    lab = Lab(seed=4, host=host)
    vm = lab.new_vm("v", version=min(host.supported_versions))
    for step in steps:
        before = vm.configuration_version
        try:
            if step == "upgrade":
                vm.upgrade_configuration_version()
            elif isinstance(step, VMState):
                vm.put_in_state(step)
            else:
                vm.set_configuration_version(step)
        except (ConfigurationError, InvalidStateError):
            assert vm.configuration_version == before
        assert host.can_run(vm.configuration_version) and vm.configuration_version >= before
