"""Accessibility in a real page: axe-core on every course notebook (English and Japanese) in
JupyterLab and in Voila, with no serious or critical violation inside hvlab's outputs (and the
course's Markdown in JupyterLab; what JupyterLab or Voila themselves trip over is reported in
``artifacts/browser/axe-*.json``, not failed); a lab's outcome is a live region and its pictures have their text; the disk chain lab
works from the keyboard alone with a visible focus; a lab in JupyterLab's dark theme has dark
pictures (a screenshot goes to ``artifacts/browser/``)."""

from __future__ import annotations

import shutil

import pytest

from hvlab.catalog import text
from hvlab.diagrams.style import palette_for
from hvlab.widgets import manager_labels

from support import unavailable

from . import axe, harness
from .pages import button, eventually, open_lab_notebook, screenshot_widget

ENGLISH = sorted(p.name for p in harness.NOTEBOOK_DIR.glob("[0-9][0-9]-*.ipynb"))
JAPANESE = sorted(p.name for p in (harness.NOTEBOOK_DIR / "ja").glob("[0-9][0-9]-*.ipynb"))
NOTEBOOKS = [name for name in ENGLISH] + [f"ja/{name}" for name in JAPANESE]

WIDGETS_SETTLED_JS = """() => {
  // Every widget output has its view (JupyterLab's or Voila's output areas) and the page watch
  // has marked the live regions (it runs on the next animation frame).
  const outputs = document.querySelectorAll('.jp-OutputArea-output');
  const views = document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets').length;
  const pending = document.querySelectorAll('.hvlab-live:not([aria-live])').length;
  return outputs.length > 0 && pending === 0 && (views > 0 || !document.querySelector('.jupyter-widgets-disconnected'));
}"""


@pytest.fixture(scope="module", autouse=True)
def axe_core():
    if not axe.AXE_JS.exists():
        unavailable(f"{axe.AXE_JS} is missing: npm install --prefix ~/.cache/hvlab-axe axe-core@4.14.1")


@pytest.fixture(scope="module")
def japanese_workdir(workdir):
    """The Japanese notebooks beside the English ones (``ja/``), as the repository has them."""
    target = workdir / "ja"
    target.mkdir(exist_ok=True)
    for name in JAPANESE:
        shutil.copy(harness.NOTEBOOK_DIR / "ja" / name, target / name)
    return target


@pytest.fixture(params=["lab", "voila"])
def server(request, japanese_workdir):
    srv = request.getfixturevalue(f"{request.param}_server")
    yield srv
    srv.shutdown_kernels()


def open_notebook(page, server, notebook: str) -> None:
    """Open and run ``notebook`` (JupyterLab: Run All Cells; Voila runs it before it answers),
    then wait until its widgets are shown."""
    if server.kind == "lab":
        page.goto(server.page_url(notebook))
        page.wait_for_function(harness.WAIT_LAB_KERNEL_JS, timeout=90_000, polling=250)
        page.evaluate(harness.RUN_ALL_JS)
        page.wait_for_function(harness.ALL_EXECUTED_JS, timeout=150_000, polling=250)
        page.wait_for_function(harness.WIDGETS_RENDERED_JS, timeout=30_000, polling=100)
    else:
        page.goto(server.page_url(notebook), timeout=150_000)
    page.wait_for_function(WIDGETS_SETTLED_JS, timeout=60_000, polling=200)
    page.evaluate(harness.NEXT_FRAME_JS)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.replace("/", "-")[:5] for n in NOTEBOOKS])
def test_no_serious_violation_inside_hvlabs_outputs(notebook, page, server, artifacts):
    """axe-core's WCAG 2.2 A/AA and best-practice rules on the notebook's outputs and Markdown:
    no serious or critical violation. The whole page's other violations (JupyterLab's, Voila's)
    are saved beside the screenshots, not failed: hvlab cannot fix them."""
    open_notebook(page, server, notebook)
    ours = axe.run(page)
    markdown = axe.run(page, scope=axe.MARKDOWN_SCOPE)
    whole = axe.run(page, scope=None)
    theirs = axe.outside(whole, {"violations": ours["violations"] + markdown["violations"]})
    stem = notebook.replace("/", "-").removesuffix(".ipynb")
    axe.save(artifacts / f"axe-{server.kind}-{stem}.json", hvlab=ours["violations"], markdown=markdown["violations"],
             page_outside_hvlab=theirs)
    assert ours["scoped"] > 0, "no output area found to check"
    assert not axe.failing(ours), f"{notebook} in {server.kind}:\n{axe.summary(axe.failing(ours))}"
    if server.kind == "lab":
        # The course's Markdown too. Not in Voila: its lab template draws links in text the
        # text's own colour family without an underline (link-in-text-block), a stylesheet of
        # Voila's that hvlab's trainer template (hvlab-present) overrides; saved above.
        assert not axe.failing(markdown), f"{notebook} Markdown:\n{axe.summary(axe.failing(markdown))}"


