"""Time `core.search.htmltext.html_to_text` (the text search indexes) over the sample bodies.

    python benchmarks/bench_htmltext.py [TREE]

TREE is a checkout of the project (default: this one), so an older commit can be timed the same
way: `git worktree add /tmp/old REV && python benchmarks/bench_htmltext.py /tmp/old`.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def main() -> None:
    tree = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    sys.path.insert(0, str(tree))
    from tui_reader.core.library.parse import read_body
    from tui_reader.core.search.htmltext import html_to_text

    bodies = [read_body(path) for path in sorted((HERE / "tests" / "samples").iterdir())]
    rounds = 200
    best = min(timeit.repeat(lambda: [html_to_text(b) for b in bodies], number=rounds, repeat=5))
    print(f"{tree}: {best / rounds / len(bodies) * 1e6:.1f} µs a body ({len(bodies)} bodies)")


if __name__ == "__main__":
    main()
