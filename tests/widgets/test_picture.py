"""The pictures a learner acts on (hvlab/widgets/picture.py, checkpoint_menu.py), without a
browser: the hit regions are the layout's boxes, a selection and a menu item run the same core
code as the lab's controls, and the messages the front end sends for the keyboard are handled
like the mouse's."""

from __future__ import annotations

import struct

import pytest

pytest.importorskip("anywidget")

from hvlab import Lab, VMState  # noqa: E402
from hvlab.catalog import set_language, text  # noqa: E402
from hvlab.diagrams import layout_for  # noqa: E402
from hvlab.widgets import DiskChainLab  # noqa: E402
from hvlab.widgets import manager_labels  # noqa: E402
from hvlab.widgets.controller import esc  # noqa: E402
from hvlab.widgets.checkpoint_menu import EXPORT_FOLDER, INSPECT_PROPERTIES, MENU_ACTIONS  # noqa: E402
from hvlab.widgets.picture import Picture, scale_for  # noqa: E402
from hvlab.widgets.rendering import render  # noqa: E402
from support import pixels  # noqa: E402


def lab_with(names: list[str], branch: bool = False) -> tuple[DiskChainLab, Lab]:
    """A disk chain lab with checkpoints ``names`` (each after the last; ``branch``: the last one
    after applying the first, so the tree and the chain branch) and a twin lab built by the
    core's own calls, to compare with."""
    widget = DiskChainLab()
    twin = Lab(seed=0)
    twin.new_vm("web01").put_in_state(VMState.RUNNING)
    for index, name in enumerate(names):
        if branch and index == len(names) - 1:
            first = widget.vm.find_checkpoint(names[0])
            widget.checkpoint_menu.tree.choose("apply", first.id)
            widget.apply_only_button.click()
            twin.vm("web01").apply(names[0])
        widget.checkpoint_name.value = name
        widget.take_checkpoint()
        twin.vm("web01").checkpoint(name)
    return widget, twin


def png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def test_hit_regions_are_the_layouts_boxes_in_css_pixels():
    """Every checkpoint of the tree and every disk file of the chain has one region, exactly
    where the layout put its box (inches × the picture's pixels per inch, y from the top); the
    Now node has none (no checkpoint actions in Hyper-V Manager)."""
    lab, _ = lab_with(["base", "patched", "other"], branch=True)
    vm = lab.vm
    lab.draw_all()  # the chain's tab is not shown: its picture drawn when opened
    for kind, picture in lab.checkpoint_menu.pictures.items():
        layout = layout_for(kind, vm)
        width, _height = picture.size
        dpi = width / layout.width
        boxes = {b.key: b for b in layout.boxes}
        expected = set(vm.checkpoints) if kind == "checkpoint_tree" else {d.id for d in vm.disk_chains[0]}
        assert {r["key"] for r in picture.regions} == expected
        for region in picture.regions:
            box = boxes[region["key"]]
            assert region["x"] == pytest.approx(box.left * dpi, abs=0.06)
            assert region["y"] == pytest.approx((layout.height - box.top) * dpi, abs=0.06)
            assert region["w"] == pytest.approx(box.width * dpi, abs=0.06)
            assert region["h"] == pytest.approx(box.height * dpi, abs=0.06)
            assert region["name"] == box.full_name
        # No two regions overlap: a click lands on one box only.
        rects = [(r["x"], r["y"], r["x"] + r["w"], r["y"] + r["h"]) for r in picture.regions]
        for i, a in enumerate(rects):
            for b in rects[i + 1:]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_the_tree_regions_follow_hyperv_managers_order_and_carry_the_rows_words():
    """The regions are in the tree's rows' order (the arrow keys follow it), and a hover shows
    the row's kind and memory columns as drawn."""
    lab, _ = lab_with(["one", "two"])
    names = [r["name"] for r in lab.checkpoint_menu.tree.regions]
    assert names == ["one", "two"]
    details = lab.checkpoint_menu.tree.regions[0]["details"]
    assert text("diagram.kind.production") in details and text("diagram.tree.memory_no") in details


