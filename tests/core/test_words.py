"""What the learner reads: rules cited by what they say, assumptions said once, each line
true of this VM, printed text wrapped between words."""

from __future__ import annotations

import pytest

import hvlab
from hvlab.catalog import text
from hvlab.checkpoint_type import CheckpointType
from hvlab.decision_table import decision_rows
from hvlab.lab import Lab
from hvlab.printing import columns, wrap_line
from hvlab.reference import ruling, source
from hvlab.reference.citations import assumption_line, cite_html, cite_text, cited_rules
from hvlab.states import VMState


@pytest.fixture(autouse=True)
def english():
    hvlab.set_language("en")
    yield
    hvlab.set_language("en")


def flat(printed: str) -> str:
    """Printed text with its wrapping undone."""
    return " ".join(printed.split())


def saved_vm():
    lab = Lab(seed=0)
    vm = lab.new_vm("web01")
    vm.put_in_state(VMState.SAVED)
    return vm


def test_printed_preview_cites_rules_by_their_titles_and_says_how_to_open_them():
    """No bare [B7] or "because of B7": the rule's title goes with its id, and one line says
    how to open the entries."""
    printed = str(saved_vm().preview_checkpoint())
    assert "[B" not in printed and "because of B" not in printed
    assert flat(f"{ruling('B7').title} — rule B7") in flat(printed)
    assert printed.splitlines()[-1].startswith("To open a rule's entry: python -m hvlab explain B7")


def test_source_keys_become_their_titles():
    """(USING) reads as the page's title in text and as a link to it in HTML."""
    using = source("USING")
    assert cite_text("Notepad is not open (USING).") == f"Notepad is not open ({using.title})."
    html = cite_html("Right (B6, VMVER).")
    assert f'href="{source("VMVER").url}"' in html and ruling("B6").title in html and "VMVER" not in html.split("href")[0]


def test_a_name_in_a_sentence_is_not_a_citation():
    """KB875495 named in a sentence stays as written; only a bracketed group of ids is cited."""
    sentence = "KB875495 lists three ways to recover."
    assert cite_text(sentence) == sentence and cited_rules(sentence) == ()


@pytest.mark.parametrize("state", [VMState.SAVED, VMState.PAUSED])
def test_b3_fail_line_fits_a_saved_or_paused_vm(state):
    """A Saved or Paused VM is not "booting": B3's line says what the VM is."""
    lab = Lab(seed=0)
    vm = lab.new_vm("web01")
    vm.put_in_state(state)
    b3 = next(c for c in vm.preview_checkpoint().checks if c.rule == "B3")
    assert b3.passed is False and "booting" not in b3.detail and state.value in b3.detail


def test_b3_fail_line_of_a_booting_guest_says_it_is_booting():
    lab = Lab(seed=0)
    vm = lab.new_vm("web01")
    vm.put_in_state(VMState.STARTING)
    b3 = next(c for c in vm.preview_checkpoint().checks if c.rule == "B3")
    assert "still booting" in b3.detail


def test_an_off_vms_consistency_has_one_word_everywhere():
    """The handout and the explanations both call it "offline" (no "powered-off")."""
    words = {r.consistency for r in decision_rows() if r.vm_state == "Off" and r.result != "Error"}
    assert words == {"offline"}
    assert text("consistency.SHUT_DOWN").startswith("offline")


def test_decision_table_reason_names_the_rule():
    row = next(r for r in decision_rows() if r.vm_state == "Saved" and r.checkpoint_setting == "Production")
    assert flat(f"{ruling('B7').title} — rule B7") in flat(row.reason)


def test_standard_apply_says_its_assumptions_once_and_short():
    """Apply of a standard checkpoint follows two assumed rulings (B14, B16): one short line,
    not a paragraph each."""
    vm = saved_vm()
    vm.set_checkpoint_type(CheckpointType.STANDARD)
    vm.start()
    vm.checkpoint("x")
    result = vm.apply("x")
    assert result.assumptions == ("B14", "B16")
    assert not any("Microsoft does not document this" in n for n in result.notes)
    printed = str(result)
    assert printed.count("†") == 1 and "Microsoft does not document this" not in printed
    assert assumption_line(result.assumptions) == result.assumption_line


def test_wrapping_never_cuts_a_word():
    line = "  ✔ VM is off: " + text("rule.B8.pass")
    wrapped = wrap_line(line, 40)
    assert len(wrapped) > 1 and all(columns(w) <= 40 for w in wrapped)
    assert flat(" ".join(wrapped)) == flat(line)
    assert all(w.startswith("    ") for w in wrapped[1:])  # hangs under the text, not the mark


def test_printed_preview_lines_fit_and_keep_every_word():
    p = saved_vm().preview_checkpoint()
    printed = str(p)
    assert all(columns(line) <= 96 for line in printed.splitlines() if ":\\" not in line)
    assert "under every" not in printed or "under e\n" not in printed
    assert flat(text("note.fallback_invisible").split(" (B25)")[0]) in flat(printed)


def test_japanese_wraps_between_characters_not_before_punctuation():
    hvlab.set_language("ja")
    printed = str(saved_vm().preview_checkpoint())
    lines = printed.splitlines()
    assert len(lines) > 10 and all(columns(line) <= 96 for line in lines if ":\\" not in line)
    assert not any(line.lstrip()[:1] in "、。」）" for line in lines)
    assert "ルール\u00a0B7" in printed and "ルー\n" not in printed


def test_a_rule_is_named_by_its_title_once_per_printed_result():
    """Deleting 'step 1' cites B18 in the summary and in the merge line: the title once."""
    lab = Lab(seed=0)
    vm = lab.new_vm("web01")
    vm.put_in_state(VMState.RUNNING)
    for name in ("step 1", "step 2"):
        vm.checkpoint(name)
    printed = flat(str(vm.delete_checkpoint("step 1")))
    assert printed.count(ruling("B18").title) == 1 and printed.count("rule B18") == 2


def test_the_checklist_marks_an_assumed_check_quietly():
    """The per-check disclaimer is a short marker, not a sentence."""
    assert "Microsoft does not document" not in text("widget.assumed") and "†" in text("widget.assumed")
