"""The self-check question bank: a data file validated against its JSON schema (with jsonschema),
the bank's own rules, coverage, and answers that agree with the simulator."""

from __future__ import annotations

import copy
import json
import re
from importlib import resources

import pytest

from hvlab import (
    CheckpointKind,
    CheckpointType,
    Consistency,
    GuestOS,
    GuestProfile,
    GuestRole,
    HostKind,
    IntegrationService,
    Lab,
    VMState,
)
from hvlab.course.questions import (
    TOPICS,
    load_bank,
    load_schema,
    questions,
    validate_bank,
)
from hvlab.domain_controller import DirectoryHealth
from hvlab.preview import MAX_CHECKPOINTS, Outcome
from hvlab.scenarios import branches_after_apply, linear_chain


def _raw_bank() -> dict:
    return json.loads((resources.files("hvlab") / "data" / "questions.json").read_text(encoding="utf-8"))


def test_bank_validates_against_its_schema():
    """questions.json matches questions.schema.json and the bank's own rules."""
    assert validate_bank(_raw_bank()) == []


def test_schema_is_valid_json_schema():
    """The schema itself is valid Draft 2020-12 JSON Schema, the dialect it declares."""
    import jsonschema

    assert load_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(load_schema())


@pytest.mark.parametrize(
    "mutate, problem",
    [
        (lambda b: b["questions"][0].pop("prompt"), "$.questions[0]: 'prompt' is a required property"),
        (lambda b: b["questions"][0].update(topic="10"), "$.questions[0].topic: '10' is not one of"),
        (lambda b: b["questions"][0]["rules"].append("B99"), "$.questions[0].rules[2]: 'B99' does not match"),
        (lambda b: b["questions"][0]["options"][0].update(correct="yes"),
         "$.questions[0].options[0].correct: 'yes' is not of type 'boolean'"),
        (lambda b: b["questions"][0].update(colour="red"), "('colour' was unexpected)"),
        (lambda b: b["questions"][1].update(id=b["questions"][0]["id"]), "duplicate id"),
        (lambda b: [o.update(correct=True) for o in b["questions"][0]["options"]], "exactly one correct"),
        (lambda b: b["questions"][0].update(options=b["questions"][0]["options"][:1]), "is too short"),
    ],
)
def test_validator_rejects_broken_banks(mutate, problem):
    """Each kind of mistake a trainer could make in the bank is reported, by path."""
    bank = copy.deepcopy(_raw_bank())
    mutate(bank)
    errors = validate_bank(bank)
    assert any(problem in e for e in errors), errors


def test_every_schema_error_is_reported_not_only_the_first():
    """A trainer fixing the bank sees all its schema errors at once, each with its path."""
    bank = copy.deepcopy(_raw_bank())
    bank["questions"][0].pop("prompt")
    bank["questions"][3]["options"][1].update(correct="no")
    errors = validate_bank(bank)
    assert len(errors) == 2 and errors[0].startswith("$.questions[0]") and errors[1].startswith("$.questions[3].options[1]")


def test_a_ruling_the_reference_has_may_be_cited():
    """The schema accepts every ruling id in hvlab's reference (B26 included), and no other."""
    from hvlab.reference import ruling_ids

    bank = copy.deepcopy(_raw_bank())
    for rule in ruling_ids():
        bank["questions"][0]["rules"] = [rule]
        assert validate_bank(bank) == [], rule


@pytest.mark.parametrize("topic", TOPICS)
def test_at_least_three_questions_per_topic(topic):
    """A real question bank: at least three questions for each notebook 01–08."""
    assert len(questions(topic)) >= 3


def test_every_question_cites_reference_points():
    """Every question names A1–A11 / B1–B25 points, and every cited id is also named in at least
    one of its explanations or in its prompt (so the learner sees the source)."""
    for q in load_bank():
        assert q.rules
        cited = " ".join([q.prompt] + [o.explanation for o in q.options])
        assert any(re.search(rf"\b{rule}\b", cited) for rule in q.rules), q.id


def test_every_teaching_point_and_most_rulings_are_asked():
    """All of A1–A11 appear in the bank."""
    asked = {rule for q in load_bank() for rule in q.rules}
    assert {f"A{i}" for i in range(1, 12)} <= asked


# ---------------------------------------------------------------------- answers vs. the simulator
def _running(guest: GuestProfile | None = None, **kwargs) -> tuple[Lab, object]:
    lab = Lab(seed=5)
    vm = lab.new_vm("vm1", guest, **kwargs)
    vm.put_in_state(VMState.RUNNING)
    return lab, vm


def _default_setting():
    return Lab().new_vm("x").checkpoint_type is CheckpointType.PRODUCTION


def _no_thumbnail():
    _, vm = _running()
    vm.checkpoint("p")
    return not vm.find_checkpoint("p").has_thumbnail


def _off_same_content():
    lab = Lab(seed=1)
    a, b = lab.new_vm("a"), lab.new_vm("b", checkpoint_type=CheckpointType.STANDARD)
    a.checkpoint("p")
    b.checkpoint("s")
    return not a.find_checkpoint("p").holds_memory and not b.find_checkpoint("s").holds_memory


