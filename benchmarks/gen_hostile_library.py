"""A library holding every kind of hostile file at once beside good articles, to try the reader.

    python benchmarks/gen_hostile_library.py OUT [--big]

Good articles come from the bundled sample library; beside them: names that are not UTF-8 or that
carry terminal sequences, slow titles and bodies (C1 runs, unclosed attribute quotes, unclosed
comments), a GBK file with stray bytes, huge numbers, CR-only line endings and a double BOM, a
duplicate `link`, dangling and escaping symlinks, a folder nested too deep, a plain Markdown file
and a file over the size limit (`--big`, 31 MB). Every hostile file is one a real archive or a
careless tool could leave; none of them should stop the reader, slow it or reach the terminal.
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "tui_reader" / "sample_library"
KB = 1024


def post(title: str, body: str, *, extra: str = "", category: str = "Hostile") -> str:
    return (
        f"---\ntitle: {title}\ncategories:\n - {category}\nauthor: tester\n"
        f"date: 2026-01-02 03:04:05\n{extra}---\n\n{body}\n"
    )


def write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def hostile_files(root: Path, big: bool) -> None:
    h = root / "hostile"
    # Names: not UTF-8 (Latin-1, GBK), terminal sequences, bidi override.
    for raw in (b"caf\xe9.md", b"\xd6\xd0\xce\xc4.md"):
        write(Path(os.fsdecode(bytes(h) + b"/" + raw)), post("Undecodable name", "<p>body</p>"))
    for name in (
        "osc\x1b]0;PWNED\x07title.md",
        "csi\x1b[31mred.md",
        "c1\u009b31mx.md",
        "bidi\u202egpj.md",
        "osc-cut\x1b]52;c;SGVsbG8=\x1b[0m.md",
    ):
        write(h / name, post("Name with terminal sequences", "<p>body</p>"))
    # Slow text: C1 string introducers, unclosed attribute quotes, unclosed comments, entity runs.
    c1 = "".join("\u0090\u0098\u009d\u009e\u009f" for _ in range(60 * KB))
    write(h / "c1-title.md", post(f"'{c1}'", "<p>short body</p>"))
    write(h / "c1-body.md", post("C1 body", f"<p>{c1}</p>"))
    write(h / "unclosed-quotes.md", post("Unclosed quotes", "<a href='x" * (300 * KB // 10)))
    write(h / "unclosed-comment.md", post("Unclosed comment", "<!--" + "x" * 300 * KB))
    write(h / "entity-run.md", post("Entity run", "&" * 300 * KB))
    write(h / "open-tags.md", post("Open tags", "<" * 300 * KB))
    # Encodings and parsing.
    gbk = post("GBK 标题", "<p>中文正文，两处坏字节：</p>").encode("gb18030")
    write(h / "gbk-stray.md", gbk.replace("两".encode("gb18030"), b"\xff\xfe", 1) + b"\x80")
    write(
        h / "huge-number.md",
        post("9" * 5000, "<p>x</p>").replace("date: 2026", "date: 9" + "9" * 5000),
    )
    write(h / "cr-only.md", post("CR only", "<p>body</p>").replace("\n", "\r").encode())
    write(
        h / "double-bom.md", b"\xef\xbb\xbf\xef\xbb\xbf" + post("Double BOM", "<p>b</p>").encode()
    )
    write(h / "yaml-bomb.md", post("'a'", "<p>b</p>", extra="x: &a [*a]\n"))
    # A newcomer that repeats an existing article's link must not take its id.
    first = next(SAMPLES.rglob("*.md"))
    link = next(line for line in first.read_text().splitlines() if line.startswith("link:"))
    write(
        h / "zz-duplicate-link.md",
        post("Newcomer with a known link", "<p>x</p>", extra=link + "\n"),
    )
    # Links and folders.
    (h / "dangling.md").symlink_to(h / "no-such-file.md")
    (h / "passwd.md").symlink_to("/etc/passwd")
    (h / "loop").symlink_to(h, target_is_directory=True)
    deep = h.joinpath(*["d"] * 80)
    write(deep / "deep.md", post("Too deep", "<p>x</p>"))
    # A plain Markdown file without front matter.
    write(h / "README.md", "# Notes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n`<table>` stays.\n")
    if big:
        write(h / "big.md", post("Big", "<p>" + "word " * (31 * KB * KB // 5) + "</p>"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--big", action="store_true", help="add a 31 MB file")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    shutil.copytree(SAMPLES, args.out)
    hostile_files(args.out, args.big)
    print(f"{args.out}: {sum(1 for _ in args.out.rglob('*'))} entries")


if __name__ == "__main__":
    main()
