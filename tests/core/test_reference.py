"""hvlab's own reference: every ruling shipped, with its status per part and its sources.

The rule under test is in each docstring: the reference is data (validated by its schema), it
speaks the learner's language, every rule id cited anywhere resolves to an entry, the
generated pages are up to date, and the notebooks link each rule id to its entry.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import hvlab
from hvlab import catalog
from hvlab.reference import (
    ReferenceError,
    Status,
    configuration_versions,
    ruling,
    ruling_ids,
    rulings,
    source,
    source_keys,
    supported_versions,
)
from hvlab.reference import cli

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "hvlab" / "data"
sys.path.insert(0, str(ROOT / "notebooks"))
import build  # noqa: E402  (notebooks/build.py)

RULE_ID = re.compile(r"(?<![A-Za-z0-9_#/.-])([AB][1-9][0-9]?)(?![A-Za-z0-9_])")


@pytest.fixture(autouse=True)
def english():
    hvlab.set_language("en")
    yield
    hvlab.set_language("en")


@pytest.mark.parametrize("name", ["reference", "provenance", "configuration_versions"])
def test_data_files_validate_against_their_shipped_schema(name):
    """Each data file is checked by the JSON schema shipped beside it."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads((DATA / f"{name}.json").read_text(encoding="utf-8")), schema)


def test_every_point_and_ruling_is_in_the_reference_in_order():
    """A1–A11 (the article's points) and B1, B2... (the rulings, B1–B26 at least; new rulings
    continue the numbers), ids kept, in order."""
    ids = ruling_ids()
    rulings_count = len(ids) - 11
    assert rulings_count >= 28
    assert ids == tuple(f"A{i}" for i in range(1, 12)) + tuple(f"B{i}" for i in range(1, rulings_count + 1))


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_entry_has_its_words_in_both_languages(language):
    """Title and text per entry, and one sentence per part when a ruling mixes statuses."""
    messages = catalog._load(language)
    data = json.loads((DATA / "reference.json").read_text(encoding="utf-8"))
    for entry in data["rulings"]:
        rid = entry["id"]
        assert messages[f"reference.{rid}.title"] and messages[f"reference.{rid}.text"]
        parts = {k for k in messages if k.startswith(f"reference.{rid}.part")}
        expected = {f"reference.{rid}.part{n}" for n in range(1, len(entry["parts"]) + 1)} if len(entry["parts"]) > 1 else set()
        assert parts == expected, rid


def test_japanese_says_rule_not_ruling_in_the_legal_sense():
    """Natural Japanese: 「ルール」, never 「裁定」."""
    for key, value in catalog._load("ja").items():
        if key.startswith(("reference.", "provenance.")):
            assert "裁定" not in value, key


def test_sources_are_readable_titles_with_https_urls():
    """Each source key has a readable title and a URL; Microsoft's are its own sites."""
    for key in source_keys():
        s = source(key)
        assert len(s.title) > len(key) and s.url.startswith("https://")
        if s.by_microsoft:
            assert re.match(r"https://(learn\.microsoft\.com/|github\.com/(microsoft|PowerShell|dotnet)/)", s.url), key


def test_documented_and_observed_parts_cite_the_right_kind_of_source():
    """documented rests on Microsoft; observed on a third party; assumed cites nobody."""
    for entry in rulings():
        for part in entry.parts:
            if part.status is Status.DOCUMENTED:
                assert any(s.by_microsoft for s in part.sources), entry.id
            elif part.status is Status.OBSERVED:
                assert any(not s.by_microsoft for s in part.sources), entry.id
            else:
                assert part.sources == (), entry.id


def test_ruling_is_a_frozen_dataclass_in_the_current_language():
    """The public API: ruling("B18") → id, title, text, status, sources (key, title, url)."""
    b18 = ruling("B18")
    assert dataclasses.is_dataclass(b18)
    with pytest.raises(dataclasses.FrozenInstanceError):
        b18.title = "x"  # type: ignore[misc]
    assert b18.id == "B18" and b18.status is Status.ASSUMED  # its weakest part: the shared-parent tidy
    assert [s.key for s in b18.sources] == ["USING", "SAVILL"]
    assert {"key", "title", "url"} <= {f.name for f in dataclasses.fields(b18.sources[0])}
    hvlab.set_language("ja")
    assert ruling("b18").title == catalog._load("ja")["reference.B18.title"]


