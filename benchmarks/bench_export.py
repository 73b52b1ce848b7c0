"""Export speed and memory: `write_digest` over generated libraries, per format.

    python benchmarks/bench_export.py [--sizes 1000,10000] [--formats markdown,html,epub]

For each size a library is generated with benchmarks/gen_library.py (kept in the system's
temporary folder, so a second run skips it) and scanned (its index in temporary XDG_* folders,
never the user's); each export then runs in a fresh
process of its own, newest first, to a file. Reported per export: wall-clock and CPU time, time
per article, the file's size, and the peak resident memory the export added to the process
(Linux: the peak is reset through /proc/self/clear_refs once the library is scanned, and read
from VmHWM afterwards; the scan's own memory is not counted). Linear time shows as a constant
time per article; streaming as a peak that does not grow with the number of articles.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from user_dirs import temporary_user_dirs  # noqa: E402


def library_of(size: int) -> Path:
    folder = Path(tempfile.gettempdir()) / f"tui-reader-bench-export-{size}"
    if not (folder / ".manifest.json").exists():
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "gen_library.py"), str(folder),
             "--count", str(size)],
            check=True,
        )  # fmt: skip
    return folder


def _status(field: str) -> int:
    """A field of /proc/self/status in KiB (0 where there is none)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def one(folder: Path, form: str, out: Path) -> dict[str, float]:
    """In the child process: scan, then export and measure."""
    from tui_reader.core.library.api import Library, newest_first
    from tui_reader.render.export.digest import write_digest

    library = Library(folder)
    articles = newest_first(list(library.scan(workers=0).articles))
    import tui_reader.render.export.epub_writer  # noqa: F401  (imports are not the export)
    import tui_reader.render.export.html_writer  # noqa: F401
    import tui_reader.render.export.markdown_writer  # noqa: F401

    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to now
    except OSError:
        pass
    before = _status("VmRSS")
    wall, cpu = time.perf_counter(), time.process_time()
    done = write_digest(articles, library.body, form, out, title="Benchmark")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "articles": done.count,
        "wall": wall,
        "cpu": cpu,
        "bytes": out.stat().st_size,
        "peak_added_mb": (_status("VmHWM") - before) / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    with temporary_user_dirs("bench-export-"):  # the scans' indexes are not the user's
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="library sizes (comma-separated)")
    parser.add_argument("--formats", default="markdown,html,epub", help="formats to time")
    parser.add_argument(
        "--one", nargs=3, metavar=("FOLDER", "FORMAT", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(Path(args.one[0]), args.one[1], Path(args.one[2]))))
        return 0
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    print(f"{'articles':>9} {'format':>9} {'wall s':>8} {'cpu s':>8} {'ms/article':>11} "
          f"{'file MB':>8} {'peak +MB':>9}")  # fmt: skip
    for size in (int(s) for s in args.sizes.split(",")):
        folder = library_of(size)
        for form in args.formats.split(","):
            with tempfile.TemporaryDirectory() as scratch:
                out = Path(scratch) / f"digest.{form}"
                child = subprocess.run(
                    [sys.executable, __file__, "--one", str(folder), form, str(out)],
                    check=True, capture_output=True, text=True,
                )  # fmt: skip
            row = json.loads(child.stdout.strip().splitlines()[-1])
            per = row["cpu"] / row["articles"] * 1000
            print(f"{row['articles']:>9,} {form:>9} {row['wall']:>8.2f} {row['cpu']:>8.2f} "
                  f"{per:>11.2f} {row['bytes'] / 1e6:>8.1f} {row['peak_added_mb']:>9.1f}",
                  flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
