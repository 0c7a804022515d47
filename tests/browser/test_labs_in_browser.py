"""Each lab in a real browser, in JupyterLab and in Voila (code hidden), as a learner and a
trainer use it: a scripted sequence of clicks on the lab's main controls; after each
click the outcome text must match what the core predicts for that state (computed here, with the
core, from the same operations) and the diagram must be the core's picture of that state (its
decoded pixels equal those rendered here, tests/browser/pages.py); across the sequence the diagram changed. Then a
screenshot goes to ``artifacts/browser/``. Robustness: 100 fast clicks without waiting, then the
page shows the state of the last click, the kernel still answers, and nothing errored.
"""

from __future__ import annotations

import html
import random
import re

import pytest

from hvlab import IntegrationService, Lab, VMState
from hvlab.catalog import text
from hvlab.checkpoint_type import CheckpointType
from hvlab.course.challenges import CHALLENGES
from hvlab.course.demos import DEMO_FILE, STEPS, prepare_demo
from hvlab.course.questions import questions
from hvlab.powershell import Session
from hvlab.preview import CheckpointPreview, Outcome
from hvlab.reference.citations import cite_html
from hvlab.widgets import manager_labels
from hvlab.widgets.rendering import render
from hvlab.widgets.self_check import display_order

from . import harness
from .pages import (
    button,
    checkbox,
    eventually,
    expect_pictures,
    image_digests,
    open_lab_notebook,
    png_digest,
    radio,
    screenshot_widget,
    text_box,
    text_of,
)

SERVERS = ["lab", "voila"]


@pytest.fixture(params=SERVERS)
def server(request):
    """The JupyterLab or the Voila server of this session; JupyterLab kernels are stopped after
    the test (Voila stops a page's kernel when the page closes)."""
    srv = request.getfixturevalue(f"{request.param}_server")
    yield srv
    srv.shutdown_kernels()


def running_lab() -> Lab:
    """The lab the explorer and the disk chain lab make when given none (their defaults)."""
    lab = Lab(seed=0)
    lab.new_vm("web01").put_in_state(VMState.RUNNING)
    return lab


def no_errors(page, server) -> None:
    """Nothing errored: no console error, no error output, no traceback on the page."""
    assert page.console_log.errors() == [], page.console_log.errors()
    body = page.locator("body").inner_text()
    assert "Traceback" not in body
    if server.kind == "lab":
        for row in page.evaluate(harness.NOTEBOOK_REPORT_JS):
            assert not row["errors"], f"cell {row['id']} shows an error: {row['errors']}"
            assert row["widgetRendered"] == row["widgetModels"], "a widget output is not a rendered widget"
    if server.kind == "voila":
        # Code hidden: a trainer projects the lab, not its source.
        assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor").count() == 0
        assert "from hvlab.widgets import" not in body


def shot(page, artifacts, server, name: str) -> None:
    screenshot_widget(page, page.locator(".jupyter-widgets.widget-vbox").first, artifacts / f"{server.kind}-{name}.png")


# ---------------------------------------------------------------------- explorer
def page_words(fragment: str) -> str:
    """The words an HTML fragment shows (tags dropped, entities read, spaces collapsed), to
    compare with a page's ``inner_text``."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def headline(preview: CheckpointPreview) -> str:
    """The explorer's one-line outcome for a preview (catalog words chosen by the core's result)."""
    if preview.outcome is Outcome.ERROR:
        return text("widget.explorer.outcome_error")
    if preview.fell_back:
        return text("widget.explorer.outcome_fallback")
    return text(f"widget.explorer.outcome_{preview.outcome.name.lower()}")


def expect_explorer(page, lab: Lab) -> None:
    """The page shows the core's preview of ``lab``'s VM: headline, reason, each rule's verdict,
    and the core's decision-path picture."""
    vm = lab.vm("web01")
    preview = vm.preview_checkpoint()
    want_png = png_digest(render("decision_path", vm).png)

    def check() -> None:
        shown = page.locator(".widget-html-content").filter(has=page.locator(".hvlab-result")).inner_text()
        reason = page_words(cite_html(preview.reason))  # the reason as the page words it: rules by their titles
        assert headline(preview) in shown and reason in " ".join(shown.split()), (shown, headline(preview), reason)
        rows = page.locator("tr.hvlab-check")
        verdicts = [(rows.nth(i).get_attribute("data-rule"), rows.nth(i).get_attribute("data-passed"))
                    for i in range(rows.count())]
        assert verdicts == [(c.rule, str(c.passed)) for c in preview.checks]
        assert image_digests(page) == [want_png]

    eventually(check, what="explorer")


