"""The course says only what its sources say: each test here fails on a claim the course used to
make and Microsoft's pages contradict or do not support (see docs/reference.md for the rulings).

Learner-facing text is everywhere a learner or a trainer reads it: the notebook sources (English
and Japanese), the built notebooks, the catalogs, the question banks and the trainer's guide."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest

from hvlab import GuestProfile, Lab, VMState

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "notebooks" / "course"
GUIDE = ROOT / "docs" / "trainer-guide.md"
DC_RESTORE = "https://learn.microsoft.com/windows-server/identity/ad-ds/manage/virtual-dc/restore-virtualized-domain-controller"
KB875495 = "https://learn.microsoft.com/troubleshoot/windows-server/active-directory/detect-and-recover-from-usn-rollback"
UNSUPPORTED = "aren't supported by Microsoft"


def _flat(text: str) -> str:
    """One space for every run of white space: sources wrap sentences at any word."""
    return re.sub(r"\s+", " ", text)


def _sources() -> dict[str, str]:
    """Every learner-facing text (white space flattened), by a name that says where it is."""
    texts = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted(COURSE.rglob("nb*.py"))}
    for path in sorted((ROOT / "notebooks").rglob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        texts[str(path.relative_to(ROOT))] = "\n".join(c.source for c in nb.cells)
    for path in sorted((ROOT / "hvlab" / "catalog").glob("*/*.json")):
        texts[str(path.relative_to(ROOT))] = "\n".join(json.loads(path.read_text(encoding="utf-8")).values())
    for path in sorted((ROOT / "hvlab" / "data").glob("questions*.json")):
        texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    texts["docs/trainer-guide.md"] = GUIDE.read_text(encoding="utf-8")
    return {name: _flat(text) for name, text in texts.items()}


def _cell_raw(notebook: str, cell_id: str, language: str = "en") -> str:
    """The source of one cell of a course module (English ``CELLS`` or Japanese ``MARKDOWN``)."""
    path = COURSE / (f"ja/nb{notebook}.py" if language == "ja" else f"nb{notebook}.py")
    spec = importlib.util.spec_from_file_location(f"course_{language}_nb{notebook}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if language == "ja":
        return module.MARKDOWN[cell_id]
    return next(source for _, cid, source in module.CELLS if cid == cell_id)


def _cell(notebook: str, cell_id: str, language: str = "en") -> str:
    """The same, white space flattened."""
    return _flat(_cell_raw(notebook, cell_id, language))


def _catalog(language: str, name: str = "core") -> dict[str, str]:
    return json.loads((ROOT / "hvlab" / "catalog" / language / f"{name}.json").read_text(encoding="utf-8"))


def _question(qid: str, language: str = "en") -> dict:
    name = "questions.json" if language == "en" else f"questions.{language}.json"
    bank = json.loads((ROOT / "hvlab" / "data" / name).read_text(encoding="utf-8"))
    return next(q for q in bank["questions"] if q["id"] == qid)


def _absent(*phrases: str) -> None:
    found = [(name, phrase) for name, text in _sources().items() for phrase in phrases if phrase in text]
    assert not found, found


# ------------------------------------------------------------------------ 1. DC recovery (A11, B23)


def test_dsrm_with_database_restored_from_backup_is_never_called_the_supported_recovery():
    """The old-VHD procedure is Microsoft's last resort without a system state backup, and "Restores
    performed with this procedure aren't supported by Microsoft" (DC-RESTORE, B23)."""
    _absent(
        "the supported recovery is Directory",
        "The supported recovery: Directory Services Restore Mode",
        "recover an old DC the supported way",
        "サポートされている回復方法は、最初の通常起動の前に",
        "サポートされた回復方法: ディレクトリ サービス復元モード",
        "古い DC をサポートされた方法",
        "recover it like a physical DC restored from backup",
    )