def test_the_picture_is_the_cores_drawing_and_its_text():
    """The tree's PNG, title and description are the core's render of the VM's state."""
    lab, twin = lab_with(["one"])
    drawing = render("checkpoint_tree", twin.vm("web01"))
    tree = lab.checkpoint_menu.tree
    assert pixels(tree.png) == pixels(drawing.png)
    assert tree.label == drawing.title and tree.description == drawing.description
    assert tree.description == layout_for("checkpoint_tree", twin.vm("web01")).describe()


def test_selecting_in_the_picture_selects_in_the_lab_and_back():
    """A click in the tree selects the checkpoint (the dropdown follows); choosing in the
    dropdown moves the picture's selection; no picture is sent for a selection."""
    lab, _ = lab_with(["one", "two"])
    tree = lab.checkpoint_menu.tree
    one, two = (lab.vm.find_checkpoint(n).id for n in ("one", "two"))
    png = tree.png
    tree.selected = one
    assert lab.selected.value == one and lab.selected_checkpoint.name == "one"
    assert text("widget.lab.selected_cp", name="one") in lab.guest_view.value
    lab.selected.value = two
    assert tree.selected == two
    assert tree.png is png


def test_apply_from_the_menu_asks_hyperv_first_then_runs_the_cores_apply():
    """Apply... on a checkpoint: Hyper-V's question (B15), nothing changed; "Apply" then leaves
    the lab as the core's ``vm.apply`` does."""
    lab, twin = lab_with(["base", "later"])
    base = lab.vm.find_checkpoint("base").id
    before = lab.lab.to_dict()
    lab.checkpoint_menu.tree.choose("apply", base)
    assert lab.apply_dialog.layout.display == "flex" and lab.lab.to_dict() == before
    assert lab.selected.value == base
    lab.apply_only_button.click()
    twin.vm("web01").apply("base")
    assert lab.vm.now_parent_id == base and lab.vm.state is twin.vm("web01").state
    assert pixels(lab.checkpoint_menu.tree.png) == pixels(render("checkpoint_tree", twin.vm("web01")).png)


@pytest.mark.parametrize("action", ["delete_checkpoint", "delete_checkpoint_subtree"])
def test_the_deletes_from_the_menu_ask_first_and_then_delete_as_the_core(action):
    lab, twin = lab_with(["a", "b", "c"])
    target = lab.vm.find_checkpoint("b").id
    before = lab.lab.to_dict()
    lab.checkpoint_menu.tree.choose(action, target)
    assert lab.apply_dialog.layout.display == "flex" and lab.lab.to_dict() == before
    lab.delete_confirm_button.click()
    getattr(twin.vm("web01"), action)("b")
    assert sorted(cp.name for cp in lab.vm.checkpoints.values()) == sorted(cp.name for cp in twin.vm("web01").checkpoints.values())
    assert {r["key"] for r in lab.checkpoint_menu.tree.regions} == set(lab.vm.checkpoints)


def test_rename_from_the_menu_renames_in_place_and_an_empty_name_is_refused():
    lab, _ = lab_with(["old"])
    key = lab.vm.find_checkpoint("old").id
    lab.checkpoint_menu.tree.choose("rename", key, name="clean install")
    assert lab.vm.checkpoints[key].name == "clean install"
    assert "Rename-VMCheckpoint" in lab.powershell.value
    revision = lab.lab.revision
    lab.checkpoint_menu.tree.choose("rename", key, name="   ")
    assert lab.vm.checkpoints[key].name == "clean install" and lab.lab.revision == revision


def test_settings_shows_what_the_checkpoint_holds_and_changes_nothing():
    lab, _ = lab_with(["one"])
    key = lab.vm.find_checkpoint("one").id
    before = lab.lab.to_dict()
    lab.checkpoint_menu.tree.choose("settings", key)
    assert esc(text("widget.picture.settings_title", name="one")) in lab.outcome.value
    assert lab.lab.to_dict() == before


