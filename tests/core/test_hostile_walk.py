"""What the library walk cannot or must not read is a problem with a reason, never silence:
unreadable folders, broken symlinks, symlink loops, symlinks out of the library (not followed
unless `follow_outside_links` allows it), folders nested too deep, pipes with article names."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable
from ui_support import make_app, settle

from tui_reader.cli import main
from tui_reader.core.config import load_config
from tui_reader.core.library import walk as walk_module
from tui_reader.core.library.library import Library, Snapshot
from tui_reader.core.library.parse import parse_file
from tui_reader.ui.screens.problems import ProblemsScreen

ARTICLE = "---\ntitle: {}\ndate: 2022-01-01\n---\n<p>body</p>\n"


def post(path: Path, title: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE.format(title))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    post(library / "news" / "fine.md", "fine")
    return library


def scan(root: Path, **options: bool) -> Snapshot:
    return Library(root, root.parent / "index.sqlite3", **options).scan()


def reasons(snapshot: Snapshot) -> dict[str, str]:
    return {problem.path: problem.reason for problem in snapshot.problems}


def titles(snapshot: Snapshot) -> list[str]:
    return sorted(article.title for article in snapshot.articles)


def test_a_symlink_out_of_the_library_is_a_problem_not_an_article(root: Path) -> None:
    secret = root.parent / "secret"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (root / "passwd.md").symlink_to(secret)
    (root / "passwd").symlink_to(secret)  # no article name: a folder it might have been
    snapshot = scan(root)
    assert titles(snapshot) == ["fine"]
    for name in ("passwd.md", "passwd"):
        assert "outside the library, not followed" in reasons(snapshot)[name]


def test_a_symlinked_folder_out_of_the_library_is_not_followed(root: Path) -> None:
    post(root.parent / "elsewhere" / "other.md", "other")
    (root / "linked").symlink_to(root.parent / "elsewhere")
    snapshot = scan(root)
    assert titles(snapshot) == ["fine"]
    assert "outside the library" in reasons(snapshot)["linked"]


def test_follow_outside_links_follows_them(root: Path) -> None:
    post(root.parent / "elsewhere" / "other.md", "other")
    (root / "linked").symlink_to(root.parent / "elsewhere")
    (root / "one.md").symlink_to(root.parent / "elsewhere" / "other.md")
    snapshot = scan(root, follow_outside_links=True)
    assert titles(snapshot) == ["fine", "other", "other"]
    assert snapshot.problems == []


def test_follow_outside_links_from_the_config(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("follow_outside_links = true\n")
    assert load_config(config).follow_outside_links
    config.write_text('follow_outside_links = "yes"\n')
    loaded = load_config(config)
    assert not loaded.follow_outside_links
    assert "follow_outside_links must be true or false" in loaded.warnings[0]


def test_symlinks_inside_the_library_are_followed(root: Path) -> None:
    (root / "alias.md").symlink_to(root / "news" / "fine.md")
    (root / "again").symlink_to(root / "news")  # a folder seen already: walked once
    snapshot = scan(root)
    assert titles(snapshot) == ["fine", "fine"]
    assert snapshot.problems == []


@pytest.mark.parametrize("name", ["gone.md", "gone", "gone.HTML"])
def test_a_broken_symlink_is_a_problem(root: Path, name: str) -> None:
    (root / name).symlink_to(root / "nowhere")
    snapshot = scan(root)
    assert titles(snapshot) == ["fine"]
    assert "broken symbolic link" in reasons(snapshot)[name]


def test_a_broken_symlink_that_would_not_be_read_anyway_is_no_problem(root: Path) -> None:
    (root / "picture.jpg").symlink_to(root / "nowhere.jpg")
    assert scan(root).problems == []


def test_symlink_loops_are_problems_and_end(root: Path) -> None:
    (root / "self.md").symlink_to(root / "self.md")
    (root / "ping").symlink_to(root / "pong")
    (root / "pong").symlink_to(root / "ping")
    (root / "news" / "up").symlink_to(root)  # a loop through a folder: walked once
    finished: list[Snapshot] = []
    worker = threading.Thread(target=lambda: finished.append(scan(root)), daemon=True)
    worker.start()
    worker.join(30)
    assert finished, "the walk did not end"
    problems = reasons(finished[0])
    assert titles(finished[0]) == ["fine"]
    assert set(problems) == {"self.md", "ping", "pong"}
    assert all("symbolic link loop" in reason for reason in problems.values())


def test_a_folder_nested_too_deep_is_a_problem(root: Path) -> None:
    deep = root / "/".join("d" * (walk_module.MAX_DEPTH + 3))
    post(deep / "lost.md", "lost")
    post(root / "/".join("d" * walk_module.MAX_DEPTH) / "kept.md", "kept")
    snapshot = scan(root)
    assert titles(snapshot) == ["fine", "kept"]
    too_deep = "/".join("d" * (walk_module.MAX_DEPTH + 1))
    assert reasons(snapshot) == {
        too_deep: f"folder nested more than {walk_module.MAX_DEPTH} deep, not read"
    }


def test_an_unreadable_folder_is_a_problem(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    post(root / "locked" / "inside.md", "inside")
    real_scandir = os.scandir

    def scandir(path: str):  # permissions do not stop root, who runs these tests in CI
        if path.endswith("locked"):
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    snapshot = scan(root)
    assert titles(snapshot) == ["fine"]
    assert reasons(snapshot) == {"locked": "folder cannot be read: Permission denied"}
    monkeypatch.setattr(os, "scandir", real_scandir)
    fixed = scan(root)  # readable again: the problem goes, the article comes
    assert titles(fixed) == ["fine", "inside"] and fixed.problems == []


def test_a_pipe_with_an_article_name_is_a_problem_and_never_opened(root: Path) -> None:
    os.mkfifo(root / "pipe.md")
    snapshot = scan(root)
    assert titles(snapshot) == ["fine"]
    assert "not a regular file" in reasons(snapshot)["pipe.md"]
    assert "not a regular file" in parse_file(root / "pipe.md", root).problems[0].reason


def test_a_fixed_symlink_replaces_its_problem(root: Path) -> None:
    (root / "later.md").symlink_to(root / "news" / "later-target.md")
    assert "broken symbolic link" in reasons(scan(root))["later.md"]
    post(root / "news" / "later-target.md", "later")
    snapshot = scan(root)
    assert titles(snapshot) == ["fine", "later", "later"]
    assert snapshot.problems == []


def test_the_walk_in_another_process_carries_the_problems(root: Path) -> None:
    (root / "gone.md").symlink_to(root / "nowhere")
    (root / "out.md").symlink_to(root.parent / "x")
    (root.parent / "x").write_text("x")
    problems: dict[str, str] = {}
    found = walk_module.walk(root, problems=problems)
    packed = walk_module.from_bytes(walk_module.to_bytes(walk_module.walk_packed(root)))
    assert walk_module.unpack(packed) == found
    assert walk_module.unpack_problems(packed) == problems
    assert set(problems) == {"gone.md", "out.md"}
    followed = walk_module.walk_packed(root, follow_outside=True)
    assert walk_module.unpack_problems(followed) == {"gone.md": problems["gone.md"]}


def test_the_cli_lists_walk_problems(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "gone.md").symlink_to(root / "nowhere")
    assert main(["list", str(root)]) == 0
    err = capsys.readouterr().err
    assert "gone.md: broken symbolic link" in err and "1 problem" in err


async def test_the_problems_view_shows_walk_problems(root: Path) -> None:
    (root / "gone.md").symlink_to(root / "nowhere")
    (root / "out").symlink_to(root.parent)
    app = make_app(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        table = app.screen.query_one(DataTable)
        rows = {
            str(table.get_row_at(i)[0]): str(table.get_row_at(i)[2]) for i in range(table.row_count)
        }
        assert "broken symbolic link" in rows["gone.md"]
        assert "outside the library" in rows["out"]


def test_a_walk_without_stats_lists_the_same_entries_and_problems(root: Path) -> None:
    """A first scan walks without stat-ing article files (its parser takes their stat): the
    same files and the same problems, only regular files' stats left out."""
    post(root / "news" / "other.md", "other")
    (root / "link.md").symlink_to(root / "news" / "fine.md")
    (root / "broken.md").symlink_to(root / "nowhere.md")
    os.mkfifo(root / "pipe.md")
    (root / "folder.md").mkdir()
    post(root / "folder.md" / "inside.md", "inside")
    (root / "notes.bin").write_bytes(b"x")
    with_stats: dict[str, str] = {}
    folders: dict[str, int] = {}
    stated = walk_module.walk(root, problems=with_stats, folders=folders)
    without: dict[str, str] = {}
    folders_without: dict[str, int] = {}
    listed: dict[str, tuple[int, int]] = {}
    for entries in walk_module.walk_folders(
        root, problems=without, folders=folders_without, stat_files=False
    ):
        listed.update(entries)
    assert listed.keys() == stated.keys() and without == with_stats
    assert folders_without == folders
    assert set(with_stats) == {"broken.md", "pipe.md"}
    unstated = {path for path, stat in listed.items() if stat == walk_module.UNSTATED}
    assert unstated == {"news/fine.md", "news/other.md", "folder.md/inside.md"}
    assert all(listed[path] == stated[path] for path in listed.keys() - unstated)
