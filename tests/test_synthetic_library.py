"""The synthetic libraries of benchmarks/gen_library.py: deterministic, in the archive format the
scanner reads without problems, with topic words at the counts its manifest states."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from tui_reader.core.library.library import Library, Snapshot

COUNT = 400


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, gen_library: ModuleType) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    gen_library.generate(root, COUNT, seed=7)
    return root


@pytest.fixture(scope="module")
def snapshot(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    index = tmp_path_factory.mktemp("synthetic-index") / "index.sqlite3"
    return Library(generated, index_path=index).scan(workers=1)


def test_same_seed_same_files_other_seed_other_files(
    generated: Path, tmp_path: Path, gen_library: ModuleType
) -> None:
    gen_library.generate(tmp_path / "again", COUNT, seed=7)
    gen_library.generate(tmp_path / "other", COUNT, seed=8)
    assert files_of(tmp_path / "again") == files_of(generated)
    assert files_of(tmp_path / "other") != files_of(generated)


def test_two_worker_processes_write_the_same_library(
    gen_library: ModuleType, generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gen_library, "PARALLEL_FROM", 10)
    gen_library.generate(tmp_path / "parallel", COUNT, seed=7, workers=2)
    assert files_of(tmp_path / "parallel") == files_of(generated)


def test_every_file_is_an_article_without_problems(snapshot: Snapshot) -> None:
    assert len(snapshot.articles) == COUNT
    assert snapshot.problems == []
    assert len({a.id for a in snapshot.articles}) == COUNT


def test_layout_and_metadata_vary_like_a_real_archive(snapshot: Snapshot) -> None:
    articles = snapshot.articles
    assert all(a.path.count("/") == 3 for a in articles)  # source/yyyy/mm/file
    assert {a.path.rsplit(".", 1)[1] for a in articles} == {"md", "txt"}
    assert all(len(path) == 3 for a in articles for path in a.categories)
    assert any(len(a.categories) == 2 for a in articles)  # lists of lists
    undated = sum(a.date_from_file for a in articles)
    assert 0 < undated < COUNT * 0.1  # `Invalid Date`, now and then
    assert any(a.tags for a in articles) and any(a.link for a in articles)
    years = Counter(a.date.year for a in articles if a.date and not a.date_from_file)
    assert set(years) == set(range(2018, 2024))


def test_bodies_are_mostly_chinese_and_of_realistic_size(generated: Path) -> None:
    sizes = [p.stat().st_size for p in generated.rglob("*.*") if not p.name.startswith(".")]
    assert 1000 < min(sizes) and max(sizes) < 8000
    texts = [p.read_text(encoding="utf-8") for p in generated.rglob("*.md")]
    english = sum(1 for text in texts if "，" not in text)
    assert 0.1 < english / len(texts) < 0.3


def test_manifest_counts_match_the_files(generated: Path, gen_library: ModuleType) -> None:
    manifest = json.loads((generated / gen_library.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["count"] == COUNT and manifest["seed"] == 7
    texts = [p.read_text(encoding="utf-8") for p in generated.rglob("*.*")]
    texts = [t for t in texts if t.lstrip().startswith("---")]
    for word, expected in manifest["articles_with_word"].items():
        assert sum(1 for text in texts if word in text) == expected, word
    assert manifest["articles_with_word"]["芯片"] > manifest["articles_with_word"]["北约"]


def test_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gen_library: ModuleType
) -> None:
    assert gen_library.main([str(tmp_path / "cli"), "--count", "5", "--seed", "3"]) == 0
    assert len([p for p in (tmp_path / "cli").rglob("*.*") if not p.name.startswith(".")]) == 5
    assert "wrote 5 articles" in capsys.readouterr().err


def test_copies_are_added_and_folded(tmp_path: Path, gen_library: ModuleType) -> None:
    """--copies: reposts mixed in, the articles themselves unchanged, and each repost folded with
    its original by the search index (core.search.stories)."""
    from tui_reader.core.search.index import SearchIndex

    plain, copied = tmp_path / "plain", tmp_path / "copied"
    gen_library.generate(plain, 300, seed=3, workers=1)
    gen_library.generate(copied, 300, seed=3, workers=1, copies=0.2)
    plain_files, copied_files = files_of(plain), files_of(copied)
    reposts = {name for name in copied_files if "_copy_" in name}
    manifest = json.loads(copied_files.pop(gen_library.MANIFEST))
    plain_files.pop(gen_library.MANIFEST)
    assert manifest["copies"] == len(reposts) > 30
    assert {k: v for k, v in copied_files.items() if k not in reposts} == plain_files
    library = Library(copied)
    snapshot = library.scan(workers=1)
    index = SearchIndex.for_library(copied)
    index.sync(library.root, snapshot.articles, workers=1)
    groups = index.story_groups()
    assert all(len(group) == 2 for group in groups)
    folded = {article.path for group in groups for article in group} & reposts
    assert len(folded) >= 0.95 * len(reposts)
