"""Each lab fits a projector's screen, and no control's words are cut off (English and Japanese).

A trainer projects at 1280×720. In Voila (the trainer pages) the whole lab — its controls, the
result of a click and the picture — must fit that one screen; in JupyterLab, whose own menus,
toolbars and file browser take part of the window, the controls, the click's result and the top
of the picture pane must fit the notebook's visible area, so a click's result is on screen
beside the control clicked without scrolling. The heights measured go to
``artifacts/screen/heights.json`` and each page is photographed at 1280×720 and 1920×1080
(``artifacts/screen/``, ignored by git) for a person to look at.

A picture is shrunk when the page shows it narrower than its PNG (the browser scaled it down:
its text becomes too small to read). A label is cut off when its text is wider than its box (``scrollWidth > clientWidth``: the
ellipsis or clipping of ipywidgets' buttons and labels) or when it runs past the lab's right edge.
"""

from __future__ import annotations

import json

import pytest

from hvlab import set_language
from hvlab.catalog import text

from hvlab.widgets import manager_labels

from . import harness
from .pages import button, open_lab_notebook

VOILA_BUDGET_PX = 640
"""The lab's height on a trainer page: 720 px less the page's title line and margins."""
LABS = ("explorer", "disk_chain_lab", "apply_comparison")
LANGUAGES = ("en", "ja")


@pytest.fixture(params=["lab", "voila"])
def server(request):
    srv = request.getfixturevalue(f"{request.param}_server")
    yield srv
    srv.shutdown_kernels()


@pytest.fixture(params=LANGUAGES)
def language(request, workdir):
    """The learner's language: the lab notebooks again, with ``hvlab.set_language`` first; the
    test process speaks the same language, so it finds controls by the words the page shows."""
    lang = request.param
    if lang != "en":
        for name, source in harness.LAB_NOTEBOOKS.items():
            harness.write_notebook(workdir / f"lab-{name}-{lang}.ipynb", [f'import hvlab\nhvlab.set_language("{lang}")\n\n{source}'])
    set_language(lang)
    try:
        yield lang
    finally:
        set_language("en")


PICTURE_PEEK_PX = 150
"""In JupyterLab the picture pane's first 150 px must be on screen with the result."""

MEASURE_JS = """(root) => {
  // The lab's own height, and in JupyterLab the height of the notebook's visible area.
  const box = root.getBoundingClientRect();
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer')
             || document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  // How far down the result of a click reaches: the outcome, the result, the comparison
  // tables, and the picture pane's tabs with the first PICTURE_PEEK_PX of the picture.
  let reach = 0;
  for (const el of root.querySelectorAll('.hvlab-outcome, .hvlab-result, table.hvlab-compare, .lm-TabBar')) {
    if (!el.offsetParent) continue;
    const bottom = el.getBoundingClientRect().bottom + (el.classList.contains('lm-TabBar') ? PICTURE_PEEK_PX : 0);
    reach = Math.max(reach, bottom - box.top);
  }
  return {height: Math.round(box.height), width: Math.round(box.width), result_reach: Math.round(reach),
          visible: panel ? Math.round(panel.getBoundingClientRect().height) : window.innerHeight,
          overflowX: root.scrollWidth - root.clientWidth};
}""".replace("PICTURE_PEEK_PX", str(PICTURE_PEEK_PX))

CUT_LABELS_JS = """(root) => {
  // Every visible control label whose words do not fit its box or run past the lab's edge.
  const edge = root.getBoundingClientRect().right + 1;
  const selectors = ['.widget-button', '.widget-toggle-button', '.widget-label', '.widget-label-basic',
                     '.widget-checkbox label', '.widget-radio-box label', '.lm-TabBar-tabLabel',
                     '.widget-dropdown > select', '.jupyter-widgets summary'];
  const cut = [];
  for (const el of root.querySelectorAll(selectors.join(','))) {
    if (!el.offsetParent || !el.textContent.trim() && el.tagName !== 'SELECT') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    let words = el.tagName === 'SELECT' ? (el.options[el.selectedIndex] || {}).text || '' : el.textContent.trim();
    let tooWide = el.scrollWidth > el.clientWidth + 1;
    if (el.tagName === 'SELECT') {
      // A select clips its chosen option: measure that option's words in the select's font.
      const ctx = document.createElement('canvas').getContext('2d');
      const style = getComputedStyle(el);
      ctx.font = style.font;
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      tooWide = ctx.measureText(words).width > room + 1;
    }
    if (tooWide || r.right > edge) cut.push(words + (r.right > edge ? ' [past the edge]' : ''));
  }
  return cut;
}"""


