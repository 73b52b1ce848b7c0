"""`tui-reader export`: which articles (a query, a saved search, the bookmarks; in the order
asked), the file written, and the errors (a bad format, a path that cannot be written, nothing
found) said plainly with their exit status and no traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from ui_support import article, write

from tui_reader.cli import main
from tui_reader.core.search.api import SearchHistory


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    write(
        folder / "a" / "old.md", article("Quokka old", "2021-03-01", " - Zoo", "<p>quokka one</p>")
    )
    write(
        folder / "a" / "new.md", article("Quokka new", "2024-05-01", " - Zoo", "<p>quokka two</p>")
    )
    write(
        folder / "b" / "cn.md", article("袋鼠新闻", "2023-01-01", " - 动物", "<p>袋鼠 quokka</p>")
    )
    write(folder / "b" / "other.md", article("Other", "2022-01-01", " - Zoo", "<p>nothing</p>"))
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["export", *args])
    out, err = capsys.readouterr()
    return status, out, err


def h2_titles(text: str) -> list[str]:
    return re.findall(r"^## \d+\. (.*)$", text, re.M)


def test_query_order_and_formats(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.md"
    status, out, err = run(capsys, "quokka", str(library), "-o", str(target))
    assert status == 0 and "wrote 3 articles" in out and str(target) in out
    assert h2_titles(target.read_text(encoding="utf-8")) == ["Quokka new", "袋鼠新闻", "Quokka old"]
    run(capsys, "quokka", "--library", str(library), "-o", str(target), "--order", "oldest")
    assert h2_titles(target.read_text(encoding="utf-8")) == ["Quokka old", "袋鼠新闻", "Quokka new"]
    for name, magic in (("d.html", "<!DOCTYPE html>"), ("d.epub", "PK")):
        status, _, _ = run(capsys, "quokka", str(library), "-o", str(tmp_path / name))
        assert status == 0 and (tmp_path / name).read_bytes().startswith(magic.encode())
    with zipfile.ZipFile(tmp_path / "d.epub") as book:
        assert book.namelist()[0] == "mimetype"
    status, out, _ = run(capsys, "quokka", str(library), "-f", "markdown", "-o", "-")
    assert status == 0 and h2_titles(out) == ["Quokka new", "袋鼠新闻", "Quokka old"]


def test_a_query_may_start_with_a_dash(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "-quokka", str(library), "-o", "-", "-f", "markdown")
    assert status == 0 and h2_titles(out) == ["Other"]
    status, out, _ = run(capsys, "-o", "-", "-f", "markdown", "-quokka", str(library))
    assert status == 0 and h2_titles(out) == ["Other"]


def test_saved_search_and_bookmarks(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = SearchHistory.load()
    history.save_search("roos", "袋鼠")
    status, out, _ = run(capsys, "--saved", "roos", str(library), "-o", "-", "-f", "markdown")
    assert status == 0 and h2_titles(out) == ["袋鼠新闻"]
    assert out.startswith("# roos\n")
    for name in ("a/old.md", "b/other.md"):
        assert main(["mark", "bookmark", name, "--library", str(library)]) == 0
    status, out, _ = run(capsys, "--bookmarks", str(library), "-o", "-", "-f", "markdown")
    assert status == 0 and h2_titles(out) == ["Other", "Quokka old"]  # newest first
    status, out, _ = run(capsys, "quokka", str(library), "--bookmarks", "-o", "-", "-f", "markdown")
    assert status == 0 and h2_titles(out) == ["Quokka old"]
    status, _, err = run(capsys, "--saved", "nope", str(library), "-o", "-", "-f", "markdown")
    assert status == 2 and "no saved search 'nope' (saved searches: roos)" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["quokka", "-o", "{tmp}/x.txt"], "say which format with --format markdown|html|epub"),
        (["quokka", "-o", "{tmp}/missing/x.md"], "cannot write {tmp}/missing/x.md: No such file"),
        (["quokka", "-f", "html", "-o", "{tmp}"], "cannot write {tmp}: is a folder"),
        (["quokka", "-o", "-", "-f", "epub"], "an EPUB is written to a file"),
        (["(quokka", "-o", "{tmp}/x.md"], "bad query: missing ')'"),
        (["-o", "{tmp}/x.md"], "give a QUERY, --saved NAME or --bookmarks"),
        (["q", "--saved", "x", "-o", "{tmp}/x.md"], "give a QUERY or --saved NAME, not both"),
        (["quokka", "-o", "{tmp}/x.md", "--limit", "0"], "--limit must be at least 1"),
    ],
)
def test_errors_are_said_plainly(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    args = [arg.format(tmp=tmp_path) for arg in args]
    status, out, err = run(capsys, *args, "--library", str(library))
    assert status == 2 and out == ""
    assert message.format(tmp=tmp_path) in err and "Traceback" not in err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # nothing left behind


def test_nothing_found_writes_nothing(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "zzzqqq", str(library), "-o", str(tmp_path / "x.md"))
    assert (status, out) == (1, "") and "nothing to export" in err
    assert not (tmp_path / "x.md").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_an_unwritable_folder_is_said(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        status, _, err = run(capsys, "quokka", str(library), "-o", str(locked / "x.md"))
    finally:
        locked.chmod(0o700)
    assert status == 2 and "cannot write" in err and "Permission denied" in err


def test_bad_format_and_errors_from_a_real_process(library: Path, tmp_path: Path) -> None:
    """As a user runs it: argparse's message for a bad format, ours for a bad path, and no
    traceback either way."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for args, status, text in (
        (["-f", "pdf", "-o", str(tmp_path / "x.pdf")], 2, "invalid choice: 'pdf'"),
        (["-o", str(tmp_path / "no" / "x.html")], 2, "cannot write"),
        (["-o", "/proc/x.html"], 2, "cannot write"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "tui_reader", "export", "quokka", str(library), *args],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
        assert done.returncode == status, done.stderr
        assert text in done.stderr and "Traceback" not in done.stderr