def _booting_falls_back():
    lab = Lab(seed=2)
    vm = lab.new_vm("v")
    vm.start()
    p = vm.preview_checkpoint()
    return p.outcome is Outcome.STANDARD and p.fell_back and p.failing_rule == "B3"


def _production_only_saved():
    lab = Lab(seed=2)
    vm = lab.new_vm("v", checkpoint_type=CheckpointType.PRODUCTION_ONLY)
    vm.put_in_state(VMState.SAVED)
    p = vm.preview_checkpoint()
    return p.outcome is Outcome.ERROR and p.hyperv_messages[0].startswith("Production checkpoints cannot be created for")


def _backup_off():
    _, vm = _running()
    vm.set_integration_service(IntegrationService.BACKUP, False)
    p = vm.preview_checkpoint()
    return p.outcome is Outcome.STANDARD and p.failing_rule == "B4"


def _linux_no_daemon():
    _, vm = _running(GuestProfile.linux(vss_daemon=False))
    p = vm.preview_checkpoint()
    return p.outcome is Outcome.STANDARD and p.failing_rule == "B5"


def _disabled():
    vm = Lab().new_vm("v", checkpoint_type=CheckpointType.DISABLED)
    p = vm.preview_checkpoint()
    return p.outcome is Outcome.ERROR and p.hyperv_messages[:2] == ("Checkpoint operation failed.", "Checkpoints have been disabled.")


def _old_version():
    vm = Lab(seed=5, host=HostKind.WINDOWS_SERVER_2019).new_vm("vm1", configuration_version=(5, 0))
    vm.put_in_state(VMState.RUNNING)
    return vm.preview_checkpoint().failing_rule == "B6"


def _writes_go():
    _, vm = _running()
    vm.checkpoint("c")
    vm.write_file("C:\\x.txt", "x")
    chain = vm.disk_chains[0]
    frozen = chain[vm.find_checkpoint("c").disk_ids[0]]
    return "C:\\x.txt" in vm.active_disk().blocks and frozen.read_only and "C:\\x.txt" not in frozen.blocks


def _branch():
    _, vm = branches_after_apply()
    return len(vm.children("before-update")) == 2


def _limit():
    return MAX_CHECKPOINTS == 50


def _apply_production():
    _, vm = _running()
    vm.open_app("Notepad")
    vm.checkpoint("p")
    vm.apply("p")
    off = vm.state is VMState.OFF
    vm.start()
    return off and vm.state is VMState.STARTING and vm.open_apps == ()


def _apply_standard():
    _, vm = _running(checkpoint_type=CheckpointType.STANDARD)
    vm.open_app("Notepad")
    vm.checkpoint("s")
    vm.apply("s")
    saved = vm.state is VMState.SAVED
    vm.start()
    return saved and "Notepad" in vm.open_apps


def _create_and_apply():
    _, vm = _running()
    vm.checkpoint("c")
    vm.apply("c", create_checkpoint=True)
    return len(vm.checkpoints) == 2


def _delete_one_child():
    _, vm = linear_chain(3)
    return bool(vm.delete_checkpoint("step 2").merged_disks)


def _delete_leaf():
    _, vm = branches_after_apply()
    return bool(vm.delete_checkpoint("after-update").discarded_disks)


def _delete_shared():
    _, vm = branches_after_apply()
    disk = vm.find_checkpoint("before-update").disk_ids[0]
    result = vm.delete_checkpoint("before-update")
    return not result.merged_disks and disk in vm.disk_chains[0] and "before-update" not in {c.name for c in vm.checkpoints.values()}


def _delete_subtree():
    _, vm = linear_chain(3)
    vm.delete_checkpoint_subtree("step 1")
    return not vm.checkpoints


def _windows_consistency():
    _, vm = _running()
    return vm.preview_checkpoint().consistency is Consistency.APPLICATION_CONSISTENT


def _linux_consistency():
    _, vm = _running(GuestProfile.linux())
    return vm.preview_checkpoint().consistency is Consistency.FILE_SYSTEM_CONSISTENT


def _sql_writer():
    _, vm = _running(GuestProfile.windows(GuestOS.WINDOWS_SERVER_2022, GuestRole.SQL_SERVER))
    p = vm.preview_checkpoint()
    return p.outcome is Outcome.PRODUCTION and any("BACKUP DATABASE" in e.message and e.verbatim for e in p.guest_events)


def _standard_consistency():
    _, vm = _running(checkpoint_type=CheckpointType.STANDARD)
    p = vm.preview_checkpoint()
    return p.consistency is Consistency.CRASH_CONSISTENT and p.holds_memory


def _old_dc():
    _, vm = _running(GuestProfile.old_domain_controller())
    vm.checkpoint("p")
    vm.change_directory()
    vm.apply("p")
    vm.start()
    vm.complete_boot()
    return vm.directory.health is DirectoryHealth.ROLLED_BACK