def test_unknown_id_is_a_reference_error():
    with pytest.raises(ReferenceError):
        ruling("B99")
    with pytest.raises(KeyError):
        source("NOPE")


@pytest.mark.parametrize(
    ("rid", "statuses"),
    [
        ("B14", [Status.DOCUMENTED, Status.ASSUMED]),  # behaviour documented, Saved label assumed
        ("B18", [Status.DOCUMENTED, Status.OBSERVED, Status.ASSUMED]),  # shared parent Savill's; its later merge assumed
        ("B21", [Status.DOCUMENTED, Status.ASSUMED, Status.ASSUMED]),  # Start when Disabled; when the checkpoint is taken and kept
        ("B16", [Status.ASSUMED]),
        ("B26", [Status.DOCUMENTED]),
    ],
)
def test_mixed_rulings_have_one_status_per_part(rid, statuses):
    """A ruling that mixes documented, observed and assumed says which part is which."""
    assert [p.status for p in ruling(rid).parts] == statuses


def test_b18_shared_parent_exception_is_labelled_third_party():
    """Microsoft says the merged .avhdx is deleted; the shared-parent rule is Savill's (observed)."""
    observed = [p for p in ruling("B18").parts if p.status is Status.OBSERVED]
    assert [s.key for s in observed[0].sources] == ["SAVILL"]


def test_b21_start_goes_ahead_when_checkpoints_are_disabled():
    """Corrected B21: Start is not refused when checkpoints are Disabled (assumed, and said so)."""
    b21 = ruling("B21")
    assert "the VM starts" in b21.text
    assert "assumption" in b21.parts[-1].text


def test_b23_ranks_recovery_as_microsoft_ranks_it():
    """Corrected B23: system state backup first; forced demotion; the old-VHD procedure last and
    not supported. (The old wording called the registry procedure "the supported recovery".)"""
    text = ruling("B23").text
    assert text.index("system state backup") < text.index("forcibly demoted") < text.index("Database restored from backup")
    assert "not supported by Microsoft" in text
    assert "the supported recovery" not in text.replace("Microsoft supports", "")


def test_b9_every_checkpoint_has_a_runtime_state_file():
    """Corrected B9: a production checkpoint has a .vmrs too, holding no memory."""
    assert ".vmrs" in ruling("B9").text and "holds no memory" in ruling("B9").text


def test_b26_table_is_microsofts():
    """B26: which configuration versions a host supports, quoted from Microsoft's tables."""
    table = configuration_versions()
    assert supported_versions("Windows Server 2012 R2") == ("5.0",)
    assert "5.0" in supported_versions("Windows Server 2019")
    assert "5.0" not in supported_versions("Windows Server 2022")
    assert supported_versions("Windows Server 2016")[0] == "8.0"
    assert supported_versions("Windows Server 2025")[0] == "12.0"
    data = json.loads((DATA / "configuration_versions.json").read_text(encoding="utf-8"))
    order = data["versions"]
    for host, versions in table.items():  # each host supports one unbroken run of versions
        positions = [order.index(v) for v in versions]
        assert positions == list(range(positions[0], positions[0] + len(positions))), host
    assert data["upgrade"] == {"cmdlet": "Update-VMVersion", "source": "PS-UPDATE-VMVERSION", "downgrade": False}
    with pytest.raises(ReferenceError):
        supported_versions("Windows 95")


@pytest.mark.parametrize("language", ["en", "ja"])
def test_generated_reference_pages_are_up_to_date(language):
    """docs/reference.md (and .ja.md) are `python -m hvlab explain --all --format markdown`."""
    hvlab.set_language(language)
    page = (ROOT / "docs" / cli.DOC_FILES[language]).read_text(encoding="utf-8")
    assert page == cli.markdown(), f"regenerate: python -m hvlab explain --all --format markdown --lang {language} > docs/{cli.DOC_FILES[language]}"
    for rid in ruling_ids():
        assert f'<a id="{rid.lower()}"></a>{rid} ·' in page


