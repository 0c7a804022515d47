"""Layout tests for the diagrams, over many random labs.

The layouts are plain data, so every promise is checked without rendering: one box per disk
and one arrow per parent link (B17), the Now pin on the active disk, shared parents drawn as
such (B18), the checkpoint tree with Now under ``vm.now_parent_id``, highlights equal to what
the operation recorded, the decision path ending where the preview does, and nothing overlapping.
"""

from __future__ import annotations

import itertools

import pytest

from hvlab.reference.citations import cite_text

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import examples  # the example count per Hypothesis profile (tests/support.py)

from hvlab import CheckpointType, GuestProfile, HvlabError, IntegrationService, Lab, Outcome, VMState
from hvlab.catalog import text
from hvlab.diagrams import (
    Highlight,
    Role,
    before_after_layout,
    checkpoint_tree_layout,
    decision_path_layout,
    describe,
    disk_chain_layout,
    power_states_layout,
)
from hvlab.diagrams.before_after import AFTER, BEFORE
from hvlab.diagrams.checkpoint_tree import NOW_KEY
from hvlab.diagrams.decision_path import PRODUCTION_RULES
from hvlab.diagrams.fonts import TextStyle, fit_text, shorten_file_name, text_width, wrap_text
from hvlab.diagrams.layout import Layout
from hvlab.diagrams.power_states import POSITIONS, TRANSITIONS
from hvlab.scenarios import SCENARIOS, linear_chain, many_checkpoints

# ---------------------------------------------------------------------------------- random labs
OPERATIONS = (
    "start", "complete_boot", "shut_down", "turn_off", "save", "pause", "resume", "delete_saved_state",
    *["checkpoint"] * 8, "apply", "apply", "apply", "apply_keep", "delete", "delete", "delete_subtree", "delete_branch_point",
    "write", "write", "standard", "production", "production_only", "backup_off", "backup_on", "linux_no_daemon",
)
"""Checkpoints weigh most: branches, merges and shared parents need several of them."""


def run_operation(vm, name: str, pick: int) -> None:
    """One operation a learner could click; ``pick`` chooses the checkpoint or file."""
    checkpoints = list(vm.checkpoints.values())
    chosen = checkpoints[pick % len(checkpoints)] if checkpoints else None
    if name in ("start", "complete_boot", "shut_down", "turn_off", "save", "pause", "resume", "delete_saved_state"):
        getattr(vm, name)()
    elif name == "checkpoint":
        vm.checkpoint(f"cp {pick}")
    elif name in ("apply", "apply_keep") and chosen is not None:
        vm.apply(chosen, create_checkpoint=name == "apply_keep")
    elif name == "delete" and chosen is not None:
        vm.delete_checkpoint(chosen)
    elif name == "delete_branch_point" and chosen is not None:
        # The checkpoint whose disk has several children, if any: deleting it leaves a shared parent (B18).
        chain = vm.disk_chains[0]
        forks = [cp for cp in checkpoints if len(chain.children(cp.disk_ids[0])) > 1]
        vm.delete_checkpoint(forks[pick % len(forks)] if forks else chosen)
    elif name == "delete_subtree" and chosen is not None:
        vm.delete_checkpoint_subtree(chosen)
    elif name == "write":
        vm.write_file(f"C:\\Data\\f{pick % 4}.txt", f"v{pick}", size_mb=1.0 + pick % 5, disk=pick % len(vm.disk_chains))
    elif name == "standard":
        vm.set_checkpoint_type(CheckpointType.STANDARD)
    elif name == "production":
        vm.set_checkpoint_type(CheckpointType.PRODUCTION)
    elif name == "production_only":
        vm.set_checkpoint_type(CheckpointType.PRODUCTION_ONLY)
    elif name == "backup_off":
        vm.set_integration_service(IntegrationService.BACKUP, False)
    elif name == "backup_on":
        vm.set_integration_service(IntegrationService.BACKUP, True)
    elif name == "linux_no_daemon":
        vm.set_guest(GuestProfile.linux(vss_daemon=False))


@st.composite
def random_labs(draw):
    """A lab with one VM (one or two disks) after a random sequence of operations; refused
    operations (HvlabError) leave the lab unchanged and are simply skipped."""
    lab = Lab(seed=draw(st.integers(0, 10_000)))
    vm = lab.new_vm("vm01", disks=draw(st.sampled_from([["vm01"], ["vm01", "data"]])))
    steps = draw(st.lists(st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 60)), min_size=4, max_size=40))
    for name, pick in steps:
        try:
            run_operation(vm, name, pick)
        except HvlabError:
            pass
    return lab, vm


