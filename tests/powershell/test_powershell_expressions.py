"""Expressions: the common PowerShell forms are evaluated; the rest are named as unsupported.

Rule: valid PowerShell the console does not implement is answered with hvlab's own sentence
(``ps.unsupported``), never with a made-up PowerShell error record; the arithmetic, string and
format operators follow about_Arithmetic_Operators, about_Join, about_Split, about_Replace and
about_Operators (``-f``), with about_Operator_Precedence.
"""

from __future__ import annotations

import pytest

from hvlab import Lab
from hvlab.catalog import text
from hvlab.powershell import Session


def _out(line: str) -> str:
    result = Session(Lab(seed=3)).run(line)
    assert result.ok, result.text()
    return result.output.strip()


@pytest.mark.parametrize("line, shown", [
    ("'z' * 3", "zzz"),
    ("1 + 2 * 3", "7"),
    ("(1 + 2) * 3", "9"),
    ("5 -3", "2"),
    ("10 / 4", "2.5"),
    ("10 / 5", "2"),
    ("-7 % 3", "-1"),
    ("'a' + 1", "a1"),
    ("1 + '2'", "3"),
    ("'{0} has {1,3}|' -f 'web01', 7", "web01 has   7|"),
    ("'{0}-{0}' -f 'x'", "x-x"),
    ("(1,2,3) -join '-'", "1-2-3"),
    ("-join ('a', 'b')", "ab"),
    ("'a,b' -split ','", "a\nb"),
    ("-split ' a  b '", "a\nb"),
    ("'web01' -replace 'web(\\d+)', 'db$1'", "db01"),
    ("'Web01' -creplace 'web', 'x'", "Web01"),
    ("1,2 + 3", "1\n2\n3"),
    ("2 -eq 1 + 1", "True"),
    ("'abc'.Length", "3"),
    ("$x = 4; $x * $x", "16"),
    ("$a = 'x', 'y', 'z'; $a[0] + $a[-1]", "xz"),
    ("$a = 1, 2; $a[5] -eq $null", "True"),
    ("'abc'[1]", "b"),
])
def test_common_expressions_are_evaluated(line: str, shown: str):
    assert _out(line) == shown


def test_indexing_and_chained_members_on_cmdlet_output():
    s = Session(Lab(seed=3))
    s.run("New-VM a; New-VM web01")
    assert s.run("(Get-VM)[-1].Name").output.strip() == "web01"
    assert s.run("(Get-VM)[1].Name.Length").output.strip() == "5"


def test_an_expression_as_a_cmdlet_argument():
    s = Session(Lab(seed=3))
    s.run("New-VM web01")
    result = s.run("Get-VM -Name ('web' + '01') | Select-Object Name")
    assert "web01" in result.output and result.ok


@pytest.mark.parametrize("line, key", [
    ("if ($true) { 'yes' }", "ps.construct.keyword"),
    ("foreach ($v in 1,2) { $v }", "ps.construct.keyword"),
    ("[int]'5'", "ps.construct.type"),
    ("$a = 1,2; $i = 0; $a[$i]", "ps.construct.index"),
    ("1..3", "ps.construct.range"),
    ("'x'.ToUpper()", "ps.construct.method"),
    ("(Get-Date).AddDays(-90)", "ps.construct.method"),
    ("Get-VM > vms.txt", "ps.construct.redirection"),
    ("1 -band 3", "ps.construct.operator"),
    ("$x += 1", "ps.construct.token"),
    ("& Get-VM", "ps.construct.command_form"),
    ("Write-Host 'hello'", "ps.construct.command"),
    ("'{0:N2}' -f 3", "ps.construct.format_item"),
    ("1 / 0", "ps.construct.operands"),
])
def test_unsupported_constructs_are_named_in_hvlabs_words(line: str, key: str):
    """No PowerShell error layout (CategoryInfo, FullyQualifiedErrorId) for what PowerShell would run."""
    result = Session(Lab(seed=3)).run(line)
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.startswith(text("ps.unsupported", construct="").split(":")[0])
    assert "CategoryInfo" not in error and "FullyQualifiedErrorId" not in error and "At line:" not in error


def test_an_unsupported_construct_stops_the_line_after_what_ran():
    lab = Lab(seed=3)
    lab.new_vm("b")
    s = Session(lab)
    result = s.run("Start-VM b; Write-Host 'done'; Stop-VM b -TurnOff")
    assert lab.vm("b").state.name == "RUNNING"
    assert text("ps.note.unsupported_stopped") in result.notes


def test_genuine_parse_errors_keep_powershells_text():
    """``Get-VM }`` is invalid PowerShell: the parser's own message and layout remain."""
    result = Session(Lab(seed=3)).run("Get-VM }")
    assert text("ps.parse.unexpected_token", token="}") in result.errors[0]
    assert "ParserError" in result.errors[0]


@pytest.mark.parametrize("line", ["Get-VM ${abc", "Get-VM <# never closed"])
def test_a_parse_error_in_hvlabs_words_has_no_powershell_record_fields(line: str):
    """PowerShell rejects these too, but its text for them is not hvlab's to quote."""
    error = Session(Lab(seed=3)).run(line).errors[0]
    assert error.startswith("[hvlab]")
    assert "CategoryInfo" not in error and "FullyQualifiedErrorId" not in error


@pytest.mark.parametrize("line", ["Get-VM -ComputerName Server9", "Start-VM web01 -AsJob", "Set-VM web01 -ProcessorCount 4"])
def test_what_the_lab_does_not_simulate_is_hvlabs_sentence_not_a_hyperv_error(line: str):
    """A real host would do these (another computer, a job, a hardware setting): no
    ``Cmdlet : ...`` record claiming to be Hyper-V's refusal."""
    lab = Lab(seed=3)
    lab.new_vm("web01")
    error = Session(lab).run(line).errors[0]
    assert error.startswith(text("ps.unsupported.not_simulated", construct=""))
    assert " : " not in error.splitlines()[0][:20] and text("ps.hvlab_wording") not in error