def _explain(*args: str, lang: str = "en") -> subprocess.CompletedProcess:
    env = {"HVLAB_LANG": lang, "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "hvlab", "explain", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)


def test_explain_prints_the_ruling_its_status_and_sources():
    out = _explain("B23")
    assert out.returncode == 0
    assert out.stdout.startswith("B23 · ")
    assert "Status: documented" in out.stdout
    assert source("DC-RESTORE").url in out.stdout


def test_explain_follows_the_learners_language():
    out = _explain("B14", lang="ja")
    assert out.returncode == 0 and catalog._load("ja")["reference.B14.title"] in out.stdout
    assert "根拠:" in out.stdout and "仮定" in out.stdout
    assert catalog._load("en")["reference.B14.title"] in _explain("B14", "--lang", "en", lang="ja").stdout


def test_explain_unknown_id_is_a_clear_error_without_traceback():
    out = _explain("B99")
    assert out.returncode == 2
    assert "B99" in out.stderr and "Traceback" not in out.stderr and out.stdout == ""


def _cited_texts() -> list[tuple[Path, str]]:
    patterns = (
        "hvlab/**/*.py", "hvlab/catalog/*/*.json", "hvlab/data/questions*.json", "hvlab/powershell/demos/*.ps1",
        "notebooks/course/**/*.py", "notebooks/**/*.ipynb", "docs/trainer-guide.md", "README.md",
    )
    return [(p, p.read_text(encoding="utf-8")) for pattern in patterns for p in sorted(ROOT.glob(pattern))]


def test_every_rule_id_cited_anywhere_resolves_to_an_entry():
    """Code, catalogs, diagrams, question banks, notebook sources and notebooks, the guide."""
    known = set(ruling_ids())
    unknown = {(str(p.relative_to(ROOT)), m.group(1)) for p, t in _cited_texts() for m in RULE_ID.finditer(t) if m.group(1) not in known}
    assert not unknown


def test_no_pointer_to_a_file_outside_the_repository():
    """Learner-facing text and code point to docs/reference.md, not to the team's shared notes."""
    outside = re.compile(r"hyperv-reference\.md|reference §|reference Part [ABC]|\bshared/")
    hits = [(str(p.relative_to(ROOT)), m.group(0)) for p, t in _cited_texts() for m in outside.finditer(t)]
    assert not hits


def test_build_links_rule_ids_to_their_entry():
    """notebooks/build.py turns (B18) into a link to docs/reference.md#b18; code stays code."""
    out = build.link_rule_ids("Deleting merges (B18); ranges A1–A11; code `[B8]`; a link [B3](x).", "../docs/reference.md")
    assert "([B18](../docs/reference.md#b18))" in out
    assert "[A1](../docs/reference.md#a1)–[A11](../docs/reference.md#a11)" in out
    assert "`[B8]`" in out and "[B3](x)" in out
    ja = build.link_rule_ids("ルール B1～B26 に従います。", build.REFERENCE_FROM_JA)
    assert "[B1](../../docs/reference.ja.md#b1)～[B26](../../docs/reference.ja.md#b26)" in ja


@pytest.mark.parametrize("folder, prefix", [("notebooks", "../docs/reference.md"), ("notebooks/ja", "../../docs/reference.ja.md")])
def test_notebooks_link_rule_ids_to_the_reference(folder, prefix):
    """In the committed notebooks every rule id in prose is a link to its entry."""
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(ROOT / folder / "00-start-here.ipynb", as_version=4)
    prose = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert f"[A2]({prefix}#a2)" in prose and f"[B9]({prefix}#b9)" in prose
    assert "hyperv-reference.md" not in prose


def test_build_turns_source_keys_into_titled_links():
    """In a citation group a source key becomes the page's title linked to it: a learner cannot
    resolve (USING) or (B6, VMVER); a name in a sentence (KB875495 lists...) stays."""
    from hvlab.reference import source

    out = build.link_rule_ids("Microsoft says (USING). Right (B6, VMVER). KB875495 lists three.", "../docs/reference.md")
    using, vmver = source("USING"), source("VMVER")
    assert f"([{using.title}]({using.url}))" in out
    assert f"([B6](../docs/reference.md#b6), [{vmver.title}]({vmver.url}))" in out
    assert "KB875495 lists three." in out and "(USING)" not in out
