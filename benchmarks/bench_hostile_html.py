"""Hostile HTML bodies: each kind at 100 KB and 1 MB, through the renderer and core.search.htmltext.

    python benchmarks/bench_hostile_html.py [--sizes 100000 1000000] [--kinds NAME ...]
        [--timeout 60]

Each kind is a construct the standard library's HTML parser (or a tag pattern) cannot see the end
of, repeated to the size (the list is the one tests/render/test_hostile_html.py checks). For each
kind and size it prints the CPU milliseconds of `render.convert.convert` (the renderer's HTML pass)
and of `core.search.htmltext.html_to_text` (search text), best of 3 (1 past a second), and the
growth from the first size to the last against the growth of the size: linear work grows as the
size, quadratic as its square. `--timeout` gives up on a kind past that many seconds (one run), as
the quadratic code before the fix needs minutes at 1 MB: "> 60 s" is printed then.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from collections.abc import Callable

HOSTILE = [
    ("unclosed single quote", "<a href='x"),
    ("unclosed double quote", '<a href="x'),
    ("quoted > and an unclosed quote", "<a b='>'c=\""),
    ("image with an unclosed alt", '<img alt="'),
    ("start tag without >", "<a"),
    ("start tag with attributes, no >", "<p b c d"),
    ("start tag and slash", "<a/"),
    ("start tag and NUL", "<a\x00"),
    ("raw-text start tag without >", "<script"),
    ("title start tag without >", "<title"),
    ("end tag without >", "</a"),
    ("bogus end tag without >", "</ a"),
    ("processing instruction without >", "<?x"),
    ("declaration without >", "<!x"),
    ("doctype without >", "<!DOCTYPE x"),
    ("CDATA without end", "<![CDATA[x"),
    ("CDATA without end, with >", "<![CDATA[x>"),
    ("Office section without end", "<![if x"),
    ("unknown marked section", "<![foo[x"),
    ("marked section without a name", "<![ x>"),
    ("unclosed comment", "<!--x"),
    ("a page of <", "<"),
    ("a page of &", "&"),
    ("unterminated entity", "&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
    ("decimal reference of many digits", "&#" + "9" * 5000),
    ("white space that is not a space", "\u2000"),
]


def _render(text: str) -> object:
    from tui_reader.render.convert import convert
    from tui_reader.render.linkset import LinkSet

    return convert(text, LinkSet())


def _search_text(text: str) -> object:
    from tui_reader.core.search.htmltext import html_to_text

    return html_to_text(text)


PATHS: dict[str, Callable[[str], object]] = {"render": _render, "search text": _search_text}


def _time(path: str, fragment: str, size: int, answer: multiprocessing.Queue) -> None:
    text = fragment * max(1, size // len(fragment))
    function = PATHS[path]
    best = float("inf")
    try:
        function(fragment)  # imports done before timing
        for _ in range(3):
            start = time.process_time()
            function(text)
            best = min(best, time.process_time() - start)
            if best > 1.0:
                break
    except Exception as error:  # noqa: BLE001 - reported: the code before the fix raised some
        answer.put(type(error).__name__)
        return
    answer.put(best)


def measure(path: str, fragment: str, size: int, timeout: float) -> float | str:
    """CPU seconds, or why there are none (an error, or past `timeout`)."""
    answer: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=_time, args=(path, fragment, size, answer))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.terminate()
        process.join()
        return f"> {timeout:.0f} s"
    return answer.get() if not answer.empty() else "failed"


def cell(value: float | str) -> str:
    return f"{value * 1000:.1f}" if isinstance(value, float) else value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--kinds", nargs="*", help="only the kinds whose name contains one of these"
    )
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    kinds = [
        (name, fragment)
        for name, fragment in HOSTILE
        if not args.kinds or any(word in name for word in args.kinds)
    ]
    sizes = args.sizes
    growth = sizes[-1] / sizes[0]
    head = " | ".join(f"{path} {size // 1000} KB (ms)" for path in PATHS for size in sizes)
    print(f"| kind | {head} | growth render | growth search text |")
    print("|---|" + "---|" * (len(PATHS) * len(sizes) + 2))
    for name, fragment in kinds:
        cells: list[str] = []
        ratios: list[str] = []
        for path in PATHS:
            values = [measure(path, fragment, size, args.timeout) for size in sizes]
            cells += [cell(value) for value in values]
            first, last = values[0], values[-1]
            if isinstance(first, float) and isinstance(last, float):
                ratios.append(f"x{last / max(first, 1e-4):.1f}")
            else:
                ratios.append("–")
        print(f"| {name} | {' | '.join(cells)} | {' | '.join(ratios)} |", flush=True)
    print(f"\nThe size grows x{growth:.0f}: linear work as much, quadratic x{growth**2:.0f}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
