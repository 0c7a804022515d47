"""The disk chain lab's pictures in a real browser, in JupyterLab and in Voila: a learner clicks
the checkpoint tree and the disk chain with the mouse and drives them with the keyboard; after
each action the page (selection, menu, dialog, pictures) is compared with what the core says
for the same calls made here on a twin lab. Then 100 fast clicks on the tree leave one
consistent selection and a kernel that still answers, with no console error.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hvlab import Lab, VMState
from hvlab.catalog import text
from hvlab.widgets import manager_labels
from hvlab.widgets.checkpoint_menu import MENU_ACTIONS
from hvlab.widgets.rendering import render

from .pages import (
    button,
    describe_difference,
    drawing_digest,
    eventually,
    open_lab_notebook,
    picture_digest,
    picture_pngs,
    pixels_digest,
    text_box,
)

SERVERS = ["lab", "voila"]
REGIONS = ".hvlab-picture-region"
MENU_ITEMS = ".hvlab-picture-menu:not([hidden]) [role=menuitem]"

PICTURE_STATE_JS = """(frame) => {
  const list = frame.querySelector('[role=listbox]');
  const region = frame.querySelector('.hvlab-picture-region.hvlab-selected');
  const menu = frame.querySelector('.hvlab-picture-menu');
  const img = frame.querySelector('canvas.hvlab-picture-tile');  // the picture's first strip
  const strips = frame.querySelector('.hvlab-picture-strips');
  return {
    selected: region ? region.getAttribute('aria-label') : null,
    selectedCount: frame.querySelectorAll('.hvlab-picture-region.hvlab-selected').length,
    activeIsSelected: !!region && list.getAttribute('aria-activedescendant') === region.id,
    menuOpen: !menu.hidden,
    items: Array.from(menu.querySelectorAll('[role=menuitem]')).map(e => e.textContent),
    focusedItem: document.activeElement && document.activeElement.getAttribute('role') === 'menuitem'
      ? document.activeElement.textContent : null,
    listFocused: document.activeElement === list,
    label: list.getAttribute('aria-label'),
    imageHidden: strips ? strips.getAttribute('aria-hidden') === 'true' : null,
    described: (document.getElementById(list.getAttribute('aria-describedby')) || {}).textContent || '',
    regions: frame.querySelectorAll('.hvlab-picture-region').length,
    shownWidth: img ? img.getBoundingClientRect().width : 0,
    naturalWidth: img ? img.width : 0,  // the canvas's pixels: its PNG's
    ratio: img ? img.dataset.pixelRatio : null,
  };
}"""


@pytest.fixture(params=SERVERS)
def server(request):
    srv = request.getfixturevalue(f"{request.param}_server")
    yield srv
    srv.shutdown_kernels()


def twin_lab() -> Lab:
    """The lab DiskChainLab() makes when given none: the page's starting point."""
    lab = Lab(seed=0)
    lab.new_vm("web01").put_in_state(VMState.RUNNING)
    return lab


def frames(page):
    return page.locator(".hvlab-picture-frame")


def state(page, index: int = 0) -> dict:
    return page.evaluate(PICTURE_STATE_JS, frames(page).nth(index).element_handle())


def region(page, name: str, index: int = 0):
    """The hit region of the box named ``name`` (its accessible name starts with it)."""
    return frames(page).nth(index).locator(f'{REGIONS}[aria-label^="{name} —"]')


def dropdown_label(page) -> str:
    select = page.locator(".widget-dropdown").filter(has_text=text("widget.lab.selected")).locator("select").first
    return page.evaluate("(s) => (s.options[s.selectedIndex] || {}).text || ''", select.element_handle())


def expect_tree(page, vm) -> None:
    """The tree picture shows the core's render of ``vm`` with one region per checkpoint."""
    drawing = render("checkpoint_tree", vm, strips=True)
    want = drawing_digest(drawing)

    def check() -> None:
        shown = picture_pngs(page, frames(page).nth(0).element_handle())
        assert shown is not None and pixels_digest(shown) == want, describe_difference(shown, drawing.png)
        assert state(page)["regions"] == len(vm.checkpoints)

    eventually(check, what="the tree picture")


def take(page, twin, name: str) -> None:
    text_box(page, text("widget.lab.checkpoint_name_placeholder")).fill(name)
    button(page, manager_labels.label("widget.lab.checkpoint")).click()
    twin.vm("web01").checkpoint(name)
    expect_tree(page, twin.vm("web01"))