@pytest.mark.parametrize("language", ["en", "ja"])
def test_notebook_07_teaches_the_supported_way_and_labels_the_last_resort(language):
    """§4 says what Microsoft supports (a system state backup restored in DSRM, reached with F5
    then F8) and quotes the warning on the old-VHD procedure, with both pages' addresses."""
    section = _cell("07", "a11-predict", language)
    assert DC_RESTORE in section and "F5" in section and "F8" in section
    assert UNSUPPORTED in section and "Use this procedure only when there's no alternative" in section
    assert "The only supported way to roll back the contents of Active Directory" in section
    assert "F8 → Advanced Boot Options" not in section and "F8 → 詳細ブート オプション" not in section
    assert UNSUPPORTED in _cell("07", "summary", language)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_catalog_texts_of_the_dsrm_action_say_it_is_the_unsupported_last_resort(language):
    core, widgets = _catalog(language), _catalog(language, "widgets")
    challenge = _scenario_texts("old-dc-dsrm")
    for text in (core["note.dc_apply_old"], core["result.dsrm_restored"], widgets["widget.lab.tip.restore_directory_in_dsrm"],
                 challenge["solution"]["text"][language]):
        assert UNSUPPORTED in text
    last_resort = "last resort" if language == "en" else "最後の手段"
    assert last_resort in core["event.dsrm_boot"].lower().replace("-", " ") and last_resort in challenge["title"][language]


def _scenario_texts(scenario_id: str) -> dict:
    """A challenge's words are in its scenario file (hvlab/data/scenarios/<id>.toml)."""
    import tomllib

    return tomllib.loads((Path(__file__).resolve().parents[2] / "hvlab" / "data" / "scenarios" / f"{scenario_id}.toml").read_text(encoding="utf-8"))


def test_the_simulated_dsrm_restore_reports_that_microsoft_does_not_support_it():
    """The core's action stays, and what it prints and logs says what it is (B23)."""
    vm = Lab(seed=7).new_vm("dc08", GuestProfile.old_domain_controller())
    vm.put_in_state(VMState.RUNNING)
    vm.checkpoint("p")
    vm.change_directory()
    vm.apply("p")
    result = vm.restore_directory_in_dsrm()
    assert UNSUPPORTED in _flat(str(result))  # printed results wrap at word boundaries
    assert any("not supported by Microsoft" in e.message for e in vm.events)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_question_07_dsrm_answers_with_the_system_state_backup(language):
    question = _question("07-dsrm", language)
    correct = next(o for o in question["options"] if o["correct"])
    dsrm_registry = next(o for o in question["options"] if "Database restored from backup" in o["text"])
    assert "system state" in correct["text"] or "システム状態バックアップ" in correct["text"]
    assert not dsrm_registry["correct"] and UNSUPPORTED in dsrm_registry["explanation"]


def test_trainers_guide_gives_the_supported_way_and_the_last_resort():
    guide = _flat(GUIDE.read_text(encoding="utf-8"))
    assert DC_RESTORE in guide and UNSUPPORTED in guide
    assert "boot into **DSRM**, set `Database restored from backup` = 1, restart, check Event ID 1109 (A11, B23)" not in guide


# ------------------------------------------------------ 2. recovering from USN rollback (B23, KB875495)


def test_forced_demotion_is_one_of_the_three_approaches_not_the_only_recovery():
    """KB875495 says "There are three approaches to recover from a USN rollback" and lists them:
    remove the DC from the domain, restore the system state of a good backup, restore the system
    state without system state backup."""
    _absent(
        "Recovery now means forcibly demoting the DC",
        "Recovery then means forcibly demoting the DC",
        "afterwards forced demotion (B23)",
        "the documented way out of a detected USN rollback",
        "ここからの回復は、DC の強制降格",
        "それが唯一の出口です",
    )
    explain = _cell("07", "b23-detected-explain")
    assert KB875495 in explain and "There are three approaches to recover from a USN rollback" in explain
    order = [explain.index(step) for step in ("Remove the domain controller from the domain",
                                              "Restore the system state of a good backup",
                                              "Restore the system state without system state backup")]
    assert order == sorted(order)
    assert "The only supported way to roll back the contents of Active Directory" in explain
    for language in ("en", "ja"):
        note = _catalog(language)["note.usn_rollback_recovery"]
        assert "KB875495" in note and ("three" in note or "3 つ" in note)


# --------------------------------------------------- 3. what a production checkpoint stores (B9, B11)

VMVER = "https://learn.microsoft.com/windows-server/virtualization/hyper-v/deploy/upgrade-virtual-machine-version-in-hyper-v-on-windows-or-windows-server"


def test_a_production_checkpoint_is_never_said_to_keep_only_disks_and_configuration():
    """Every checkpoint has a .vmrs runtime-state file; a production one holds no memory in it (B9)."""
    _absent(
        "then kept only the disks (a new AVHDX per virtual disk) and the configuration (`.vmcx`)",
        "holds disks + configuration only",
        "と構成 (`.vmcx`) だけを保存しました",
        "運用チェックポイントに含まれるのはディスクと構成だけです",
        "a production one holds the disks and configuration only",
        "the checkpoint holds disks and configuration only",
        "チェックポイントに含まれるのはディスクと構成だけです",
    )


