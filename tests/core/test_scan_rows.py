"""What a scan saves is what parsing each file gives: the scan's workers send index rows, not
articles, and the articles the reader shows during a first scan are built back from those rows.
On the real samples and hostile files (bad bytes, other encodings, broken or bomb-like front
matter, undated posts, repeated links, names that are not UTF-8), in worker processes and in
one, the articles and problems equal those of `parse_file` on each file, and every row keeps
its file's stat (a first scan's walk leaves that to the parser)."""

from __future__ import annotations

import os
import shutil
from dataclasses import fields
from pathlib import Path

import pytest

from tui_reader.core.library import scanner
from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article, Problem
from tui_reader.core.library.parse import parse_file
from tui_reader.core.library.walk import walk

SAMPLES = Path(__file__).parent.parent / "samples"

HOSTILE: dict[str, bytes] = {
    "empty.md": b"",
    "blank.md": b" \n\n\t\n",
    "binary.md": b"---\ntitle: x\n---\n\x00\x01\x02",
    "bad-utf8.md": "---\ntitle: '坏字节'\n---\n<p>正文".encode() + b"\xff\xfe" + "文".encode(),
    "gb18030.md": "---\ntitle: '国标'\ncategories:\n - 新闻\n---\n<p>正文</p>".encode("gb18030"),
    "bom-crlf.md": b"\xef\xbb\xbf\r\n---\r\ntitle: 'CRLF'\r\ndate: 2022-01-02 03:04:05\r\n---\r\nx",
    "old-mac.md": b"---\rtitle: 'CR only'\r---\rbody",
    "no-front.txt": "只有正文，没有前言。\n第二行。".encode(),
    "broken-yaml.md": b"---\ntitle: 'unclosed\ncategories: [a, b\n---\nbody",
    "huge-int.md": b"---\ntitle: " + b"9" * 5000 + b"\n---\nbody",
    "lists-of-lists.md": "---\ntitle: '多个'\ncategories:\n - ['新媒体', 'cnBeta', '最新']\n"
    " - ['二次元', 'AcFun']\ntags:\n - a\n - b\n---\n<p>x</p>".encode(),
    "alias-bomb.md": b"---\na: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\n"
    b"title: bomb\ncategories: [*c, *c, *c]\n---\nbody",
    "undated-1.md": b"---\ntitle: '-'\ndate: Invalid Date\n---\n<p>one</p>",
    "undated-2.md": b"---\ntitle: '-'\ndate: Invalid Date\n---\n<p>two</p>",
    "plain-date.md": b"---\ntitle: 'plain'\ndate: 2018-01-24\n---\nbody",
    "epoch.md": b"---\ntitle: 'epoch'\ndate: 1641867090\n---\nbody",
    "link-a.md": b"---\ntitle: 'A'\nlink: https://e.com/same\n---\na",
    "link-b.md": b"---\ntitle: 'B'\nlink: https://e.com/same\n---\nb",
    "heading-only.html": b"<html><h1>Heading <b>title</b></h1><p>x</p></html>",
    "control.md": b"---\ntitle: 'a\x1b[31mred\x07'\nauthor: \"\\u0007x\"\n---\nbody",
    "not-a-mapping.md": b"---\n- a\n- b\n---\nbody",
}


def make_library(root: Path) -> Path:
    shutil.copytree(SAMPLES, root / "samples")
    for name, data in HOSTILE.items():
        (root / "hostile" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "hostile" / name).write_bytes(data)
    os.mkdir(root / "names")
    with open(os.path.join(os.fsencode(root / "names"), b"caf\xe9.md"), "wb") as handle:
        handle.write(b"---\ntitle: 'latin-1 name'\n---\nbody")
    return root


def expected(root: Path) -> tuple[dict[str, Article], list[Problem]]:
    """Each file parsed on its own: its article (with the id before repeats are told apart)
    and its problems as the index keeps them (one per file, reasons joined)."""
    articles: dict[str, Article] = {}
    problems: list[Problem] = []
    for path in walk(root):
        result = parse_file(root / path, root)
        if result.article is not None:
            articles[path] = result.article
        if result.problems:
            reason = "; ".join(p.reason for p in result.problems)
            problems.append(Problem(path, reason, result.article is None))
    return articles, sorted(problems, key=lambda p: p.path)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_scan_saves_what_each_file_parses_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(scanner, "CHUNK", 4)
    monkeypatch.setattr(scanner, "PARALLEL_FROM", 8)
    root = make_library(tmp_path / "lib")
    articles, problems = expected(root)
    assert len(articles) > 30 and len(problems) >= 5
    batches: list[Article] = []
    library = Library(root, index_path=tmp_path / "index.sqlite3")
    snapshot = library.scan(workers=workers, on_batch=batches.extend)
    # the articles shown during the scan: exactly what parsing gives
    assert sorted(batches, key=lambda a: a.path) == sorted(articles.values(), key=lambda a: a.path)
    # the snapshot: the same, but for repeated ids told apart (`~2`)
    assert {a.path for a in snapshot.articles} == set(articles)
    for article in snapshot.articles:
        base = articles[article.path]
        if article.id != base.id:
            assert article.id.startswith(base.id + "~")
            article = Article(
                **{**{f.name: getattr(article, f.name) for f in fields(Article)}, "id": base.id}
            )
        assert article == base
    assert len({a.id for a in snapshot.articles}) == len(snapshot.articles)
    assert sorted(snapshot.problems, key=lambda p: p.path) == problems
    # every row keeps its file's stat (skipped files too), so a rescan finds nothing to read
    assert library.index.stats() == walk(root)
    assert library.scan(workers=workers).changes.unchanged == len(walk(root))
    # and so does a rescan of every file, which goes through the other path (update_index)
    for path in walk(root):
        stat = os.stat(root / path)
        os.utime(root / path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    articles, problems = expected(root)
    batches.clear()
    again = library.scan(workers=workers, on_batch=batches.extend)
    assert again.changes.changed == len(articles)  # (a skipped file with the same reason: not)
    assert sorted(batches, key=lambda a: a.path) == sorted(articles.values(), key=lambda a: a.path)
    assert [a.id for a in again.articles] == [a.id for a in snapshot.articles]  # ids kept
    assert sorted(again.problems, key=lambda p: p.path) == problems