def no_errors(page) -> None:
    assert page.console_log.errors() == [], page.console_log.errors()
    assert "Traceback" not in page.locator("body").inner_text()


def test_the_tree_by_mouse_selects_and_its_menu_runs_the_core(page, server):
    """A click on a checkpoint selects it (the dropdown follows) and opens Hyper-V Manager's
    menu; Apply... asks Hyper-V's question and "Apply" leaves the page as the core's
    ``vm.apply``; Rename... renames in place; Delete Checkpoint... asks, then deletes."""
    open_lab_notebook(page, server, "disk_chain_lab")
    twin = twin_lab()
    vm = twin.vm("web01")
    take(page, twin, "one")
    take(page, twin, "two")

    first = state(page)
    assert first["label"] == render("checkpoint_tree", vm).title and first["imageHidden"]
    assert first["described"] == render("checkpoint_tree", vm).description
    # The description is not rendered (picture.js) but still the listbox's accessible one.
    expect(frames(page).nth(0).locator("[role=listbox]")).to_have_accessible_description(
        " ".join(render("checkpoint_tree", vm).description.split()))
    assert first["shownWidth"] == pytest.approx(first["naturalWidth"] / float(first["ratio"]), abs=1)

    region(page, "one").click()
    eventually(lambda: _selected(page, "one"), what="selection after a click")
    shown = state(page)
    assert shown["menuOpen"] and shown["items"] == [manager_labels.label(k) for k in MENU_ACTIONS.values()]
    assert shown["focusedItem"] == manager_labels.label("widget.lab.settings")

    page.get_by_role("menuitem", name=manager_labels.label("widget.lab.apply"), exact=True).click()
    page.get_by_text(text("hyperv.apply_question")).wait_for(state="visible")
    button(page, text("hyperv.apply_apply")).click()
    vm.apply("one")
    expect_tree(page, vm)

    region(page, "two").click()
    page.get_by_role("menuitem", name=manager_labels.label("widget.lab.rename"), exact=True).click()
    prompt = page.locator(".hvlab-picture-prompt")
    prompt.fill("renamed")
    prompt.press("Enter")
    vm.rename_checkpoint("two", "renamed")
    expect_tree(page, vm)

    region(page, "renamed").click()
    page.get_by_role("menuitem", name=manager_labels.label("widget.lab.delete"), exact=True).click()
    button(page, text("dialog.delete_delete")).click()
    vm.delete_checkpoint("renamed")
    expect_tree(page, vm)
    assert [cp.name for cp in vm.checkpoints.values()] == ["one"]
    no_errors(page)


def _selected(page, name: str) -> None:
    shown = state(page)
    assert shown["selected"] and shown["selected"].startswith(f"{name} —") and shown["selectedCount"] == 1
    assert shown["activeIsSelected"]
    assert dropdown_label(page) == name


def test_the_tree_and_the_chain_by_keyboard(page, server):
    """Arrow keys move the selection (the dropdown follows), Shift+F10 and the ContextMenu key
    open the menu, Escape closes it and gives the focus back; Enter on a menu item runs it.
    On the chain, Enter inspects the selected disk file as Get-VHD reports it."""
    open_lab_notebook(page, server, "disk_chain_lab")
    twin = twin_lab()
    vm = twin.vm("web01")
    take(page, twin, "one")
    take(page, twin, "two")
    frames(page).nth(0).get_by_role("listbox").focus()
    page.keyboard.press("Home")
    eventually(lambda: _selected(page, "one"), what="Home")
    page.keyboard.press("ArrowDown")
    eventually(lambda: _selected(page, "two"), what="ArrowDown")
    page.keyboard.press("ArrowUp")
    eventually(lambda: _selected(page, "one"), what="ArrowUp")

    page.keyboard.press("Shift+F10")
    assert state(page)["menuOpen"]
    page.keyboard.press("Escape")
    closed = state(page)
    assert not closed["menuOpen"] and closed["listFocused"]

    page.keyboard.press("ArrowDown")
    eventually(lambda: _selected(page, "two"), what="ArrowDown again")
    page.keyboard.press("ContextMenu")
    for _ in range(list(MENU_ACTIONS).index("delete_checkpoint_subtree")):  # from Settings..., the first
        page.keyboard.press("ArrowDown")
    assert state(page)["focusedItem"] == manager_labels.label("widget.lab.delete_subtree")
    page.keyboard.press("Enter")
    button(page, text("dialog.delete_delete")).click()
    vm.delete_checkpoint_subtree("two")
    expect_tree(page, vm)

    # The chain: its own tab; Enter inspects the selected disk.
    page.get_by_role("tab", name=text("widget.lab.chain")).click()
    last = list(vm.disk_chains[0])[-1]
    frames(page).nth(1).locator(f'{REGIONS}[data-key="{last.id}"]').wait_for(state="attached")  # drawn when its tab is chosen
    frames(page).nth(1).get_by_role("listbox").focus()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    eventually(lambda: _inspected(page, last), what="the chain's last disk inspected")
    page.keyboard.press("Home")
    base = vm.disk_chains[0].base
    eventually(lambda: _inspected(page, base), what="the base disk inspected")
    no_errors(page)