SHRUNK_PICTURES_JS = """(root) => {
  // Every picture the lab shows (its tab chosen in turn) at less than the size it was drawn for.
  const shrunk = [];
  // A picture drawn at 2x for a HiDPI screen (data-pixel-ratio, picture.js) is meant at half its pixels.
  for (const img of root.querySelectorAll('img.widget-image, canvas.hvlab-picture-tile')) {
    const pixels = img.tagName === 'CANVAS' ? img.width : img.naturalWidth;  // a strip's canvas holds its PNG's pixels
    if (!pixels) continue;
    const drawn = pixels / parseFloat(img.dataset.pixelRatio || '1');
    const shown = img.getBoundingClientRect().width;
    if (shown && shown < drawn - 1) shrunk.push(`${drawn} px shown at ${Math.round(shown)} px`);
  }
  return shrunk;
}"""


def shrunk_pictures(page, root) -> list[str]:
    """The pictures shown smaller than drawn, on every tab of the lab's panes."""
    shrunk = list(page.evaluate(SHRUNK_PICTURES_JS, root.element_handle()))
    tabs = root.locator(".lm-TabBar-tab")
    for i in range(tabs.count()):
        tabs.nth(i).click()
        page.evaluate(harness.NEXT_FRAME_JS)
        shrunk += page.evaluate(SHRUNK_PICTURES_JS, root.element_handle())
    if tabs.count():
        tabs.first.click()
    return shrunk


def lab_root(page, server):
    return page.locator(".jp-OutputArea-output > .jupyter-widgets" if server.kind == "lab" else "body .jupyter-widgets.widget-vbox").first


def busy_state(page, lab: str) -> None:
    """One click that fills the lab's result and pictures (its tallest ordinary state)."""
    if lab == "disk_chain_lab":
        button(page, manager_labels.label("widget.lab.checkpoint")).click()
        page.locator(".hvlab-outcome").first.wait_for(state="visible")
    elif lab == "explorer":
        button(page, text("widget.state.STARTING")).click()
        page.locator(".hvlab-outcome").first.wait_for(state="visible")
    else:
        button(page, text("widget.compare.step.delete_file"), 1).click()
        page.locator(".hvlab-outcome").first.wait_for(state="visible")
    page.wait_for_timeout(1500)  # the pictures of the click arrive after the outcome
    page.evaluate(harness.NEXT_FRAME_JS)


def record(key: str, figures: dict) -> None:
    folder = harness.ROOT / "artifacts" / "screen"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "heights.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data[key] = figures
    path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")


@pytest.mark.parametrize("lab", LABS)
def test_lab_fits_one_screen_and_no_label_is_cut(page, server, language, lab):
    """At 1280×720 the lab fits (Voila: the budget; JupyterLab: the notebook's visible area),
    nothing sticks out sideways, no control's label is cut and no picture is shown smaller
    than it was drawn (on any tab), in English and Japanese."""
    page.set_viewport_size({"width": 1280, "height": 720})
    open_lab_notebook(page, server, lab if language == "en" else f"{lab}-{language}")
    root = lab_root(page, server)
    busy_state(page, lab)
    figures = page.evaluate(MEASURE_JS, root.element_handle())
    cut = page.evaluate(CUT_LABELS_JS, root.element_handle())
    shrunk = shrunk_pictures(page, root)
    folder = harness.ROOT / "artifacts" / "screen"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{server.kind}-{lab}-{language}"
    root.scroll_into_view_if_needed()
    page.evaluate("(el) => el.scrollIntoView({block: 'start'})", root.element_handle())
    page.screenshot(path=str(folder / f"{name}-1280x720.png"))
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.evaluate(harness.NEXT_FRAME_JS)
    wide_cut = page.evaluate(CUT_LABELS_JS, root.element_handle())
    page.screenshot(path=str(folder / f"{name}-1920x1080.png"))
    record(name, {**figures, "cut": cut, "cut_1920": wide_cut, "shrunk": shrunk})

    if server.kind == "voila":  # a trainer page: the whole lab on one screen
        assert figures["height"] <= VOILA_BUDGET_PX, f"{name}: {figures['height']} px tall at 1280×720, budget {VOILA_BUDGET_PX} px"
    else:  # JupyterLab: the controls, the click's result and the picture's top without scrolling
        assert figures["result_reach"] <= figures["visible"], (
            f"{name}: the result reaches {figures['result_reach']} px down, the notebook shows {figures['visible']} px")
    assert figures["overflowX"] <= 1, f"{name}: the lab is {figures['overflowX']} px wider than its column"
    assert cut == [] and wide_cut == [], f"{name}: labels cut off: {cut or wide_cut}"
    assert shrunk == [], f"{name}: pictures shown smaller than drawn: {shrunk}"
