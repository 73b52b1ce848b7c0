"""The reader benchmark's Markdown report and its targets, from the figures `bench_reader` took.

Targets (issue 3): the tree within 1.25x of newsboat's first paint on the same number of items
(or, failing that, start-up adding almost nothing to an empty Textual app's paint, taken here as
at most 25% of it), an article opened no slower than newsboat opens one (medians), and the
100k library usable within 1 s (median).
"""

from __future__ import annotations

import statistics
from typing import Any

TREE_RATIO = 1.25
FLOOR_SLACK = 0.25  # "adds almost nothing": at most this fraction of the empty app's paint
USABLE_100K = 1.0


def _median(times: list[float]) -> float:
    return statistics.median(times) if times else float("nan")


def _p90(times: list[float]) -> float:
    if not times:
        return float("nan")
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def _ms(times: list[float]) -> str:
    if not times:
        return "–"
    return f"{_median(times) * 1000:.0f} / {_p90(times) * 1000:.0f}"


def figures_table(results: dict[str, Any]) -> list[str]:
    floor = results["floor"]
    lines = [
        "| items | program | launch → usable, ms (median / p90) | CPU ms | enter → article "
        "text, ms (median / p90) | CPU ms | runs |",
        "|---:|---|---:|---:|---:|---:|---:|",
        f"| – | empty Textual app (one Static) | {_ms(floor['launch'])} "
        f"| {_cpu(floor['launch_cpu'])} | – | – | {len(floor['launch'])} |",
    ]
    for size in results["sizes"]:
        reader = size["reader"]
        lines.append(f"| {size['articles']:,} | tui-reader | {_ms(reader['launch'])} "
                     f"| {_cpu(reader['launch_cpu'])} | {_ms(reader['open'])} "
                     f"| {_cpu(reader['open_cpu'])} | {len(reader['launch'])} |")  # fmt: skip
        if "newsboat" in size:
            boat = size["newsboat"]
            lines.append(f"| {size['feed']['items']:,} | newsboat (opening the feed: "
                         f"{_ms(boat['feed'])} ms) | {_ms(boat['launch'])} "
                         f"| {_cpu(boat['launch_cpu'])} | {_ms(boat['open'])} "
                         f"| {_cpu(boat['open_cpu'])} | {len(boat['launch'])} |")  # fmt: skip
    return lines


def _cpu(times: list[float]) -> str:
    return f"{_median(times) * 1000:.0f}" if times else "–"


def targets(results: dict[str, Any]) -> tuple[list[str], bool]:
    checks: list[tuple[str, bool]] = []
    floor = _median(results["floor"]["launch"])
    for size in results["sizes"]:
        reader = size["reader"]
        launch = _median(reader["launch"])
        added = launch - floor
        if "newsboat" in size:
            boat = size["newsboat"]
            first = _median(boat["launch"])
            near_floor = added <= FLOOR_SLACK * floor
            checks.append((
                f"{size['articles']:,}: tree {launch * 1000:.0f} ms within {TREE_RATIO}× "
                f"newsboat's first paint {first * 1000:.0f} ms (ratio {launch / first:.2f}), "
                f"or start-up adds ≤ {FLOOR_SLACK:.0%} to the empty app's {floor * 1000:.0f} ms "
                f"(adds {added * 1000:.0f} ms, {added / floor:.0%})",
                launch <= TREE_RATIO * first or near_floor,
            ))  # fmt: skip
            opened, peer = _median(reader["open"]), _median(boat["open"])
            checks.append((
                f"{size['articles']:,}: article opened in {opened * 1000:.0f} ms, no slower than "
                f"newsboat's {peer * 1000:.0f} ms",
                opened <= peer,
            ))  # fmt: skip
        if size["articles"] >= 100_000:
            checks.append((
                f"{size['articles']:,}: usable in {launch * 1000:.0f} ms (p90 "
                f"{_p90(reader['launch']) * 1000:.0f} ms), within {USABLE_100K:.0f} s",
                launch <= USABLE_100K,
            ))  # fmt: skip
    lines = [f"- {'met' if ok else 'MISSED'}: {label}" for label, ok in checks]
    return lines, all(ok for _, ok in checks)


def headless_lines(headless: dict[str, Any]) -> list[str]:
    phases = headless["phases"]
    load, app = phases["load"], phases["app"]
    lines = [
        f"Headless, {load['articles']:,} articles (`App.run_test`, one process each, ms):",
        "",
        "| step | ms |",
        "|---|---:|",
        f"| interpreter start (`python -c pass`) | {headless['python_start'] * 1000:.0f} |",
        f"| import textual.app + widgets | {headless['import_textual'] * 1000:.0f} |",
        f"| import tui_reader.ui.app on top | {headless['import_reader'] * 1000:.0f} |",
        f"| open reading state (empty) | {load['state_open'] * 1000:.0f} |",
        f"| index load (`Library.cached()`) | {load['index_load'] * 1000:.0f} |",
        f"| category model (`CategoryTree`) | {load['category_model'] * 1000:.0f} |",
        f"| empty app: run_test to first frame | {phases['floor'] * 1000:.0f} |",
        f"| reader: run_test to mounted | {app['mounted'] * 1000:.0f} |",
        f"| reader: run_test to tree shown | {app['tree'] * 1000:.0f} |",
        f"| reader: enter → article rendered | {app['open'] * 1000:.0f} |",
        "",
        "One headless launch, step by step (ms from launch):",
        "",
        "| ms | step |",
        "|---:|---|",
        *(f"| {seconds * 1000:.0f} | {step} |" for step, seconds in phases["timeline"].items()),
        "",
    ]
    render = phases["render"]
    lines += [
        f"`render_article` alone on the opened articles ({min(render['chars']):,}–"
        f"{max(render['chars']):,} characters of HTML): median "
        f"{statistics.median(render['seconds']) * 1000:.1f} ms.",
        "",
    ]
    for key, title in (("profile_load", "load worker (index load + model), by own time"),
                       ("profile_ui", "UI thread, launch → tree, by own time"),
                       ("profile_open", "UI thread, enter → article painted, by own time"),
                       ("profile_open_cumulative",
                        "UI thread, enter → article painted, by cumulative time")):  # fmt: skip
        lines += [f"cProfile, {title}:", "", "| function | calls | "
                  "own ms | cumulative ms |", "|---|---:|---:|---:|"]  # fmt: skip
        for row in phases[key]:
            lines.append(f"| `{row['where']}` | {row['calls']} | {row['own'] * 1000:.0f} "
                         f"| {row['cumulative'] * 1000:.0f} |")  # fmt: skip
        lines.append("")
    return lines


def report(results: dict[str, Any]) -> tuple[str, bool]:
    machine = results["machine"]
    load = " → ".join(f"{m['load_before' if i == 0 else 'load_after'][0]:.1f}"
                      for i, m in enumerate([machine, machine]))  # fmt: skip
    lines = [
        f"machine: {machine['cpus']} CPUs, Python {machine['python']}, {machine['newsboat']}, "
        f"{machine['tmux']}, load average (1 min) {load}; run took {results['seconds']:.0f} s; "
        f"tui-reader at {machine['commit']}",
        "",
        *figures_table(results),
        "",
    ]
    checks, ok = targets(results)
    lines += checks + [""]
    for headless in results.get("headless", []):
        lines += headless_lines(headless)
    return "\n".join(lines), ok
