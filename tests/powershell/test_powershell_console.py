"""The console's parts: tokenizer, parser, formatter, session behaviour, CLI replay and widget.

Rules under test: PowerShell quoting and parameter syntax (about_Quoting_Rules, about_Parsing);
default table views as Microsoft's sample output prints them; ``python -m hvlab ps`` replays a
script from standard input or a file; the notebook widget runs the same code; nothing a learner
types reaches ``eval``/``exec``; the package loads neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import ast
import io
import pathlib
import subprocess
import sys

import pytest

from hvlab import Lab, VMState
from hvlab.powershell import Session, parse
from hvlab.powershell.cli import main as cli_main
from hvlab.powershell.syntax import ArrayExpr, Command, CommandArgument, CommandParameter, Literal, ScriptBlockExpr
from hvlab.powershell.tokenizer import TokenKind, tokenize

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "hvlab" / "powershell"


# ---------------------------------------------------------------- tokenizer and parser

def test_single_quotes_are_verbatim_and_double_single_quote_escapes():
    """'It''s' is the string It's; $ is not expanded inside single quotes (about_Quoting_Rules)."""
    (token, _eof) = tokenize("'It''s $x'")
    assert token.kind is TokenKind.STRING and token.value == "It's $x"


def test_double_quotes_expand_variables_and_backtick_escapes():
    """"a`tb $name" expands $name; `t is a tab."""
    session = Session(Lab())
    session.run("$name = 'web01'")
    result = session.run('Write-Output "vm`t$name"')
    assert result.output.strip() == "vm\tweb01"


def test_numbers_take_the_kb_mb_gb_multipliers():
    """512MB is 536870912 (about_Numeric_Literals)."""
    values = [t.value for t in tokenize("512MB 1GB 40GB 2") if t.kind is TokenKind.NUMBER]
    assert values == [512 * 1024**2, 1024**3, 40 * 1024**3, 2]


def test_parameter_with_colon_value_and_comma_lists():
    """-Confirm:$false binds false; Shutdown,VSS is one array argument."""
    script = parse("Enable-VMIntegrationService -Name Shutdown,VSS -VMName Test1 -Confirm:$false")
    (pipeline,) = script.statements
    (command,) = pipeline.elements
    assert isinstance(command, Command)
    kinds = [type(e).__name__ for e in command.elements]
    assert kinds == ["CommandParameter", "CommandArgument", "CommandParameter", "CommandArgument", "CommandParameter"]
    assert isinstance(command.elements[1], CommandArgument) and isinstance(command.elements[1].expr, ArrayExpr)
    confirm = command.elements[4]
    assert isinstance(confirm, CommandParameter) and confirm.argument is not None


def test_comments_and_continuations_are_ignored():
    """# comments, <# block #> comments and a trailing backtick continue or end the line."""
    script = parse("Get-VM <# all #> web01 `\n  -Verbose # the VM\n")
    (pipeline,) = script.statements
    (command,) = pipeline.elements
    assert [type(e).__name__ for e in command.elements] == ["CommandArgument", "CommandParameter"]


def test_script_blocks_and_pipelines_parse():
    """Where-Object { ... } takes a script block; | separates pipeline elements."""
    script = parse("Get-VM | Where-Object { $_.State -eq 'Running' } | Select-Object Name")
    (pipeline,) = script.statements
    assert [e.name for e in pipeline.elements] == ["Get-VM", "Where-Object", "Select-Object"]  # type: ignore[union-attr]
    where = pipeline.elements[1]
    assert isinstance(where.elements[0].expr, ScriptBlockExpr)  # type: ignore[union-attr]


def test_barewords_are_strings_in_command_mode():
    """d:\\vhd\\base.vhdx and Test* are plain string arguments."""
    (pipeline,) = parse("Get-VHD d:\\vhd\\base.vhdx Test*").statements
    args = [e.expr for e in pipeline.elements[0].elements]  # type: ignore[union-attr]
    assert all(isinstance(a, Literal) for a in args)
    assert [a.value for a in args] == ["d:\\vhd\\base.vhdx", "Test*"]


def test_no_eval_or_exec_in_the_package():
    """Nothing in hvlab.powershell (subpackages included) calls eval, exec or compile."""
    paths = list(PACKAGE.rglob("*.py"))
    assert any(path.parent.name == "cmdlets" for path in paths)
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("eval", "exec", "compile", "__import__"), path


def test_core_package_loads_neither_matplotlib_nor_ipywidgets():
    """Layering: hvlab.powershell is pure Python."""
    code = "import sys, hvlab.powershell; s = hvlab.powershell.Session(); s.run('New-VM a'); print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


# ---------------------------------------------------------------- output formats

