"""The reader benchmark's Markdown report and its targets, from the figures `bench_reader` took.

Targets (issue 16), each size on its own, from launches taken in turn in one run: the tree on
screen within 1.25x the empty Textual app's first paint (medians; 1.1x is the stretch goal), the
tree in the reader's first frame in every launch, and an article's text on screen no later than
newsboat shows one (medians, where newsboat ran). And (issue 3) 100k articles usable within 1 s.
"""

from __future__ import annotations

import statistics
from typing import Any

TREE_RATIO = 1.25  # the tree's time over the empty app's first paint, at most
STRETCH_RATIO = 1.1
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


def _cpu(times: list[float]) -> str:
    return f"{_median(times) * 1000:.0f}" if times else "–"


def _mb(values: list[float]) -> str:
    return f"{max(values):.0f}" if values else "–"


def ratios(size: dict[str, Any]) -> list[float]:
    """The reader's tree over the empty app's first paint, launch by launch (same round)."""
    return [r / f for r, f in zip(size["reader"]["launch"], size["floor"]["launch"], strict=True)]


def figures_table(results: dict[str, Any]) -> list[str]:
    lines = [
        "| items | empty app: first paint, ms (median / p90) · CPU ms · MB | tui-reader: tree, "
        "ms (median / p90) · CPU ms · MB | ratio of medians (per round) | tree in first frame "
        "| tui-reader: enter → text, ms (median / p90) · CPU ms · MB after | newsboat: first "
        "paint · enter → text, ms (median / p90) · MB |",
        "|---:|---|---|---|---:|---|---|",
    ]
    for size in results["sizes"]:
        floor, reader = size["floor"], size["reader"]
        each = ratios(size)
        ratio = _median(reader["launch"]) / _median(floor["launch"])
        in_first = sum(bool(x) for x in reader["tree_in_first_frame"])
        opened = [x for x in reader.get("open", []) if x is not None]
        boat = size.get("newsboat")
        peer = "–"
        if boat:
            peer = (f"{_ms(boat['launch'])} · {_ms(boat['open'])} · "
                    f"{_mb(boat['memory_peak'])}")  # fmt: skip
        lines.append(
            f"| {size['articles']:,} | {_ms(floor['launch'])} · {_cpu(floor['launch_cpu'])} · "
            f"{_mb(floor['memory'])} | {_ms(reader['launch'])} · {_cpu(reader['launch_cpu'])} · "
            f"{_mb(reader['memory'])} | **{ratio:.2f}** ({min(each):.2f}–{max(each):.2f}) | "
            f"{in_first} of {len(reader['launch'])} | {_ms(opened)} · "
            f"{_cpu(reader.get('open_cpu', []))} · {_mb(reader['memory_peak'])} | {peer} |"
        )
    return lines


def targets(results: dict[str, Any]) -> tuple[list[str], bool]:
    checks: list[tuple[str, bool]] = []
    for size in results["sizes"]:
        reader, floor, n = size["reader"], size["floor"], f"{size['articles']:,}"
        launch, first = _median(reader["launch"]), _median(floor["launch"])
        ratio = launch / first
        stretch = " (stretch goal 1.1×: met)" if ratio <= STRETCH_RATIO else ""
        checks.append((
            f"{n}: tree in {launch * 1000:.0f} ms, within {TREE_RATIO}× the empty app's first "
            f"paint {first * 1000:.0f} ms (ratio {ratio:.2f}){stretch}",
            ratio <= TREE_RATIO,
        ))  # fmt: skip
        in_first = sum(bool(x) for x in reader["tree_in_first_frame"])
        checks.append((
            f"{n}: the tree in the first frame in {in_first} of {len(reader['launch'])} launches",
            in_first == len(reader["launch"]),
        ))  # fmt: skip
        if size.get("newsboat") and reader.get("open"):
            opened, peer = _median(reader["open"]), _median(size["newsboat"]["open"])
            checks.append((
                f"{n}: article's text in {opened * 1000:.0f} ms, no later than newsboat's "
                f"{peer * 1000:.0f} ms",
                opened <= peer,
            ))  # fmt: skip
        if size["articles"] >= 100_000:
            checks.append((
                f"{n}: usable in {launch * 1000:.0f} ms (p90 "
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
        f"tui-reader at {machine['commit']}, layout {results['sizes'][0]['layout']}",
        "",
        *figures_table(results),
        "",
    ]
    checks, ok = targets(results)
    lines += checks + [""]
    for headless in results.get("headless", []):
        lines += headless_lines(headless)
    return "\n".join(lines), ok
