"""A scenario's locks in the pictures (docs/scenarios.md, ``[locks]``): a locked layout leaves out
the kind column and the production/standard shapes, or gives disk files neutral labels, in the
picture AND in its ``describe()`` text (a screen reader must not read what the picture hides);
an unlocked layout is unchanged."""

from __future__ import annotations

import re

import pytest

from hvlab import Lab
from hvlab.catalog import set_language, text
from hvlab.diagrams import NOTHING, Hidden, Role, layout_for, render_layout

FILE_NAME = re.compile(r"\w\.(a?vhdx|vmcx|vmrs)\b", re.IGNORECASE)
"""A disk or configuration file's name (an extension alone, ".vmcx", is no name: see below)."""


def _lab() -> Lab:
    """A running VM with a production and a standard checkpoint, then an Apply (before/after)."""
    lab = Lab(seed=7)
    vm = lab.new_vm("web01")
    vm.start()
    vm.complete_boot()
    vm.checkpoint("prod")
    vm.set_checkpoint_type("Standard")
    vm.checkpoint("std")
    vm.apply("prod")
    return lab


def _all_text(layout) -> str:
    """Every word the picture draws or says: labels, box lines and names, legend, text version."""
    parts = [label.text for label in layout.labels]
    parts += [line.text for box in layout.boxes for line in box.lines] + [box.full_name or "" for box in layout.boxes]
    parts += [entry.text for entry in layout.legend] + [layout.describe()]
    return "\n".join(parts)


def _kind_words() -> list[str]:
    return [text("diagram.kind.production"), text("diagram.legend.checkpoint_production"),
            text("diagram.legend.checkpoint_standard")]


@pytest.fixture(params=["en", "ja"])
def language(request):
    set_language(request.param)
    yield request.param
    set_language("en")


def test_the_kind_column_locked_leaves_no_kind_in_the_tree_nor_its_text(language):
    vm = _lab().vm("web01")
    shown = _all_text(layout_for("checkpoint_tree", vm))
    assert all(word in shown for word in _kind_words())  # the lock is what takes them away
    layout = layout_for("checkpoint_tree", vm, hidden=Hidden(kind=True))
    words = _all_text(layout)
    for word in _kind_words():
        assert word not in words
    assert text("diagram.tree.col_kind") not in [label.text for label in layout.labels]  # no KIND column
    # Production and standard are drawn alike (a shape is a kind too), and the learner is told.
    assert {b.role for b in layout.boxes if b.key in vm.checkpoints} == {Role.CHECKPOINT_STANDARD}
    assert text("diagram.hidden.note", what=text("diagram.hidden.what_kind")) in layout.describe()
    # What the trainer did not lock stays: memory tells the standard checkpoint apart (B10).
    assert text("diagram.tree.memory_yes") in layout.describe()
    render_layout(layout)  # it draws


@pytest.mark.parametrize("kind", ["checkpoint_tree", "disk_chain", "before_after"])
def test_the_file_names_locked_leave_no_file_name_in_the_picture_nor_its_text(language, kind):
    vm = _lab().vm("web01")
    assert FILE_NAME.search(_all_text(layout_for(kind, vm)))
    layout = layout_for(kind, vm, hidden=Hidden(file_names=True))
    words = _all_text(layout)
    assert not FILE_NAME.search(words), FILE_NAME.search(words)
    if kind != "checkpoint_tree":  # the chain's boxes carry neutral labels, in chain order
        labels = {b.full_name for b in layout.boxes if b.key.rsplit(":", 1)[-1] in vm.disk_chains[0]}
        assert text("diagram.hidden.disk_file", number="1") in labels
    render_layout(layout)


def test_the_same_disk_has_the_same_label_in_the_tree_and_the_chain():
    vm = _lab().vm("web01")
    hidden = Hidden(file_names=True)
    chain = layout_for("disk_chain", vm, hidden=hidden)
    now_label = chain.box(vm.active_disk_ids[0]).full_name
    tree = layout_for("checkpoint_tree", vm, hidden=hidden)
    assert any(label.text.startswith(now_label) for label in tree.labels)


@pytest.mark.parametrize("kind", ["checkpoint_tree", "disk_chain", "before_after", "decision_path", "power_states"])
def test_nothing_hidden_draws_what_it_drew_before(kind):
    vm = _lab().vm("web01")
    assert layout_for(kind, vm, hidden=NOTHING) == layout_for(kind, vm)
