"""The reader in a browser (`tui-reader serve`), measured in headless Chromium.

    python benchmarks/bench_serve.py [--count N] [--opens K]

On the sample articles, and on a synthetic library of N articles (benchmarks/gen_library.py,
scanned once before timing), each in its own temporary home: how long a new tab takes until the
tree is drawn (a reader process starts for each tab); how long `n` and `p` take to show another
article in the page (key -> websocket -> reader -> websocket -> xterm.js; median of K); and the
memory of the server and of one tab's reader (RSS). Needs playwright and Debian's chromium, as
the browser tests do (tests/cli/test_serve_browser.py). Never touches your own files.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from serve_support import PAGE_HOOK, run_cli, serving, user_environment  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
# The article's title and byline: the reading pane's lines down to the one with "min read".
HEADER = """() => {
  const rows = window.__screen().split('\\n');
  const at = rows.findIndex((row) => row.includes('min read'));
  return at < 0 ? '' : rows.slice(0, at + 1).map((row) => row.split('▕')[1] || '').join('\\n');
}"""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def reader_pid(library: Path) -> int:
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv[1:4] == [b"-m", b"tui_reader", bytes(library)]:
            return int(entry.name)
    raise RuntimeError("no reader process")


def measure(browser, label: str, library: Path, home: Path, opens: int) -> None:  # type: ignore[no-untyped-def]
    env = user_environment(home)
    run_cli(env, "list", str(library))  # scanned once: the tab's reader starts warm
    with serving(library, env) as served:
        page = browser.new_page(viewport={"width": 1280, "height": 760})
        page.add_init_script(PAGE_HOOK)
        started = time.perf_counter()
        page.goto(served.address)
        page.wait_for_function("() => window.__screen().includes('unread')", timeout=120_000)
        first = time.perf_counter() - started
        page.evaluate("() => window.__terms[0].focus()")
        page.keyboard.press(".")  # the next unread article: the first
        page.wait_for_function("() => window.__screen().includes('min read')", timeout=60_000)
        times = []
        for number in range(opens):  # until the title and byline are another article's
            before = page.evaluate(HEADER)
            started = time.perf_counter()
            page.keyboard.press("p" if number % 2 else "n")  # back and forth: never at an end
            page.wait_for_function(f"(b) => ({HEADER})() !== b", arg=before, timeout=60_000)
            times.append(time.perf_counter() - started)
        server, reader = rss_mb(served.process.pid), rss_mb(reader_pid(library))
        page.close()
    print(
        f"{label}: tree drawn {first * 1000:.0f} ms after the page was asked for; `n`/`p` to "
        f"another article {statistics.median(times) * 1000:.0f} ms median of {opens} "
        f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}); RSS server "
        f"{server:.0f} MB, one tab's reader {reader:.0f} MB",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="synthetic articles")
    parser.add_argument("--opens", type=int, default=20, help="`n` presses timed")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        base = Path(folder)
        samples = base / "samples"
        shutil.copytree(ROOT / "tests" / "samples", samples)
        synthetic = base / "synthetic"
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "gen_library.py"), str(synthetic),
             "--count", str(args.count)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            measure(browser, "samples (16 articles)", samples, base / "home-1", args.opens)
            label = f"synthetic ({args.count:,} articles)"
            measure(browser, label, synthetic, base / "home-2", args.opens)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