PROPERTY = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def overlapping(a, b, pad: float = 0.0) -> bool:
    return a.left - pad < b.right and b.left - pad < a.right and a.bottom - pad < b.top and b.bottom - pad < a.top


def assert_no_box_overlap(layout: Layout, pad: float = 0.0) -> None:
    for a, b in itertools.combinations(layout.boxes, 2):
        assert not overlapping(a, b, pad), f"{a.key} overlaps {b.key}"


def assert_text_fits(layout: Layout) -> None:
    """Every line inside a box is narrower than the box (so it can never spill onto a neighbour)."""
    for box in layout.boxes:
        for line in box.lines:
            assert text_width(line.text, line.style) <= box.width - 0.15 - box.indent, (box.key, line.text)


def assert_inside(layout: Layout) -> None:
    for box in layout.boxes:
        assert 0 <= box.left and box.right <= layout.width and 0 <= box.bottom and box.top <= layout.height, box.key


# ---------------------------------------------------------------------------------- disk chain
HOST_ROLES = (Role.PASS_THROUGH, Role.VOLUME_USED, Role.VOLUME_FREE)
"""Boxes under a chain that are no disk file of it: other drives and the host volume's bar."""


@PROPERTY
@given(random_labs())
def test_disk_chain_boxes_and_arrows_match_the_model(lab_vm):
    """B17: one box per disk file and one arrow per parent link, child → parent; the Now pin
    sits on the active disk; a disk absent from disk_owners() is drawn as a shared parent (B18)."""
    _, vm = lab_vm
    for disk, chain in enumerate(vm.disk_chains):
        layout = disk_chain_layout(vm, disk)
        assert {b.key for b in layout.boxes if b.role not in HOST_ROLES} == set(chain.disks)
        assert sorted((a.source, a.target) for a in layout.arrows) == sorted((d.id, d.parent_id) for d in chain if d.parent_id)
        assert layout.now_key == vm.active_disk_ids[disk]
        assert layout.box(layout.now_key).role is Role.NOW_DISK
        assert [b.key for b in layout.boxes if b.role is Role.NOW_DISK] == [vm.active_disk_ids[disk]]
        owners = vm.disk_owners(disk)
        shared = {d for d in chain.disks if d not in owners} - {b.key for b in layout.boxes if b.role is Role.ORPHAN_DISK}  # B33
        assert {b.key for b in layout.boxes if b.role is Role.SHARED_PARENT} == shared
        assert {b.key for b in layout.boxes if b.read_only} == {d.id for d in chain if d.read_only}
        assert_no_box_overlap(layout, pad=0.1)
        assert_text_fits(layout)
        assert_inside(layout)


@PROPERTY
@given(random_labs())
def test_disk_chain_arrows_run_from_child_to_parent_box(lab_vm):
    """Each arrow starts on its child's top edge and ends on its parent's bottom edge."""
    _, vm = lab_vm
    layout = disk_chain_layout(vm)
    for arrow in layout.arrows:
        child, parent = layout.box(arrow.source), layout.box(arrow.target)
        assert arrow.points[0] == pytest.approx((child.x, child.top))
        assert arrow.points[-1] == pytest.approx((parent.x, parent.bottom))


def test_disk_chain_description_names_every_file_in_full():
    """describe() carries the full file names that the boxes shorten, and reads from Now down
    to the base, as in "Now → web01_6F2C…avhdx → web01.vhdx (base)"."""
    _, vm = linear_chain(3)
    layout = disk_chain_layout(vm)
    text = layout.describe()
    chain = vm.disk_chains[0]
    for d in chain:
        assert d.file_name in text
    lineage = " → ".join(d.file_name for d in chain.lineage(vm.active_disk_ids[0]))
    assert f"Now → {lineage} (base)" in text
    assert any("…" in line.text for b in layout.boxes for line in b.lines), "GUID file names are shortened on screen"


def test_shared_parent_scenario_shows_the_shared_parent():
    """B18: after deleting a checkpoint with two children, its disk stays as their shared parent."""
    _, vm = SCENARIOS["shared-parent"]()
    layout = disk_chain_layout(vm)
    shared = [b for b in layout.boxes if b.role is Role.SHARED_PARENT]
    assert [b.key for b in shared] == [d for d in vm.disk_chains[0].disks if d not in vm.disk_owners()]
    assert len(shared) == 1 and "shared parent" in describe(layout)


