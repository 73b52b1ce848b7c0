"""Scanning a folder into the index: what is taken and skipped, incremental rescans, stable ids,
files vanishing mid-scan, cancelling, a corrupt cache, and the worker-process path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tui_reader.core.library import library as library_module
from tui_reader.core.library import scanner
from tui_reader.core.library.index import Index
from tui_reader.core.library.library import Library, LibraryError, Snapshot
from tui_reader.core.library.model import Article, ParseResult
from tui_reader.core.library.scanner import ScanProgress
from tui_reader.core.library.walk import from_bytes, to_bytes, unpack, walk, walk_packed

SAMPLES = Path(__file__).parent.parent / "samples"


def post(title: str, date: str = "Tue, 11 Jan 2022 02:11:30 GMT", extra: str = "") -> str:
    return (
        f"\n---\ntitle: '{title}'\ncategories:\n - 新媒体\n - cnBeta\n - 最新\n"
        f"author: cnBeta\ndate: {date}\n{extra}---\n\n<div><p>{title} 的正文。</p></div>\n"
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def bump_mtime(path: Path, seconds: int = 10) -> None:
    """Make a change visible even on file systems with coarse timestamps."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


def make_library(root: Path, count: int = 6) -> Path:
    for i in range(count):
        write(root / f"src{i % 2}" / f"2022/0{i % 3 + 1}/post{i}.md", post(f"文章{i}"))
    return root


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    return Library(make_library(tmp_path / "lib"), index_path=tmp_path / "cache" / "index.sqlite3")