def test_get_vm_default_table_has_hyperv_columns_and_booting_guest_shows_running():
    """Get-VM's table is Name State CPUUsage(%) MemoryAssigned(M) Uptime Status Version, and a
    booting guest is Running (B3: Hyper-V shows Running before the guest has booted)."""
    lab = Lab(seed=2)
    lab.new_vm("web01").start()  # guest still booting
    assert lab.vm("web01").state is VMState.STARTING
    lines = Session(lab).run("Get-VM").output.strip("\n").splitlines()
    assert lines[0].split() == ["Name", "State", "CPUUsage(%)", "MemoryAssigned(M)", "Uptime", "Status", "Version"]
    assert lines[2].split()[:2] == ["web01", "Running"]
    assert len(lines[1].split()) == 7 and set(lines[1].replace(" ", "")) == {"-"}


def test_select_object_and_format_list():
    """Select-Object keeps the chosen properties (a table for four or fewer); Format-List lists them."""
    lab = Lab(seed=3)
    vm = lab.new_vm("web01")
    s = Session(lab)
    table = s.run("Get-VM | Select-Object Name, CheckpointType").output.strip().splitlines()
    assert table[0].split() == ["Name", "CheckpointType"] and table[2].split() == ["web01", vm.checkpoint_type.value]
    listing = s.run("Get-VM web01 | Format-List Name, State, CheckpointType").output.strip().splitlines()
    assert listing == ["Name           : web01", f"State          : {vm.hyperv_state}", f"CheckpointType : {vm.checkpoint_type.value}"]


def test_get_vmsnapshot_shows_standard_type_even_for_production_checkpoints():
    """SnapshotType has no Production value (B25): a production checkpoint lists as Standard."""
    lab = Lab(seed=4)
    vm = lab.new_vm("web01")
    vm.put_in_state(VMState.RUNNING)
    result = vm.checkpoint("prod")
    assert result.preview.outcome.value == "Production"
    rows = Session(lab).run("Get-VMSnapshot web01").output.strip().splitlines()
    assert rows[0].split() == ["VMName", "Name", "SnapshotType", "CreationTime", "ParentSnapshotName"]
    assert rows[2].split()[:3] == ["web01", "prod", "Standard"]


def test_whatif_changes_nothing_and_previews_the_checkpoint():
    """-WhatIf prints What if: and hvlab's preview; the lab is unchanged."""
    lab = Lab(seed=5)
    lab.new_vm("web01")
    before = lab.to_dict()
    result = Session(lab).run("Checkpoint-VM -Name web01 -WhatIf")
    assert result.output.startswith("What if: ")
    assert any("rule\u00a0B1" in n for n in result.notes)
    assert lab.to_dict() == before


def test_boot_hold_leaves_the_guest_booting_and_fallback_is_explained():
    """With Set-LabBootHold, Start-VM leaves the guest booting; a checkpoint then falls back (A8, B3)."""
    lab = Lab(seed=6)
    s = Session(lab)
    s.run("New-VM web01")
    s.run("Set-LabBootHold -VMName web01 -Hold $true")
    s.run("Start-VM web01")
    assert lab.vm("web01").state is VMState.STARTING
    result = s.run("Checkpoint-VM web01 during-boot")
    assert result.ok and any("fallback" in n for n in result.notes)
    s.run("Complete-LabBoot web01")
    assert lab.vm("web01").state is VMState.RUNNING


def test_undo_lab_operation_undoes_one_line():
    """Undo-LabOperation goes back one changing line (several core operations at once)."""
    lab = Lab(seed=7)
    s = Session(lab)
    s.run("New-VM web01")
    before = lab.to_dict()
    s.run("Start-VM web01; Checkpoint-VM web01 a")
    s.run("Undo-LabOperation")
    assert lab.to_dict() == before


def test_confirm_no_skips_the_restore():
    """Answering N to Restore-VMSnapshot's prompt applies nothing."""
    lab = Lab(seed=8)
    vm = lab.new_vm("web01")
    vm.checkpoint("a")
    vm.checkpoint("b")
    before = lab.to_dict()
    s = Session(lab)
    assert s.run("Restore-VMCheckpoint -VMName web01 -Name a").prompt
    assert s.run("n").ok
    assert lab.to_dict() == before


def test_help_says_lab_cmdlets_are_not_hyperv():
    """Lab-only cmdlets say in their help that they are not Hyper-V's; Hyper-V ones cite Microsoft."""
    s = Session(Lab())
    assert "NOT a Hyper-V cmdlet" in s.run("Get-Help Set-LabGuest").output
    assert "learn.microsoft.com/powershell/module/hyper-v/checkpoint-vm" in s.run("Get-Help Checkpoint-VM").output


# ---------------------------------------------------------------- CLI

SCRIPT = """# demo: a production checkpoint, then apply it
New-VM -Name web01
Start-VM -Name web01
Checkpoint-VM -Name web01 -SnapshotName 'before-update'
Get-VMSnapshot -VMName web01 |
  Select-Object Name, SnapshotType
Restore-VMCheckpoint -VMName web01 -Name 'before-update'
Y
Get-VM web01 | Select-Object Name, State
"""