@pytest.mark.parametrize("language", ["en", "ja"])
def test_notebook_01_says_every_checkpoint_has_a_runtime_state_file(language):
    explain = _cell("01", "a2-explain", language)
    assert "Each checkpoint creates a configuration file and runtime state file." in explain and VMVER in explain
    assert "`.vmrs`" in explain
    guide = _flat(GUIDE.read_text(encoding="utf-8"))
    assert "a production one holds no memory in it (B9)" in guide


# ------------------------------------------------------- 5. SQL Server's writer errors (A9, B12)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_sql_writer_errors_are_shown_as_the_blog_shows_them(language):
    """Microsoft's blog is about Hyper-V Replica on Windows Server 2008/2003 guests, calls the
    messages errors, and validates a point with a test failover; the rest is hvlab's assumption."""
    explain = _cell("06", "b12-explain", language)
    for quoted in ("especially for older versions of the guest OS", "the guest event viewer showed errors/failure during the VSS process",
                   "do a test failover on that recovery point", "Windows Server 2008/2003 guest OS"):
        assert quoted in explain
    assumed = "Microsoft does not document this; hvlab assumes" if language == "en" else "Microsoft はこれを文書化していません。hvlab は次のように仮定しています"
    assert assumed in explain and "Windows Server 2022" in explain
    assert "2008/2003" in _catalog(language)["assumed.B12"]


def test_sql_writer_messages_are_never_called_warnings_or_documented_for_checkpoints():
    _absent("Microsoft documents exactly this for Hyper-V Replica", "まさにこれを文書化しています",
            "SQL Server's writer errors are expected", "SQL Server writer warning")


# ------------------------------------------------------------- 6. host-side backup (A6, BACKUP-APPR)

BACKUP_APPROACHES = "https://learn.microsoft.com/windows-server/virtualization/hyper-v/backup-approaches"


@pytest.mark.parametrize("language", ["en", "ja"])
def test_wmi_backup_is_an_additional_approach_and_the_vss_writer_is_on_every_version(language):
    same = _cell("06", "a6-same-machinery", language)
    assert BACKUP_APPROACHES in same
    assert "Hyper-V implements a Volume Shadow Copy Service (VSS) writer on all versions of Windows Server where Hyper-V is supported." in same
    assert "Starting in Windows Server 2016, Hyper-V supports backup through the Hyper-V Windows Management Instrumentation (WMI) API." in same
    _absent("Since Windows Server 2016 the host side goes through", "以降、ホスト側は Hyper-V の WMI インターフェイスと")


# ------------------------------------------- 7. what no thumbnail and Off after Apply mean (A4, B25)


def test_no_thumbnail_and_off_after_apply_are_never_taught_as_proof_of_production():
    """They mean "no memory state": a standard checkpoint of an Off VM looks the same (A4, B8, B14)."""
    _absent("Off (not Saved) after Apply, mean production", "オフになれば運用",
            "You recognise a production checkpoint by its effects", "運用チェックポイントは、 その結果から見分けます")
    for language in ("en", "ja"):
        question = _question("08-type-hidden", language)
        correct = next(o for o in question["options"] if o["correct"])
        assert {"A4", "B25"} <= set(question["rules"])
        assert "A4" in correct["explanation"] and "B14" in correct["explanation"]
    assert "a standard checkpoint of an Off VM" in _cell("01", "b25-what-hyperv-shows")


# ------------------------------------------- 8. which rulings are documented, observed or assumed


def _status_table(language: str) -> dict[str, list[str]]:
    """Notebook 08's table: ruling → [documented, observed, assumed] cells ("—" for none)."""
    rows = re.findall(r"^\| (B\d+) \| (.*) \|$", _cell_raw("08", "answers-note", language), re.M)
    return {rid: [c.strip() for c in cells.split(" | ")] for rid, cells in rows}