def _inspected(page, disk) -> None:
    shown = page.locator(".hvlab-inspect").first.inner_text()
    assert disk.file_name in shown and "VhdType" in shown
    assert ("Differencing" if disk.parent_id else "Dynamic") in shown


def test_a_disk_clicked_in_the_chain_is_inspected(page, server):
    open_lab_notebook(page, server, "disk_chain_lab")
    twin = twin_lab()
    vm = twin.vm("web01")
    take(page, twin, "one")
    page.get_by_role("tab", name=text("widget.lab.chain")).click()
    for disk in vm.disk_chains[0]:
        frames(page).nth(1).locator(f'{REGIONS}[data-key="{disk.id}"]').click()
        eventually(lambda d=disk: _inspected(page, d), what=f"inspect {disk.file_name}")
    no_errors(page)


def test_a_hundred_fast_clicks_leave_one_selection_and_a_live_kernel(page, server):
    """100 clicks on the tree's checkpoints without waiting: afterwards exactly one checkpoint
    is selected, the one clicked last, in the picture and in the dropdown; nothing changed in
    the lab (a selection runs no operation); a Checkpoint click still works."""
    open_lab_notebook(page, server, "disk_chain_lab")
    twin = twin_lab()
    vm = twin.vm("web01")
    names = ["a", "b", "c"]
    for name in names:
        take(page, twin, name)
    centres = []
    for name in names:
        box = region(page, name).bounding_box()
        centres.append((box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))
    for i in range(100):
        x, y = centres[i % len(centres)]
        page.mouse.click(x, y)
    last = names[99 % len(names)]
    eventually(lambda: _selected(page, last), timeout=60, what="the last click's selection")
    expect_tree(page, vm)
    take(page, twin, "after")  # the kernel answers
    no_errors(page)


WATCH_PICTURE_JS = """(frame) => {
  // Mark every region node, and note every change of the picture's strips: the <canvas> elements
  // it puts in (new strips and kept ones), whether they hold their pixels then, the regions then.
  for (const node of frame.querySelectorAll('.hvlab-picture-region')) node.dataset.seen = '1';
  const seen = window.__hvlabSwaps = [];
  new MutationObserver((mutations) => {  // one call per task that changed the strips
    const added = mutations.flatMap(m => [...m.addedNodes]).filter(n => n.tagName === 'CANVAS');
    const drawn = (canvas) => {  // its pixels are there (a canvas without is transparent black)
      if (!canvas.width || !canvas.height) return false;
      const probe = document.createElement('canvas');
      probe.width = canvas.width;
      probe.height = canvas.height;
      const ctx = probe.getContext('2d');
      ctx.drawImage(canvas, 0, 0);
      return ctx.getImageData(0, 0, canvas.width, canvas.height).data.some((v, i) => i % 4 === 3 && v > 0);
    };
    if (added.length) seen.push({complete: added.every(drawn), images: added.length,
                                 regions: frame.querySelectorAll('.hvlab-picture-region').length});
  }).observe(frame.querySelector('.hvlab-picture-strips'), {childList: true});
}"""


def test_a_new_picture_is_swapped_in_once_decoded_with_its_regions_and_the_boxes_kept(page, server):
    """One message (strips, size, regions) puts the new picture's strips in the page at once,
    already decoded (the old picture stays until then), and its regions with it; a box that
    stays keeps its node."""
    open_lab_notebook(page, server, "disk_chain_lab")
    twin = twin_lab()
    take(page, twin, "one")
    tree = frames(page).nth(0).element_handle()
    page.evaluate(WATCH_PICTURE_JS, tree)
    take(page, twin, "two")
    swaps = page.evaluate("() => window.__hvlabSwaps")
    assert len(swaps) == 1, swaps
    assert swaps[0]["complete"]
    assert swaps[0]["regions"] == 2  # its boxes come with it, in the same task
    kept = page.evaluate("""(frame) => Array.from(frame.querySelectorAll('.hvlab-picture-region'))
                              .map(n => [n.getAttribute('aria-label').split(' —')[0], n.dataset.seen || ''])""", tree)
    assert dict(kept) == {"one": "1", "two": ""}
    assert frames(page).nth(0).locator("img").count() == 0  # only canvases, in the strips
    assert frames(page).nth(0).locator("canvas").count() == frames(page).nth(0).locator(".hvlab-picture-strips > canvas").count()
    no_errors(page)