def test_cli_replays_a_script_from_standard_input():
    """``python -m hvlab ps`` reads standard input, echoes each line and prints the results."""
    run = subprocess.run([sys.executable, "-m", "hvlab", "ps"], input=SCRIPT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "PS C:\\> Checkpoint-VM -Name web01 -SnapshotName 'before-update'" in out
    assert ">>   Select-Object Name, SnapshotType" in out
    assert 'Restore-VMSnapshot will restore checkpoint "before-update".' in out
    # after applying a production checkpoint the VM is Off (B13)
    assert out.strip().splitlines()[-1].split() == ["web01", "Off"]


def test_cli_runs_a_script_file_quietly_and_strict_mode_reports_failures(tmp_path):
    """A script file runs the same; --quiet drops hvlab's notes; --strict exits 1 on a refused line."""
    path = tmp_path / "demo.ps1"
    path.write_text(SCRIPT, encoding="utf-8")
    out = io.StringIO()
    assert cli_main([str(path), "--quiet"], stdout=out) == 0
    assert "hvlab:" not in out.getvalue() and "web01" in out.getvalue()
    bad = tmp_path / "bad.ps1"
    bad.write_text("Get-VM nosuchvm\n", encoding="utf-8")
    assert cli_main([str(bad), "--strict"], stdout=io.StringIO()) == 1
    assert cli_main([str(bad)], stdout=io.StringIO()) == 0


def test_cli_starts_from_a_prepared_scenario():
    """--scenario linear-chain starts with its three checkpoints."""
    out = io.StringIO()
    cli_main(["--scenario", "linear-chain", "--no-echo", "--quiet"], stdin=io.StringIO("Get-VMSnapshot web01 | Select-Object Name\n"), stdout=out)
    assert [line.strip() for line in out.getvalue().strip().splitlines()[2:]] == ["step 1", "step 2", "step 3"]


# ---------------------------------------------------------------- widget

def test_console_widget_runs_lines_and_notifies_other_panels():
    """The widget runs the same Session code, shows output/errors/notes, and calls listeners
    only after a line that changed the lab."""
    pytest.importorskip("ipywidgets")
    from hvlab.widgets.console import PowerShellConsole

    console = PowerShellConsole(Lab(seed=9))
    changes = []
    console.on_lab_change(changes.append)
    console.run("New-VM web01")
    console.run("Get-VM")
    console.run("Get-VM nosuchvm")
    assert len(changes) == 1
    html_text = console.transcript.value
    assert "hvlab-ps-error" in html_text and "hvlab-ps-note" in html_text and "web01" in html_text
    console.input.value = "Start-VM web01"  # what pressing Enter sends
    assert console.lab.vm("web01").hyperv_state == "Running"
    assert list(console.history.options)[-1] == "Start-VM web01"


def test_shipped_demo_replays_with_only_its_intended_refusal():
    """The trainer demo runs end to end: one refused ProductionOnly checkpoint (B7), a fallback
    while booting (A8), and the Apply outcomes Off / Saved (B13, B14)."""
    demo = PACKAGE / "demos" / "production-fallback.ps1"
    lab = Lab()
    session = Session(lab)
    results = session.run_script(demo.read_text(encoding="utf-8"))
    failed = [r for r in results if not r.ok]
    assert [r.source for r in failed] == ["Checkpoint-VM -Name web01 -SnapshotName 'refused'"]
    vm = lab.vm("web01")
    assert vm.find_checkpoint("booted").kind.value == "Production"
    assert vm.find_checkpoint("while-booting").kind.value == "Standard"
    assert vm.hyperv_state == "Saved"


def test_transcript_marks_a_lab_only_line_and_says_what_a_real_host_needs():
    """A click whose PowerShell line uses a lab-only cmdlet shows the mark and one line with
    what a real host needs instead."""
    from hvlab.catalog import text
    from hvlab.powershell import real_host_instead
    from hvlab.widgets.powershell_lines import action_lines

    lab = Lab(seed=4)
    vm = lab.new_vm("web01")
    lines = action_lines(vm, "set_vss_requester_running", running=False)
    assert lines[0].endswith(text("widget.ps.lab_only"))
    assert lines[1] == "# " + real_host_instead("Set-LabGuest")
    vm.put_in_state(VMState.STARTING)
    assert action_lines(vm, "checkpoint") == ["Checkpoint-VM -Name 'web01'"]


def test_output_variables_are_accepted_and_said_to_be_not_simulated():
    """-OutVariable / -ErrorVariable bind (they are CommonParameters) but hvlab fills no variable: a note says so."""
    from hvlab.catalog import text

    s = Session(Lab(seed=4))
    result = s.run("Get-VM -OutVariable vms -ErrorVariable problems")
    assert result.ok
    assert text("ps.note.not_simulated", parameters="-OutVariable, -ErrorVariable") in result.notes