def _modern_dc():
    _, vm = _running(GuestProfile.windows(GuestOS.WINDOWS_SERVER_2022, GuestRole.DOMAIN_CONTROLLER))
    vm.checkpoint("p")
    vm.change_directory()
    vm.apply("p")
    vm.start()
    vm.complete_boot()
    return vm.directory.health is DirectoryHealth.HEALTHY


def _rollback_recovery():
    """After a detected rollback the lab offers forced demotion, and its note names KB875495's three approaches."""
    from hvlab.catalog import text

    _, vm = _running(GuestProfile.old_domain_controller())
    vm.checkpoint("p")
    vm.change_directory()
    vm.apply("p")
    vm.start()
    vm.complete_boot()
    vm.change_directory()
    detected = vm.directory.health is DirectoryHealth.QUARANTINED
    vm.force_demote()
    return detected and vm.directory.health is DirectoryHealth.DEMOTED and "KB875495" in text("note.usn_rollback_recovery")


def _type_hidden():
    """No thumbnail and Off after Apply: a production checkpoint and a standard one of an Off VM alike."""
    lab, vm = _running()
    vm.checkpoint("p")
    production = vm.find_checkpoint("p")
    off = lab.new_vm("off", checkpoint_type=CheckpointType.STANDARD)
    off.checkpoint("s")
    standard = off.find_checkpoint("s")
    off.start()
    off.apply("s")
    vm.apply("p")
    same_effects = not production.has_thumbnail and not standard.has_thumbnail and vm.state is off.state is VMState.OFF
    return (production.kind is CheckpointKind.PRODUCTION and standard.kind is CheckpointKind.STANDARD
            and production.powershell_snapshot_type != "Production" and same_effects)


def _linux_production_only():
    _, vm = _running(GuestProfile.linux(), checkpoint_type=CheckpointType.PRODUCTION_ONLY)
    p = vm.preview_checkpoint()
    return p.outcome is Outcome.PRODUCTION and p.consistency is Consistency.FILE_SYSTEM_CONSISTENT


def _paused():
    lab = Lab(seed=3)
    vm = lab.new_vm("v")
    vm.put_in_state(VMState.PAUSED)
    p = vm.preview_checkpoint()
    return p.outcome is Outcome.STANDARD and p.holds_memory


def _automatic():
    lab = Lab(seed=3, host="Windows 11")
    vm = lab.new_vm("v")
    vm.start()
    taken = len(vm.checkpoints) == 1
    vm.complete_boot()
    vm.shut_down()
    return taken and not vm.checkpoints and not Lab(host="Windows Server").new_vm("w").automatic_checkpoints


SIMULATED = {
    "01-default-setting": ("b", _default_setting),
    "01-no-thumbnail": ("b", _no_thumbnail),
    "01-off-same-content": ("b", _off_same_content),
    "02-booting": ("b", _booting_falls_back),
    "02-production-only-saved": ("b", _production_only_saved),
    "02-backup-service-off": ("b", _backup_off),
    "02-linux-no-daemon": ("b", _linux_no_daemon),
    "02-disabled": ("b", _disabled),
    "02-old-version": ("b", _old_version),
    "03-writes-go": ("b", _writes_go),
    "03-branch": ("b", _branch),
    "03-limit": ("b", _limit),
    "04-apply-production": ("b", _apply_production),
    "04-apply-standard": ("a", _apply_standard),
    "04-create-and-apply": ("b", _create_and_apply),
    "05-delete-one-child": ("b", _delete_one_child),
    "05-delete-leaf": ("b", _delete_leaf),
    "05-delete-shared": ("b", _delete_shared),
    "05-delete-subtree": ("b", _delete_subtree),
    "06-windows-consistency": ("b", _windows_consistency),
    "06-linux-consistency": ("b", _linux_consistency),
    "06-sql-writer": ("b", _sql_writer),
    "06-standard-consistency": ("b", _standard_consistency),
    "07-old-dc-production": ("b", _old_dc),
    "07-modern-dc": ("b", _modern_dc),
    "07-rollback-recovery": ("b", _rollback_recovery),
    "08-type-hidden": ("b", _type_hidden),
    "08-automatic": ("b", _automatic),
    "08-linux-production-only": ("b", _linux_production_only),
    "08-paused": ("b", _paused),
}


@pytest.mark.parametrize("question_id", sorted(SIMULATED))
def test_answer_key_agrees_with_the_simulator(question_id):
    """Where the simulator can show it, the bank's correct option is what the core does (the
    bank and the core both follow the reference; a disagreement is a bug in one of them)."""
    expected_option, simulate = SIMULATED[question_id]
    question = next(q for q in load_bank() if q.id == question_id)
    assert question.correct_option.id == expected_option
    assert simulate()


def test_question_bank_and_widgets_package_import_light():
    """``import hvlab.widgets`` and the course's question bank load neither ipywidgets nor
    matplotlib (the bank is course data; widget names are loaded on first use)."""
    import subprocess
    import sys

    code = (
        "import sys, hvlab.widgets, hvlab.course.questions as qb; qb.load_bank(); "
        "print(sorted(m for m in ('ipywidgets', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
