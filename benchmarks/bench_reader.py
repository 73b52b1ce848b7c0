"""Reader benchmark: launch -> usable tree and key press -> article text, as a person sees it,
against newsboat 2.21 on the same articles and against an empty Textual app.

    python benchmarks/bench_reader.py --sizes 10000 100000 --repeat 5

Every program runs in a detached tmux session of 120x40 on a private tmux server; the screen is
read with `tmux capture-pane -p` every ~5 ms (see `reader_screen`). For each library size:
- the library (benchmarks/gen_library.py, under benchmarks/data/, git-ignored) is brought in step
  with the reader's index and search index first (a scan, kept in benchmarks/data/reader-xdg/ so
  a rerun does not rebuild them), and the reader is launched once unmeasured;
- `tui-reader LIB` is launched `--repeat` times: time until the tree shows the first category and
  the footer; then, once the background scan is done, the keys a user would press go down to the
  n-th article of the first leaf category and `enter` is timed until a phrase from the start of
  that article's body shows in the reading pane;
- newsboat gets the same articles as one RSS feed (`reader_feed`), its cache warmed with
  `newsboat -x reload`; it is launched the same number of times: time until the feed list shows,
  then `enter` opens the feed (timed too), down n times, and `enter` is timed until the article
  view shows, for the title it names, a phrase from the start of that article's body.
The floor is `reader_floor.FloorApp` (one Static) launched the same way. `--peer-sizes` (default
20000, the issue's number) adds sizes measured with both programs; newsboat runs only up to
`--newsboat-max` items. A headless run (`reader_profile`) then splits the start-up and the
article opening of each `--sizes` library into imports, index load, category model, rendering
and the app's own work, with a timeline and cProfile's top functions.

The reading state is new for each launch (a temporary XDG_DATA_HOME), so nothing is marked read
or bookmarked. Prints a Markdown report; exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader_feed import CONFIG
from reader_screen import Terminal, body_phrase, right_of, squash

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
READER = str(Path(PYTHON).parent / "tui-reader")
FOOTER = "^p palette"  # the right end of Textual's footer: painted with the first frame
NEWSBOAT_HELP = "q:Quit"  # newsboat's help line, painted with its first list
SIDEBAR_BORDER = "▕"  # the sidebar's right border: the reading pane is right of it


# --- children (run in subprocesses with the benchmark's XDG folders) ---------------------------


def child_warm(root: Path) -> dict[str, Any]:
    """Bring the index and the search index in step with the library (cheap when they are)."""
    from tui_reader.core.library.library import Library
    from tui_reader.core.search.index import SearchIndex

    start = time.perf_counter()
    snapshot = Library(root).scan()
    scanned = time.perf_counter()
    SearchIndex.for_library(root).sync(root, snapshot.articles)
    return {
        "articles": len(snapshot.articles),
        "scan": scanned - start,
        "search_sync": time.perf_counter() - scanned,
    }


def child_plan(root: Path, repeat: int) -> dict[str, Any]:
    """The first category's name, the keys down to its first leaf category's articles, and a
    body phrase of each of the first `repeat` articles there."""
    from tui_reader.core.library.library import Library
    from tui_reader.ui.model.category_tree import CategoryTree

    library = Library(root)
    model = CategoryTree(library.cached().articles)
    first = category = model.root.subcategories()[0]
    keys = ["l", "j"]
    while category.subcategories():
        category = category.subcategories()[0]
        keys += ["l", "j"]
    targets = []
    for article in model.visible_articles(category, False)[:repeat]:
        phrase = body_phrase(library.body(article))
        targets.append({"title": article.title, "phrase": phrase})
    return {"first": first.name, "keys": keys, "targets": targets, "total": model.total}


CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {"warm": child_warm, "plan": child_plan}


def run_child(env: dict[str, str], *args: str) -> dict[str, Any]:
    command = [PYTHON, str(Path(__file__).resolve()), "--child", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_script(env: dict[str, str], script: str, *args: str) -> dict[str, Any]:
    result = subprocess.run([PYTHON, str(HERE / script), *args], env=env, capture_output=True,
                            text=True, check=False, cwd=HERE)  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"{script} {' '.join(args)} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the measurements in tmux ------------------------------------------------------------------


TREE_LAYOUT = '[layout]\nmode = "tree"\n'  # the keys of the measurements walk the tree of articles


def terminal_env(xdg: Path, data_home: Path) -> dict[str, str]:
    config = xdg / "config" / "tui-reader" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(TREE_LAYOUT, encoding="utf-8")
    return {
        "XDG_CACHE_HOME": str(xdg / "cache"),
        "XDG_CONFIG_HOME": str(xdg / "config"),
        "XDG_DATA_HOME": str(data_home),
        "XDG_STATE_HOME": str(data_home / "state"),  # the device id: never the user's
        "LANG": "C.UTF-8",
        "TERM": "tmux-256color",
        "COLORTERM": "truecolor",
    }


def measure_floor(repeat: int) -> dict[str, list[float]]:
    times, cpu = [], []
    for run in range(repeat + 1):
        term = Terminal(f"floor-{run}")
        start = term.launch(f"{PYTHON} {HERE / 'reader_floor.py'}", {"LANG": "C.UTF-8"})
        seconds = term.wait_for(lambda s: "floor-app-ready" in s, start)
        used = term.cpu_seconds()
        term.close(("C-q",))
        if run:  # the first launch only warms the OS caches
            times.append(seconds)
            cpu.append(used)
    return {"launch": times, "launch_cpu": cpu}


def _status_idle(screen: str) -> bool:
    """The status line (above the footer) shows the summary and no activity."""
    lines = screen.rstrip("\n").splitlines()
    return len(lines) >= 2 and "articles" in lines[-2] and "…" not in lines[-2]


def _shows(text: str) -> Callable[[str], bool]:
    """A screen test: `text` is on screen (whitespace and glyphs ignored)."""
    return lambda screen: text in squash(screen)


def measure_reader(root: Path, xdg: Path, plan: dict[str, Any], repeat: int) -> dict[str, Any]:
    launch, settle, opened, launch_cpu, open_cpu = [], [], [], [], []
    first = plan["first"]
    for run in range(repeat + 1):
        with tempfile.TemporaryDirectory(prefix="bench-reader-data-") as data_home:
            term = Terminal(f"reader-{run}")
            start = term.launch(f"{READER} {root}", terminal_env(xdg, Path(data_home)))
            try:
                seconds = term.wait_for(lambda s: first in s and FOOTER in s, start)
                used = term.cpu_seconds()
                settle.append(term.wait_for(_status_idle, start, timeout=120))
                if run == 0:  # unmeasured: warms the OS caches after the warm-up scan
                    continue
                launch.append(seconds)
                launch_cpu.append(used)
                target = plan["targets"][(run - 1) % len(plan["targets"])]
                for key in [*plan["keys"], *["j"] * ((run - 1) % len(plan["targets"]))]:
                    term.send(key)
                    time.sleep(0.05)
                term.wait_for(_shows(squash(target["title"][:8])), time.perf_counter(), 10)
                time.sleep(0.5)  # a person's pause: the cursor has settled
                phrase = target["phrase"]
                before = term.cpu_seconds()
                start = term.send("Enter")
                shown = lambda s, p=phrase: p in squash(right_of(s, SIDEBAR_BORDER))  # noqa: E731
                opened.append(term.wait_for(shown, start))
                open_cpu.append(term.cpu_seconds() - before)
            finally:
                term.close(("q",))
    return {"launch": launch, "open": opened, "settle": settle[1:], "launch_cpu": launch_cpu,
            "open_cpu": open_cpu}  # fmt: skip


def prepare_newsboat(root: Path, out: Path, count: int, env: dict[str, str]) -> dict[str, Any]:
    """Write the feed (once per size, kept under benchmarks/data/) and warm newsboat's cache."""
    info_file = out / "feed.json"
    if info_file.exists() and (out / "phrases.json").exists():
        info = json.loads(info_file.read_text())
    else:
        info = run_script(env, "reader_feed.py", str(root), str(out), str(count))
        info_file.write_text(json.dumps(info))
    (out / "config").write_text(CONFIG, encoding="utf-8")  # the current settings, always
    start = time.perf_counter()
    subprocess.run(
        ["newsboat", "-u", "urls", "-c", "cache.db", "-C", "config", "-x", "reload"],
        cwd=out, check=True, capture_output=True, env={**os.environ, "LANG": "C.UTF-8"},
    )  # fmt: skip
    info["reload"] = time.perf_counter() - start
    return info