def test_a_lab_speaks_what_a_click_changed(page, server):
    """The disk chain lab's outcome is a polite live region holding the click's words, and its
    before/after picture has its title as its name and its text version as its description
    (the labs' plain pictures; the tree and the chain are Pictures, tested with them)."""
    open_lab_notebook(page, server, "disk_chain_lab")
    page.wait_for_function(WIDGETS_SETTLED_JS, timeout=30_000, polling=200)
    button(page, manager_labels.label("widget.lab.checkpoint")).click()
    live = page.locator(".hvlab-live").first

    def spoken() -> None:
        assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"
        assert live.inner_text().strip(), "the outcome is empty"

    eventually(spoken, what="live region")
    # The before/after picture of the checkpoint just taken, on its tab (the lab draws the
    # pictures of a tab not shown after the shown one's): named and described.
    page.get_by_role("tab", name=text("widget.lab.tab.before_after")).click()

    def described() -> None:
        pictures = page.evaluate("""() => Array.from(document.querySelectorAll('img.hvlab-diagram'))
          .filter((img) => img.checkVisibility())  // what a screen reader meets: shown, on the open tab
          .map((img) => ({ alt: img.getAttribute('alt'), title: img.title,
                           text: (document.getElementById(img.getAttribute('aria-describedby') || '') || {}).textContent || '' }))""")
        assert pictures, "no diagram image in the page"
        for picture in pictures:
            # The name is the diagram's title, the description its whole text version (which
            # starts with the title).
            assert picture["alt"] and "\n" not in picture["alt"], picture
            assert picture["text"].startswith(picture["alt"][:20]) and len(picture["text"]) > len(picture["alt"]), picture

    eventually(described, what="described pictures")


def _focus_report(page) -> dict:
    """What has the keyboard's focus: its accessible name as a learner's screen reader would
    start it, its role, and whether a focus ring is drawn."""
    return page.evaluate("""() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { name: '', role: '', visible: false, inLab: false };
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const ring = !!style.boxShadow && style.boxShadow !== 'none';
      const name = (el.getAttribute('aria-label') || (el.tagName === 'INPUT' ? '' : el.innerText) || el.title || '').trim();
      return { name, role: el.getAttribute('role') || el.tagName.toLowerCase(), placeholder: el.getAttribute('placeholder') || '',
               visible: outline || ring, inLab: !!el.closest('.hvlab-lab') };
    }""")


def _tab_to(page, wanted, shift: bool = False, limit: int = 90) -> dict:
    """Press Tab (Shift+Tab) until ``wanted(report)`` holds for the focused element; every
    element of the lab passed on the way shows a focus ring."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if shift else "Tab")
        report = _focus_report(page)
        if report["inLab"]:
            assert report["visible"], f"no visible focus on {report}"
            passed.append(report["name"] or report["role"])
        if wanted(report):
            return report
    raise AssertionError(f"Tab never reached it; passed {passed}")


def _named(name: str):
    return lambda report: report["name"] == name


def _outcome_title(outcome_html: str) -> str:
    """The words of an outcome box's first line (its <b>), as the page shows them."""
    import html as html_module
    import re

    bold = re.search(r"<b>(.*?)</b>", outcome_html, re.S)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", bold.group(1) if bold else outcome_html)).split())


def _menu_to(page, label: str, limit: int = 12) -> None:
    """In an open picture menu, ArrowDown until the focused item is ``label``."""
    for _ in range(limit):
        if page.evaluate("() => (document.activeElement || {}).textContent") == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"menu item {label!r} not reached")