TWICE_CELLS = [
    "from hvlab import scenarios\nfrom hvlab.widgets import DiskChainLab\nlab, vm = scenarios.many_checkpoints(49)\nw = DiskChainLab(lab)\nw",
    ('w.checkpoint_name.value = "one more"\nw.checkpoint_button.click()  # a row more, then a row less:\n'
     'w.select("one more")\nw.delete_button.click()\nw.delete_confirm_button.click()\n'
     '# the strips the page was sent before now come without their PNG\n'
     'assert any(t["png"] is None for t in w.checkpoint_menu.tree.tiles)'),
    "w  # a second view of the same lab, opened after: it asks the kernel for the strips it lacks",
]


def test_a_view_opened_later_asks_for_the_strips_it_lacks(page, server, workdir):
    """The tree travels in strips (hvlab/diagrams/tiles.py): a strip the page was sent before
    comes without its PNG, so a view made later has to ask the kernel for it by key. Both views
    of the lab then show the same picture, in strips."""
    from .harness import write_notebook

    write_notebook(workdir / "lab-picture_twice.ipynb", TWICE_CELLS)
    open_lab_notebook(page, server, "picture_twice")

    def check() -> None:
        assert frames(page).count() >= 4  # two labs: a tree and a chain each
        trees = [frames(page).nth(i).element_handle() for i in (0, 2)]
        first, second = (picture_digest(page, tree) for tree in trees)
        assert first is not None and first == second
        assert all(frames(page).nth(i).locator(".hvlab-picture-strips > .hvlab-picture-tile").count() > 1 for i in (0, 2))  # in strips

    eventually(check, timeout=60, what="the same picture in both views")
    no_errors(page)


PARTS_CELLS = ["from hvlab import scenarios\nfrom hvlab.widgets import DiskChainLab\nlab, vm = scenarios.many_checkpoints(45)\nDiskChainLab(lab)"]


def test_the_picture_after_a_whole_one_sends_only_its_new_strips(page, server, workdir):
    """A big tree comes whole with the page (hvlab/widgets/picture.py: most of it is new), and
    the page cuts it into its strips while it is idle; the next picture sends only its new
    strips, and the page keeps the others (tiles.js), showing the core's picture pixel for pixel."""
    from hvlab import scenarios
    from hvlab.widgets.picture import STRIPS_FROM_PIXELS

    from .harness import write_notebook

    write_notebook(workdir / "lab-picture_parts.ipynb", PARTS_CELLS)
    open_lab_notebook(page, server, "picture_parts")
    twin, vm = scenarios.many_checkpoints(45)
    drawing = render("checkpoint_tree", vm, strips=True)
    assert drawing.size[0] * sum(t.rows for t in drawing.tiles) >= STRIPS_FROM_PIXELS  # sent in strips after the first
    expect_tree(page, vm)
    tree = frames(page).nth(0)
    # came whole; cut into its strips while the page is idle (picture.js), the same pixels
    def cut() -> None:
        assert tree.locator(".hvlab-picture-strips > canvas.hvlab-picture-tile-part").count() == len(drawing.tiles)

    eventually(cut, what="the whole picture cut into its strips")
    assert tree.locator(".hvlab-picture-strips > canvas").count() == len(drawing.tiles)  # the whole one taken out
    expect_tree(page, vm)

    take(page, twin, "one more")  # the core's picture, shown with strips cut from the whole one
    new = {t.key for t in render("checkpoint_tree", vm, strips=True).tiles} - {t.key for t in drawing.tiles}
    assert tree.locator(".hvlab-picture-strips > canvas.hvlab-picture-tile:not(.hvlab-picture-tile-part)").count() == len(new)
    assert tree.locator(".hvlab-picture-tile-part").count() > 3 * len(new)
    take(page, twin, "and another")  # strips cut from a whole one are kept like any other
    expect_tree(page, vm)
    no_errors(page)
