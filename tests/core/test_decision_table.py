"""The instructor's handout agrees with the reference's decision table (rows D1–O4)."""

from __future__ import annotations

import pytest

from hvlab.decision_table import decision_rows

ROWS = {(r.checkpoint_setting, r.vm_state, r.backup_integration_service, r.guest): r for r in decision_rows()}
GUESTS = ("windows", "linux-with-vss-daemon", "linux-without-vss-daemon")
STATES = ("Off", "Starting", "Running", "Paused", "Saved")


def row(setting, state, backup, guest):
    return ROWS[(setting, state, backup, guest)]


def test_every_combination_once():
    """4 settings × 5 states × 2 backup toggles × 3 guests, each exactly once."""
    assert len(decision_rows()) == len(ROWS) == 120


@pytest.mark.parametrize("state", STATES)
def test_d1_disabled_is_always_an_error(state):
    """D1: Disabled → error, no checkpoint, whatever else."""
    for backup in ("on", "off"):
        for guest in GUESTS:
            r = row("Disabled", state, backup, guest)
            assert (r.result, r.memory_saved, r.state_after_apply) == ("Error", "-", "-")


@pytest.mark.parametrize("state", ["Starting", "Running", "Paused", "Saved"])
def test_s2_s4_standard_saves_memory_and_applies_saved(state):
    """S2–S4: Standard of a non-Off VM holds memory; after apply the VM is Saved (B14, assumed)."""
    for backup in ("on", "off"):
        for guest in GUESTS:
            r = row("Standard", state, backup, guest)
            assert (r.result, r.memory_saved, r.state_after_apply) == ("Standard", "yes", "Saved")


@pytest.mark.parametrize("setting,label", [("Standard", "Standard"), ("Production", "Production"), ("ProductionOnly", "Production")])
def test_s1_p9_o4_off_vm(setting, label):
    """S1/P9/O4 (B8): an Off VM's checkpoint holds no memory and applies Off, under every enabled setting."""
    for guest in GUESTS:
        r = row(setting, "Off", "on", guest)
        assert (r.result, r.memory_saved, r.state_after_apply) == (label, "no", "Off")


def test_p1_p2_production_when_ready():
    """P1/P2/O1: Running, booted, Backup on, guest VSS-ready → production, no memory, Off after apply."""
    for setting in ("Production", "ProductionOnly"):
        for guest, consistency in (("windows", "application-consistent"), ("linux-with-vss-daemon", "file-system-consistent")):
            r = row(setting, "Running", "on", guest)
            assert (r.result, r.memory_saved, r.state_after_apply, r.consistency) == ("Production", "no", "Off", consistency)


def test_p3_p8_fallbacks_and_o2_o3_errors():
    """P3–P8 fall back to standard under Production; O2/O3 are errors under ProductionOnly."""
    not_ready = [
        ("Running", "on", "linux-without-vss-daemon", "B5"),
        ("Running", "off", "windows", "B4"),
        ("Starting", "on", "windows", "B3"),
        ("Saved", "on", "windows", "B7"),
        ("Paused", "on", "linux-with-vss-daemon", "B7"),
    ]
    for state, backup, guest, rule in not_ready:
        fallback = row("Production", state, backup, guest)
        assert (fallback.result, fallback.memory_saved, fallback.state_after_apply) == ("Standard", "yes", "Saved")
        assert fallback.failing_rules.split()[0] == rule
        error = row("ProductionOnly", state, backup, guest)
        assert (error.result, error.memory_saved, error.state_after_apply) == ("Error", "-", "-")