@pytest.fixture
def parse_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every file the scanner parses (in this process: serial path)."""
    calls: list[str] = []
    real = scanner.parse_at

    def counting(path: str, rel: str) -> ParseResult:
        calls.append(rel)
        return real(path, rel)

    monkeypatch.setattr(scanner, "parse_at", counting)
    return calls


def titles(snapshot: Snapshot) -> dict[str, str]:
    return {a.path: a.title for a in snapshot.articles}


# --- the walk ---------------------------------------------------------------------------------


def test_walk_takes_article_suffixes_and_skips_hidden_and_others(tmp_path: Path) -> None:
    for name in ("a.md", "b.MARKDOWN", "c.txt", "d.html", "e.htm", "sub/deeper/f.md"):
        write(tmp_path / name, post(name))
    for name in (".hidden.md", ".git/x.md", "sub/.cache/y.md", "image.png", "notes", "md"):
        write(tmp_path / name, post(name))
    os.mkfifo(tmp_path / "pipe.md")  # not a regular file
    (tmp_path / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    problems: dict[str, str] = {}
    found = walk(tmp_path, problems=problems)
    files = sorted(path for path in found if path not in problems)
    assert files == ["a.md", "b.MARKDOWN", "c.txt", "d.html", "e.htm", "sub/deeper/f.md"]
    assert sorted(problems) == ["dangling.md", "pipe.md"]  # listed as problems (test_hostile_walk)
    stat = (tmp_path / "a.md").stat()
    assert found["a.md"] == (stat.st_mtime_ns, stat.st_size)


def test_walk_survives_symlink_loops(tmp_path: Path) -> None:
    write(tmp_path / "a/b/post.md", post("x"))
    (tmp_path / "a/b/loop").symlink_to(tmp_path / "a")  # a/b/loop -> a: a cycle
    (tmp_path / "self").symlink_to(tmp_path)  # the root inside itself
    (tmp_path / "a/b/c").mkdir()
    (tmp_path / "a/b/c/up").symlink_to(tmp_path / "a/b")
    assert list(walk(tmp_path)) == ["a/b/post.md"]


def test_walk_follows_a_symlinked_folder_once(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere/post.md", post("x"))
    library = tmp_path / "lib"
    library.mkdir()
    (library / "linked").symlink_to(tmp_path / "elsewhere")
    (library / "again").symlink_to(tmp_path / "elsewhere")
    assert list(walk(library, follow_outside=True)) in (["linked/post.md"], ["again/post.md"])


def test_scan_lists_samples_with_symlink_loop_and_hidden_files(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(SAMPLES, root / "samples")
    (root / "samples" / "loop").symlink_to(root)
    write(root / ".trash" / "old.md", post("deleted"))
    snapshot = Library(root, tmp_path / "i.sqlite3").scan(workers=1)
    assert len(snapshot.articles) == len(list(SAMPLES.iterdir()))
    assert all(a.path.startswith("samples/") for a in snapshot.articles)


# --- problems ---------------------------------------------------------------------------------


def test_problems_are_kept_and_bad_files_never_stop_the_scan(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    write(root / "good.md", post("好"))
    write(root / "empty.md", "")
    (root / "binary.md").write_bytes(b"\x00\x01\x02" * 100)
    write(root / "broken.md", "---\ntitle: 'It's broken'\n---\nbody")
    snapshot = Library(root, tmp_path / "i.sqlite3").scan()
    assert sorted(titles(snapshot).values()) == ["It's broken", "好"]
    reasons = {p.path: (p.skipped, p.reason) for p in snapshot.problems}
    assert sorted(reasons) == ["binary.md", "broken.md", "empty.md"]
    assert reasons["empty.md"][0] and "empty" in reasons["empty.md"][1]
    assert reasons["binary.md"][0] and "binary" in reasons["binary.md"][1]
    assert not reasons["broken.md"][0]
    # the problems come back from the index on a warm start, too
    again = Library(root, tmp_path / "i.sqlite3").scan()
    assert again.problems == snapshot.problems
    assert Library(root, tmp_path / "i.sqlite3").cached().problems == snapshot.problems


def test_missing_or_unusable_library_raises_library_error(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="not found"):
        Library(tmp_path / "missing").scan()
    write(tmp_path / "file.md", "x")
    with pytest.raises(LibraryError, match="not a folder"):
        Library(tmp_path / "file.md").scan()


# --- files vanishing during the scan ----------------------------------------------------------


def test_file_deleted_just_before_it_is_parsed(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = scanner.parse_at
    victim = "src1/2022/02/post1.md"

    def delete_first(path: str, rel: str) -> ParseResult:
        if rel == victim:
            Path(path).unlink()
        return real(path, rel)

    monkeypatch.setattr(scanner, "parse_at", delete_first)
    snapshot = lib.scan(workers=1)
    assert victim not in titles(snapshot)
    assert len(snapshot.articles) == 5
    assert snapshot.problems == []
    monkeypatch.setattr(scanner, "parse_at", real)
    assert len(lib.scan().articles) == 5


def test_file_deleted_between_walk_and_parse(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    real_walk = library_module.walk_folders

    def walk_then_delete(root: Path, *args, **options):  # type: ignore[no-untyped-def]
        found = list(real_walk(root, *args, **options))
        (root / "src0/2022/01/post0.md").unlink()
        yield from found

    # a first scan parses folders as the walk lists them (walk_folders)
    monkeypatch.setattr(library_module, "walk_folders", walk_then_delete)
    snapshot = lib.scan(workers=1)
    assert "src0/2022/01/post0.md" not in titles(snapshot)
    assert len(snapshot.articles) == 5 and snapshot.problems == []


# --- incremental rescans ----------------------------------------------------------------------


def test_rescan_rereads_only_what_changed(lib: Library, parse_calls: list[str]) -> None:
    first = lib.scan()
    assert len(parse_calls) == 6 and len(first.articles) == 6
    assert (first.changes.added, first.changes.unchanged) == (6, 0)

    parse_calls.clear()
    warm = Library(lib.root, lib.index.path).scan()  # a second start
    assert parse_calls == []
    assert (warm.changes.added, warm.changes.changed, warm.changes.removed) == (0, 0, 0)
    assert warm.changes.unchanged == 6
    assert titles(warm) == titles(first)

    changed = write(lib.root / "src0/2022/01/post0.md", post("改过的标题"))
    bump_mtime(changed)
    write(lib.root / "new/post.md", post("新文章"))
    (lib.root / "src1/2022/02/post1.md").unlink()
    third = lib.scan()
    assert sorted(parse_calls) == ["new/post.md", "src0/2022/01/post0.md"]
    changes = third.changes
    assert (changes.added, changes.changed, changes.removed, changes.unchanged) == (1, 1, 1, 4)
    assert titles(third)["src0/2022/01/post0.md"] == "改过的标题"
    assert titles(third)["new/post.md"] == "新文章"
    assert "src1/2022/02/post1.md" not in titles(third)
    assert Library(lib.root, lib.index.path).cached().articles == third.articles


def test_a_change_of_size_alone_is_noticed(lib: Library, parse_calls: list[str]) -> None:
    lib.scan()
    parse_calls.clear()
    path = lib.root / "src0/2022/01/post0.md"
    stat = path.stat()
    write(path, post("同样的时间，更长的标题"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime, new size
    assert titles(lib.scan())[path.relative_to(lib.root).as_posix()] == "同样的时间，更长的标题"
    assert parse_calls == ["src0/2022/01/post0.md"]


def test_losing_the_cache_loses_nothing(lib: Library) -> None:
    first = lib.scan()
    lib.index.path.unlink()
    assert lib.scan().articles == first.articles


@pytest.mark.parametrize(
    "garbage", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 500]
)
def test_corrupt_index_is_rebuilt(lib: Library, garbage: bytes, parse_calls: list[str]) -> None:
    first = lib.scan()
    lib.index.path.write_bytes(garbage)
    for suffix in ("-wal", "-shm"):
        Path(f"{lib.index.path}{suffix}").unlink(missing_ok=True)
    parse_calls.clear()
    again = lib.scan()
    assert again.articles == first.articles
    assert len(parse_calls) == 6  # rebuilt from the files
    assert lib.cached().articles == first.articles


def test_index_of_another_schema_version_is_rebuilt(
    lib: Library, monkeypatch: pytest.MonkeyPatch, parse_calls: list[str]
) -> None:
    lib.scan()
    monkeypatch.setattr("tui_reader.core.library.index.SCHEMA_VERSION", "999")
    parse_calls.clear()
    assert len(lib.scan().articles) == 6
    assert len(parse_calls) == 6


def test_default_index_lives_in_the_user_cache_dir(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", 2)
    library = Library(root)
    library.scan()
    cache_home = Path(os.environ["XDG_CACHE_HOME"])
    assert library.index.path.is_relative_to(cache_home)
    assert library.index.path.exists()


# --- stable ids -------------------------------------------------------------------------------


def ids_by_title(snapshot: Snapshot) -> dict[str, str]:
    return {a.title: a.id for a in snapshot.articles}


def test_ids_survive_rename_move_and_rescan(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    write(root / "a/linked.md", post("有链接", extra="link: https://example.com/1\n"))
    write(root / "a/plain.md", post("普通"))
    write(root / "a/undated.md", post("-", date="Invalid Date"))
    write(root / "a/undated2.md", post("-", date="Invalid Date").replace("正文", "另一篇"))
    write(root / "a/nofront.md", "# 没有头信息\n\n正文\n")
    first = Library(root, tmp_path / "i1.sqlite3").scan()
    assert len({a.id for a in first.articles}) == 5  # same title, different bodies: apart
    before = {a.path: a.id for a in first.articles}
    assert {a.path: a.id for a in Library(root, tmp_path / "i1.sqlite3").scan().articles} == before

    moves = {"a/linked.md": "b/c/renamed.md", "a/plain.md": "plain.markdown"}
    moves |= {"a/undated.md": "z/u.txt", "a/undated2.md": "a/other.md", "a/nofront.md": "n.md"}
    for old, new in moves.items():
        (root / new).parent.mkdir(parents=True, exist_ok=True)
        os.replace(root / old, root / new)
    for index in ("i1.sqlite3", "fresh.sqlite3"):  # incremental rescan and a cold one
        after = {a.path: a.id for a in Library(root, tmp_path / index).scan().articles}
        assert after == {moves[path]: ident for path, ident in before.items()}


def test_identical_files_get_distinct_ids_in_the_order_they_came(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    for name in ("b.md", "a.md", "c/a.md"):
        write(root / name, post("同一篇"))
        os.utime(root / name, ns=(1_650_000_000 * 10**9,) * 2)  # one time: it does not decide
        time.sleep(0.03)  # past the file system's clock tick (see core.library.identity)
    snapshot = Library(root, tmp_path / "i.sqlite3").scan()
    ids = {a.path: a.id for a in snapshot.articles}
    base = ids["b.md"]
    assert ids == {"b.md": base, "a.md": f"{base}~2", "c/a.md": f"{base}~3"}
    assert snapshot.find(f"{base}~2") is snapshot.by_path["a.md"]


def test_find_by_id_path_or_filesystem_path(lib: Library) -> None:
    snapshot = lib.scan()
    article = snapshot.articles[0]
    assert snapshot.find(article.id) is article
    assert snapshot.find(article.path) is article
    assert snapshot.find(str(lib.root / article.path), lib.root) is article
    assert snapshot.find("nope") is None
    assert snapshot.find("/elsewhere/x.md", lib.root) is None


# --- progress, batches, cancelling ------------------------------------------------------------


def test_progress_and_batches(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scanner, "CHUNK", 4)
    reports: list[ScanProgress] = []
    batches: list[list[Article]] = []
    snapshot = lib.scan(progress=reports.append, on_batch=batches.append, workers=1)
    # a first scan parses files as the walk lists them: the total grows until the walk is done
    assert [r.done for r in reports] == [0, 4, 6] and reports[0].total == 0
    assert all(r.done <= r.total for r in reports[1:]) and reports[-1].total == 6
    assert [len(b) for b in batches] == [4, 2]
    assert sorted(a.path for b in batches for a in b) == sorted(titles(snapshot))
    for path in snapshot.by_path:  # every file edited: a rescan walks first, the total is known
        bump_mtime(lib.root / path)
    reports.clear()
    lib.scan(progress=reports.append, workers=1)
    assert [(r.done, r.total) for r in reports] == [(0, 6), (4, 6), (6, 6)]


def test_first_scan_says_when_its_total_is_final(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "lib"
    for folder in ("a", "b", "c"):
        for number in range(4):
            write(root / folder / f"{number}.md", post(f"{folder}{number}"))
    monkeypatch.setattr(scanner, "CHUNK", 4)
    reports: list[ScanProgress] = []
    Library(root, tmp_path / "i.sqlite3").scan(progress=reports.append, workers=1)
    parsed = [r for r in reports if r.done]
    # while folders are still being listed the total only counts the files found so far
    assert not parsed[0].listed and parsed[0].total < 12
    assert parsed[-1].listed and (parsed[-1].done, parsed[-1].total) == (12, 12)
    flags = [r.listed for r in parsed]
    assert flags == sorted(flags)  # once final, the total stays final


def test_cancel_mid_scan_keeps_what_was_parsed(
    lib: Library, monkeypatch: pytest.MonkeyPatch, parse_calls: list[str]
) -> None:
    monkeypatch.setattr(scanner, "CHUNK", 2)
    cancel = threading.Event()
    snapshot = lib.scan(on_batch=lambda _batch: cancel.set(), cancel=cancel, workers=1)
    assert snapshot.changes.cancelled
    assert len(parse_calls) == 2
    assert sorted(titles(snapshot)) == sorted(parse_calls)
    assert len(lib.cached().articles) == 2  # saved in the index

    parse_calls.clear()
    finished = lib.scan(workers=1)
    assert not finished.changes.cancelled
    assert len(finished.articles) == 6
    assert len(parse_calls) == 4  # only what the cancelled scan had not reached


def test_cancel_before_start_parses_nothing(lib: Library, parse_calls: list[str]) -> None:
    cancel = threading.Event()
    cancel.set()
    snapshot = lib.scan(cancel=cancel, workers=1)
    assert parse_calls == []
    assert snapshot.articles == []


def test_parallel_scan_matches_serial_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_library(tmp_path / "lib", 30)
    shutil.copytree(SAMPLES, root / "samples")
    write(root / "empty.md", "")
    serial = Library(root, tmp_path / "serial.sqlite3").scan(workers=1)
    monkeypatch.setattr(scanner, "PARALLEL_FROM", 2)
    monkeypatch.setattr(scanner, "CHUNK", 5)
    pools: list[int] = []
    real_pool = scanner._parse_in_processes

    def recording_pool(root, chunks, cancel, count, *rest):  # type: ignore[no-untyped-def]
        pools.append(count)
        yield from real_pool(root, chunks, cancel, count, *rest)

    monkeypatch.setattr(scanner, "_parse_in_processes", recording_pool)
    batches: list[int] = []
    parallel = Library(root, tmp_path / "parallel.sqlite3").scan(
        workers=2, on_batch=lambda batch: batches.append(len(batch))
    )
    assert pools == [2]  # it went through a pool of two worker processes…
    assert len(batches) > 2  # …chunk by chunk
    assert parallel.articles == serial.articles
    assert parallel.problems == serial.problems
    assert len(parallel.articles) == 30 + len(list(SAMPLES.iterdir()))


def test_index_round_trip_keeps_every_field(lib: Library) -> None:
    write(
        lib.root / "full.md",
        post(
            "全字段",
            extra="tags:\n - 芯片\n - AI\nlink: https://e.com/x\nheadimg: https://e.com/i.jpg\n",
        ),
    )
    scanned = lib.scan().by_path["full.md"]
    articles, _problems = Index(lib.index.path).articles_and_problems()
    loaded = next(a for a in articles if a.path == "full.md")
    assert loaded == scanned
    assert loaded.tags == ("芯片", "AI") and loaded.link == "https://e.com/x"
    assert loaded.image == "https://e.com/i.jpg"


def test_cancel_while_listing_the_folder_keeps_the_index(
    lib: Library, monkeypatch: pytest.MonkeyPatch, parse_calls: list[str]
) -> None:
    lib.scan()
    cancel = threading.Event()
    real_walk = library_module.walk

    def walk_cancelled_halfway(root: Path, *args, **options):  # type: ignore[no-untyped-def]
        found = real_walk(root, *args, **options)
        cancel.set()  # as if the user quit while the folder was still being listed
        return dict(list(found.items())[:2])

    def folders_cancelled_halfway(root: Path, *args, **options):  # type: ignore[no-untyped-def]
        found = real_walk(root, *args, **options)  # (a rescan compares folder by folder)
        cancel.set()
        yield dict(list(found.items())[:2])

    monkeypatch.setattr(library_module, "walk", walk_cancelled_halfway)
    monkeypatch.setattr(library_module, "walk_folders", folders_cancelled_halfway)
    parse_calls.clear()
    snapshot = lib.scan(cancel=cancel)
    assert snapshot.changes.cancelled
    assert parse_calls == []
    assert len(snapshot.articles) == 6  # what the index knew: a partial listing removes nothing
    assert len(lib.cached().articles) == 6


def test_file_changed_between_walk_and_parse_is_indexed_as_read(
    lib: Library, monkeypatch: pytest.MonkeyPatch, parse_calls: list[str]
) -> None:
    lib.scan()
    target = lib.root / "src0/2022/01/post0.md"
    write(target, post("走查之后"))
    bump_mtime(target)
    real_walk, real_folders = library_module.walk, library_module.walk_folders

    def walk_then_edit(root: Path, *args, **options):  # type: ignore[no-untyped-def]
        found = real_walk(root, *args, **options)
        write(target, post("解析之前又改了"))  # after the walk saw the first edit
        bump_mtime(target, 20)
        return found

    def folders_then_edit(root: Path, *args, **options):  # type: ignore[no-untyped-def]
        yield from real_folders(root, *args, **options)  # (a rescan compares folder by folder)
        write(target, post("解析之前又改了"))
        bump_mtime(target, 20)

    monkeypatch.setattr(library_module, "walk", walk_then_edit)
    monkeypatch.setattr(library_module, "walk_folders", folders_then_edit)
    parse_calls.clear()
    assert titles(lib.scan())["src0/2022/01/post0.md"] == "解析之前又改了"
    monkeypatch.setattr(library_module, "walk", real_walk)
    monkeypatch.setattr(library_module, "walk_folders", real_folders)
    parse_calls.clear()
    again = lib.scan()  # the index holds the stat the parser saw: nothing to re-read
    assert parse_calls == []
    assert titles(again)["src0/2022/01/post0.md"] == "解析之前又改了"


def test_warm_scan_with_the_walk_in_a_second_process_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "lib"
    shutil.copytree(Path(__file__).parent.parent / "samples", root)
    plain = Library(root, index_path=tmp_path / "plain.sqlite3")
    expected = plain.scan()
    index_path = tmp_path / "index.sqlite3"
    Library(root, index_path=index_path).scan()
    monkeypatch.setattr(library_module, "PARALLEL_WALK_FROM", 1)
    walked: list[Path] = []
    real = Library._walk_while_loading

    def spy(self: Library, troubles: dict[str, str]) -> object:
        walked.append(self.root)
        return real(self, troubles)

    monkeypatch.setattr(Library, "_walk_while_loading", spy)
    # A new Library each time, as a new process has: no earlier snapshot to compare against.
    unchanged = Library(root, index_path=index_path).scan()
    assert unchanged.changes.unchanged == len(expected.articles) + sum(
        p.skipped for p in expected.problems
    )
    assert [a.id for a in unchanged.articles] == [a.id for a in expected.articles]
    (root / "new.md").write_text("---\ntitle: 'New'\n---\n<p>x</p>\n", encoding="utf-8")
    changed = Library(root, index_path=index_path).scan()
    assert changed.changes.added == 1
    assert {a.path for a in changed.articles} == {a.path for a in expected.articles} | {"new.md"}
    (root / "new.md").unlink()
    again = Library(root, index_path=index_path).scan()
    assert again.changes.removed == 1
    assert [a.id for a in again.articles] == [a.id for a in expected.articles]
    assert len(walked) == 3  # every scan above walked in the second process


def test_scan_returns_the_previous_snapshot_when_nothing_changed(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(Path(__file__).parent.parent / "samples", root)
    lib = Library(root, index_path=tmp_path / "index.sqlite3")
    first = lib.scan()
    cached = lib.cached()
    same = lib.scan(previous=cached)
    assert same.articles is cached.articles
    assert same.changes.unchanged == len(first.articles)
    (root / "mind42-title-dash.md").write_text("---\ntitle: 'Changed'\n---\n", encoding="utf-8")
    fresh = lib.scan(previous=cached)
    assert fresh.articles is not cached.articles
    assert "Changed" in {a.title for a in fresh.articles}


def test_stats_from_the_articles_equal_the_index_stats(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(Path(__file__).parent.parent / "samples", root)
    (root / "empty.md").write_bytes(b"")  # a skipped file has no article, only a stat
    lib = Library(root, index_path=tmp_path / "index.sqlite3")
    lib.scan()
    articles, _ = lib.index.articles_and_problems()
    derived = {a.path: (a.mtime_ns, a.size) for a in articles} | lib.index.skipped_stats()
    assert "empty.md" in lib.index.skipped_stats()
    assert derived == lib.index.stats()


def test_the_packed_walk_unpacks_to_the_walk(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(Path(__file__).parent.parent / "samples", root)
    (root / "深 层" / "子").mkdir(parents=True)
    (root / "深 层" / "子" / "文章.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    assert unpack(walk_packed(root)) == walk(root)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert unpack(walk_packed(empty)) == {} == walk(empty)


def test_the_walk_as_a_command_gives_the_same_stats(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(Path(__file__).parent.parent / "samples", root)
    odd = os.fsdecode(b"caf\xe9.md")  # a file name that is not UTF-8 survives the trip
    (root / odd).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "tui_reader.core.library.walk", str(root)],
        capture_output=True,
        check=True,
    )
    assert unpack(from_bytes(done.stdout)) == walk(root)
    assert odd in walk(root)
    assert from_bytes(to_bytes(("", b"", ""))) == ("", b"", "")
    missing = subprocess.run(
        [sys.executable, "-m", "tui_reader.core.library.walk", str(tmp_path / "x")]
    )
    assert missing.returncode == 2