def test_fifty_checkpoints_stay_legible():
    """B20's maximum: 51 disks in compact boxes, no overlap, every name fits its box."""
    _, vm = many_checkpoints(50)
    layout = disk_chain_layout(vm)
    assert len([b for b in layout.boxes if b.role not in HOST_ROLES]) == 51
    assert_no_box_overlap(layout, pad=0.1)
    assert_text_fits(layout)
    tree = checkpoint_tree_layout(vm)
    assert len(tree.boxes) == 51
    assert_no_box_overlap(tree)
    assert_text_fits(tree)


# ---------------------------------------------------------------------------------- checkpoint tree
@PROPERTY
@given(random_labs())
def test_checkpoint_tree_matches_hyperv_manager(lab_vm):
    """One node per checkpoint plus Now; one connector per parent link; Now hangs under
    vm.now_parent_id (SHOT-NOW); each node's role is the kind the checkpoint became (B25)."""
    _, vm = lab_vm
    layout = checkpoint_tree_layout(vm)
    assert {b.key for b in layout.boxes} == {*vm.checkpoints, NOW_KEY}
    links = {(cp.id, cp.parent_id) for cp in vm.checkpoints.values() if cp.parent_id}
    if vm.now_parent_id is not None:
        links.add((NOW_KEY, vm.now_parent_id))
    assert {(a.source, a.target) for a in layout.arrows} == links
    assert len(layout.arrows) == len(links)
    assert layout.now_key == NOW_KEY and layout.box(NOW_KEY).role is Role.NOW
    for cp in vm.checkpoints.values():
        expected = Role.CHECKPOINT_PRODUCTION if cp.kind.value == "Production" else Role.CHECKPOINT_STANDARD
        assert layout.box(cp.id).role is expected
        assert cp.name in layout.describe()
    if vm.now_parent_id is not None:
        parent = layout.box(vm.now_parent_id)
        assert layout.box(NOW_KEY).y < parent.y and layout.box(NOW_KEY).left > parent.left
    assert_no_box_overlap(layout)
    assert_text_fits(layout)


def _production_then_standard():
    """A running VM with a production checkpoint 'prod' and a standard one 'std'."""
    vm = Lab(seed=1).new_vm("web01")
    vm.put_in_state(VMState.RUNNING)
    vm.checkpoint("prod")
    vm.set_checkpoint_type(CheckpointType.STANDARD)
    vm.checkpoint("std")
    return vm


def test_checkpoint_tree_marks_memory_with_a_thumbnail():
    """A2/B10: a standard checkpoint of a running VM holds memory, so it gets a thumbnail mark;
    a production checkpoint does not."""
    vm = _production_then_standard()
    layout = checkpoint_tree_layout(vm)
    kinds = sorted(m.kind.value for m in layout.marks if m.kind.value != "now_arrow")
    assert kinds == sorted(["thumbnail" if cp.has_thumbnail else "no_thumbnail" for cp in vm.checkpoints.values()])
    assert kinds == ["no_thumbnail", "thumbnail"]


def test_checkpoint_tree_files_column_lists_a_vmrs_for_every_checkpoint():
    """B9 (corrected)/B11: the FILES column shows .vmcx and .vmrs for a production checkpoint
    as for a standard one; only the MEMORY column tells them apart."""
    vm = _production_then_standard()
    layout = checkpoint_tree_layout(vm)
    shown = [label.text for label in layout.labels]
    assert shown.count(text("diagram.tree.files", config=".vmcx .vmrs", disks=1)) == 2
    prod = vm.find_checkpoint("prod")
    assert f"{prod.id}.vmrs" in layout.describe()


def test_long_checkpoint_names_are_shortened_but_described_in_full():
    """B20 allows 100 characters; the node shows a shortened name, describe() the full one."""
    lab = Lab(seed=2)
    vm = lab.new_vm("web01")
    long_name = "Before installing the quarterly cumulative update and the SQL Server service pack " + "x" * 17
    vm.checkpoint(long_name)
    layout = checkpoint_tree_layout(vm)
    shown = layout.box(vm.find_checkpoint(long_name).id).lines[0].text
    assert shown != long_name and "…" in shown
    assert long_name in layout.describe()


# ---------------------------------------------------------------------------------- decision path
OUTCOME_BOX = {Outcome.PRODUCTION: {"r_production", "r_off"}, Outcome.STANDARD: {"r_standard", "r_fallback", "r_off"}, Outcome.ERROR: {"r_disabled", "r_limit", "r_production_only"}}


