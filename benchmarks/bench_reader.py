"""Reader benchmark: launch -> the tree in the first frame, and key press -> article text, as a
person sees it, against an empty Textual app (Textual's own floor) and newsboat 2.21 on the same
articles, launched in turn in the same run.

    python benchmarks/bench_reader.py --sizes 10000 100000 --repeat 5

Every program runs in a detached tmux session of 120x40 on a private tmux server; the screen is
read with `tmux capture-pane -p` every ~5 ms (see `reader_screen`). For each library size:
- the library (benchmarks/gen_library.py, under `--data`) is brought in step with the reader's
  index and search index first (a scan, kept in `--data`/reader-xdg/ so a rerun does not rebuild
  them; `--home DIR` uses DIR's XDG folders instead, say a copy of a big warm home);
- then `--repeat` rounds (after one unmeasured round that warms the OS caches), each launching in
  turn the empty app (`reader_floor.FloorApp`), the reader and newsboat, so the three meet the
  machine's load of the same moment: the ratio reader / empty app is taken per size;
- the empty app: time to its text. The reader (`--layout`, default the default layout, the
  river): time to the first frame (anything on screen) and to the tree (the first category with
  its counts, and the footer), and whether that first frame already held the tree; its CPU time
  and memory then. Once its background loading is done, the keys a user would press go to the
  n-th article of the first list (river: All unread, newest first; tree: the first leaf category)
  and `enter` is timed until a phrase from the start of that article's body shows in the reading
  pane; the peak memory of its processes is taken after;
- newsboat gets the same articles as one RSS feed (`reader_feed`), its cache warmed with
  `newsboat -x reload` (only up to `--newsboat-max` items): time until the feed list shows, then
  `enter` opens the feed (timed too), down n times, and `enter` is timed until the article view
  shows, for the title it names, a phrase from the start of that article's body.
`--peer-sizes` (default 20000, the issue's number) adds sizes. A headless run (`reader_profile`)
then splits the start-up and the article opening of each `--sizes` library into imports, index
load, category model, rendering and the app's own work, with a timeline and cProfile's top
functions (`--no-headless` skips it).

The reading state is new for each launch (a temporary XDG_DATA_HOME), so nothing is marked read
or bookmarked. CPU times are each program's process tree's (user + system, from /proc), memory
the peak RSS of its largest process (VmHWM). Prints a Markdown report; exit status 1 when a
target is missed.
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
READY = "floor-app-ready"  # the empty app's text (reader_floor.READY)
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


CANDIDATES = 40  # river: the newest articles the list's rows are matched against


def child_plan(root: Path, repeat: int, river: int = 0) -> dict[str, Any]:
    """The first category's name, the keys down to the articles opened, and the title and a
    body phrase of each article the keys may open. River: enter on All unread (the tree's first
    entry) puts the focus on its list, newest first; tree: the first leaf category's articles."""
    from tui_reader.core.library.library import Library
    from tui_reader.ui.model.category_tree import CategoryTree

    library = Library(root)
    articles = library.cached().articles
    model = CategoryTree(articles)
    first = category = model.root.subcategories()[0]
    if river:
        from tui_reader.ui.model.river import Order, Rows

        keys = ["Enter"]
        chosen = Rows(articles, Order.NEWEST).articles[: repeat + CANDIDATES]
    else:
        keys = ["l", "j"]
        while category.subcategories():
            category = category.subcategories()[0]
            keys += ["l", "j"]
        chosen = model.visible_articles(category, False)[:repeat]
    targets = [{"title": a.title, "phrase": body_phrase(library.body(a))} for a in chosen]
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


TREE_LAYOUT = '[layout]\nmode = "tree"\n'  # the tree of articles (bench_million's keys walk it)
LAYOUTS = ("river", "tree")  # river: the default layout, no setting written


def terminal_env(xdg: Path, data_home: Path, layout: str = "tree") -> dict[str, str]:
    config = xdg / "config" / "tui-reader" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    if layout == "tree":
        config.write_text(TREE_LAYOUT, encoding="utf-8")
    else:
        config.unlink(missing_ok=True)  # the default layout, as a new user has it
    return {
        "XDG_CACHE_HOME": str(xdg / "cache"),
        "XDG_CONFIG_HOME": str(xdg / "config"),
        "XDG_DATA_HOME": str(data_home),
        "XDG_STATE_HOME": str(data_home / "state"),  # the device id: never the user's
        "LANG": "C.UTF-8",
        "TERM": "tmux-256color",
        "COLORTERM": "truecolor",
    }


