"""A kernel freezes its long-lived objects once, the first time a lab is shown (long_lived.py)."""

from __future__ import annotations

import gc

import jupyter_client
import pytest

from hvlab.widgets import long_lived

KERNEL_CODE = """
import gc
from IPython.display import display
from hvlab import scenarios
from hvlab.widgets import DiskChainLab
walked_before = len(gc.get_objects())
first = DiskChainLab(scenarios.many_checkpoints(10)[0])
display(first)
frozen = gc.get_freeze_count()
second = DiskChainLab(scenarios.many_checkpoints(10)[0])
display(second)
print(walked_before, len(gc.get_objects()), frozen, gc.get_freeze_count())
"""


def test_outside_a_kernel_nothing_is_frozen():
    """pytest is no kernel: Python's collector stays as it is, and showing a lab changes nothing."""
    from hvlab import scenarios
    from hvlab.widgets import DiskChainLab

    before = gc.get_freeze_count()
    assert not long_lived.in_kernel()
    assert long_lived.freeze_long_lived() is False
    DiskChainLab(scenarios.many_checkpoints(3)[0])._ipython_display_()
    assert gc.get_freeze_count() == before


@pytest.mark.timeout(120)
def test_a_kernel_freezes_what_is_alive_when_the_first_lab_is_shown_and_only_then():
    """In a real kernel the first lab shown freezes the objects alive then: a full collection
    walks a fraction of them afterwards; the second lab shown freezes nothing more."""
    manager, client = jupyter_client.manager.start_new_kernel(kernel_name="python3")
    try:
        out: list[str] = []
        reply = client.execute_interactive(
            KERNEL_CODE, timeout=100,
            output_hook=lambda m: out.append(m["content"]["text"]) if m["msg_type"] == "stream" else None)
        assert reply["content"]["status"] == "ok", reply["content"]
        walked_before, walked_after, frozen, frozen_later = (int(v) for v in "".join(out).split())
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert frozen > walked_before / 2  # the imports and the first lab
    assert walked_after < frozen / 3  # what a full collection walks now
    assert frozen_later <= frozen  # once per kernel (a frozen object freed by its count leaves it)