def test_explorer_scripted_sequence(page, server, artifacts):
    """B1–B8 in the explorer: booting falls back (B3), Backup IS off falls back (B4), Production
    only then refuses (B2), Backup back on gives production; each state as the core predicts."""
    open_lab_notebook(page, server, "explorer")
    lab = running_lab()
    vm = lab.vm("web01")
    expect_explorer(page, lab)
    first = image_digests(page)
    steps = [
        (lambda: button(page, text("widget.state.STARTING")).click(), lambda: vm.put_in_state(VMState.STARTING)),
        (lambda: button(page, text("widget.state.RUNNING")).click(), lambda: vm.put_in_state(VMState.RUNNING)),
        (lambda: checkbox(page, IntegrationService.BACKUP.manager_label).click(),
         lambda: vm.set_integration_service(IntegrationService.BACKUP, False)),
        (lambda: checkbox(page, text("widget.explorer.fallback")).click(),
         lambda: vm.set_checkpoint_type(CheckpointType.PRODUCTION_ONLY)),
        (lambda: checkbox(page, IntegrationService.BACKUP.manager_label).click(),
         lambda: vm.set_integration_service(IntegrationService.BACKUP, True)),
        (lambda: radio(page, text("widget.explorer.standard_checkpoints")).click(),
         lambda: vm.set_checkpoint_type(CheckpointType.STANDARD)),
    ]
    seen = set()
    for click, model in steps:
        click()
        model()
        expect_explorer(page, lab)
        seen.add(tuple(image_digests(page)))
    assert len(seen) >= 3 and image_digests(page) != first, "the decision-path diagram did not change"
    shot(page, artifacts, server, "explorer")
    no_errors(page, server)


# ---------------------------------------------------------------------- disk chain lab
def expect_disk_lab(page, lab: Lab, summary: str | None, vm_name: str = "web01") -> None:
    """Status line, outcome and the three diagrams are the core's for ``lab``."""
    vm = lab.vm(vm_name)
    status = text("widget.lab.status", hyperv_state=vm.hyperv_state, state=text(f"widget.state.{vm.state.name}"),
                  setting=vm.checkpoint_type.value, count=len(vm.checkpoints), guest=vm.guest.os.value)
    kinds = ["checkpoint_tree", "disk_chain"] + (["before_after"] if summary else [])
    drawings = [render(kind, vm, strips=True) for kind in kinds]
    # A tab's picture is drawn when its tab is chosen (a click draws the one shown): each tab
    # is opened in turn, as a learner looks at them, then the three pictures are the core's.
    for title in ("widget.lab.tree", "widget.lab.chain") + (("widget.lab.tab.before_after",) if summary else ()):
        page.get_by_role("tab", name=text(title), exact=True).click()

    def check() -> None:
        assert status in page.locator("body").inner_text()
        if summary:
            assert summary in text_of(page, ".hvlab-outcome")
        expect_pictures(page, drawings)

    eventually(check, what="disk chain lab")
    page.get_by_role("tab", name=text("widget.lab.tree"), exact=True).click()  # back to the tree a learner acts on


def test_disk_chain_lab_scripted_sequence(page, server, artifacts):
    """Checkpoint → edit a file → Apply... → "Apply" → Start: the tree, the chain, the
    before/after and the outcome follow the core at every step (B13, B15, B17)."""
    open_lab_notebook(page, server, "disk_chain_lab")
    lab = running_lab()
    vm = lab.vm("web01")
    expect_disk_lab(page, lab, None)
    first = image_digests(page)

    text_box(page, text("widget.lab.checkpoint_name_placeholder")).fill("before-edit")
    button(page, text("widget.lab.checkpoint")).click()
    expect_disk_lab(page, lab, vm.checkpoint("before-edit").summary)

    button(page, text("widget.lab.edit_file")).click()
    result = vm.write_file("C:\\Users\\Student\\Documents\\notes.txt", text("widget.lab.default_content"))
    expect_disk_lab(page, lab, result.summary)

    # Apply... from the checkpoint's context menu on the tree, as in Hyper-V Manager.
    page.locator(".hvlab-picture-checkpoint").first.click()
    page.get_by_role("menuitem", name=manager_labels.label("widget.lab.apply"), exact=True).click()
    dialog = page.get_by_text(text("hyperv.apply_question"))
    dialog.wait_for(state="visible")
    button(page, text("hyperv.apply_apply")).click()
    expect_disk_lab(page, lab, vm.apply("before-edit").summary)

    button(page, text("action.start")).click()
    expect_disk_lab(page, lab, vm.start().summary)
    assert image_digests(page) != first, "the diagrams did not change"
    shot(page, artifacts, server, "disk_chain_lab")
    no_errors(page, server)


