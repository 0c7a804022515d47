"""Where every quoted line comes from.

Every string hvlab shows as Hyper-V's, PowerShell's, VMConnect's, Hyper-V Manager's or a
guest's own words has a provenance entry: Microsoft documentation (URL), a published
observation (third-party URL) or hvlab's own sentence; the learner sees the source where the
line is shown. Each audit fix has a test that fails on the old text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import hvlab
from hvlab import GuestOS, GuestProfile, GuestRole, Lab, VMState
from hvlab import catalog
from hvlab.catalog import text
from hvlab.reference import ProvenanceStatus, provenance_keys, provenance_of, provenance_of_event, provenance_of_line

ROOT = Path(__file__).resolve().parents[2]

# hvlab's own sentences among the PowerShell console's catalog keys (the rest are PowerShell's).
HVLAB_PS_KEYS = {"ps.note_prefix", "ps.nothing_changed", "ps.hvlab_wording", "ps.new_vm_default_name"}
HVLAB_PS_PREFIXES = ("ps.hvlab.", "ps.note.", "ps.help.", "ps.console.", "ps.construct.", "ps.unsupported")


@pytest.fixture(autouse=True)
def english():
    hvlab.set_language("en")
    yield
    hvlab.set_language("en")


def quoted_keys() -> set[str]:
    """Catalog keys whose text hvlab shows as someone else's own words, found systematically:
    by key prefix (hyperv.*, guest_verbatim.*), PowerShell's messages (ps.* that are not hvlab's),
    and the Hyper-V Manager labels the labs show."""
    english = catalog._load("en")
    keys = {k for k in english if k.startswith(("hyperv.", "guest_verbatim.", "integration_service."))}
    keys |= {
        k for k, v in english.items()
        if k.startswith("ps.") and k not in HVLAB_PS_KEYS and not k.startswith(HVLAB_PS_PREFIXES) and not v.startswith("[hvlab]")
    }
    keys |= {k for k in english if k.startswith("widget.explorer.setting_means.")}
    keys |= {
        "widget.explorer.enable_checkpoints", "widget.explorer.select_type", "widget.explorer.production_checkpoints",
        "widget.explorer.standard_checkpoints", "widget.explorer.fallback", "widget.explorer.integration_services",
        "widget.lab.checkpoint", "widget.lab.apply", "widget.lab.delete", "widget.lab.delete_subtree",
    }
    return keys


def test_every_quoted_line_has_a_provenance_entry():
    missing = quoted_keys() - set(provenance_keys())
    assert not missing, f"add to hvlab/data/provenance.json: {sorted(missing)}"


def test_every_provenance_entry_names_a_real_message_and_a_url():
    """No entry for a message that does not exist; documented/observed entries have a URL."""
    english, japanese = catalog._load("en"), catalog._load("ja")
    for key in provenance_keys():
        assert key in english and key in japanese, key
        origin = provenance_of(key)
        if origin.status is ProvenanceStatus.HVLAB:
            assert origin.source is None and origin.url is None
        else:
            assert origin.url and origin.url.startswith("https://"), key
            assert origin.source.by_microsoft == (origin.status is ProvenanceStatus.DOCUMENTED), key


def test_observed_lines_say_they_are_observed():
    """The note under a third party's published output says it is an observation."""
    origin = provenance_of("hyperv.disabled_for")
    assert origin.status is ProvenanceStatus.OBSERVED
    assert "observed" in origin.note and "vagrant" in origin.url
    assert provenance_of("hyperv.production_created").note.startswith("— Microsoft documentation: ")
    hvlab.set_language("ja")
    assert "観察" in provenance_of("hyperv.disabled_for").note


def test_a_finished_line_finds_its_provenance():
    """The console and the event log get finished text; the template match finds the key."""
    line = catalog.text("hyperv.disabled_for", vm="web01", vm_id="0F3A")
    assert provenance_of_line(line).key == "hyperv.disabled_for"
    assert provenance_of_line("web01 is now Running.") is None