def _article_shown(screen: str, by_title: dict[str, list[str]]) -> bool:
    """newsboat shows an article view ("Title: …") with a phrase of that article's body."""
    for line in screen.splitlines():
        if line.startswith("Title: "):
            shown = squash(line.removeprefix("Title: "))
            body = squash(screen)
            return any(p in body for t, found in by_title.items() if t.startswith(shown)
                       for p in found)  # fmt: skip
    return False


def measure_newsboat(out: Path, repeat: int) -> dict[str, Any]:
    phrases: dict[str, list[str]] = json.loads((out / "phrases.json").read_text())
    by_title = {squash(title): found for title, found in phrases.items()}
    command = "newsboat -u urls -c cache.db -C config"
    launch, feed, opened, launch_cpu, open_cpu = [], [], [], [], []
    for run in range(repeat + 1):
        term = Terminal(f"newsboat-{run}")
        start = term.launch(command, {"LANG": "C.UTF-8"}, cwd=str(out))
        try:
            seconds = term.wait_for(
                lambda s: "tui-reader benchmark" in s and NEWSBOAT_HELP in s, start)  # fmt: skip
            used = term.cpu_seconds()
            if run == 0:
                continue
            launch.append(seconds)
            launch_cpu.append(used)
            start = term.send("Enter")
            feed.append(term.wait_for(lambda s: "Articles in feed" in s and "\n   1 " in s, start))
            for _ in range((run - 1) % repeat):
                term.send("Down")  # newsboat's j is not "down" by default
                time.sleep(0.05)
            time.sleep(0.5)  # a person's pause: the cursor has settled
            before = term.cpu_seconds()
            start = term.send("Enter")
            opened.append(term.wait_for(lambda s: _article_shown(s, by_title), start))
            open_cpu.append(term.cpu_seconds() - before)
        finally:
            term.close(("Q",))
    return {"launch": launch, "feed": feed, "open": opened, "launch_cpu": launch_cpu,
            "open_cpu": open_cpu}  # fmt: skip


