"""A picture in strips (hvlab/diagrams/tiles.py): the strips are the picture, a row added moves
the strips below it unchanged, and a Picture sends each strip once."""

from __future__ import annotations

import io

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from hvlab import scenarios  # noqa: E402
from hvlab.diagrams import tiles  # noqa: E402
from hvlab.widgets.rendering import render  # noqa: E402


def _rgba(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.mark.parametrize("kind", ["checkpoint_tree", "disk_chain"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_strips_stacked_are_the_whole_picture(kind, scale):
    _, vm = scenarios.many_checkpoints(6)
    drawing = render(kind, vm, scale=scale, strips=True)
    whole = _rgba(drawing.png)
    stacked = np.concatenate([_rgba(t.png) for t in drawing.tiles])
    assert np.array_equal(stacked, whole)
    assert [t.rows for t in drawing.tiles] == [_rgba(t.png).shape[0] for t in drawing.tiles]
    assert render(kind, vm, scale=scale).tiles == ()  # an Image's picture is not cut: only a Picture sends strips


def test_a_new_checkpoint_changes_a_few_strips_of_the_tree():
    _, vm = scenarios.many_checkpoints(49)  # a new leaf no deeper than the deepest: the columns stay
    before = render("checkpoint_tree", vm, strips=True)
    vm.checkpoint("one more")
    after = render("checkpoint_tree", vm, strips=True)
    known = {t.key for t in before.tiles}
    new = [t for t in after.tiles if t.key not in known]
    assert after.tiles[0].rows == 34  # the tree's row pitch (0.34 in) at 100 dpi
    assert 1 <= len(new) <= 8 < len(after.tiles)
    assert sum(len(t.png) for t in new) < len(after.png) / 4


def test_tile_rows_follow_a_whole_pixel_row_pitch():
    assert tiles.tile_rows_for(0.34, 100.0) == 34
    assert tiles.tile_rows_for(0.34, 200.0) == 68
    assert tiles.tile_rows_for(0.34, 93.7) == tiles.DEFAULT_TILE_ROWS  # no whole pixel: no row to keep
    assert tiles.tile_rows_for(0.0, 100.0) == tiles.DEFAULT_TILE_ROWS


def test_the_strip_cache_stays_within_its_budget(monkeypatch):
    monkeypatch.setattr(tiles._TILES, "budget", 50_000)
    rng = np.random.default_rng(0)
    for _ in range(20):
        tiles.split_tiles(rng.integers(0, 255, (64, 200, 4), dtype=np.uint8), 32)
    assert tiles.cached_tile_bytes() <= 50_000 + 20_000  # one strip over the budget may stay, alone


def test_equal_strips_share_a_key_and_different_ones_do_not():
    picture = np.full((96, 50, 4), 255, dtype=np.uint8)
    picture[70, 10] = (0, 0, 0, 255)
    first, second, third = tiles.split_tiles(picture, 32)
    assert first.key == second.key != third.key


class _Sent(list):
    def __call__(self, content, buffers=None):
        self.append((content, buffers))


def test_a_picture_sends_each_strip_once_and_answers_a_page_that_asks():
    from hvlab.widgets.picture import Picture

    _, vm = scenarios.many_checkpoints(49)
    picture = Picture()
    first = render("checkpoint_tree", vm, strips=True)
    picture.show(first)  # all new: the whole PNG as one strip, its strips listed as its parts
    assert [(t["rows"], t["png"]) for t in picture.tiles] == [(sum(t.rows for t in first.tiles), first.png)]
    assert picture.tiles[0]["parts"] == [[t.key, t.rows] for t in first.tiles]
    assert picture.tiles[0]["cut"] is True  # big: the next picture comes in strips, the page cuts this one when idle
    picture.show(first)  # the same again: its strips, none sent (the page cuts them from the whole)
    assert [t["key"] for t in picture.tiles] == [t.key for t in first.tiles]
    assert all(t["png"] is None for t in picture.tiles)
    vm.checkpoint("another")  # a row more: only the strips the page has not got
    second = render("checkpoint_tree", vm, strips=True)
    picture.show(second)
    sent = [t for t in picture.tiles if t["png"] is not None]
    known = {t.key for t in first.tiles}
    assert {t["key"] for t in sent} == {t.key for t in second.tiles if t.key not in known}
    assert picture.png == second.png  # the whole PNG stays for Python

    picture.send = _Sent()  # a view opened now asks for strips it lacks
    wanted = [picture.tiles[0]["key"], "no-such-strip", picture.tiles[-1]["key"]]
    picture._on_message(picture, {"want": wanted}, [])
    (content, buffers), = picture.send
    assert content == {"tiles": [wanted[0], wanted[2]]}
    assert buffers == [second.tiles[0].png, second.tiles[-1].png]


def test_the_byte_budget_cache_drops_the_least_recently_used():
    from hvlab.diagrams.budget import ByteBudgetCache

    cache: ByteBudgetCache[bytes] = ByteBudgetCache(10, len)
    cache.put("a", b"1234")
    cache.put("b", b"1234")
    assert cache.get("a") == b"1234"  # now the most recently used
    cache.put("c", b"1234")
    assert cache.get("b") is None and cache.get("a") and cache.get("c") and cache.bytes == 8
    cache.put("big", b"x" * 50)
    assert len(cache) == 1 and cache.get("big")  # alone over the budget, still kept


def test_a_small_picture_travels_whole():
    from hvlab.widgets.picture import STRIPS_FROM_PIXELS, Picture

    _, vm = scenarios.many_checkpoints(10)
    picture = Picture()
    first = render("checkpoint_tree", vm, strips=True)
    assert first.size[0] * sum(t.rows for t in first.tiles) < STRIPS_FROM_PIXELS
    picture.show(first)
    picture.show(first)  # the same again: still one strip, the whole PNG (the page decodes one image)
    assert [t["key"] for t in picture.tiles] == [picture.tiles[0]["key"]] and picture.tiles[0]["key"].startswith("whole-")
    assert picture.tiles[0]["cut"] is False  # the next one comes whole too: nothing for the page to cut