@pytest.mark.parametrize("language", ["en", "ja"])
def test_notebook_08_says_for_each_ruling_what_is_documented_observed_or_assumed(language):
    """The table agrees with hvlab's reference: every observed or assumed part of a ruling shows
    in its row, a ruling documented throughout is named as such, and every assumption the core
    flags (``assumed.*``) has its row. It replaces "everything else follows Microsoft's documentation"."""
    from hvlab.reference import Status, rulings

    table = _status_table(language)
    columns = {Status.DOCUMENTED: 0, Status.OBSERVED: 1, Status.ASSUMED: 2}
    note = _flat(_cell_raw("08", "answers-note", language))
    for ruling in (r for r in rulings() if r.id.startswith("B")):
        statuses = {part.status for part in ruling.parts}
        if statuses == {Status.DOCUMENTED}:
            assert re.search(rf"\b{ruling.id}\b", note.split("| B25 |")[-1]), f"{ruling.id} not named as documented throughout"
            continue
        assert ruling.id in table, f"{ruling.id} ({sorted(s.value for s in statuses)}) missing from the table"
        for status in statuses:
            assert table[ruling.id][columns[status]] != "—", (ruling.id, status)
    for key in _catalog(language):
        if key.startswith("assumed."):
            rule = "B18" if key == "assumed.tidy" else key.removeprefix("assumed.").split("_")[0]
            assert table[rule][2] != "—", key
    assert "reference" in note and "docs/reference" in note
    _absent("everything else follows Microsoft's documentation", "それ以外はすべて Microsoft の文書に従っています")


# ------------------------------------------------ 9. the ProductionOnly and Disabled lines (B2, B7)

ACRONIS = "https://forum.acronis.com/forum/acronis-cyber-protect-16-forum/activity-succeeded-warnings-production-checkpoints-cannot-be-created"
VAGRANT = "https://github.com/hashicorp/vagrant/issues/9977"


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_error_lines_of_notebook_02_are_shown_as_observed_output(language):
    """The only source of these lines is output a third party published, not Microsoft's pages."""
    production_only, disabled = _cell("02", "b7-production-only-explain", language), _cell("02", "b2-explain", language)
    observed = "observed" if language == "en" else "観察"
    assert ACRONIS in production_only and observed in production_only
    assert VAGRANT in disabled and observed in disabled
    _absent("The first two lines above are the messages Hyper-V logs", "上の最初の 2 行は Hyper-V が記録するメッセージで")


# ----------------------------------- 10. an Off VM, and what deleting does to the AVHDX (B8, B18)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_an_off_vm_is_not_said_to_be_always_checkpointable(language):
    summary = _cell("02", "summary", language)
    assert "B2" in summary and "B20" in summary and "50" in summary
    assumption = "hvlab's assumption" if language == "en" else "hvlab の仮定"
    assert assumption in summary
    _absent("An Off VM can always be checkpointed", "オフの VM はいつでもチェックポイントを作成できます")


def test_an_off_vm_under_disabled_or_with_50_checkpoints_is_refused():
    """What the corrected summary says, as the simulator does it (B2, B20)."""
    from hvlab import CheckpointType, HvlabError

    lab = Lab(seed=1)
    disabled = lab.new_vm("d", checkpoint_type=CheckpointType.DISABLED)
    with pytest.raises(HvlabError):
        disabled.checkpoint()
    full = lab.new_vm("f", checkpoint_type=CheckpointType.STANDARD)
    for n in range(50):
        full.checkpoint(f"c{n}")
    with pytest.raises(HvlabError):
        full.checkpoint("c50")
    assert disabled.state is full.state is VMState.OFF


def test_deleting_is_taught_as_microsoft_documents_it_and_the_shared_parent_as_third_party():
    """Microsoft's checkpoints page: the merged checkpoint's .avhdx is deleted; the shared-parent
    exception is Savill's (B18), labelled as a third party's."""
    guide = _flat(GUIDE.read_text(encoding="utf-8"))
    assert "Once completed, the checkpoint's .avhdx file will be deleted from the file system." in guide
    assert "the shared-parent exception in particular has no Microsoft source" in guide
    assert "Only when nothing reads through it; otherwise it is merged or kept as shared parent (B18)." not in guide
    for language in ("en", "ja"):
        assert "Savill" in _cell("05", "why-merge", language)
    assert "third party" in _cell("05", "why-merge")


# ----------------------------------------- B21: Disabled and automatic checkpoints, Start goes ahead


def test_course_says_start_goes_ahead_when_checkpoints_are_disabled():
    guide = _flat(GUIDE.read_text(encoding="utf-8"))
    assert "Start goes ahead with no automatic checkpoint" in guide
    assert "Start goes ahead with no automatic checkpoint" in _cell("08", "answers-note")
    _absent("automatic checkpoints (not covered by the notebooks)", "Checkpoints have been disabled\" lines at Start")