def test_export_from_the_menu_exports_to_the_folder_given_as_the_core_does():
    """Export... asks for a folder in place (prefilled) and runs ``export_checkpoint`` there
    (B27); the same folder again is refused and changes nothing."""
    lab, twin = lab_with(["one"])
    key = lab.vm.find_checkpoint("one").id
    (item,) = [m for m in lab.checkpoint_menu.tree.menu if m["action"] == "export"]
    assert item["prompt"] and item["value"] == EXPORT_FOLDER
    lab.checkpoint_menu.tree.choose("export", key, name=item["value"])
    twin.vm("web01").export_checkpoint("one", item["value"])
    assert [e.folder for e in lab.lab.exports] == [e.folder for e in twin.exports] == [item["value"] + "\\web01"]
    before = lab.lab.to_dict()
    lab.checkpoint_menu.tree.choose("export", key, name=item["value"])
    assert "hvlab-refused" in lab.outcome.value and lab.lab.to_dict() == before


def test_the_menu_is_hyperv_managers_in_its_order_and_words_in_each_language():
    for language in ("en", "ja"):
        set_language(language)
        try:
            lab = DiskChainLab()
            menu = lab.checkpoint_menu.tree.menu
            assert [m["action"] for m in menu] == list(MENU_ACTIONS)
            assert [m["label"] for m in menu] == [manager_labels.label(k) for k in MENU_ACTIONS.values()]
            assert [bool(m["prompt"]) for m in menu] == [a in ("rename", "export") for a in MENU_ACTIONS]
        finally:
            set_language("en")
    assert [m["label"] for m in DiskChainLab().checkpoint_menu.tree.menu] == [
        "Settings...", "Apply...", "Export...", "Rename...", "Delete Checkpoint...", "Delete Checkpoint Subtree..."]


def test_a_disk_clicked_in_the_chain_is_inspected_as_get_vhd_reports_it():
    lab, _ = lab_with(["one"])
    vm = lab.vm
    chain = vm.disk_chains[0]
    lab.draw_all()  # the chain's tab is not shown: its picture (and its boxes) drawn when opened
    for disk in chain:
        lab.checkpoint_menu.chain.choose("inspect", disk.id)
        shown = lab.outcome.value
        assert disk.file_name in shown and all(f"<th>{p}</th>" for p in INSPECT_PROPERTIES)
        assert ("Differencing" if disk.parent_id else "Dynamic") in shown
        if disk.parent_id:
            assert chain[disk.parent_id].path in shown
    now = vm.active_disk_ids[0]
    lab.checkpoint_menu.chain.selected = now  # the arrow keys select, and selecting inspects
    assert text("diagram.disk.owner_now") in lab.outcome.value


def test_messages_for_boxes_no_longer_drawn_or_malformed_change_nothing():
    """The page may send a click on a picture the kernel has replaced meanwhile (100 fast
    clicks): a key not among the regions, or a message without a key, is ignored."""
    lab, _ = lab_with(["one"])
    tree = lab.checkpoint_menu.tree
    before = lab.lab.to_dict()
    tree._on_message(tree, {"action": "delete_checkpoint", "key": "no-such-checkpoint"}, [])
    tree._on_message(tree, {"action": "apply"}, [])
    tree._on_message(tree, {"key": 3}, [])
    assert lab.apply_dialog.layout.display == "none" and lab.lab.to_dict() == before


def test_keyboard_messages_run_the_same_actions_as_the_mouse():
    """Enter, the ContextMenu key and Shift+F10 open the menu in the page; the item chosen there
    sends the same message as a click on it (the front end's only message for an action)."""
    lab, _ = lab_with(["one", "two"])
    tree = lab.checkpoint_menu.tree
    two = lab.vm.find_checkpoint("two").id
    tree.selected = two  # ArrowDown in the page sets the synced selection
    tree._on_message(tree, {"action": "delete_checkpoint", "key": two}, [])
    assert lab.apply_dialog.layout.display == "flex"
    lab.delete_cancel_button.click()
    assert two in lab.vm.checkpoints


