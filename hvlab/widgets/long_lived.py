"""The kernel's long-lived objects, left out of the garbage collector's full passes.

Why: CPython's full collection (generation 2) walks every object the collector tracks, and a
kernel that shows a lab tracks some 160 000 of them (ipykernel, matplotlib, ipywidgets, the
lab), nearly all alive until the kernel ends. Measured in a real kernel (jupyter_client, a
50-checkpoint disk chain lab, 60 clicks run in the kernel): two full collections of 80 and
98 ms fell on two clicks, which took 149 and 170 ms against a median of 67; with the objects
alive when the lab was shown frozen (``gc.freeze()``), 35 000 were left to walk, the one full
collection took 11 ms and the slowest click 73 ms. A full collection every few dozen clicks is
the slowest click a learner meets (the p95 of ``bench/bench_browser.py``).

``gc.freeze()`` "moves all objects tracked by the garbage collector to a permanent generation
and ignores them in all future collections" (https://docs.python.org/3/library/gc.html#gc.freeze).
The cost, and why it is once per kernel: a frozen object that later becomes unreachable in a
cycle is never freed, so only what is alive the first time a lab is shown (after a collection)
is frozen, once; a lab made later is collected as usual. Only in a kernel: a test process or a
script keeps Python's own collector as it is.
"""

from __future__ import annotations

import gc
import sys

__all__ = ["freeze_long_lived", "in_kernel"]

_frozen = False


def in_kernel() -> bool:
    """Whether this process is an IPython kernel (JupyterLab's, Voila's, nbclient's)."""
    shell_module = sys.modules.get("IPython")
    if shell_module is None or "ipykernel" not in sys.modules:
        return False
    shell = shell_module.get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def freeze_long_lived() -> bool:
    """The first time it runs in a kernel, collect, then freeze every object alive; ``True`` if
    it froze them now."""
    global _frozen
    if _frozen or not in_kernel():
        return False
    gc.collect()
    gc.freeze()
    _frozen = True
    return True