def test_epub_without_ebooklib_says_how_to_get_it(
    library: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "ebooklib", None)  # as when the epub extra is not installed
    monkeypatch.setitem(sys.modules, "ebooklib.epub", None)
    status, out, err = run(capsys, "quokka", str(library), "-o", str(tmp_path / "d.epub"))
    assert status == 2 and out == ""
    assert 'EPUB export needs ebooklib: pip install "tui-reader[epub]"' in err
    assert list(tmp_path.iterdir()) == [library]  # nothing written, nothing left behind
    status, _, _ = run(capsys, "quokka", str(library), "-o", str(tmp_path / "d.html"))
    assert status == 0  # the other formats need nothing more


def test_one_article_is_said_as_one(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "one.md"
    status, out, _ = run(capsys, "袋鼠", str(library), "-o", str(target))
    assert status == 0 and out == f"tui-reader: wrote 1 article to {target}\n"


def test_a_limit_past_any_library_exports_everything(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "all.md"
    status, out, err = run(capsys, "quokka", str(library), "-o", str(target), "--limit", "9" * 25)
    assert status == 0 and "wrote 3 articles" in out and "Traceback" not in err


def test_a_symbolic_link_is_written_through(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "kept" / "digest.md"
    real.parent.mkdir()
    real.write_text("old digest\n", encoding="utf-8")
    link = tmp_path / "latest.md"
    link.symlink_to(real)
    status, _out, _err = run(capsys, "quokka", str(library), "-o", str(link))
    assert status == 0
    assert link.is_symlink() and link.resolve() == real
    assert "old digest" not in real.read_text(encoding="utf-8")
    assert "Quokka" in real.read_text(encoding="utf-8")
    assert [p.name for p in real.parent.iterdir()] == ["digest.md"]  # no part file left
