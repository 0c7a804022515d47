"""``bench/bench_browser.py --json FILE`` writes the documented shape: ``{"results": [{"server",
"lab", "checkpoints", "p50_ms", "p95_ms", "naive_p95_ms", "bytes_per_click", "kernel_mib"}, ...],
"load"}``. The writer is fed measurements made up here (no browser, no timing asserted): what
is checked is the shape and that each figure is computed from the clicks it is given."""

from __future__ import annotations

import importlib.util
import json
import statistics
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]

NUMBER = {"type": "number", "minimum": 0}
SCHEMA = {
    "type": "object",
    "required": ["results", "load"],
    "additionalProperties": False,
    "properties": {
        "load": NUMBER,
        "steal_percent": {"type": "number", "minimum": 0, "maximum": 100},
        "results": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["server", "lab", "checkpoints", "p50_ms", "p95_ms", "naive_p95_ms", "bytes_per_click", "kernel_mib"],
            "additionalProperties": False,
            "properties": {
                "server": {"enum": ["lab", "voila"]},
                "lab": {"type": "string", "minLength": 1},
                "checkpoints": {"type": "integer", "minimum": 0},
                "p50_ms": NUMBER, "p95_ms": NUMBER, "bytes_per_click": NUMBER,
                "naive_p95_ms": {"anyOf": [NUMBER, {"type": "null"}]},
                "kernel_mib": {"anyOf": [NUMBER, {"type": "null"}]},
            },
        }},
    },
}


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_browser", ROOT / "bench" / "bench_browser.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_browser"] = module  # its dataclasses look their module up by name
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("bench_browser", None)


def _series(bench, times, received):
    return bench.Series(times=list(times), received=list(received))


def test_the_json_has_the_documented_shape_and_figures_from_the_clicks(bench, tmp_path):
    times = [float(t) for t in range(10, 210, 10)]  # 20 clicks: 10 ... 200 ms
    naive = [t * 4 for t in times]
    explorer, disk_lab = bench.SCENARIOS[0], bench.SCENARIOS[2]
    hv = bench.Measurement(clicks=_series(bench, times, [1000] * 20), rss=140.25, rss_end=141.0,
                           select=_series(bench, [5.0] * 20, [300] * 20), next=_series(bench, times[:10], [2000] * 10))
    plain = bench.Measurement(clicks=_series(bench, times, [500] * 20), rss=None)
    nv = bench.Measurement(clicks=_series(bench, naive, [9000] * 20), rss=180.0)
    rows = [("lab", disk_lab, hv, nv), ("voila", explorer, plain, nv)]
    path = tmp_path / "figures.json"
    written = bench.write_json(path, rows, 1.25)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document == written
    jsonschema.validate(document, SCHEMA)
    assert document["load"] == 1.25
    clicks, select, step, explorer_row = document["results"]
    assert clicks == {"server": "lab", "lab": disk_lab.title, "checkpoints": 50, "p50_ms": statistics.median(times),
                      "p95_ms": bench.p95(times), "naive_p95_ms": bench.p95(naive), "bytes_per_click": 1000, "kernel_mib": 140.2}
    assert (select["lab"], select["naive_p95_ms"], select["p95_ms"], select["bytes_per_click"]) == (bench.SELECT_ROW, None, 5.0, 300)
    assert (step["lab"], step["p95_ms"], step["kernel_mib"]) == (bench.NEXT_ROW, bench.p95(times[:10]), 141.0)
    assert (explorer_row["server"], explorer_row["checkpoints"], explorer_row["kernel_mib"]) == ("voila", 0, None)


def test_the_host_s_steal_is_written_beside_the_load_and_warned_about(bench, tmp_path, capsys):
    explorer = bench.SCENARIOS[0]
    plain = bench.Measurement(clicks=_series(bench, [10.0] * 20, [500] * 20), rss=None, first=[8.0] * 20, last=[9.0] * 20)
    rows = [("lab", explorer, plain, plain)]
    document = bench.write_json(tmp_path / "f.json", rows, 0.5, 12.34)
    jsonschema.validate(document, SCHEMA)
    assert document["steal_percent"] == 12.3
    assert "steal_percent" not in bench.write_json(tmp_path / "g.json", rows, 0.5)
    bench.print_table(rows, 20, 0.5, 12.34)
    out = capsys.readouterr().out
    assert "CPU steal up to 12 %" in out and "WARNING: the host stole up to 12 %" in out
    bench.print_table(rows, 20, 0.5, 2.0)
    assert "WARNING" not in capsys.readouterr().out


def test_steal_is_a_share_of_cpu_time(bench):
    steal = bench.Steal()
    share = steal.lap()
    assert 0.0 <= share <= 100.0 and steal.laps == [share]
    steal.restart()
    assert len(steal.laps) == 1


def test_the_goals_are_the_issue_s(bench):
    row = {"lab": bench.SCENARIOS[1].title, "checkpoints": 10, "p95_ms": 99.0, "kernel_mib": 200.0}
    assert bench.goals(row) == ["p95 < 100 ok"]
    assert bench.goals({**row, "checkpoints": 50, "p95_ms": 151.0}) == ["p95 < 150 MISSED", "kernel < 150 MiB MISSED"]
    assert bench.goals({**row, "lab": bench.SELECT_ROW, "p95_ms": 49.0}) == ["p95 < 50 ok"]
    assert bench.goals({**row, "lab": bench.NEXT_ROW, "p95_ms": 100.0}) == ["p95 < 100 MISSED"]


def test_p95_is_the_nearest_rank_of_the_sorted_clicks(bench):
    assert bench.p95([float(v) for v in range(1, 21)]) == 19.0
    assert bench.p95([3.0]) == 3.0
