"""The diagram cache holds at most its budget of PNG bytes, and a redraw that drew gives the
allocator's free pages back (bench/bench_kernel_memory.py measures what this saves)."""

from __future__ import annotations

from hvlab import scenarios
from hvlab.widgets import rendering
from hvlab.widgets.rendering import DiagramCache


def test_the_cache_drops_the_oldest_drawings_beyond_its_byte_budget():
    lab, vm = scenarios.linear_chain()
    cache = DiagramCache(max_bytes=1)  # every drawing is over budget: only the newest stays
    key, drawing = cache.drawing("checkpoint_tree", vm)
    cache.drawing("disk_chain", vm)
    assert len(cache._drawings) == 1 and cache.png_bytes == len(cache._drawings[next(iter(cache._drawings))].png)
    roomy = DiagramCache()
    for kind in ("checkpoint_tree", "disk_chain"):
        roomy.drawing(kind, vm)
    assert len(roomy._drawings) == 2 and roomy.png_bytes == sum(len(d.png) for d in roomy._drawings.values())
    assert roomy.drawing("checkpoint_tree", vm)[0] == key and roomy.hits == 1  # still a cache


def test_a_redraw_that_drew_releases_free_memory_once(monkeypatch):
    calls = []
    monkeypatch.setattr(rendering, "release_free_memory", lambda: calls.append(1) or True)
    lab, vm = scenarios.linear_chain()
    cache = DiagramCache()
    with cache.one_state():
        cache.drawing("checkpoint_tree", vm)
        cache.drawing("disk_chain", vm)
    assert calls == [1]
    with cache.one_state():
        cache.drawing("checkpoint_tree", vm)  # a hit: nothing drawn, nothing to give back
    assert calls == [1]


def test_releasing_free_memory_works_on_any_platform():
    assert rendering.release_free_memory() in (True, False)