@PROPERTY
@given(random_labs())
def test_decision_path_ends_where_the_preview_does(lab_vm):
    """B1–B8: the highlighted result is the preview's outcome; every failing precondition is
    drawn failed and named; unasked ones are greyed, never drawn passed."""
    _, vm = lab_vm
    preview = vm.preview_checkpoint()
    layout = decision_path_layout(preview)
    (result,) = layout.highlights[Highlight.CURRENT]
    assert result in OUTCOME_BOX[preview.outcome]
    assert (result == "r_fallback") == preview.fell_back
    failed = {b.key.removeprefix("check_") for b in layout.boxes if b.role is Role.CHECK_FAILED}
    assert failed == {c.rule for c in preview.failing_checks if c.rule in PRODUCTION_RULES}
    for check in preview.checks:
        if check.rule in PRODUCTION_RULES and check.passed is False:
            assert check.detail in layout.describe()
    asked = {c.rule for c in preview.checks if c.passed is not None}
    for rule in PRODUCTION_RULES:
        if rule not in asked:
            assert layout.box(f"check_{rule}").role is Role.CHECK_SKIPPED
    highlighted = [a for a in layout.arrows if a.highlight]
    assert highlighted[-1].target == result, "the highlighted path leads into the result"
    assert_no_box_overlap(layout, pad=0.05)
    assert_text_fits(layout)
    from_vm = decision_path_layout(vm).describe()  # the VM's picture also names its lab's host
    assert from_vm.split("\n")[1:] == layout.describe().split("\n")[1:] and vm.lab.host.label in from_vm.split("\n")[0]
    seen: set[str] = set()
    cite_text(preview.reason, seen)
    for note in preview.notes:  # every note is told, its rules by their titles
        assert cite_text(note, seen) in layout.describe()


# ---------------------------------------------------------------------------------- before / after
@PROPERTY
@given(random_labs(), st.sampled_from(["checkpoint", "apply", "apply_keep", "delete", "delete_subtree", "write"]), st.integers(0, 60))
def test_before_after_highlights_what_the_operation_changed(lab_vm, operation, pick):
    """B16–B18: created disks are marked after, discarded and merged-away disks before, merge
    survivors after; exactly those, taken from the operation's own record."""
    lab, vm = lab_vm
    try:
        run_operation(vm, operation, pick)
    except HvlabError:
        return
    result = vm.last_result
    if result is None:
        return
    before_vm = lab.before_last_operation().vm(vm.name)
    layout = before_after_layout(before_vm, vm, result)
    before_disks, after_disks = set(before_vm.disk_chains[0].disks), set(vm.disk_chains[0].disks)
    expected = {
        Highlight.CREATED: {AFTER + d for d in result.created_disks if d in after_disks},
        Highlight.DISCARDED: {BEFORE + d for d in result.discarded_disks if d in before_disks},
        Highlight.MERGED: {BEFORE + r for r, _ in result.merged_disks if r in before_disks} | {AFTER + s for _, s in result.merged_disks if s in after_disks},
    }
    for highlight, keys in expected.items():
        assert layout.highlights.get(highlight, frozenset()) == keys, highlight
        assert {b.key for b in layout.boxes if b.highlight is highlight} == keys
    assert {b.key for b in layout.boxes} == {BEFORE + d for d in before_disks} | {AFTER + d for d in after_disks}
    for disk_id in result.discarded_disks:
        assert disk_id not in after_disks
    assert_no_box_overlap(layout, pad=0.1)


# ---------------------------------------------------------------------------------- power states
@PROPERTY
@given(random_labs())
def test_power_states_highlight_current_state_and_last_transition(lab_vm):
    """The current state is the one highlighted; the last transition, when the state changed,
    is the one thick arrow and runs from the state before to the state after."""
    _, vm = lab_vm
    layout = power_states_layout(vm)
    assert {b.key for b in layout.boxes if b.role is Role.STATE_CURRENT} == {vm.state.name}
    hot = [a for a in layout.arrows if a.highlight]
    last = vm.last_result
    if last is not None and last.state_before is not last.state_after:
        assert [(a.source, a.target) for a in hot] == [(last.state_before.name, last.state_after.name)]
    else:
        assert hot == []


