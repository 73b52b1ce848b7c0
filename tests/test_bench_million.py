"""The cost-curve benchmark's verdicts (benchmarks/bench_million.py), from figures, without a run:
a figure over its target is reported as not met, one under it as met, a sampled baseline is
scaled up to the whole library, and a step that failed shows as not measured."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from bench_million import report  # noqa: E402


def figures(size: int, scale: float) -> dict[str, Any]:
    """One size's figures; `scale` multiplies every time (1: all targets met)."""
    memory = {"largest": 200.0 * scale, "sum": 250.0 * scale}
    launch = {"usable": 0.5 * scale, "cpu": 0.4, "settled": 1.0, "memory": memory}
    return {
        "size": size,
        "load_before": (1.0, 1.0, 1.0),
        "load_after": (1.0, 1.0, 1.0),
        "errors": {},
        # a tenth of the files read: the whole library's baseline is 10 x 2 s
        "baseline": {"seconds": 2.0, "cpu_seconds": 2.0, "files": 1000, "read": 100},
        "cold": {
            "seconds": 4.0 * scale,
            "cpu_seconds": 4.0 * scale,
            "maxrss_mb": 50,
            "workers_maxrss_mb": 30,
        },
        "list_json": {"seconds": 5.0 * scale, "cpu_seconds": 4.0, "maxrss_mb": 200 * scale},
        "list": {"seconds": 4.0 * scale, "cpu_seconds": 3.0, "maxrss_mb": 110 * scale},
        "search_build": {
            "seconds": 10,
            "index_bytes": 1e6,
            "maxrss_mb": 50,
            "workers_maxrss_mb": 50,
        },
        "search": {
            "page": [0.05 * scale] * 20,
            "count": [0.05 * scale] * 20,
            "slowest": [0.05 * scale, "market"],
            "maxrss_mb": 60,
        },
        "cli": [
            {"seconds": 0.2 * scale, "cpu_seconds": 0.2 * scale, "maxrss_mb": 40, "q": "market"}
        ]
        * 10,
        "reader_warm": [launch] * 3,
        "reader_cold": {**launch, "usable": 0.8 * scale},
    }


def rows(text: str) -> dict[str, str]:
    return {
        line.split(" | ")[0].strip("| "): line
        for line in text.splitlines()
        if line.startswith("| ") and not line.startswith("| target")
    }


def test_every_target_met_when_the_figures_are_under_them() -> None:
    text = report([figures(10_000, 1.0), figures(1_000_000, 1.0)])
    assert "not met" not in text and "not measured" not in text
    assert "(baseline sampled)" in text and "vs 20 s" in text  # 2 s for a tenth of the files
    assert "wall 0.200" in text


def test_each_target_missed_when_the_figures_are_over_them() -> None:
    text = report([figures(10_000, 1.0), figures(1_000_000, 3.0)])
    missed = {
        label: line for label, line in rows(text).items() if "search index build" not in label
    }
    for label, line in missed.items():
        cells = line.strip("|").split(" | ")
        assert "met" in cells[1] and "not met" not in cells[1], label  # 10k: all under
        assert "not met" in cells[2], label  # 1M: three times over every one


def test_warm_reader_is_judged_against_the_warm_10k_figure_of_the_run() -> None:
    slower = figures(100_000, 1.0)
    slower["reader_warm"] = [{**slower["reader_warm"][0], "usable": 0.62}] * 3
    text = report([figures(10_000, 1.0), slower])
    warm = rows(text)["reader usable, warm index ≤ warm 10k + 20%"]
    assert warm.count("limit 0.60 s") == 2 and warm.count("not met") == 1


def test_a_failed_step_is_reported_not_measured() -> None:
    broken = figures(100_000, 1.0)
    del broken["search"]
    broken["errors"]["search"] = "search on lib-100000 failed:\nMemoryError"
    text = report([figures(10_000, 1.0), broken])
    assert "not measured (search: MemoryError)" in rows(text)["search in the process, p95 < 100 ms"]


def test_plain_list_is_reported_beside_list_json_or_alone() -> None:
    alone = figures(1_000_000, 1.0)
    del alone["list_json"]
    alone["errors"]["list_json"] = "no search index"
    label = "warm `list --json` (and `list`) < 10 s, < 300 MB (1M)"
    cells = rows(report([figures(10_000, 1.0), alone]))[label].strip("|").split(" | ")
    assert cells[1].count("— met") == 2 and "plain `list`: 4.00 s" in cells[1]
    assert cells[2].startswith("plain `list`: 4.00 s (CPU 3.00 s), 110 MB — met")