# ---------------------------------------------------------------------- apply comparison
def side_rows(page, index: int) -> dict[str, str]:
    table = page.locator("table.hvlab-compare").nth(index)
    rows = table.locator("tr")
    return {rows.nth(i).locator("th").inner_text().strip(): rows.nth(i).locator("td").inner_text().strip()
            for i in range(rows.count())}


def test_apply_comparison_scripted_sequence(page, server, artifacts):
    """Microsoft's USING demo on both sides: standard comes back with Notepad (Saved, B14
    *assumed*), production comes back Off and cold-boots without it (A3, B13)."""
    open_lab_notebook(page, server, "apply_comparison")
    lab = prepare_demo()
    first = image_digests(page)
    for index, side in enumerate(("standard", "production")):
        vm = lab.vm(f"demo-{side}")
        for step in STEPS:
            if step == "complete_boot" and side == "standard":
                continue  # a resumed VM is not booting: the core refuses it (tested in unit tests)
            button(page, text(f"widget.compare.step.{step}"), index).click()
            if step == "delete_file":
                result = vm.delete_file(DEMO_FILE)
            elif step == "apply":
                result = vm.apply(vm.find_checkpoint("demo"))
            else:
                result = getattr(vm, step)()

            def check(vm=vm, index=index, summary=result.summary) -> None:
                rows = side_rows(page, index)
                assert rows[text("widget.compare.row.state")] == text(
                    "widget.compare.state", hyperv_state=vm.hyperv_state, state=text(f"widget.state.{vm.state.name}"))
                present = vm.read_file(DEMO_FILE) is not None
                assert rows[text("widget.compare.row.file")] == text("widget.yes" if present else "widget.no")
                assert summary in text_of(page, ".hvlab-outcome")
                # an empty step view shows nothing and is left out
                expect_pictures(page, [render("checkpoint_tree", lab.vm(f"demo-{s}"), strips=True) for s in ("standard", "production")])

            eventually(check)
    apps = {side: lab.vm(f"demo-{side}").open_apps for side in ("standard", "production")}
    assert apps["standard"] != apps["production"], "the demo should end with a difference to see"
    assert image_digests(page) != first, "the trees did not change"
    shot(page, artifacts, server, "apply_comparison")
    no_errors(page, server)


# ---------------------------------------------------------------------- self-check
def test_self_check_reveals_the_bank_verdicts(page, server, artifacts):
    """Predict, then reveal: the right option is marked right and a wrong one wrong, with every
    option's explanation, as the question bank says."""
    open_lab_notebook(page, server, "self_check")
    bank = questions("01")
    for index, (question, pick_correct) in enumerate(zip(bank[:2], (True, False))):
        option = next(o for o in display_order(question) if o.correct is pick_correct)
        panel = page.locator(".widget-vbox").filter(has=page.locator(f".hvlab-question[data-id='{question.id}']")).last
        panel.locator(".widget-radio-box label").filter(has_text=option.text).locator("input").click()
        panel.get_by_role("button", name=text("widget.selfcheck.reveal"), exact=True).click()

        def check(panel=panel, question=question, pick_correct=pick_correct) -> None:
            feedback = panel.locator(".hvlab-feedback")
            assert feedback.count() == 1
            shown = feedback.inner_text()
            assert text("widget.selfcheck.right" if pick_correct else "widget.selfcheck.wrong") in shown
            correct = feedback.locator("li[data-correct='true']")
            assert correct.count() == 1 and question.correct_option.text in correct.inner_text()
            for o in question.options:
                assert o.explanation.split("\n")[0][:40] in shown

        eventually(check)
    shot(page, artifacts, server, "self_check")
    no_errors(page, server)