# --- the driver --------------------------------------------------------------------------------


def ensure_library(data: Path, count: int) -> Path:
    root = data / f"lib-{count}"
    manifest = root / ".manifest.json"
    if manifest.exists() and json.loads(manifest.read_text())["count"] == count:
        return root
    shutil.rmtree(root, ignore_errors=True)
    sys.path.insert(0, str(HERE))
    from gen_library import generate

    generate(root, count, seed=0)
    return root


def stats(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p90": p90, "min": ordered[0], "n": len(times)}


def bench_size(size: int, args: argparse.Namespace, xdg: Path) -> dict[str, Any]:
    root = ensure_library(args.data, size).resolve()
    env = {**os.environ, **terminal_env(xdg, xdg / "data")}
    result: dict[str, Any] = {"size": size}
    print(f"{size}: warming the index…", file=sys.stderr, flush=True)
    result["warm"] = run_child(env, "warm", str(root))
    plan = run_child(env, "plan", str(root), str(args.repeat))
    result["articles"] = plan["total"]
    print(f"{size}: tui-reader ×{args.repeat}…", file=sys.stderr, flush=True)
    result["reader"] = measure_reader(root, xdg, plan, args.repeat)
    if not args.no_newsboat and size <= args.newsboat_max:
        out = args.data / f"newsboat-{size}"
        print(f"{size}: newsboat feed and cache…", file=sys.stderr, flush=True)
        result["feed"] = prepare_newsboat(root, out, size, env)
        print(f"{size}: newsboat ×{args.repeat}…", file=sys.stderr, flush=True)
        result["newsboat"] = measure_newsboat(out, args.repeat)
    return result


def bench_headless(size: int, args: argparse.Namespace, xdg: Path) -> dict[str, Any]:
    root = (args.data / f"lib-{size}").resolve()
    env = {**os.environ, **terminal_env(xdg, xdg / "data")}
    bare = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([PYTHON, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - start)
    imports = [run_script(env, "reader_profile.py", "imports") for _ in range(3)]
    return {
        "size": size,
        "python_start": statistics.median(bare),
        "import_textual": statistics.median(i["textual"] for i in imports),
        "import_reader": statistics.median(i["reader"] for i in imports),
        "phases": run_script(env, "reader_profile.py", "phases", str(root)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--peer-sizes", type=int, nargs="*", default=[20_000],
                        help="sizes also measured with newsboat (the issue's 20k)")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--newsboat-max", type=int, default=20_000)
    parser.add_argument("--no-newsboat", action="store_true")
    parser.add_argument("--no-headless", action="store_true")
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, root, *rest = args.child
        print(json.dumps(CHILDREN[kind](Path(root), *map(int, rest))))
        return 0
    xdg = args.data / "reader-xdg"  # index + search index, kept between runs
    for sub in ("cache", "config", "data"):
        (xdg / sub).mkdir(parents=True, exist_ok=True)
    xdg = xdg.resolve()
    started = time.perf_counter()
    compile_bytecode()
    Terminal.start_server()
    try:
        results: dict[str, Any] = {"machine": machine()}
        print(f"floor ×{args.repeat}…", file=sys.stderr, flush=True)
        results["floor"] = measure_floor(args.repeat)
        sizes = sorted(set(args.sizes) | set(args.peer_sizes))
        results["sizes"] = [bench_size(size, args, xdg) for size in sizes]
        if not args.no_headless:
            results["headless"] = []
            for size in sorted(args.sizes):
                print(f"{size}: headless phases…", file=sys.stderr, flush=True)
                results["headless"].append(bench_headless(size, args, xdg))
    finally:
        Terminal.stop_server()
    results["machine"]["load_after"] = os.getloadavg()
    results["seconds"] = time.perf_counter() - started
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    from reader_report import report

    text, ok = report(results)
    print(text)
    return 0 if ok else 1


def compile_bytecode() -> None:
    """Compile tui_reader's modules to bytecode first, as an installed copy has them (pip
    compiles at install; an editable one writes them at first run). Without this, a machine
    with PYTHONDONTWRITEBYTECODE set, as ours is, compiled the reader's ~100 modules from source
    at every launch: 80-130 ms that no user pays."""
    import tui_reader

    package = Path(tui_reader.__file__).parent
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(package)], check=True)


def machine() -> dict[str, Any]:
    newsboat_version = ""
    if shutil.which("newsboat"):
        newsboat = subprocess.run(["newsboat", "--version"], capture_output=True, text=True)
        newsboat_version = newsboat.stdout.splitlines()[0] if newsboat.stdout else ""
    git = ["git", "-C", str(HERE.parent)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "tui_reader"],
                           capture_output=True, text=True)  # fmt: skip
    return {
        "commit": commit.stdout.strip() + (" + uncommitted changes" if dirty.stdout else ""),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "newsboat": newsboat_version,
        "tmux": subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip(),
        "load_before": os.getloadavg(),
    }


if __name__ == "__main__":
    raise SystemExit(main())