def test_event_1109_is_the_whole_text_the_source_shows():
    """DC-RESTORE's example Event 1109 output, whole (the old text was its second line only)."""
    text = catalog.text("guest_verbatim.event_1109")
    assert text.splitlines()[0] == "Active Directory has been restored from backup media, or has been configured to host an application partition."
    assert "The invocationID attribute for this directory server has been changed." in text
    assert "InvocationID attribute (old value):<Previous InvocationID value>" in text
    assert text.endswith("is configured to host a writeable application directory partition.")
    assert provenance_of("guest_verbatim.event_1109").source.key == "DC-RESTORE"


@pytest.mark.parametrize("key", ["guest_verbatim.event_2095", "guest_verbatim.event_1109", "guest_verbatim.sql_writer"])
def test_hvlab_prefixes_are_not_inside_verbatim_text(key):
    """"Event ID 2095: " and "SQL Server: " are hvlab's: they are fields, not quoted text."""
    for language in ("en", "ja"):
        text = catalog._load(language)[key]
        assert not text.startswith(("Event ID", "SQL Server:")), (language, key)


def test_2095_is_marked_an_excerpt():
    assert provenance_of("guest_verbatim.event_2095").excerpt
    assert "(excerpt)" in provenance_of("guest_verbatim.event_2095").note


def _old_dc_rolled_back(lab: Lab):
    vm = lab.new_vm("dc00", GuestProfile.old_domain_controller())
    vm.start()
    vm.complete_boot()
    vm.checkpoint("before")
    vm.change_directory("create user alice")
    vm.apply("before")
    return vm


def test_directory_events_carry_id_log_and_source_as_fields():
    lab = Lab(seed=3)
    vm = _old_dc_rolled_back(lab)
    vm.restore_directory_in_dsrm()
    event = next(e for e in vm.events if e.event_id == 1109)
    assert event.verbatim and event.message == catalog.text("guest_verbatim.event_1109")
    assert event.event_log == "Directory Services" and event.provenance == "guest_verbatim.event_1109"
    assert "Event ID 1109" in str(event)
    assert provenance_of_event(event).source.key == "DC-RESTORE"
    again = hvlab.events.Event.from_dict(json.loads(json.dumps(event.to_dict())))
    assert again == event


def test_usn_rollback_event_2095_fields():
    lab = Lab(seed=4)
    vm = _old_dc_rolled_back(lab)
    vm.start()
    vm.complete_boot()
    vm.change_directory("create user bob")
    event = next(e for e in vm.events if e.event_id == 2095)
    assert event.event_source == "Microsoft-Windows-ActiveDirectory_DomainService"
    assert event.message.startswith("During an Active Directory Domain Services replication request")


def test_sql_writer_error_names_sql_server_as_a_field():
    lab = Lab(seed=5)
    vm = lab.new_vm("sql01", GuestProfile.windows(GuestOS.WINDOWS_SERVER_2022, GuestRole.SQL_SERVER))
    vm.start()
    vm.complete_boot()
    vm.checkpoint()
    event = next(e for e in vm.events if e.provenance == "guest_verbatim.sql_writer")
    assert event.event_source == "SQL Server" and event.message.startswith("BACKUP failed")
    assert provenance_of_event(event).source.key == "BLOG-HVR14"
    assert vm.state is VMState.RUNNING


def test_hyperv_lines_shown_as_text_find_their_source():
    """A Hyper-V line received as finished text (placeholders filled) is matched to its catalog
    template, so a console or a log can show where it comes from; hvlab's narration is not."""
    line = text("hyperv.disabled_for", vm="web01", vm_id="6F6A4C2E-0000-4000-8000-000000000000")
    found = provenance_of_line(line)
    assert found is not None and found.key == "hyperv.disabled_for" and found.url
    assert provenance_of_line("Checkpoint 'x' created.") is None


def test_disk_chain_lab_event_list_shows_the_source_note():
    """Where the line is shown, a short source note links to the source."""
    pytest.importorskip("ipywidgets")
    from hvlab.widgets.disk_chain_lab import DiskChainLab

    lab = Lab(seed=6)
    lab.new_vm("sql01", GuestProfile.windows(GuestOS.WINDOWS_SERVER_2022, GuestRole.SQL_SERVER))
    lab_widget = DiskChainLab(lab)
    vm = lab_widget.vm
    vm.start()
    vm.complete_boot()
    vm.checkpoint()  # the guest's SQL Server writer logs its error (B12): a quoted line
    html = lab_widget._events_html()
    assert "hvlab-source" in html and "learn.microsoft.com" in html