# ---------------------------------------------------------------------- challenge
def test_challenge_is_solved_by_clicks(page, server, artifacts):
    """"Production checkpoint of a Linux VM": Backup IS on, the VSS daemon running, Checkpoint —
    the criteria turn green exactly as the challenge's criteria say for the core's state."""
    definition = CHALLENGES["production-linux"]
    open_lab_notebook(page, server, "challenge")
    lab, name = definition.setup()
    start = lab.copy().vm(name)
    vm = lab.vm(name)

    def expect(summary: str | None) -> None:
        met = definition.criteria(vm, start)

        def check() -> None:
            status = page.locator(".hvlab-challenge-status")
            shown = status.inner_text()
            solved = all(met.values())
            assert text("widget.challenge.solved" if solved else "widget.challenge.not_yet") in shown
            flags = [status.locator("li").nth(i).get_attribute("data-met") for i in range(status.locator("li").count())]
            assert flags == [str(v).lower() for v in met.values()]
        eventually(check)
        expect_disk_lab(page, lab, summary, vm_name=name)

    expect(None)
    first = image_digests(page)
    checkbox(page, IntegrationService.BACKUP.manager_label).click()
    expect(vm.set_integration_service(IntegrationService.BACKUP, True).summary)
    checkbox(page, text("widget.lab.requester_running", requester=vm.guest.requester_name)).click()
    expect(vm.set_vss_requester_running(True).summary)
    button(page, text("widget.lab.checkpoint")).click()
    expect(vm.checkpoint().summary)
    assert all(definition.criteria(vm, start).values()), "the scripted clicks should solve the challenge"
    assert image_digests(page) != first
    shot(page, artifacts, server, "challenge")
    no_errors(page, server)


# ---------------------------------------------------------------------- PowerShell console
def test_powershell_console_answers_like_the_session(page, server, artifacts):
    """Typed lines (Enter) give the transcript the PowerShell session gives for the same lines."""
    open_lab_notebook(page, server, "powershell_console")
    session = Session(None)
    line_box = text_box(page, text("ps.console.placeholder"))
    for line in ("New-VM -Name web01", "Start-VM -Name web01", "Checkpoint-VM -Name web01 -SnapshotName first",
                 "Get-VMSnapshot -VMName web01"):
        line_box.fill(line)
        line_box.press("Enter")
        result = session.feed(line)
        expected = [chunk.strip() for chunk in result.output.strip().splitlines() if chunk.strip()] + list(result.errors)

        def check(line=line, expected=expected) -> None:
            shown = " ".join(page.locator(".widget-html-content pre").first.inner_text().split())
            assert " ".join(line.split()) in shown
            for chunk in expected:
                assert " ".join(chunk.split()) in shown, chunk

        eventually(check)
    shot(page, artifacts, server, "powershell_console")
    no_errors(page, server)


# ---------------------------------------------------------------------- robustness
def test_hundred_fast_clicks_end_in_the_last_clicks_state(page, server, artifacts):
    """100 clicks across the explorer's controls, fired without waiting for the kernel: the page
    ends showing the state the last clicks set (the core's preview of it), the kernel still
    answers a further click, and nothing errored."""
    open_lab_notebook(page, server, "explorer")
    expect_explorer(page, running_lab())
    states = list(VMState)
    services = [IntegrationService.BACKUP, IntegrationService.HEARTBEAT]
    rng = random.Random(20261126)
    plan = [rng.randrange(len(states) + len(services)) for _ in range(100)]
    if plan[-1] >= len(states):
        plan.append(rng.randrange(len(states)))  # end on a state toggle: its value is unambiguous
    labels = [text(f"widget.state.{s.name}") for s in states] + [s.manager_label for s in services]
    # One page.evaluate: every click is dispatched in the same task, none waits for the kernel.
    clicked = page.evaluate(
        """(args) => {
          const [plan, labels] = args;
          const find = (label) => {
            for (const b of document.querySelectorAll('button.widget-toggle-button'))
              if (b.textContent.trim() === label) return b;
            for (const c of document.querySelectorAll('.widget-checkbox'))
              if (c.querySelector('.widget-label-basic').textContent.trim() === label) return c.querySelector('input');
            return null;
          };
          let n = 0;
          for (const i of plan) { const el = find(labels[i]); if (el) { el.click(); n++; } }
          return n;
        }""",
        [plan, labels],
    )
    assert clicked == len(plan)
    lab = running_lab()
    vm = lab.vm("web01")
    for i in plan:  # the same clicks on the core: a click on the active toggle changes nothing
        if i < len(states):
            if vm.state is not states[i]:
                vm.put_in_state(states[i])
        else:
            service = services[i - len(states)]
            vm.set_integration_service(service, not vm.integration_services[service])
    expect_explorer(page, lab)

    def active_state() -> None:
        active = page.locator("button.widget-toggle-button.mod-active")
        assert active.count() == 1 and active.inner_text().strip() == text(f"widget.state.{vm.state.name}")

    eventually(active_state)
    # The kernel is alive: one more click still gets the core's answer.
    target = VMState.SAVED if vm.state is not VMState.SAVED else VMState.OFF
    button(page, text(f"widget.state.{target.name}")).click()
    vm.put_in_state(target)
    expect_explorer(page, lab)
    if server.kind == "lab":
        assert all(k["execution_state"] != "dead" for k in server.kernels())
    shot(page, artifacts, server, "explorer-after-100-clicks")
    no_errors(page, server)