def launch_floor(name: str) -> dict[str, Any]:
    """The empty app: seconds to its first paint, CPU seconds then, peak memory."""
    term = Terminal(name)
    start = term.launch(f"{PYTHON} {HERE / 'reader_floor.py'}", {"LANG": "C.UTF-8"})
    try:
        seconds = term.wait_for(lambda s: READY in s, start)
        return {"launch": seconds, "launch_cpu": term.cpu_seconds(),
                "memory": term.peak_rss_mb()["largest"]}  # fmt: skip
    finally:
        term.close(("C-q",))


def _status_idle(screen: str) -> bool:
    """The status line (above the footer) shows the summary and no activity."""
    lines = screen.rstrip("\n").splitlines()
    return len(lines) >= 2 and "articles" in lines[-2] and "…" not in lines[-2]


def _shows(text: str) -> Callable[[str], bool]:
    """A screen test: `text` is on screen (whitespace and glyphs ignored)."""
    return lambda screen: text in squash(screen)


def _pane_phrases(screen: str, phrases: list[str]) -> set[str]:
    """Which of `phrases` the reading pane (right of the sidebar) shows."""
    pane = squash(right_of(screen, SIDEBAR_BORDER))
    return {phrase for phrase in phrases if phrase in pane}


def launch_reader(
    root: Path, xdg: Path, plan: dict[str, Any], layout: str, name: str, nth: int | None
) -> dict[str, Any]:
    """One launch: seconds to the first frame (the footer on screen) and to the tree (the first
    category and the footer), with the CPU seconds and memory then; then, once its loading is
    done and `nth` is not None, `enter` on the `nth` article of the plan's list timed until a
    phrase of its body shows, and the peak memory after."""
    first = plan["first"]
    frames: list[str] = []

    def tree_shown(screen: str) -> bool:
        if FOOTER in screen and not frames:
            frames.append(screen)  # the first whole frame: the footer is its last line
        return first in screen and FOOTER in screen

    with tempfile.TemporaryDirectory(prefix="bench-reader-data-") as data_home:
        term = Terminal(name)
        start = term.launch(f"{READER} {root}", terminal_env(xdg, Path(data_home), layout))
        try:
            usable = term.wait_for(tree_shown, start, timeout=120)
            result: dict[str, Any] = {
                "launch": usable,
                "launch_cpu": term.cpu_seconds(),
                "memory": term.peak_rss_mb()["largest"],
                "tree_in_first_frame": first in frames[0],
            }
            result["first_frame"] = usable if result["tree_in_first_frame"] else None
            if nth is not None:
                result["settle"] = term.wait_for(_status_idle, start, timeout=300)
                result.update(open_in_reader(term, plan, layout, nth))
            result["memory_peak"] = term.peak_rss_mb()["largest"]
        finally:
            term.close(("q",))
    return result


def open_in_reader(term: Terminal, plan: dict[str, Any], layout: str, nth: int) -> dict[str, Any]:
    """The keys to the `nth` article of the plan's list, then `enter` timed until a phrase of an
    article's body shows in the reading pane (one that was not on screen before)."""
    targets = plan["targets"]
    if layout == "tree":
        target = targets[nth % len(targets)]
        keys = [*plan["keys"], *["j"] * (nth % len(targets))]
        ready = _shows(squash(target["title"][:8]))
        phrases = [target["phrase"]]
    else:  # river: the list's rows are the newest articles; whichever nth row is opened
        keys = [*plan["keys"], *["j"] * nth]
        titles = [squash(t["title"])[:8] for t in targets]
        ready = lambda s: sum(t in squash(s) for t in titles) >= nth + 1  # noqa: E731
        phrases = [t["phrase"] for t in targets if t["phrase"]]
    term.wait_for(ready, time.perf_counter(), 30)  # the list's rows are on screen
    for key in keys:
        term.send(key)
        time.sleep(0.05)
    time.sleep(0.5)  # a person's pause: the cursor has settled
    before = _pane_phrases(term.capture(), phrases)
    cpu = term.cpu_seconds()
    start = term.send("Enter")
    opened = term.wait_for(lambda s: bool(_pane_phrases(s, phrases) - before), start)
    return {"open": opened, "open_cpu": term.cpu_seconds() - cpu}


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


def launch_newsboat(out: Path, by_title: dict[str, list[str]], name: str, nth: int | None
                    ) -> dict[str, Any]:  # fmt: skip
    """One launch: seconds to the feed list, then (`nth` not None) `enter` on the feed, down
    `nth` rows and `enter` timed until the article view shows a phrase of that article."""
    term = Terminal(name)
    start = term.launch("newsboat -u urls -c cache.db -C config", {"LANG": "C.UTF-8"},
                        cwd=str(out))  # fmt: skip
    try:
        seconds = term.wait_for(lambda s: "tui-reader benchmark" in s and NEWSBOAT_HELP in s,
                                start)  # fmt: skip
        result: dict[str, Any] = {"launch": seconds, "launch_cpu": term.cpu_seconds(),
                                  "memory": term.peak_rss_mb()["largest"]}  # fmt: skip
        if nth is None:
            return result
        start = term.send("Enter")
        result["feed"] = term.wait_for(lambda s: "Articles in feed" in s and "\n   1 " in s, start)
        for _ in range(nth):
            term.send("Down")  # newsboat's j is not "down" by default
            time.sleep(0.05)
        time.sleep(0.5)  # a person's pause: the cursor has settled
        cpu = term.cpu_seconds()
        start = term.send("Enter")
        result["open"] = term.wait_for(lambda s: _article_shown(s, by_title), start)
        result["open_cpu"] = term.cpu_seconds() - cpu
        result["memory_peak"] = term.peak_rss_mb()["largest"]
        return result
    finally:
        term.close(("Q",))


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