def test_a_hidpi_screen_gets_twice_the_pixels_at_the_same_size():
    """The front end reports devicePixelRatio 2: the same picture is drawn at 2x for the same
    CSS size; a 1x screen keeps the 1x PNG (fewer bytes, quicker)."""
    assert scale_for(1.0) == 1.0 and scale_for(1.25) == 1.0 and scale_for(2.0) == 2.0 and scale_for(3.0) == 2.0
    lab, _ = lab_with(["one"])
    tree = lab.checkpoint_menu.tree
    size, (w1, h1) = list(tree.size), png_size(tree.png)
    tree.pixel_ratio = 2.0
    assert tree.scale == 2.0 and tree.size == size
    w2, h2 = png_size(tree.png)
    assert (w2, h2) == pytest.approx((2 * w1, 2 * h1), abs=2)
    assert w1 == pytest.approx(size[0], abs=1)


def test_a_theme_reported_by_the_page_redraws_the_pictures_in_its_palette():
    lab, _ = lab_with(["one"])
    tree = lab.checkpoint_menu.tree
    light = tree.png
    tree.theme = "dark"
    assert tree.png != light and tree.regions
    tree.theme = "no-such-theme"  # anything else: the light picture, from the cache
    assert tree.png == light


def test_a_picture_that_did_not_change_is_not_sent_again():
    """Per click only what changed travels: a Start changes the tree (Now's state) but a
    guest action that writes nothing new to the tree leaves its PNG as it was."""
    lab, _ = lab_with(["one"])
    sent: list[str] = []
    lab.checkpoint_menu.tree.observe(lambda change: sent.append(change["name"]), names=["png", "regions"])
    lab.open_app_button.click()  # memory only: the tree shows nothing of it
    assert sent == []


def test_a_standalone_picture_shows_any_drawing():
    picture = Picture()
    lab = Lab(seed=0)
    vm = lab.new_vm("web01")
    vm.checkpoint("x")
    drawing = render("disk_chain", vm)
    picture.show(drawing)
    assert picture.png == drawing.png and len(picture.regions) == len(vm.disk_chains[0])
    assert picture.region(vm.active_disk_ids[0])["kind"] == "disk"


def test_a_click_draws_the_shown_tabs_picture_and_a_tab_chosen_draws_its_own():
    """At 50 checkpoints one picture costs tens of milliseconds in the kernel: a click draws
    only the picture on the tab shown, a hidden tab's is drawn when its tab is chosen, and what
    each tab then shows is what a lab drawing every picture on every click shows."""
    lab, every = DiskChainLab(), DiskChainLab()
    menu = lab.checkpoint_menu
    assert menu.tree.png and not menu.chain.png  # the tree's tab is shown first
    misses = lab.cache.misses
    for widget in (lab, every):
        widget.checkpoint_button.click()
    every.draw_all()
    assert lab.cache.misses == misses + 1 and not menu.chain.png and not lab.image("before_after").value
    assert pixels(menu.tree.png) == pixels(every.checkpoint_menu.tree.png)

    def same_as_every(kind: str) -> bool:
        if kind == "before_after":
            return pixels(lab.image(kind).value) == pixels(every.image(kind).value) and lab.descriptions[kind].value == every.descriptions[kind].value
        mine, theirs = menu.pictures[kind], every.checkpoint_menu.pictures[kind]
        return (pixels(mine.png), mine.regions, mine.description) == (pixels(theirs.png), theirs.regions, theirs.description)

    lab.views.selected_index = 1
    assert same_as_every("disk_chain") and not lab.image("before_after").value
    lab.views.selected_index = 2
    assert same_as_every("before_after") and lab.before_after_caption.value == every.before_after_caption.value
    tree = menu.tree.png
    for widget in (lab, every):  # a click on the before/after's tab: the tree waits for its tab
        widget.power_buttons["turn_off"].click()
    every.draw_all()
    assert same_as_every("before_after") and menu.tree.png == tree
    lab.views.selected_index = 0
    assert same_as_every("checkpoint_tree") and menu.tree.selected == every.checkpoint_menu.tree.selected
    lab.draw_all()
    assert all(same_as_every(kind) for kind in ("checkpoint_tree", "disk_chain", "before_after"))