def test_disk_chain_lab_from_the_keyboard_alone(page, lab_server, artifacts):
    """Tab, Enter, Space (and the arrow keys inside the tree and its menu) only: take a checkpoint,
    apply it, delete it, in JupyterLab. The focus ring shows on every control of the lab it
    passes, and each outcome read out (the live region) is the one the same calls give on a
    twin lab here."""
    from hvlab.widgets import DiskChainLab

    twin = DiskChainLab()
    try:
        open_lab_notebook(page, lab_server, "disk_chain_lab")
        page.wait_for_function(WIDGETS_SETTLED_JS, timeout=30_000, polling=200)
        live = page.locator(".hvlab-live").first

        def says(outcome_html: str) -> None:
            want = _outcome_title(outcome_html)
            eventually(lambda: _assert_in(want, " ".join(live.inner_text().split())), what=want)

        # The learner arrives at the lab's first control (its first button), then only keys.
        page.locator(".hvlab-lab button").first.focus()
        assert _focus_report(page)["visible"]
        placeholder = text("widget.lab.checkpoint_name_placeholder")
        _tab_to(page, lambda r: r["placeholder"] == placeholder)
        page.keyboard.type("before update", delay=80)  # each key synced to the kernel as typed
        eventually(lambda: _assert_in("before update", page.evaluate("() => document.activeElement.value")), what="typed")
        _tab_to(page, _named(manager_labels.label("widget.lab.checkpoint")))
        page.keyboard.press("Enter")
        twin.checkpoint_name.value = "before update"
        twin.take_checkpoint()
        says(twin.outcome.value)

        # Apply...: the tree (one focus stop), Home selects the checkpoint, Enter opens its menu.
        _tab_to(page, lambda r: r["role"] == "listbox")
        page.keyboard.press("Home")
        page.keyboard.press("Enter")
        _menu_to(page, manager_labels.label("widget.lab.apply"))
        page.keyboard.press("Enter")
        # Hyper-V's question: its "Apply" button, back up the page, chosen with Space.
        _tab_to(page, _named(text("hyperv.apply_apply")), shift=True)
        page.keyboard.press("Space")
        twin.select("before update")
        twin.ask_apply()
        twin.answer_apply(False)
        says(twin.outcome.value)

        # Delete Checkpoint...: the same way, then the question's "Delete" with Enter.
        _tab_to(page, lambda r: r["role"] == "listbox")
        page.keyboard.press("Home")
        page.keyboard.press("Enter")
        _menu_to(page, manager_labels.label("widget.lab.delete"))
        page.keyboard.press("Enter")
        _tab_to(page, _named(text("dialog.delete_delete")), shift=True)
        page.keyboard.press("Enter")
        twin.select("before update")
        twin.ask_delete("delete_checkpoint")
        twin.answer_delete(True)
        says(twin.outcome.value)
        assert not twin.vm.checkpoints
        page.screenshot(path=str(artifacts / "lab-disk-chain-keyboard.png"))
        assert page.console_log.errors() == [], page.console_log.errors()
    finally:
        lab_server.shutdown_kernels()


def _assert_in(part: str, whole: str) -> None:
    assert part in whole, (part, whole)


def test_a_lab_in_jupyterlabs_dark_theme(page, lab_server, artifacts):
    """JupyterLab Dark: the lab's pictures are drawn in the dark palette (their page is the
    palette's background, not a white rectangle), axe finds no serious or critical violation
    in the lab, and a screenshot is saved to be looked at."""
    try:
        open_lab_notebook(page, lab_server, "explorer")
        page.evaluate("async () => { await window.jupyterapp.commands.execute('apputils:change-theme', { theme: 'JupyterLab Dark' }); }")
        page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'", timeout=30_000)
        dark = palette_for("dark").background

        def drawn_dark() -> None:
            colour = page.evaluate("""async () => {
              const img = document.querySelector('img.hvlab-diagram[src]');
              const bitmap = await createImageBitmap(await (await fetch(img.src)).blob());
              const canvas = new OffscreenCanvas(4, 4);
              const g = canvas.getContext('2d');
              g.drawImage(bitmap, 0, 0);
              const [r, gg, b] = g.getImageData(1, 1, 1, 1).data;
              return '#' + [r, gg, b].map((v) => v.toString(16).padStart(2, '0').toUpperCase()).join('');
            }""")
            assert colour == dark, colour

        eventually(drawn_dark, timeout=45, what="dark picture")
        report = axe.run(page)
        root = page.locator(".jp-OutputArea-output > .jupyter-widgets").first
        screenshot_widget(page, root, artifacts / "lab-explorer-dark.png")
        axe.save(artifacts / "axe-lab-explorer-dark.json", hvlab=report["violations"])
        assert not axe.failing(report), axe.summary(axe.failing(report))
    finally:
        page.evaluate("async () => { await window.jupyterapp.commands.execute('apputils:change-theme', { theme: 'JupyterLab Light' }); }")
        page.wait_for_function("() => document.body.dataset.jpThemeLight === 'true'", timeout=30_000)
        lab_server.shutdown_kernels()