def home_of(size: int, args: argparse.Namespace, xdg: Path) -> Path:
    """The XDG folders of a size: `--homes`/home-N when it exists (its cache/ and config/ are
    used), else the benchmark's own, kept under `--data`."""
    if args.homes is not None and (args.homes / f"home-{size}").is_dir():
        return (args.homes / f"home-{size}").resolve()
    return xdg


def bench_size(size: int, args: argparse.Namespace, xdg: Path) -> dict[str, Any]:
    """`--repeat` rounds (after an unmeasured one) of: the empty app, the reader, newsboat."""
    root = ensure_library(args.data, size).resolve()
    home = home_of(size, args, xdg)
    env = {**os.environ, **terminal_env(home, home / "data", args.layout)}
    result: dict[str, Any] = {"size": size, "home": str(home), "layout": args.layout}
    if not args.no_warm:
        print(f"{size}: warming the index…", file=sys.stderr, flush=True)
        result["warm"] = run_child(env, "warm", str(root))
    plan = run_child(env, "plan", str(root), str(args.repeat), str(int(args.layout == "river")))
    result["articles"] = plan["total"]
    boat: Path | None = None
    if not args.no_newsboat and size <= args.newsboat_max:
        boat = args.work / f"newsboat-{size}"
        print(f"{size}: newsboat feed and cache…", file=sys.stderr, flush=True)
        result["feed"] = prepare_newsboat(root, boat, size, env)
        phrases: dict[str, list[str]] = json.loads((boat / "phrases.json").read_text())
        by_title = {squash(title): found for title, found in phrases.items()}
    runs: dict[str, list[dict[str, Any]]] = {"floor": [], "reader": [], "newsboat": []}
    for run in range(args.repeat + 1):  # the first round only warms the OS caches
        print(f"{size}: round {run} of {args.repeat}…", file=sys.stderr, flush=True)
        nth = (run - 1) % args.repeat if run and not args.no_open else None
        taken = {
            "floor": launch_floor(f"floor-{run}"),
            "reader": launch_reader(root, home, plan, args.layout, f"reader-{run}", nth),
        }
        if boat is not None:
            taken["newsboat"] = launch_newsboat(boat, by_title, f"newsboat-{run}", nth)
        if run:
            for program, figures in taken.items():
                runs[program].append(figures)
    for program, launches in runs.items():
        if launches:
            result[program] = {key: [x.get(key) for x in launches] for key in launches[0]}
    return result


def bench_headless(size: int, args: argparse.Namespace, xdg: Path) -> dict[str, Any]:
    root = (args.data / f"lib-{size}").resolve()
    home = home_of(size, args, xdg)
    env = {**os.environ, **terminal_env(home, home / "data")}
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
    parser.add_argument(
        "--no-open",
        action="store_true",
        help="launches only: no article opened (the wait for the reader's "
        "background work first would not end, say a first search index of 1M)",
    )
    parser.add_argument("--layout", choices=LAYOUTS, default="river",
                        help="the reader's layout (river: the default one)")  # fmt: skip
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument(
        "--work",
        type=Path,
        help="where the feeds and the kept XDG folders go (default: --data, whose libraries "
        "are only read)",
    )
    parser.add_argument(
        "--homes",
        type=Path,
        help="XDG folders home-N/{cache,config} to use for size N (a warm copy)",
    )
    parser.add_argument(
        "--no-warm",
        action="store_true",
        help="do not bring the indexes in step first (a warm --homes copy)",
    )
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, root, *rest = args.child
        print(json.dumps(CHILDREN[kind](Path(root), *map(int, rest))))
        return 0
    args.work = args.work or args.data
    xdg = args.work / "reader-xdg"  # index + search index, kept between runs
    for sub in ("cache", "config", "data"):
        (xdg / sub).mkdir(parents=True, exist_ok=True)
    xdg = xdg.resolve()
    started = time.perf_counter()
    compile_bytecode()
    Terminal.start_server()
    try:
        results: dict[str, Any] = {"machine": machine()}
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