def test_power_state_labels_never_overlap():
    """Every transition label, for every possible last transition, clears every other label
    and every state box."""
    lab = Lab(seed=4)
    vm = lab.new_vm("web01")
    for before, after in itertools.permutations(POSITIONS, 2):
        layout = power_states_layout(vm, (before, after, "put_in_state"))
        spans = []
        for label in layout.labels:
            if label.background:
                width = text_width(label.text, label.style)
                left = label.x - width / 2 if label.ha == "center" else label.x - width if label.ha == "right" else label.x
                spans.append((label.text, left, left + width, label.y - 0.03, label.y + label.style.cap_height))
        has_arrow = any(a is before and b is after for a, b, *_ in TRANSITIONS)
        assert len(spans) == len(TRANSITIONS) + (0 if has_arrow else 1), "a move no button makes gets its own arrow"
        for (ta, l1, r1, b1, t1), (tb, l2, r2, b2, t2) in itertools.combinations(spans, 2):
            assert not (l1 < r2 and l2 < r1 and b1 < t2 and b2 < t1), f"{ta!r} overlaps {tb!r} ({before}→{after})"
        for text_, left, right, bottom, top in spans:
            for box in layout.boxes:
                assert not (left < box.right and box.left < right and bottom < box.top and box.bottom < top), f"{text_!r} on {box.key}"


def test_hundred_character_names_stay_inside_every_diagram():
    """B20's longest names (100 characters, VM and checkpoints) are shortened, never drawn
    past the figure's edge, and kept whole in the description."""
    lab = Lab(seed=8)
    vm_name = "V" * 100
    vm = lab.new_vm(vm_name)
    vm.put_in_state(VMState.RUNNING)
    names = [f"{i} " + "checkpoint name " * 6 + "x" * 2 for i in range(3)]
    for name in names:
        vm.checkpoint(name[:100])
    vm.delete_checkpoint(names[1][:100])
    layouts = [disk_chain_layout(vm), checkpoint_tree_layout(vm), decision_path_layout(vm), power_states_layout(vm),
               before_after_layout(lab.before_last_operation().vm(vm_name), vm, vm.last_result)]
    for layout in layouts:
        for label in layout.labels:
            width = text_width(label.text, label.style)
            left = label.x - width / 2 if label.ha == "center" else label.x - width if label.ha == "right" else label.x
            assert -1e-6 <= left and left + width <= layout.width + 1e-6, (layout.kind, label.text)
        assert_text_fits(layout)
        assert layout.width < 20
    assert names[0][:100] in checkpoint_tree_layout(vm).describe()


# ---------------------------------------------------------------------------------- text helpers
@settings(max_examples=examples(200), deadline=None)
@given(st.text(min_size=0, max_size=120), st.floats(0.3, 4.0), st.booleans())
def test_fit_text_always_fits(text, width, at_end):
    """Shortened labels always fit their space (so labels never overlap), cut in the middle
    (names) or at the end (sentences)."""
    fitted = fit_text(text, TextStyle.BODY, width, at_end=at_end)
    assert text_width(fitted, TextStyle.BODY) <= width or fitted == "…"
    if text_width(text, TextStyle.BODY) <= width:
        assert fitted == text


def test_avhdx_names_shorten_to_stem_and_guid_prefix():
    """B11 names ``<disk>_<GUID>.avhdx``: on screen ``web01_6F2C…avhdx``."""
    name = "web01_6F2C1D2E-0000-4000-8000-000000000000.avhdx"
    assert shorten_file_name(name, TextStyle.TITLE, 3.0) == "web01_6F2C…avhdx"
    assert shorten_file_name("web01.vhdx", TextStyle.TITLE, 3.0) == "web01.vhdx"


def test_wrap_text_respects_lines_and_width():
    lines = wrap_text("the Backup (volume shadow copy) integration service is disabled on the host " * 3, TextStyle.SMALL, 2.0, 2)
    assert len(lines) == 2
    assert all(text_width(line, TextStyle.SMALL) <= 2.0 for line in lines)


def test_every_diagram_kind_is_in_the_registry_and_lays_out_a_vm(vm):
    """The registry names every kind the widgets and the gallery draw, each lays out a VM as
    plain data (a Layout with its text version), and an unknown name says which kinds exist."""
    from hvlab.diagrams import DIAGRAM_KINDS, Layout, diagram_kind, layout_for

    assert set(DIAGRAM_KINDS) == {"checkpoint_tree", "disk_chain", "decision_path", "before_after", "power_states"}
    vm.checkpoint("one")
    for name in DIAGRAM_KINDS:
        layout = layout_for(name, vm)
        assert isinstance(layout, Layout) and layout.describe()
        assert not hasattr(layout, "_repr_png_")  # displaying a layout lives with the renderer
    with pytest.raises(KeyError, match="disk_chain"):
        diagram_kind("disk-chain-typo")
